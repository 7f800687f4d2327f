"""The shape distance between two strings as the pinned fonts draw them."""

from __future__ import annotations

import doctest

import pytest

from generator import shape_distance as module
from generator.errors import TextError
from generator.shape_distance import outline_distance, outline_points, shape_distance, stroke_weight


def test_doctests():
    assert doctest.testmod(module).failed == 0


def test_identical_outlines_are_at_distance_zero_and_the_measure_is_symmetric():
    assert shape_distance("paypal", "paypal", sizes=(12, 48), style="serif") == 0.0
    assert shape_distance("p\u0430yp\u0430l", "paypal", sizes=(12, 48), style="sans") == 0.0  # Cyrillic а
    for a, b in (("o", "\u03c3"), ("S", "$"), ("rn", "m")):
        assert shape_distance(a, b, sizes=(24,), style="sans") == shape_distance(b, a, sizes=(24,), style="sans")


def test_a_tail_a_subscript_and_a_bold_stroke_are_seen():
    assert shape_distance("o", "\u03c3", sizes=(48,), style="sans") > 0.03  # σ: a tail
    assert shape_distance("i", "\u037a", sizes=(48,), style="sans") > 0.5  # ͺ: a hook under the line
    regular, bold = (stroke_weight(t, font_size=48, style="serif") for t in ("i", "\u2139"))
    assert bold > regular * 1.3  # ℹ in the serif fallback is a bold i
    assert shape_distance("i", "\u2139", sizes=(48,), style="serif") > 0.03


def test_advance_widths_do_not_count_but_vertical_place_does():
    # a leading space moves the ink by a space's advance (8.3 px); the strings are centred on their ink, and
    # the fraction of a pixel left over is the rasterization noise the shape distance forgives
    assert outline_distance("a", " a", font_size=32, style="sans") <= 1.0
    assert shape_distance("a", " a", sizes=(12, 32, 48), style="sans") == 0.0
    low, high = outline_points(".", font_size=32, style="sans"), outline_points("\u02d9", font_size=32, style="sans")
    assert high[:, 1].mean() < low[:, 1].mean()  # a dot above is not a full stop
    assert outline_distance(".", "\u02d9", font_size=32, style="sans") > 10


def test_unrenderable_text_raises_the_renderers_error():
    with pytest.raises(TextError):
        shape_distance("a\x00", "a", sizes=(12,), style="sans")
