"""generator.limits: every limit refuses by name before allocating, and what it accepts renders."""

from __future__ import annotations

import time

import pytest

from generator import render
from generator.errors import LimitError, PercelsError, RenderError, TextError
from generator.limits import MAX_CANVAS_PIXELS, MAX_WIDTH, check_canvas, check_text_area, max_text_length


def test_max_text_length_is_one_em_square_per_cluster_within_the_canvas_limit():
    assert [max_text_length(s) for s in (4, 32, 64, 90, 128, 256, 512)] == [4000, 4000, 4000, 4000, 2048, 512, 128]
    assert max_text_length(91) == 4000 and max_text_length(92) == MAX_CANVAS_PIXELS // (92 * 92) == 3964


def test_limit_error_is_a_render_error_of_the_hierarchy():
    assert issubclass(LimitError, RenderError) and issubclass(LimitError, PercelsError)


@pytest.mark.parametrize("max_width", [2**40, 10**9, 10**6, MAX_WIDTH + 1])
def test_huge_max_width_is_refused_by_name(max_width):
    with pytest.raises(LimitError, match=rf"max_width must be None or an int from font_size \(32\) to 16384 px "
                                         rf"\(MAX_WIDTH\), got {max_width}: wrap narrower"):
        render("hi 👽", max_width=max_width)


def test_largest_max_width_renders_one_canvas_of_that_width():
    r = render("hi 👽", max_width=MAX_WIDTH)
    assert r.size == (MAX_WIDTH + 16, 64)


@pytest.mark.parametrize("text,what", [
    ("👽" * 4000, "4000 grapheme clusters at font_size 512: the longest text at that size is 128 clusters"),
    ("中" * 4000, "4000 grapheme clusters at font_size 512"),
    ("\n" * 3999, "3999 grapheme clusters at font_size 512"),
], ids=["emoji", "cjk", "newlines"])
def test_long_text_at_the_largest_size_is_refused_before_layout(text, what):
    t0 = time.perf_counter()
    with pytest.raises(LimitError, match=what + r".*shorten or split the text, or lower font_size"):
        render(text, font_size=512)
    assert time.perf_counter() - t0 < 1.0


def test_text_within_the_cluster_limit_but_too_wide_is_refused_after_layout_before_rasterizing():
    # 128 clusters are allowed at 512 px, but 128 emoji of 1.27 em each make a canvas of over 83,000 x 768 px
    with pytest.raises(LimitError, match=r"text '👽👽👽.*' \(128 code points\) needs a canvas of \d+x\d+ = [\d,]+ px, "
                                         r"over the limit of 33,554,432 px \(MAX_CANVAS_PIXELS\)"):
        render("👽" * 128, font_size=512)


def test_many_paragraphs_at_a_wide_max_width_are_refused_before_layout():
    with pytest.raises(LimitError, match=r"has 1000 paragraphs at max_width 16384: at least 1000 lines of 16384x48 px"):
        render("a\n" * 999 + "a", max_width=MAX_WIDTH)


def test_area_check_passes_at_the_bound_and_fails_just_above():
    check_text_area(128, 1, 512, 1.5, None, "t")
    with pytest.raises(LimitError):
        check_text_area(129, 1, 512, 1.5, None, "t")
    check_canvas(MAX_CANVAS_PIXELS, 1, "t")
    with pytest.raises(LimitError, match=r"^t needs a canvas of 33554433x1"):
        check_canvas(MAX_CANVAS_PIXELS + 1, 1, "t")


def test_lone_surrogate_next_to_an_astral_character_is_a_text_error():
    for text in ("😀\ud800", "\udfff😀", "a😀b\udc00"):
        with pytest.raises(TextError, match=r"lone surrogate U\+D[89A-F][0-9A-F]{2} at index \d+: it is not a character"):
            render(text)


@pytest.mark.parametrize("text", ["👍🏻🏻", "👍🏻🏻🏻🏻 👍🏿🏿", "🏻🏻🏻🏻🏻", "👩\u200d👩\u200d👧\u200d👦🏻🏻", "👨🏻\u200d💻🏻🏻 x"])
def test_skin_tone_and_zwj_runs_wrap_at_grapheme_boundaries(text):
    from generator.ucd import grapheme_bounds

    r = render(text, max_width=32)
    tops = sorted({c.box[1] for c in r.clusters})
    starts = {min(c.start for c in r.clusters if c.box[1] == top) for top in tops}
    assert starts <= set(grapheme_bounds(text))
    assert [(c.start, c.end) for c in r.clusters] == list(zip(grapheme_bounds(text), grapheme_bounds(text)[1:]))
