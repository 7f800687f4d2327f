"""Ambiguity labels from candidate readings: the cases the single comparison missed, and the build's columns."""

from __future__ import annotations

import io
import unicodedata

import numpy as np
import pyarrow.parquet as pq
import pytest
from PIL import Image

from generator import render
from generator.ambiguity import (FAMILIES, ambiguity_columns, candidates, confusable_readings, ink_distance,
                                 reverts)
from generator.errors import PercelsError
from generator.metadata import images_ambiguous, skeleton


def _columns(text, partner=None, **options):
    return ambiguity_columns(render(text, **options), partner)


def test_hindi_qa_is_ambiguous_with_its_nfc_form():
    text = "\u0958\u093e\u0928\u0942\u0928"  # क़ानून with the precomposed U+0958 (a composition exclusion)
    assert not unicodedata.is_normalized("NFC", text)
    assert unicodedata.normalize("NFC", text) == "\u0915\u093c\u093e\u0928\u0942\u0928"
    for size in (12, 24, 48):
        assert _columns(text, font_size=size, language="hi")["ambiguous_with"] == "nfc"


def test_decomposed_vietnamese_is_ambiguous_with_its_nfc_form():
    assert _columns("c\u01b0\u0309a", font_size=24, language="vi") == {
        "pixel_ambiguous": True, "ambiguous_with": "nfc", "partner_pixel_distance": None}


def test_a_non_nfc_truth_is_never_unambiguous():
    # whatever the partner, and even when no candidate draws alike: Unicode calls text and NFC form the same text
    for text, partner in (("cafe\u0301", "cafe"), ("\u212aelvin", "Kelvin"), ("x\u0958y", "xyz"), ("e\u0301t\u00e9", None)):
        cols = _columns(text, partner, font_size=24)
        assert cols["pixel_ambiguous"] and cols["ambiguous_with"] in ("partner", "nfc"), (text, cols)


def test_nfc_text_is_not_ambiguous_with_its_own_decomposition():
    for text in ("việc làm", "café", "Tất cả mọi người"):
        assert _columns(text, font_size=24, language="vi") == {
            "pixel_ambiguous": False, "ambiguous_with": None, "partner_pixel_distance": None}


def test_one_identical_substitution_beside_a_visible_one_is_found_by_reverting():
    # ℎ (U+210E) draws unlike h; Cyrillic і (U+0456) draws exactly like i
    text, partner = "tham k\u210ea\u0456", "tham khai"
    assert reverts(text, partner) == ["tham kha\u0456", "tham k\u210eai"]
    cols = _columns(text, partner, font_size=24)
    assert cols["pixel_ambiguous"] and cols["ambiguous_with"] == "revert"
    assert 0 < cols["partner_pixel_distance"] < 0.05  # only the ℎ differs, by little


def test_a_substitute_drawn_like_another_ascii_letter_than_the_partners():
    # Greek capital iota stands for l (same skeleton) but draws exactly like a Latin I, which a reader writes
    text, partner = "th\u00e0nh \u0399u\u1eadt", "th\u00e0nh lu\u1eadt"
    assert "th\u00e0nh Iu\u1eadt" in reverts(text, partner)
    for size in (16, 48):
        assert _columns(text, partner, font_size=size, language="vi")["ambiguous_with"] == "revert"


def test_nbsp_in_an_identifier_is_ambiguous_with_a_space():
    for style in ("sans", "mono"):
        assert _columns("let\u00a0user_id = 1", font_size=16, style=style)["ambiguous_with"] == "spaces"
    assert _columns("let user_id = 1", font_size=16, style="mono")["ambiguous_with"] is None


def test_invisible_and_bidi_controls_are_ambiguous_with_their_removal():
    assert _columns("tr\u200bong", font_size=24)["ambiguous_with"] == "invisible"
    assert _columns("invoice_\u202efdp.exe", font_size=24)["ambiguous_with"] == "bidi"  # shown as invoice_exe.pdf
    assert _columns("a\u200eb", font_size=24)["ambiguous_with"] == "bidi"


def test_kerning_shift_is_ambiguous_only_where_it_rounds_away():
    # Greek omicron: same outline as o, but no r-o kerning pair, so the rest moves by a pixel from 16 px up
    text, partner = "https://tr\u03bfng.net", "https://trong.net"
    flags = {size: _columns(text, partner, font_size=size)["pixel_ambiguous"] for size in (12, 16, 24, 48)}
    assert flags == {12: True, 16: False, 24: False, 48: False}
    # the continuous distance sees through the shift
    assert all(_columns(text, partner, font_size=size)["partner_pixel_distance"] < 0.01 for size in (12, 24))


def test_partner_pixel_distance_orders_pairs_by_how_alike_they_look():
    def distance(text, partner, style="sans"):
        return _columns(text, partner, font_size=32, style=style)["partner_pixel_distance"]

    assert distance("p\u0430ypal", "paypal") == 0.0
    same, digit, swap, other = (distance("p\u0430ypal", "paypal"), distance("paypa1", "paypal"),
                                distance("form", "from"), distance("cat", "dog"))
    assert same < digit < swap < other <= 1
    assert _columns("abc", None, font_size=32)["partner_pixel_distance"] is None
    assert _columns("abc", "ab\U0001FAE9", font_size=32)["partner_pixel_distance"] is None  # unrenderable partner


def test_ink_distance_pads_different_sizes_and_compares_colour_in_rgb():
    a = render("ok", font_size=24).image
    wider = Image.new("L", (a.width + 10, a.height), 255)
    wider.paste(a, (0, 0))
    assert ink_distance(a, wider) == 0.0 and ink_distance(wider, a) == 0.0
    assert ink_distance(a, a.convert("RGB")) == 0.0
    emoji = render("ok 😀", font_size=24).image
    assert emoji.mode == "RGB" and 0 < ink_distance(a, emoji) < 1


def test_visibly_different_strings_are_not_ambiguous():
    assert not _columns("m", "rn", font_size=32)["pixel_ambiguous"]
    assert not _columns("O", "0", font_size=32, style="mono")["pixel_ambiguous"]
    assert not _columns("paypa1", "paypal", font_size=32)["pixel_ambiguous"]


def test_candidates_are_deduplicated_ordered_and_never_the_text():
    text = "pa\u200by\u00a0pal"
    got = candidates(text, "pay pal")
    strings = [s for _, s in got]
    assert text not in strings and len(strings) == len(set(strings))
    assert [FAMILIES.index(f) for f, _ in got] == sorted(FAMILIES.index(f) for f, _ in got)
    assert got[0] == ("partner", "pay pal")
    assert candidates("hello", None) == []  # NFC, NFKC, spaces, invisible and skeleton all give "hello"


def test_confusable_readings():
    assert confusable_readings("tr\u200bong") == {"trong"}
    assert confusable_readings("invoice_\u202efdp.exe") == {"invoice_fdp.exe", "invoice_exe.pdf"}
    assert confusable_readings("trong", "tr\u03bfng") == {"tr\u03bfng"}
    assert confusable_readings("trong") == set()


def _build_rows(dataset):
    cols = ["id", "text", "partner", "image", "font_size", "style", "language", "max_width", "is_nfc",
            "pixel_ambiguous", "ambiguous_with", "partner_pixel_distance"]
    for f in sorted((dataset / "data").glob("*/test-*.parquet")):
        yield from pq.read_table(f, columns=cols).to_pylist()


@pytest.fixture(scope="module")
def dataset(small_build):
    return small_build[0]


def test_build_columns_agree_with_each_other(dataset):
    rows = list(_build_rows(dataset))
    assert rows
    for r in rows:
        assert r["pixel_ambiguous"] == (r["ambiguous_with"] is not None), r["id"]
        assert r["ambiguous_with"] in (None, *FAMILIES)
        assert r["is_nfc"] or r["pixel_ambiguous"], r["id"]
        assert (r["partner_pixel_distance"] is None) == (r["partner"] is None), r["id"]
        if r["partner_pixel_distance"] is not None:
            assert 0 <= r["partner_pixel_distance"] <= 1


def _independent_candidates(text, partner):
    """The candidate families re-derived with the standard library and ICU's skeleton only."""
    out = [partner] if partner else []
    out += [unicodedata.normalize("NFC", text), unicodedata.normalize("NFKC", text)]
    if partner and len(partner) == len(text):
        out += [text[:i] + partner[i] + text[i + 1:] for i in range(len(text)) if text[i] != partner[i]]
    out.append("".join(" " if unicodedata.category(c) == "Zs" else c for c in text))
    out.append("".join(c for c in text if c not in "\u200b\u200c\u200d\u2060\u00ad\ufeff"))
    out.append("".join(c for c in text if unicodedata.bidirectional(c) not in
                       ("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI") and c not in "\u200e\u200f\u061c"))
    out.append(unicodedata.normalize("NFC", skeleton(text)))
    return [c for c in dict.fromkeys(out) if c and c != text]


def test_no_row_that_renders_like_a_candidate_is_labelled_unambiguous(dataset):
    checked = 0
    for r in _build_rows(dataset):
        if r["pixel_ambiguous"]:
            continue
        with Image.open(io.BytesIO(r["image"]["bytes"])) as image:
            image.load()
            options = dict(font_size=r["font_size"], style=r["style"], language=r["language"],
                           max_width=r["max_width"])
            for candidate in _independent_candidates(r["text"], r["partner"]):
                try:
                    twin = render(candidate, **options).image
                except PercelsError:  # an undrawable candidate cannot look like the row
                    continue
                assert not images_ambiguous(image, twin), (r["id"], r["text"], candidate)
                checked += 1
    assert checked > 10


def _ink_distance_by_definition(a, b) -> float:
    """The module doc's formula, written out in 64-bit integers with all nine shifts at once."""
    mode = "RGB" if {"RGB", "RGBA"} & {a.mode, b.mode} else "L"
    pa, pb = (255 - np.asarray(im.convert(mode), dtype=np.int64) for im in (a, b))
    h, w = max(pa.shape[0], pb.shape[0]), max(pa.shape[1], pb.shape[1])
    channels = [(0, 0)] * (pa.ndim - 2)
    ink_a, ink_b = (np.pad(p, [(0, h - p.shape[0]), (0, w - p.shape[1])] + channels) for p in (pa, pb))
    total = int(ink_a.sum() + ink_b.sum())
    if not total:
        return 0.0

    def near(ink):
        padded = np.pad(ink, [(1, 1), (1, 1)] + channels)
        return np.max([padded[dy:dy + h, dx:dx + w] for dy in range(3) for dx in range(3)], axis=0)

    return int(np.maximum(0, ink_a - near(ink_b)).sum() + np.maximum(0, ink_b - near(ink_a)).sum()) / total


@pytest.mark.parametrize("mode_a, mode_b", [("L", "L"), ("L", "RGB"), ("RGB", "RGBA")])
def test_ink_distance_equals_its_definition_exactly(mode_a, mode_b):
    rng = np.random.default_rng(7)
    for shape_a, shape_b in [((5, 9), (5, 9)), ((7, 3), (4, 11)), ((1, 1), (2, 1))]:
        a = Image.fromarray(rng.integers(0, 256, shape_a + (3,), dtype=np.uint8), "RGB").convert(mode_a)
        b = Image.fromarray(rng.integers(0, 256, shape_b + (4,), dtype=np.uint8), "RGBA").convert(mode_b)
        assert ink_distance(a, b) == _ink_distance_by_definition(a, b)
    a, b = render("paypal", font_size=32).image, render("p\u0430ypa1", font_size=32).image
    assert ink_distance(a, b) == _ink_distance_by_definition(a, b) > 0
