"""Line breaking and visual order of lines."""

from __future__ import annotations

from generator.layout import layout_paragraph


def _lines(text, width, language=None, direction=None):
    return layout_paragraph(text, size=32, style="sans", language=language, direction=direction,
                            max_width=width, tab_size=4)


def test_one_line_when_it_fits():
    assert [(l.start, l.end) for l in _lines("short line", 2000)] == [(0, 10)]


def test_lines_cover_the_paragraph_in_order_without_gaps():
    text = "The quick brown fox jumps over the lazy dog again and again"
    lines = _lines(text, 200)
    assert lines[0].start == 0 and lines[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(lines, lines[1:]))
    assert all(l.width - 64 * 32 <= 200 * 64 for l in lines)


def test_every_line_but_the_unbreakable_fits():
    lines = _lines("supercalifragilisticexpialidocious word", 120)
    assert len(lines) >= 3 and all(l.width <= 120 * 64 for l in lines[:-1])


def test_rtl_lines_reorder_per_line():
    lines = _lines("שלום עולם hello world עוד", 150, direction="rtl")
    assert all(l.rtl for l in lines)
    for line in lines:
        starts = [r.item.start for r in line.runs]
        assert sorted(starts) == sorted(set(starts))


def test_empty_paragraph_has_a_height():
    (line,) = _lines("", None)
    assert line.runs == () and line.width == 0
