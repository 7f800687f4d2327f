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

import bisect
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate

import numpy as np

from .errors import MissingGlyphError
from .fonts import load_font
from .itemize import BidiParagraph, Item, itemize, starts_alike
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


def cluster_widths(runs: list[ShapedRun], n: int) -> np.ndarray:
    """Advances (1/64 px) summed per cluster start: ``n + 1`` int64 values for a text of ``n`` code points."""
    if not runs:
        return np.zeros(n + 1, np.int64)
    clusters = np.concatenate([run.clusters for run in runs])
    advances = np.concatenate([run.x_advance for run in runs])
    return np.bincount(clusters, weights=advances, minlength=n + 1).astype(np.int64)


def _break_lines(text: str, runs: list[ShapedRun], language: str | None, max_width: int,
                 opportunities: tuple | None = None) -> list[tuple[int, int]]:
    """Greedy line breaking of a paragraph at ICU opportunities, in code points.

    A line ends only at a grapheme boundary: a line break opportunity inside
    a cluster (ICU's line breaker allows one between two skin-tone modifiers,
    which its grapheme breaker keeps together) is ignored. ``opportunities`` is
    :func:`_break_opportunities` of ``text``, when the caller keeps it.

        >>> items = itemize("👍🏻🏻 ab", BidiParagraph("👍🏻🏻 ab", None).levels, style="sans", language=None)
        >>> runs = _shape_items("👍🏻🏻 ab", items, 32, 4, 0, "sans")
        >>> _break_lines("👍🏻🏻 ab", runs, None, 32 * 64)
        [(0, 3), (3, 4), (4, 5), (5, 6)]
    """
    n = len(text)
    cum = [0] + list(accumulate(cluster_widths(runs, n)[:n].tolist()))
    graphemes, breaks, bare = opportunities or _break_opportunities(text, language)

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
        # fits(start, breaks[j]), unrolled: a break's white space is left out, down to one code point past start
        after, room = start + 1, cum[start] + max_width
        while j < len(breaks) and cum[bare[j] if bare[j] > after else after] <= room:
            best = breaks[j]
            j += 1
        if best is None:  # one unbreakable word is wider than the line: break between graphemes
            limit = breaks[k] if k < len(breaks) else n
            g = bisect.bisect_right(graphemes, start)  # the first grapheme boundary after start
            best = graphemes[g]
            while g + 1 < len(graphemes) and graphemes[g + 1] <= limit and fits(start, graphemes[g + 1]):
                g += 1
                best = graphemes[g]
        lines.append((start, best))
        start = best
    return lines


def _break_opportunities(text: str, language: str | None) -> tuple[list[int], list[int], list[int]]:
    """Grapheme bounds of ``text``; its ICU line breaks after 0 that lie on a grapheme bound; and each of
    those breaks with the white space before it left out.

    >>> _break_opportunities("ab  cd", None)
    ([0, 1, 2, 3, 4, 5, 6], [4, 6], [2, 6])
    """
    graphemes = grapheme_bounds(text)
    on_grapheme = set(graphemes)
    breaks = [b for b in line_break_bounds(text, language) if b > 0 and b in on_grapheme]
    bare = []
    for b in breaks:
        while b > 0 and text[b - 1].isspace():
            b -= 1
        bare.append(b)
    return graphemes, breaks, bare


def _line(text: str, start: int, end: int, runs: list[ShapedRun], bidi: BidiParagraph, size: int) -> Line:
    by_start = sorted(runs, key=lambda r: r.item.start)
    starts = [r.item.start for r in by_start]
    ordered: list[ShapedRun] = []
    for vs, ve, direction in bidi.visual_runs(start, end):
        pieces = by_start[bisect.bisect_left(starts, vs):bisect.bisect_left(starts, ve)]  # not a scan: 4,000 runs
        ordered += reversed(pieces) if direction == "rtl" else pieces
    ascent = descent = 0
    for font_id in {r.item.font_id for r in runs} or {"noto-sans"}:
        a, d = font_extents(font_id, size)
        ascent, descent = max(ascent, a), max(descent, d)
    return Line(start, end, tuple(ordered), sum(r.width for r in runs), ascent, descent, bool(bidi.base_level & 1))


@dataclass(frozen=True, eq=False)
class Paragraph:
    """What laying out a paragraph needs at any size: its bidi analysis and its items."""

    text: str
    bidi: BidiParagraph
    items: tuple[Item, ...]
    style: str
    language: str | None

    def items_over(self, start: int, end: int) -> tuple[Item, ...]:
        """The items that overlap ``text[start:end]``, in logical order."""
        first = bisect.bisect_right(self._ends, start)
        last = bisect.bisect_left(self._starts, end, lo=first)
        return self.items[first:last]

    @cached_property
    def break_opportunities(self) -> tuple[list[int], list[int], list[int]]:
        """:func:`_break_opportunities` of the text, kept for every size the paragraph is broken at."""
        return _break_opportunities(self.text, self.language)

    @cached_property
    def _starts(self) -> list[int]:
        return [it.start for it in self.items]

    @cached_property
    def _ends(self) -> list[int]:
        return [it.end for it in self.items]


def prepare_paragraph(text: str, *, style: str, language: str | None, direction: str | None) -> Paragraph:
    """Bidi and itemization of one paragraph (no newlines), once for every size it is laid out at."""
    bidi = BidiParagraph(text, direction)
    items = itemize(text, bidi.levels, style=style, language=language) if text else []
    return Paragraph(text, bidi, tuple(items), style, language)


def shape_paragraph(para: Paragraph, *, size: int, tab_size: int) -> list[ShapedRun]:
    """The paragraph's runs shaped as one line, in logical order; :class:`MissingGlyphError` for a missing glyph."""
    return _shape_items(para.text, list(para.items), size, tab_size, 0, para.style) if para.text else []


def _line_items(para: Paragraph, start: int, end: int) -> list[Item]:
    """Items of ``text[start:end]`` laid out as one line: the paragraph's, cut to the line, when itemizing the
    line alone would give the same (see :func:`~generator.itemize.starts_alike`); otherwise itemized again."""
    if _items_cut_alike(para, start, end):
        return [Item(max(it.start, start), min(it.end, end), it.level, it.script, it.font_id, it.language)
                for it in para.items_over(start, end)]
    return [Item(it.start + start, it.end + start, it.level, it.script, it.font_id, it.language)
            for it in itemize(para.text[start:end], para.bidi.line_levels(start, end), style=para.style,
                              language=para.language)]


def _items_cut_alike(para: Paragraph, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` itemized alone gets the paragraph's items cut to it."""
    head = para.text[start:start + 40]  # holds the first cluster (at most MAX_CLUSTER_LENGTH code points)
    return (para.bidi.line_levels(start, end) == para.bidi.levels[start:end]
            and starts_alike(head[:grapheme_bounds(head)[1]]))


def _cut_runs(runs: list[ShapedRun], start: int, end: int, ends: list[int] | None = None,
              starts: list[int] | None = None) -> list[ShapedRun] | None:
    """The paragraph's ``runs`` (logical order) cut to ``text[start:end]``, or None when HarfBuzz marks a cut
    unsafe. ``ends`` and ``starts`` of the runs' items, when given, spare the lines of a paragraph a scan each.

    A cut at a cluster whose glyphs are not UNSAFE_TO_BREAK gives the glyphs
    HarfBuzz returns for the two sides shaped apart, so a line need not be
    shaped again (``shape_lines`` checks its items are the paragraph's cut).
    """
    out = []
    if ends is not None:
        runs = runs[bisect.bisect_right(ends, start):bisect.bisect_left(starts, end)]
    for run in runs:
        it = run.item
        if it.end <= start or it.start >= end:
            continue
        if start <= it.start and it.end <= end:
            out.append(run)
            continue
        a, b = max(it.start, start), min(it.end, end)
        clusters = run.clusters
        if not all(run.safe_to_cut(cut) for cut in {a, b} - {it.start, it.end}):
            return None
        keep = (clusters >= a) & (clusters < b)
        out.append(ShapedRun(Item(a, b, it.level, it.script, it.font_id, it.language), run.glyphs[keep],
                             clusters[keep], run.x_advance[keep], run.x_offset[keep], run.y_offset[keep]))
    return out


def break_prepared(para: Paragraph, *, size: int, max_width: int | None, tab_size: int,
                   runs: list[ShapedRun] | None = None) -> tuple[list[ShapedRun], list[tuple[int, int]]]:
    """The paragraph shaped as one line at ``size`` (``runs``, when the caller has shaped it already), and
    the ``(start, end)`` of each line it breaks into."""
    if runs is None:
        runs = shape_paragraph(para, size=size, tab_size=tab_size)
    n = len(para.text)
    if not n or max_width is None or sum(r.width for r in runs) <= max_width * 64:
        return runs, [(0, n)]
    return runs, _break_lines(para.text, runs, para.language, max_width * 64, para.break_opportunities)


def shape_lines(para: Paragraph, runs: list[ShapedRun], spans: list[tuple[int, int]], *, size: int,
                tab_size: int) -> list[Line]:
    """The lines of :func:`break_prepared`: each shaped on its own (the paragraph's runs when it is one line)."""
    text, bidi = para.text, para.bidi
    if spans == [(0, len(text))]:
        return [_line(text, 0, len(text), runs, bidi, size)]
    lines = []
    ends, starts = [r.item.end for r in runs], [r.item.start for r in runs]
    for start, end in spans:
        line_runs = _cut_runs(runs, start, end, ends, starts) if _items_cut_alike(para, start, end) else None
        if line_runs is None:
            line_runs = _shape_items(text[start:end], _line_items(para, start, end), size, tab_size, start,
                                     para.style)
        lines.append(_line(text, start, end, line_runs, bidi, size))
    return lines


def layout_prepared(para: Paragraph, *, size: int, max_width: int | None, tab_size: int) -> list[Line]:
    """Lay out a prepared paragraph into lines at ``size``; ``max_width`` in px or None for one line."""
    runs, spans = break_prepared(para, size=size, max_width=max_width, tab_size=tab_size)
    return shape_lines(para, runs, spans, size=size, tab_size=tab_size)


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
    para = prepare_paragraph(text, style=style, language=language, direction=direction)
    return layout_prepared(para, size=size, max_width=max_width, tab_size=tab_size)
