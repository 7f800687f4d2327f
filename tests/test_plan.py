"""The text plan: shape, determinism, balance, and no text shared between splits."""

from __future__ import annotations

import unicodedata
from typing import ClassVar

import pytest

from generator.errors import RecipeError, SourceError
from generator.metadata import skeleton
from generator.plan import MAX_DRAWS, PlannedSample, plan_config, plan_subset, sample_seed
from generator.subsets import SUBSETS
from generator.subsets.base import Draft, Subset, pick

ARGS = dict(languages=None, sizes=(16, 32), styles=None, layouts=("line", "paragraph"), paragraph_width=480,
            master_seed=7)


@pytest.fixture(scope="module")
def plans():
    return {name: plan_config(name, splits={"test": 40, "validation": 16}, **{**ARGS, "layouts": SUBSETS[name].layouts})
            for name in SUBSETS}


def test_plan_shape_ids_and_seeds(plans):
    for name, plan in plans.items():
        assert list(plan) == ["test", "validation"]
        for split, samples in plan.items():
            assert len(samples) == {"test": 40, "validation": 16}[split] * 2
            assert len({s.id for s in samples}) == len(samples)
            for s in samples:
                assert s.id == f"{name}-{split}-{s.index:06d}" and s.config == name and s.split == split
                assert s.seed == sample_seed(7, name, split, s.index)
                assert s.source and s.license
            pairs = list(zip(samples[::2], samples[1::2]))
            assert all(a.text_id == b.text_id and a.text == b.text and (a.font_size, b.font_size) == (16, 32)
                       for a, b in pairs)


def test_no_text_is_duplicated_across_splits(plans):
    for name, plan in plans.items():
        forms = {}
        for split, samples in plan.items():
            for s in samples[::2]:
                for form in (s.text, unicodedata.normalize("NFKC", s.text), skeleton(s.text)):
                    assert forms.setdefault(form, split) == split, (name, form)
        texts = [s.text for samples in plan.values() for s in samples[::2]]
        assert len(set(texts)) == len(texts)


def test_languages_layouts_and_styles_are_balanced(plans):
    latin = plans["latin"]["test"][::2]
    assert {s.language for s in latin} == set(SUBSETS["latin"].languages)
    unseg = plans["unsegmented"]["test"][::2]
    for lang in ("th", "lo", "km", "my"):
        mine = [s for s in unseg if s.language == lang]
        assert len(mine) == 10
        assert {(s.layout, s.style) for s in mine} == {("line", "sans"), ("paragraph", "sans"),
                                                       ("line", "serif"), ("paragraph", "serif")}
    assert all(s.max_width == (480 if s.layout == "paragraph" else None) for s in unseg)
    code = plans["code"]["test"]
    assert {s.style for s in code} == {"mono"} and all(s.max_width is None for s in code)


def test_planning_is_deterministic():
    a = plan_config("homoglyphs", splits={"test": 12}, **ARGS)
    b = plan_config("homoglyphs", splits={"test": 12}, **ARGS)
    assert a == b
    c = plan_config("homoglyphs", splits={"test": 12}, **{**ARGS, "master_seed": 8})
    assert [s.text for s in a["test"]] != [s.text for s in c["test"]]


def test_a_later_split_does_not_change_an_earlier_one():
    a = plan_config("typos", splits={"test": 10, "validation": 3}, **ARGS)
    b = plan_config("typos", splits={"test": 10, "validation": 9}, **ARGS)
    assert a["test"] == b["test"]


def test_seed_is_stable_63_bit():
    s = sample_seed(0, "latin", "test", 5)
    assert s == 2983622935040274598 and 0 <= s < 2**63  # pinned: ids and seeds must never drift
    assert sample_seed(0, "latin", "test", 6) != s != sample_seed(1, "latin", "test", 5)


class Tiny(Subset):
    name = "tiny"
    languages = ("en",)
    kinds = (("natural", 1.0),)
    styles: ClassVar = ("sans",)

    def generate(self, kind, rng, language):
        return Draft(pick(rng, ("alpha", "beta", "gamma")), language, "Latn", kind, "test pool", "CC0-1.0")


def test_an_exhausted_pool_raises_naming_config_language_and_split():
    ok = plan_subset(Tiny(), splits={"test": 2, "validation": 1}, **{**ARGS, "layouts": ("line",)})
    assert len({s.text for v in ok.values() for s in v}) == 3
    with pytest.raises(SourceError, match=rf"config 'tiny', language 'en', split 'validation'.*{MAX_DRAWS} draws"):
        plan_subset(Tiny(), splits={"test": 2, "validation": 2}, **{**ARGS, "layouts": ("line",)})


def test_bad_arguments_name_the_fix():
    with pytest.raises(RecipeError, match="unknown config 'nope'"):
        plan_config("nope", splits={"test": 1}, **ARGS)
    with pytest.raises(RecipeError, match="'xx'.*th, lo, km, my"):
        plan_config("unsegmented", splits={"test": 1}, **{**ARGS, "languages": ["xx"]})
    with pytest.raises(RecipeError, match="renders in mono"):
        plan_config("code", splits={"test": 1}, **{**ARGS, "styles": ["serif"]})
    with pytest.raises(RecipeError, match="layouts"):
        plan_config("latin", splits={"test": 1}, **{**ARGS, "layouts": ["poster"]})
    with pytest.raises(RecipeError, match=r"config 'emoji': layouts \['paragraph'\] must be among line"):
        plan_config("emoji", splits={"test": 1}, **{**ARGS, "layouts": ["paragraph"]})
    with pytest.raises(ValueError, match="must be 'x-test-000001'"):
        PlannedSample("x-test-1", "x", "test", 1, "t", 0, "a", "en", "Latn", "k", "s", "l", None, "sans", 16,
                      "line", None)


def test_plan_is_the_same_in_fresh_processes_whatever_the_hash_seed():
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = ("import hashlib; from generator.plan import plan_config; from generator.subsets import SUBSETS\n"
            "h = hashlib.sha256()\n"
            "for name in ('logographic', 'emoji', 'homoglyphs'):\n"
            "    p = plan_config(name, splits={'test': 12, 'validation': 4}, languages=None, sizes=(16,),\n"
            "                    styles=None, layouts=SUBSETS[name].layouts, paragraph_width=480, master_seed=3)\n"
            "    h.update(repr(p).encode())\n"
            "print(h.hexdigest())\n")
    root = Path(__file__).resolve().parent.parent
    digests = {subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "4242")}
    assert len(digests) == 1
