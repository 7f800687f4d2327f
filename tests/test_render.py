"""render(): direction, visual order, wrapping, canvas, colour, determinism and bad input."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time

import numpy as np
import pytest
from PIL import Image

from generator import MissingGlyphError, RenderError, TextError, render
from generator.ucd import grapheme_bounds, line_break_bounds

from samples import CASES, IDS


def _centers(r, lo, hi):
    return [(c.box[0] + c.box[2]) / 2 for c in r.clusters if lo <= c.start < hi]


@pytest.mark.parametrize("text,language", [("שלום עולם", "he"), ("مرحبا بالعالم", "ar"), ("سلام دنیا", "fa")],
                         ids=["he", "ar", "fa"])
def test_right_to_left_clusters_run_right_to_left(text, language):
    r = render(text, language=language)
    xs = _centers(r, 0, len(text))
    assert all(r.direction == "rtl" for r in r.runs)
    assert xs == sorted(xs, reverse=True), "logical order must go right to left on the image"


def test_mixed_direction_runs_in_visual_order():
    text = "Hello עולם 123"
    r = render(text)
    assert [(run.start, run.end, run.direction) for run in r.runs] == [(0, 6, "ltr"), (11, 14, "ltr"), (6, 11, "rtl")]
    hello, hebrew, digits = _centers(r, 0, 5), _centers(r, 6, 10), _centers(r, 11, 14)
    assert max(hello) < min(digits) < max(digits) < min(hebrew), "visual order must be Hello, 123, then the Hebrew"
    assert hebrew == sorted(hebrew, reverse=True)


def test_trojan_source_override_reorders_what_is_displayed():
    text = "abc\u202edef\u202c"
    r = render(text)
    d, e, f = (_centers(r, i, i + 1)[0] for i in (4, 5, 6))
    assert d > e > f


def test_thai_wraps_only_at_icu_boundaries():
    text = "ผู้ใหญ่ลี้ได้ยินข่าวนั้นแล้วก็รีบเดินทางไปบ้านของเพื่อนที่อยู่อีกฟากหนึ่งของหมู่บ้าน"
    r = render(text, language="th", max_width=200)
    lines = sorted({c.box[1] for c in r.clusters})
    assert len(lines) >= 3
    starts = [min(c.start for c in r.clusters if c.box[1] == top) for top in lines]
    allowed = set(line_break_bounds(text, "th"))
    assert set(starts) <= allowed, f"line starts {starts} not all in ICU's {sorted(allowed)}"
    assert set(starts) <= set(grapheme_bounds(text))


def test_cjk_wrap_keeps_kinsoku():
    text = "これはテストです。「かっこ」の中、ぎゃっと言った。" * 2
    r = render(text, language="ja", max_width=230)
    tops = sorted({c.box[1] for c in r.clusters})
    firsts = [text[min(c.start for c in r.clusters if c.box[1] == t)] for t in tops]
    assert len(tops) >= 3
    assert not set(firsts) & set("。、」っゃ"), f"a line starts with {firsts}"


def test_rtl_paragraph_is_right_aligned():
    r = render("שלום עולם יפה מאוד וגם ארוך מספיק", language="he", max_width=220)
    right_edges = {}
    for c in r.clusters:
        right_edges[c.box[1]] = max(right_edges.get(c.box[1], 0), c.box[2])
    assert len(right_edges) >= 2
    assert max(right_edges.values()) - min(right_edges.values()) <= 12


@pytest.mark.parametrize("language,text,style", CASES, ids=IDS)
def test_ink_never_touches_the_edge(language, text, style):
    px = render(text, language=language, style=style).pixels()
    gray = px if px.ndim == 2 else px.min(axis=2)
    assert gray.min() < 128, "something must be drawn"
    edges = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    assert edges.min() == 255


def test_tall_stacks_are_not_clipped_with_no_margin_to_spare():
    r = render("ỗ̃̃ ញ៉ុំ ที่นั่น", language="vi", margin=1)
    gray = r.pixels()
    assert gray[0].min() == 255 and gray[-1].min() == 255


def test_same_call_twice_gives_identical_bytes():
    text = "Hello עולם 123 สวัสดี 😀"
    assert render(text).to_png() == render(text).to_png()


def test_identical_pixels_in_a_fresh_process():
    code = ("import sys, hashlib; from generator import render; "
            "sys.stdout.write(hashlib.sha256(render('ព្រះរាជាណាចក្រ 👍🏽 مرحبا', language='km').pixels().tobytes()).hexdigest())")
    other = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    import hashlib
    assert other == hashlib.sha256(render("ព្រះរាជាណាចក្រ 👍🏽 مرحبا", language="km").pixels().tobytes()).hexdigest()


def test_colour_only_when_emoji_are_drawn():
    assert render("plain text").image.mode == "L"
    r = render("colour 🍎")
    assert r.image.mode == "RGB"
    px = r.pixels().astype(int)
    saturation = px.max(axis=2) - px.min(axis=2)
    assert saturation.max() > 100, "the emoji must be drawn in colour"
    assert "noto-color-emoji" in r.fonts


def test_text_presentation_selector_keeps_text_font():
    r = render("\u263a\ufe0e and \u263a\ufe0f")
    fonts = {run.font_id for run in r.runs if run.start <= 0 < run.end}
    assert fonts != {"noto-color-emoji"}
    assert any(run.font_id == "noto-color-emoji" and run.start <= 7 < run.end for run in r.runs)


def test_png_roundtrip_gives_the_same_pixels():
    r = render("Ελληνικά ру́сский", language="el")
    back = np.asarray(Image.open(io.BytesIO(r.to_png())))
    assert np.array_equal(back, r.pixels())


def test_digits_inside_thai_fall_back_to_a_latin_font():
    r = render("ราคา 250 บาท", language="th")
    digit_runs = [run for run in r.runs if run.start <= 5 < run.end]
    assert digit_runs[0].font_id == "noto-sans" and digit_runs[0].script == "Thai"


def test_cjk_face_follows_language():
    assert render("直", language="ja").fonts == ("noto-sans-cjk-jp",)
    assert render("直", language="zh-Hans").fonts == ("noto-sans-cjk-sc",)
    assert not np.array_equal(render("直", language="ja").pixels(), render("直", language="zh-Hans").pixels())


def test_default_ignorables_are_not_errors():
    r = render("a\u200bb\u200cc\u200dd\u2060e\u00adf\ufe0fg\u202ah\u202ci")
    assert r.glyph_count >= 9


@pytest.mark.parametrize("text,needle", [
    ("", "empty"),
    ("ab\ud800cd", "lone surrogate U+D800 at index 2"),
    ("a\u0378", "unassigned code point U+0378 at index 1"),
    ("a\x00b", "control character U+0000 at index 1"),
    ("a\x85b", "control character U+0085"),
    ("a\rb", "control character U+000D"),
    ("x" * 5000, "over the limit of 4000"),
    ("a" + "\u0301" * 300, "has 301 code points"),
], ids=["empty", "surrogate", "unassigned", "nul", "c1", "cr", "too-long", "stacked-marks"])
def test_bad_text_gets_a_named_error(text, needle):
    t = time.perf_counter()
    with pytest.raises(TextError, match=re.escape(needle)):
        render(text)
    assert time.perf_counter() - t < 5


def test_many_marks_within_the_limit_render_in_bounded_space():
    r = render("a" + "\u0301" * 30)
    assert r.size[1] < 2000


def test_uncovered_character_names_code_points_and_fonts():
    with pytest.raises(MissingGlyphError) as err:
        render("Khitan \U00018B00")
    assert err.value.codepoints == ("U+18B00",)
    assert "noto-sans" in err.value.fonts_tried
    assert "U+18B00" in str(err.value) and len(err.value.fonts_tried) > 200


@pytest.mark.parametrize("kwargs", [dict(font_size=2), dict(style="bold"), dict(language="not a tag"),
                                    dict(max_width=3), dict(direction="up"), dict(margin=0), dict(tab_size=0)],
                         ids=["size", "style", "language", "width", "direction", "margin", "tab"])
def test_bad_options_are_named(kwargs):
    with pytest.raises(RenderError, match=next(iter(kwargs))):
        render("text", **kwargs)


def test_cli_writes_png(tmp_path):
    out = tmp_path / "hello.png"
    done = subprocess.run([sys.executable, "-m", "generator", "render", "مرحبا", "--language", "ar", "--out", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert Image.open(out).size[0] > 50 and "Arab/rtl/noto-sans-arabic" in done.stdout


def test_cli_reports_bad_text_without_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "generator", "render", "a\x07", "--out", str(tmp_path / "x.png")],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "control character U+0007" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("out,message", [
    ("{tmp}/missing/x.png", "error: cannot write {tmp}/missing/x.png: the folder {tmp}/missing does not exist; create it"),
    ("{tmp}", "error: cannot write {tmp}: it is a folder; give a file path inside it"),
    ("", "argument --out: --out is empty: give a PNG file path, like out.png"),
    ("/dev/full", "error: cannot write /dev/full: no space left on its device; free some space, or write elsewhere"),
    ("{tmp}/afile/x.png", "error: cannot write {tmp}/afile/x.png: a part of its path is a file, not a folder"),
], ids=["missing-folder", "a-folder", "empty", "dev-full", "under-a-file"])
def test_cli_output_path_problems_are_named_without_traceback(tmp_path, out, message):
    (tmp_path / "afile").write_text("x")
    out, message = out.format(tmp=tmp_path), message.format(tmp=tmp_path)
    done = subprocess.run([sys.executable, "-m", "generator", "render", "hi", "--out", out], capture_output=True, text=True)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_cli_output_on_a_read_only_or_forbidden_place_is_named(tmp_path):
    # /sys is mounted read-only (or root-owned) on Linux: whoever runs the tests, it cannot be written
    done = subprocess.run([sys.executable, "-m", "generator", "render", "hi", "--out", "/sys/percels.png"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert re.search(r"error: cannot write /sys/percels.png: (permission denied|it is on a read-only file system)",
                     done.stderr), done.stderr


def test_trailing_space_hanging_past_the_wrap_width_keeps_its_box_within_the_image():
    r = render("000000000 ", font_size=512, max_width=922, style="mono", line_spacing=0.8)
    w, h = r.size
    assert all(0 <= c.box[0] <= c.box[2] <= w and 0 <= c.box[1] <= c.box[3] <= h for c in r.clusters)
    space = r.clusters[-1]
    assert (space.start, space.box[2]) == (9, w) and space.box[1] == r.clusters[-2].box[1]
def test_forgetting_the_caches_renders_the_same_pixels():
    from generator import itemize, raster, shaping
    from generator.render import forget_caches

    text = "ภาษาไทย مرحبا 👍🏽 日本語"
    first = render(text, font_size=24)
    assert raster._outline_cache and shaping._shaped and itemize._decided
    forget_caches()
    assert not raster._outline_cache and not raster._color_cache and not shaping._shaped and not itemize._decided
    assert itemize._covers.cache_info().currsize == 0
    again = render(text, font_size=24)
    assert again.image.tobytes() == first.image.tobytes() and again.image.size == first.image.size
