"""Precision metadata against independent computations, and the pixel_ambiguous threshold."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest
import uharfbuzz as hb
from PIL import Image

from generator import render
from generator.fonts import load_font
from generator.metadata import AA_TOLERANCE, FEATURES, images_ambiguous, pixel_ambiguous, precision_columns

TEXTS = ["hello", "pаypal", "e\u0301te\u0301", "ｐａｙ", "สวัสดี 123", "日本語のテキスト", "👩🏽\u200d💻 ok",
         "a\u200bb", "x\u202ey", "مرحبا Python 3", "🇹🇭", "ក្រុម"]


@pytest.mark.parametrize("text", TEXTS)
def test_counts_match_independent_computations(text):
    c = precision_columns(text)
    assert c["n_codepoints"] == len(text)
    assert c["n_utf8_bytes"] == len(text.encode("utf-8"))
    assert c["is_nfc"] == unicodedata.is_normalized("NFC", text)
    assert c["is_nfkc"] == unicodedata.is_normalized("NFKC", text)
    assert c["has_invisible"] == any(ch in "\u200b\u200c\u200d\u2060\u00ad\ufeff" for ch in text)
    assert c["has_bidi_control"] == any(unicodedata.bidirectional(ch) in ("LRE", "RLE", "LRO", "RLO", "PDF",
                                                                           "LRI", "RLI", "FSI", "PDI") or
                                        ch in "\u200e\u200f\u061c" for ch in text)
    assert set(FEATURES) == set(c) | {"pixel_ambiguous"}


def test_grapheme_counts_and_scripts():
    assert precision_columns("👩🏽\u200d💻 ok")["n_graphemes"] == 4
    assert precision_columns("e\u0301te\u0301")["n_graphemes"] == 3
    # ICU 72 (Unicode 15.0) rules: a Khmer coeng ends a cluster (ICU's definition is the one used everywhere)
    assert precision_columns("ក្រុម")["n_graphemes"] == 3
    assert precision_columns("ក្រុម")["max_cluster_codepoints"] == 2
    assert precision_columns("مرحبا Python 3")["scripts"] == ["Arab", "Latn"]
    assert precision_columns("123 !")["scripts"] == []
    assert precision_columns("🇹🇭")["has_emoji"] and not precision_columns("hello")["has_emoji"]


def test_mixed_script_follows_uts39():
    assert precision_columns("pаypal")["mixed_script"]
    assert precision_columns("Hello 日本")["mixed_script"]
    assert not precision_columns("日本語のテキスト")["mixed_script"]  # Han + kana: Japanese
    assert not precision_columns("สวัสดี 123")["mixed_script"]


def test_skeleton_is_icus():
    assert precision_columns("pаypal")["skeleton"] == "paypal"
    assert precision_columns("ｐａｙ")["skeleton"] == "pay"


def _outline(font_id: str, cp: int) -> list:
    font = load_font(font_id).font
    pen = hb.DrawFuncs()
    ops = []
    pen.set_move_to_func(lambda x, y, _: ops.append(("M", x, y)))
    pen.set_line_to_func(lambda x, y, _: ops.append(("L", x, y)))
    pen.set_quadratic_to_func(lambda a, b, x, y, _: ops.append(("Q", a, b, x, y)))
    pen.set_cubic_to_func(lambda a, b, c, d, x, y, _: ops.append(("C", a, b, c, d, x, y)))
    pen.set_close_path_func(lambda _: ops.append(("Z",)))
    font.draw_glyph(font.get_nominal_glyph(cp), pen, None)
    return ops


def test_pixel_ambiguous_true_for_latin_and_cyrillic_a_sharing_outlines():
    assert _outline("noto-sans", ord("a")) == _outline("noto-sans", 0x0430)  # same outlines in the font
    for size in (16, 32):
        r = render("a", font_size=size, style="sans")
        assert pixel_ambiguous(r, "\u0430")
        assert pixel_ambiguous(render("paypal", font_size=size), "p\u0430ypal")


def test_pixel_ambiguous_false_for_clearly_different_pairs():
    assert not pixel_ambiguous(render("m", font_size=32), "rn")
    assert not pixel_ambiguous(render("O", font_size=32, style="mono"), "0")
    assert not pixel_ambiguous(render("paypal", font_size=32), "paypal")  # the text itself: nothing to confuse
    assert not pixel_ambiguous(render("abc", font_size=32), "ab\U0001FAE9")  # unrenderable comparison


def test_invisible_and_bidi_pairs_render_alike():
    assert pixel_ambiguous(render("tr\u200bong", font_size=24), "trong")
    assert pixel_ambiguous(render("invoice\u202efdp.exe", font_size=24), "invoiceexe.pdf")


def test_skeleton_comparison_ignores_the_normalization_form_alone():
    for text in ("việc làm", "café", "Tất cả mọi người"):
        assert not pixel_ambiguous(render(text, font_size=24), precision_columns(text)["skeleton"])
    nfd = unicodedata.normalize("NFD", "việc")
    assert pixel_ambiguous(render(nfd, font_size=24), "việc")  # an NFC/NFD homoglyph pair with its own partner


def test_threshold_is_one_subpixel_step_of_coverage():
    assert AA_TOLERANCE == 64
    base = np.full((8, 8), 255, np.uint8)
    near, far = base.copy(), base.copy()
    near[3, 3] = 255 - AA_TOLERANCE
    far[3, 3] = 255 - AA_TOLERANCE - 1
    a = Image.fromarray(base)
    assert images_ambiguous(a, Image.fromarray(near))
    assert not images_ambiguous(a, Image.fromarray(far))
    assert not images_ambiguous(a, Image.fromarray(base[:, :7]))
    assert images_ambiguous(a.convert("RGB"), Image.fromarray(near))  # modes are compared in RGB


def test_images_ambiguous_is_the_largest_channel_difference_within_the_tolerance():
    rng = np.random.default_rng(11)
    for mode_a, mode_b in [("L", "L"), ("L", "RGB"), ("RGBA", "RGB")]:
        for _ in range(20):
            a = Image.fromarray(rng.integers(0, 256, (6, 7, 4), dtype=np.uint8), "RGBA")
            noise = rng.integers(-40, 41, (6, 7, 4))
            b = Image.fromarray(np.clip(np.asarray(a, dtype=np.int16) + noise, 0, 255).astype(np.uint8), "RGBA")
            a, b = a.convert(mode_a), b.convert(mode_b)
            mode = "RGB" if "RGB" in (a.mode, b.mode) or "RGBA" in (a.mode, b.mode) else "L"
            worst = int(np.abs(np.asarray(a.convert(mode), dtype=np.int16)
                               - np.asarray(b.convert(mode), dtype=np.int16)).max())
            for tolerance in (worst - 1, worst):
                assert images_ambiguous(a, b, tolerance) == (worst <= tolerance)
