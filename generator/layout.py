"""Paragraph layout: shaping, line breaking by ICU, and visual order per line.

A paragraph is itemized and shaped once in logical order. If it is wider
than ``max_width`` it is broken greedily at ICU's line break opportunities
(dictionary-based for Thai, Lao, Khmer and Myanmar; per character with
strict kinsoku for Chinese and Japanese); each line is then itemized again
with its own bidi levels (rule L1) and shaped with the line as context. The
runs of a line come out in visual order::

    >>> lines = layout_paragraph("Hello עולם 123", size=32, style="sans", language=None,
    ...                          direction=None, max_width=None, tab_size=4)
    >>> [(r.item.start, r.item.end, r.item.direction) for r in lines[0].runs]
    [(0, 6, 'ltr'), (11, 14, 'ltr'), (6, 11, 'rtl')]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .errors import MissingGlyphError
from .fonts import load_font
from .itemize import BidiParagraph, Item, itemize
from .shaping import MONO_FEATURES, ShapedRun, notdef_clusters, shape_run
from .ucd import grapheme_bounds, line_break_bounds


@dataclass(frozen=True, eq=False)
class Line:
    """One laid-out line: ``text[start:end]`` of its paragraph, runs in visual order, sizes in 1/64 px."""

    start: int
    end: int
    runs: tuple[ShapedRun, ...]
    width: int
    ascent: int
    descent: int
    rtl: bool  # the paragraph's base direction


@lru_cache(maxsize=1024)
def font_extents(font_id: str, size: int) -> tuple[int, int]:
    """(ascent, descent) of a font at ``size`` in 1/64 px, both positive."""
    ext = load_font(font_id).at_size(size).get_font_extents("ltr")
    return ext.ascender, -ext.descender


def _shape_items(text: str, items: list[Item], size: int, tab_size: int, offset: int, style: str) -> list[ShapedRun]:
    features = MONO_FEATURES if style == "mono" else None
    runs = [shape_run(text, it, size, tab_size=tab_size, offset=offset, features=features) for it in items]
    for run in runs:
        bad = notdef_clusters(run, text, offset)
        if bad:
            cps = tuple(f"U+{ord(text[c - offset]):04X}" for c in bad)
            raise MissingGlyphError(
                f"font '{run.item.font_id}' shaped {' '.join(cps)} at index {bad[0]} to .notdef "
                f"({run.item.script} run); remove the character or add a font that covers it",
                codepoints=cps,
                fonts_tried=(run.item.font_id,),
            )
    return runs


def _break_lines(text: str, runs: list[ShapedRun], language: str | None, max_width: int) -> list[tuple[int, int]]:
    """Greedy line breaking of a paragraph at ICU opportunities, in code points."""
    n = len(text)
    widths = np.zeros(n + 1, np.int64)
    for run in runs:
        np.add.at(widths, run.clusters, run.x_advance)
    cum = np.concatenate(([0], np.cumsum(widths[:n])))
    breaks = [b for b in line_break_bounds(text, language) if b > 0]
    graphemes = grapheme_bounds(text)

    def fits(a: int, b: int) -> bool:
        while b > a + 1 and text[b - 1].isspace():
            b -= 1
        return cum[b] - cum[a] <= max_width

    lines, start, k = [], 0, 0
    while start < n:
        while k < len(breaks) and breaks[k] <= start:
            k += 1
        best = None
        j = k
        while j < len(breaks) and fits(start, breaks[j]):
            best = breaks[j]
            j += 1
        if best is None:  # one unbreakable word is wider than the line: break between graphemes
            limit = breaks[k] if k < len(breaks) else n
            candidates = [g for g in graphemes if start < g <= limit]
            best = candidates[0]
            for g in candidates[1:]:
                if not fits(start, g):
                    break
                best = g
        lines.append((start, best))
        start = best
    return lines


def _line(text: str, start: int, end: int, runs: list[ShapedRun], bidi: BidiParagraph, size: int) -> Line:
    by_start = sorted(runs, key=lambda r: r.item.start)
    ordered: list[ShapedRun] = []
    for vs, ve, direction in bidi.visual_runs(start, end):
        pieces = [r for r in by_start if vs <= r.item.start < ve]
        ordered += reversed(pieces) if direction == "rtl" else pieces
    ascent = descent = 0
    for font_id in {r.item.font_id for r in runs} or {"noto-sans"}:
        a, d = font_extents(font_id, size)
        ascent, descent = max(ascent, a), max(descent, d)
    return Line(start, end, tuple(ordered), sum(r.width for r in runs), ascent, descent, bool(bidi.base_level & 1))


def shape_paragraph(
    text: str, *, size: int, style: str, language: str | None, direction: str | None, tab_size: int
) -> tuple[BidiParagraph, list[ShapedRun]]:
    """Bidi analysis of a paragraph and its runs shaped as one line, in logical order (the first step of
    :func:`layout_paragraph`); :class:`MissingGlyphError` when a glyph is missing."""
    bidi = BidiParagraph(text, direction)
    if not text:
        return bidi, []
    items = itemize(text, bidi.levels, style=style, language=language)
    return bidi, _shape_items(text, items, size, tab_size, 0, style)


def layout_paragraph(
    text: str,
    *,
    size: int,
    style: str,
    language: str | None,
    direction: str | None,
    max_width: int | None,
    tab_size: int,
) -> list[Line]:
    """Lay out one paragraph (no newlines) into lines; ``max_width`` in px or None for one line."""
    bidi, runs = shape_paragraph(text, size=size, style=style, language=language, direction=direction,
                                 tab_size=tab_size)
    if not text:
        return [_line(text, 0, 0, [], bidi, size)]
    if max_width is None or sum(r.width for r in runs) <= max_width * 64:
        return [_line(text, 0, len(text), runs, bidi, size)]
    lines = []
    for start, end in _break_lines(text, runs, language, max_width * 64):
        levels = bidi.line_levels(start, end)
        line_items = [
            Item(it.start + start, it.end + start, it.level, it.script, it.font_id, it.language)
            for it in itemize(text[start:end], levels, style=style, language=language)
        ]
        line_runs = _shape_items(text[start:end], line_items, size, tab_size, start, style)
        lines.append(_line(text, start, end, line_runs, bidi, size))
    return lines
