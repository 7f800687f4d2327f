"""Unicode helpers: one grapheme definition, UTF-16 offsets, emoji clusters, line breaks."""

from __future__ import annotations

import pytest

from generator.ucd import (
    cp_to_utf16_offsets, grapheme_bounds, graphemes, is_emoji_cluster, line_break_bounds, script_code,
    utf16_to_cp_map,
)


def test_offsets_round_trip_outside_the_bmp():
    text = "a😀b𠀋c"
    to16 = cp_to_utf16_offsets(text)
    back = utf16_to_cp_map(text)
    assert [back[u] for u in to16] == list(range(len(text) + 1))


@pytest.mark.parametrize("text,expected", [
    ("👩🏽‍🚀x", ["👩🏽‍🚀", "x"]),
    ("🇯🇵🇹🇭", ["🇯🇵", "🇹🇭"]),
    ("ก่ำ", ["ก่ำ"]),
    ("क्षि", ["क्षि"]),
    ("e\u0301\u0323", ["e\u0301\u0323"]),
    ("\r\n", ["\r\n"]),
], ids=["zwj", "flags", "thai", "devanagari", "marks", "crlf"])
def test_graphemes(text, expected):
    assert graphemes(text) == expected
    assert grapheme_bounds(text)[-1] == len(text)


def test_thai_line_breaks_come_from_the_dictionary():
    text = "สวัสดีครับผมชื่อสมชาย"
    bounds = line_break_bounds(text, "th")
    assert [text[a:b] for a, b in zip(bounds, bounds[1:])] == ["สวัสดี", "ครับ", "ผม", "ชื่อ", "สมชาย"]
    assert set(bounds) <= set(grapheme_bounds(text))


@pytest.mark.parametrize("cluster,emoji", [("😀", True), ("©", False), ("©\ufe0f", True), ("1", False),
                                           ("1\ufe0f\u20e3", True), ("☺\ufe0e", False), ("🏴󠁧󠁢󠁳󠁣󠁴󠁿", True)])
def test_emoji_clusters(cluster, emoji):
    assert is_emoji_cluster(cluster) is emoji


def test_scripts():
    assert [script_code(ord(c)) for c in "aаαก1\u0301"] == ["Latn", "Cyrl", "Grek", "Thai", "Zyyy", "Zinh"]


def test_normal_forms_come_from_icu_not_pythons_unicode_version():
    from generator.ucd import nfc, nfkc

    assert nfkc("ｐａｙ\ufb01") == "payfi" and nfkc("\u0e33") == "\u0e4d\u0e32"   # SARA AM decomposes; it never recomposes
    assert nfc("cu\u031b\u0309a") == "cửa" and nfc("\u0e4d\u0e32") == "\u0e4d\u0e32"
    import icu

    assert icu.Normalizer2.getNFKCInstance().normalize("\u2460") == nfkc("\u2460") == "1"
