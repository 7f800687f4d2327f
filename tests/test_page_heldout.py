"""render_page() on held-out text as users hand it: every script of the page groups, with CR LF and CR line
ends, tabs, U+2028/U+2029, NBSP, soft hyphens, ZWJ/ZWNJ, emoji and long URLs (tests/fixtures/page_texts.toml),
on every canvas of the ``pages`` config, with and without ``language=``; and unbreakable text on a wide page."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pytest

from generator import PageFitError, render_page
from generator.page import MIN_FONT_SIZE, normalize_line_breaks
from generator.render import _cluster_boxes, _glyph_record
from generator.ucd import is_default_ignorable

TEXTS = tomllib.loads((Path(__file__).parent / "fixtures" / "page_texts.toml").read_text(encoding="utf-8"))["texts"]
CANVASES = [(512, 512), (640, 640), (1024, 1024), (1280, 1280), (1240, 1754)]


def _style(key: str) -> str:
    return "mono" if key == "code" else "sans"


def _language(key: str) -> str:
    return "en" if key in ("code", "identifiers") else key


def _check_page(r, text: str) -> None:
    """The page is the canvas; no glyph is .notdef; every cluster box lies inside the canvas; ink stays inside
    the margin; and the text the page records is ``text`` with its line ends normalised."""
    w, h = r.size
    m = r.options["margin"]
    assert r.text == normalize_line_breaks(text) and "\r" not in r.text
    for run, *_ in r._records[0]:
        for gid, cluster in zip(run.glyphs.tolist(), run.clusters.tolist()):
            assert gid or is_default_ignorable(ord(run_text(r, run, cluster))), (run.item, cluster)
    for c in _cluster_boxes(r.text, _glyph_record(*r._records), r._line_boxes):  # unclipped boxes
        x0, y0, x1, y1 = c.box
        assert 0 <= x0 <= x1 <= w and 0 <= y0 <= y1 <= h, (c, r.text[c.start:c.end])
    gray = r.pixels() if r.image.mode == "L" else r.pixels().min(axis=2)
    assert gray.min() < 128, "something is drawn"
    inner = np.zeros(gray.shape, bool)
    inner[m:h - m, m:w - m] = True
    assert (gray[~inner] == 255).all(), "ink in the margin"


def run_text(r, run, cluster: int) -> str:
    """The code point a glyph's cluster starts at, in the page's text (runs hold paragraph offsets)."""
    offset = next(off for rec, off, *_ in r._records[0] if rec is run)
    return r.text[cluster + offset]


@pytest.mark.parametrize("key", list(TEXTS))
def test_held_out_texts_render_on_every_canvas_with_and_without_language(key):
    text = TEXTS[key]
    for w, h in CANVASES:
        for language in (None, _language(key)):
            r = render_page(text, width=w, height=h, language=language, style=_style(key))
            assert r.size == (w, h)
            _check_page(r, text)


@pytest.mark.parametrize("key", ["en", "th", "km", "ar", "hi", "ja", "code"])
def test_held_out_pages_take_the_largest_size_that_fits(key):
    text, style = TEXTS[key], _style(key)
    r = render_page(text, width=640, height=640, language=_language(key), style=style)
    size = r.options["font_size"]
    assert size >= 10, "a short page is drawn well above the smallest size"
    with pytest.raises(PageFitError, match=f"font_size={size + 1}"):
        render_page(text, width=640, height=640, language=_language(key), style=style, font_size=size + 1)


def test_line_ends_of_every_kind_draw_the_page_a_newline_draws():
    lines = ["Line one — “quoted”", "\tline two, indented", "", "สวัสดีครับ line four", "سطر خمسة"]
    want = render_page("\n".join(lines), width=512, height=512)
    for sep in ("\r\n", "\r", "\x0b", "\x0c", "\x85"):
        got = render_page(sep.join(lines), width=512, height=512)
        assert got.text == want.text and got.to_png() == want.to_png(), repr(sep)
    # U+2028 and U+2029 end a paragraph too, and stay in the text
    para = render_page("\u2029".join(lines), width=512, height=512)
    assert para.text == "\u2029".join(lines) and para.line_count == want.line_count
    assert para.to_png() == want.to_png()


def test_blank_lines_and_surrounding_white_space_are_kept_as_lines():
    r = render_page("\n\n  first\n\n\nlast  \n", width=256, height=256)
    assert r.line_count == 7  # two blank lines, first, two blank lines, last, and the empty line after it
    boxes = r._line_boxes
    assert [b[0] for b in boxes] == sorted(b[0] for b in boxes)


@pytest.mark.parametrize("alphabet,style", [("αβγδεζηθικλμνξοπρστυφχψω", "sans"),
                                            ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "serif")],
                         ids=["greek-sans", "latin-serif"])
def test_unbreakable_text_fits_where_its_ink_fits(alphabet, style):
    # 19,000 letters with no break opportunity on a wide page: each line is cut between graphemes at the full
    # width, so a glyph with a negative left bearing at a line start, or a kerned pair cut at a line end,
    # overhangs the width; the layout breaks such a page narrower instead of refusing the size
    text = "".join(np.random.default_rng(0).choice(list(alphabet), 19_000))
    r = render_page(text, width=4096, height=2048, style=style)
    size = r.options["font_size"]
    assert size > 3 * MIN_FONT_SIZE and r.line_count > 30
    _check_page(r, text)
    with pytest.raises(PageFitError, match=f"font_size={size + 1}"):
        render_page(text, width=4096, height=2048, style=style, font_size=size + 1)
