"""The measured homoglyph tables: derived candidates, a committed table that re-measures, dropped non-look-alikes."""

from __future__ import annotations

import doctest
import unicodedata

import numpy as np
import pytest

from generator.metadata import skeleton
from generator.shape_distance import shape_distance
from generator.subsets import lookalike_table
from generator.subsets.lookalike_table import STYLES, THRESHOLD, Substitution, candidates, measured, table

SIZES = (12, 16, 24, 32, 48)  # the default recipe's ladder, which the committed table was measured at
#: Substitutes that do not look like the letter they replace in the pinned fonts (issue 12).
NOT_ALIKE = [("Grek", "i", "\u037a"), ("Grek", "o", "\u03c3"), ("Cyrl", "e", "\u04bd")]


def test_doctests():
    assert doctest.testmod(lookalike_table).failed == 0


def test_the_table_covers_exactly_the_candidates():
    assert set(measured()) == set(candidates())
    assert all(0 <= d <= 1 for row in measured().values() for d in row.values())


def test_a_sample_of_the_table_re_measures_exactly():
    rng = np.random.default_rng(12)
    subs = list(candidates())
    sample = [subs[int(i)] for i in rng.choice(len(subs), size=6, replace=False)]
    sample += [Substitution(*row) for row in NOT_ALIKE] + [Substitution("multi_char", "rn", "m"),
                                                          Substitution("beyond_uts39", "S", "$")]
    for sub in sample:
        for style in STYLES:
            assert shape_distance(sub.original, sub.substitute, sizes=SIZES, style=style) == measured()[sub][style], \
                (sub, style)


@pytest.mark.parametrize("style", STYLES)
def test_substitutes_that_do_not_look_alike_are_dropped(style):
    for group, original, substitute in NOT_ALIKE:
        assert substitute not in table(group, style).get(original, ()), (group, original, substitute, style)
        assert measured()[Substitution(group, original, substitute)][style] > THRESHOLD
    assert "\u2139" not in table("letterlike", "serif").get("i", ())  # ℹ draws as a bold serif i there
    assert "\u0430" in table("Cyrl", style)["a"]  # the Cyrillic а is the same glyph in every style


def test_multi_character_confusables_come_from_the_uts39_skeleton():
    multi = [s for s in candidates() if s.group == "multi_char"]
    assert Substitution("multi_char", "rn", "m") in multi and Substitution("multi_char", "m", "rn") in multi
    assert Substitution("multi_char", "fi", "\ufb01") in multi
    assert all(skeleton(s.original) == skeleton(s.substitute) and len(skeleton(s.original)) > 1 for s in multi)
    assert "m" in table("multi_char", "sans")["rn"] and "m" not in table("multi_char", "mono").get("rn", ())


def test_the_curated_kind_has_s_dollar_and_leaves_uts39_alone():
    curated = [s for s in candidates() if s.group == "beyond_uts39"]
    assert all(skeleton(s.original) != skeleton(s.substitute) for s in curated)  # what UTS #39 leaves out
    assert {("S", "$"), ("$", "S"), ("B", "8"), ("o", "0"), ("cl", "d"), ("w", "vv")} <= {
        (s.original, s.substitute) for s in curated}
    assert "$" in table("beyond_uts39", "serif")["S"] and "$" not in table("beyond_uts39", "sans").get("S", ())
    assert "9" not in table("beyond_uts39", "sans").get("g", ())  # g/9: measured 0.127 em apart


def test_fullwidth_is_every_letter_and_digit_and_only_its_own_form():
    full = {s.original: s.substitute for s in candidates() if s.group == "fullwidth"}
    assert len(full) == 62 and full["l"] == "\uff4c" and full["I"] == "\uff29"
    assert all(unicodedata.normalize("NFKC", v) == k for k, v in full.items())
