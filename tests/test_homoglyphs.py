"""The homoglyphs subset: measured look-alikes per style, new kinds, a wholly full-width kind."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from generator.metadata import skeleton
from generator.plan import plan_config
from generator.recipe import load_recipe
from generator.subsets.base import DrawContext
from generator.subsets.homoglyphs import CONFUSABLE_KINDS, HOMOGLYPHS, KINDS, _convert
from generator.subsets.lookalike_table import STYLES, candidates, measured, table, threshold

RECIPE = Path(__file__).resolve().parent.parent / "datasets" / "percels" / "recipe.toml"
TABLE_KINDS = ("mixed_script", "idn_domain", "fullwidth", "math_alnum", "letterlike", "digit_letter", "multi_char",
               "beyond_uts39")


def _draw(kind: str, style: str, seed: int, language: str = "en"):
    view = HOMOGLYPHS.within(DrawContext(style=style))
    return view.generate(kind, np.random.default_rng(seed), language)


def not_alike(style: str) -> set[str]:
    """Non-ASCII substitutes that no table lets through in ``style``."""
    dist = measured()
    bad = {s.substitute for s in candidates() if dist[s][style] > threshold(s.group) and not s.substitute.isascii()}
    good = {s.substitute for s in candidates() if dist[s][style] <= threshold(s.group)}
    return {c for sub in bad - good for c in sub if not c.isascii()} - {c for g in good for c in g}


@pytest.fixture(scope="module")
def default_plan():
    recipe = load_recipe(RECIPE)
    config = {c.name: c for c in recipe.configs}["homoglyphs"]
    return plan_config("homoglyphs", splits=dict(config.splits), languages=config.languages, sizes=config.sizes[:1],
                       styles=config.styles, layouts=config.layouts, paragraph_width=config.paragraph_width,
                       master_seed=recipe.master_seed)


@pytest.mark.parametrize("style", STYLES)
def test_every_offered_kind_draws_in_every_style(style):
    view = HOMOGLYPHS.within(DrawContext(style=style))
    for language in HOMOGLYPHS.languages:
        for kind, _w in view.kinds_for(language):
            for seed in range(3):
                d = view.generate(kind, np.random.default_rng(seed), language)
                assert d.text != d.partner and d.kind == kind
                if kind in CONFUSABLE_KINDS:
                    assert skeleton(d.text) == skeleton(d.partner), (kind, d.text)


def test_kinds_are_offered_only_where_they_look_alike():
    offered = {style: {k for k, _w in HOMOGLYPHS.within(DrawContext(style=style)).kinds_for("en")} for style in STYLES}
    assert {"multi_char", "beyond_uts39", "mixed_script", "math_alnum", "digit_letter"} <= offered["sans"]
    assert "nfc_nfd" not in offered["sans"] and "invisible" in offered["mono"]
    # the full-width forms come from the CJK faces: most do not look like the pinned Latin letters, so no
    # English word can be written wholly in look-alike full-width forms, and the kind goes
    assert not any("fullwidth" in kinds for kinds in offered.values())


def test_fullwidth_converts_whole_words_or_nothing():
    full = {c: (chr(ord(c) + 0xFEE0),) for c in "abcdefghijklmnopqrstuvwxyz"}
    text = _convert("rights of all", full, "\u3000")
    assert all(0xFF01 <= ord(c) <= 0xFF5E or c == "\u3000" for c in text)
    assert unicodedata.normalize("NFKC", text) == "rights of all"
    assert _convert("rights", {k: v for k, v in full.items() if k != "g"}, "\u3000") is None
    for style in STYLES:
        missing = set("abcdefghijklmnopqrstuvwxyz") - set(table("fullwidth", style))
        assert missing, style  # measured: the reason the kind goes


def test_multi_char_and_beyond_uts39_make_one_measured_substitution():
    pairs = {(s.original, s.substitute) for s in candidates() if s.group in ("multi_char", "beyond_uts39")}
    for kind in ("multi_char", "beyond_uts39"):
        for seed in range(30):
            d = _draw(kind, "sans", seed)
            # the text is the partner with one original replaced by its substitute
            assert any(d.partner.replace(o, s, 1) == d.text or _replaced_once(d.partner, d.text, o, s)
                       for o, s in pairs), (kind, d.text, d.partner)


def _replaced_once(partner: str, text: str, original: str, substitute: str) -> bool:
    return any(partner.startswith(original, i) and partner[:i] + substitute + partner[i + len(original):] == text
               for i in range(len(partner)))


def test_the_default_plan_has_rn_m_and_s_dollar_samples_and_no_dropped_substitute(default_plan):
    samples = [s for split in default_plan.values() for s in split]
    kinds = Counter(s.kind for s in samples)
    assert set(kinds) == set(KINDS) - {"fullwidth"} and min(kinds.values()) >= 20, kinds
    multi = [s for s in samples if s.kind == "multi_char"]
    assert any("rn" in s.text and "m" in s.partner for s in multi) or any("m" in s.text for s in multi)
    assert any(_replaced_once(s.partner, s.text, "rn", "m") or _replaced_once(s.partner, s.text, "m", "rn")
               for s in multi)
    beyond = [s for s in samples if s.kind == "beyond_uts39"]
    assert any(_replaced_once(s.partner, s.text, "S", "$") or _replaced_once(s.partner, s.text, "$", "S")
               for s in beyond)
    for s in samples:
        if s.kind in TABLE_KINDS:
            assert not set(s.text) & not_alike(s.style), (s.id, s.style, s.text)
    assert not any("\u037a" in s.text or "\u03c3" in s.text or "\u04bd" in s.text for s in samples)
