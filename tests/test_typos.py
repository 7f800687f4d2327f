"""Typos without leakage: the default recipe's typos plan shares no source text between splits."""

from __future__ import annotations

import doctest
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from generator.plan import plan_config
from generator.recipe import load_recipe
from generator.subsets import typos
from generator.subsets.base import DrawContext
from generator.subsets.typos import TYPOS, source_pool, source_roots

RECIPE = Path(__file__).resolve().parent.parent / "datasets" / "percels" / "recipe.toml"


def test_doctests():
    assert doctest.testmod(typos).failed == 0


@pytest.fixture(scope="module")
def default_plan():
    config = {c.name: c for c in load_recipe(RECIPE).configs}["typos"]
    recipe = load_recipe(RECIPE)
    return plan_config("typos", splits=dict(config.splits), languages=config.languages, sizes=config.sizes[:1],
                       styles=config.styles, layouts=config.layouts, paragraph_width=config.paragraph_width,
                       master_seed=recipe.master_seed)


def test_no_source_text_is_shared_between_splits_of_the_default_recipe(default_plan):
    used: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for split, samples in default_plan.items():
        for s in samples:
            used[s.language][split].add(source_roots(s.language)[s.partner])
    assert set(used) == set(TYPOS.languages)
    for language, by_split in used.items():
        assert not by_split["test"] & by_split["validation"], language
        # enough distinct sources: at least 60 per language in test (143 texts), and several in validation
        assert len(by_split["test"]) >= 60 and len(by_split["validation"]) >= 5, (language, len(by_split["test"]))


def test_the_split_share_follows_the_context():
    counts = (("test", 1000), ("validation", 100))
    partners = {}
    for split in ("test", "validation"):
        view = TYPOS.within(DrawContext(split, counts, None))
        partners[split] = {view.generate("swap", np.random.default_rng(i), "de").partner for i in range(60)}
    roots = source_roots("de")
    assert not {roots[p] for p in partners["test"]} & {roots[p] for p in partners["validation"]}
    assert TYPOS.context == DrawContext()  # binding a view leaves the shared subset as it was


def test_a_line_goes_with_the_sentence_that_contains_it():
    roots = source_roots("en")
    pool = {t.text for t in source_pool("en")}
    contained = [(t, r) for t, r in roots.items() if t != r]
    assert contained and all(t in r and r in pool and roots[r] == r for t, r in contained)
