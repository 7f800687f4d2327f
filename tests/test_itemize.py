"""Itemization: bidi levels, script resolution of Common and Inherited, per-cluster font fallback."""

from __future__ import annotations

import pytest

from generator.errors import RenderError
from generator.itemize import BidiParagraph, itemize, language_scripts, resolve_scripts, run_language


def _items(text, language=None, style="sans"):
    bidi = BidiParagraph(text, None)
    return [(text[i.start:i.end], i.level, i.script, i.font_id) for i in itemize(text, bidi.levels, style=style,
                                                                                 language=language)]


def test_digits_and_punctuation_join_the_surrounding_script():
    assert _items("ສະບາຍດີ: 12", "lo") == [("ສະບາຍດີ", 0, "Laoo", "noto-sans-lao"),
                                          (": 12", 0, "Laoo", "noto-sans")]


def test_leading_common_takes_the_following_script():
    assert resolve_scripts(["1", " ", "ก"], "th") == ["Thai", "Thai", "Thai"]


def test_only_common_text_takes_the_language_script():
    assert resolve_scripts(["1", "2"], "ja") == ["Hani", "Hani"]
    assert resolve_scripts(["1", "2"], None) == ["Zyyy", "Zyyy"]


def test_clusters_are_never_split_between_fonts():
    text = "a\u0301\u0308 👍🏽 x\u20dd"
    for piece, *_ in _items(text):
        assert not piece[0] in "\u0301\u0308\U0001F3FD\u20dd", f"a run starts inside a cluster: {piece!r}"


def test_emoji_sequences_go_to_the_emoji_font_and_text_presentation_does_not():
    items = _items("👨‍👩‍👧 ☺\ufe0e")
    assert items[0][0] == "👨‍👩‍👧" and items[0][3] == "noto-color-emoji"
    assert items[-1][0].endswith("☺\ufe0e") and items[-1][3] != "noto-color-emoji"


def test_emoji_presentation_selector_leaves_the_text_font():
    items = _items("a©\ufe0f")
    assert items == [("a", 0, "Latn", "noto-sans"), ("©\ufe0f", 0, "Latn", "noto-color-emoji")]


def test_zwnj_stays_in_its_neighbours_run():
    items = _items("می\u200cخواهم", "fa")
    assert len(items) == 1 and items[0][3] == "noto-sans-arabic"


def test_persian_digits_and_latin_inside_rtl():
    items = _items("سلام ABC ۱۲۳", "fa")
    latin = [i for i in items if i[0].strip() == "ABC"]
    assert latin and latin[0][1] == 2 and latin[0][2] == "Latn"


def test_language_scripts_from_cldr():
    assert language_scripts("ja") == {"Hani", "Hira", "Kana"}
    assert language_scripts("ur") == {"Arab"}
    assert run_language("Latn", "fa") == "en" and run_language("Arab", "fa") == "fa"


def test_bad_direction():
    with pytest.raises(RenderError, match="direction 'down'"):
        BidiParagraph("x", "down")


def test_levels_outside_the_bmp_are_per_code_point():
    b = BidiParagraph("𝐀 שלום", None)
    assert len(b.levels) == 6 and b.levels[0] == 0 and b.levels[2:] == [1, 1, 1, 1]
