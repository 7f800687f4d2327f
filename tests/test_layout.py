"""Line breaking and visual order of lines."""

from __future__ import annotations

import pytest

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


LINE_TEXTS = [
    ("يولد جميع الناس أحرارًا (1948) متساوين في الكرامة، abc def وقد وهبوا عقلاً", "ar"),
    ("ผู้ใหญ่ลี้ได้ยินข่าว 2567 นั้นแล้วก็รีบ (เดินทาง) ไปบ้าน “ของเพื่อน” 😀 ที่อยู่", "th"),
    ("これはテストです。「かっこ」の中、123 ぎゃっと言った。ABC", "ja"),
    ("Hello עולם 123 (שלום) world, 😀 “quoted” — ok 1️⃣ done", None),
    ("def f(x):\treturn {'k': x ** 2}  # != -> 42", "en"),
]


@pytest.mark.parametrize("text,language", LINE_TEXTS, ids=["ar", "th", "ja", "mixed", "code"])
def test_a_line_gets_the_items_it_would_get_itemized_alone(text, language):
    from generator.itemize import Item, itemize
    from generator.layout import _line_items, prepare_paragraph
    from generator.ucd import line_break_bounds

    para = prepare_paragraph(text, style="sans", language=language, direction=None)
    bounds = line_break_bounds(text, language)
    spans = [(a, b) for i, a in enumerate(bounds) for b in bounds[i + 1:]]
    assert len(spans) > 20
    for start, end in spans:
        alone = [Item(it.start + start, it.end + start, it.level, it.script, it.font_id, it.language)
                 for it in itemize(text[start:end], para.bidi.line_levels(start, end), style="sans",
                                   language=language)]
        assert _line_items(para, start, end) == alone, (start, end)
