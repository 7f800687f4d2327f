"""``render``: any string the dataset uses, to a correct, deterministic image.

    >>> r = render("สวัสดี 123", language="th")
    >>> r.image.mode, [(run.script, run.font_id) for run in r.runs]
    ('L', [('Thai', 'noto-sans-thai'), ('Thai', 'noto-sans')])
    >>> [r.text[c.start:c.end] for c in r.clusters][:4]    # grapheme clusters, each with a pixel box
    ['ส', 'วั', 'ส', 'ดี']
    >>> render("สวัสดี 123", language="th").to_png() == r.to_png()
    True

The canvas is sized from the real ink extents plus a margin, so tall stacks
(Thai, Vietnamese) are never clipped and ink never touches the edge. The
image is grayscale unless colour emoji are drawn.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from PIL import Image

from .errors import RenderError
from .fonts import load_font
from .layout import Line, layout_paragraph
from .limits import (MAX_FONT_SIZE, MAX_MARGIN, MIN_FONT_SIZE, check_canvas, check_max_width, check_text_area,
                     describe)
from .raster import compose, ink_bounds, place_runs
from .selection import check_style
from .textcheck import MAX_LENGTH, check_text
from .ucd import grapheme_bounds

#: zlib level of the stored PNGs. scripts/bench_render.py --compress-levels: level 1 encodes twice
#: as fast as level 6 for PNGs about 10% larger.
PNG_COMPRESS_LEVEL = 1
_PARAGRAPH_SEP = re.compile("[\n\u2028\u2029]")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*")


def forget_caches() -> None:
    """Empty this process's memos of glyphs, shaped runs, font choices and font extents.

    They only save work: what is rendered next is the same, pixel for pixel.
    A build worker calls this when its shards move to another config, whose
    scripts and fonts share little with the last one, so that its memory
    holds one config's memos rather than the sum of all of them.
    """
    from . import itemize, layout
    from .raster import forget_glyphs
    from .shaping import forget_shaped

    forget_glyphs()
    forget_shaped()
    itemize._decided.clear()
    for module in (itemize, layout):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", "") == module.__name__:
                value.cache_clear()


@dataclass(frozen=True)
class RunInfo:
    """A run as rendered: ``text[start:end]``, its line, script, direction, font and language."""

    start: int
    end: int
    line: int
    script: str
    direction: str
    font_id: str
    language: str | None


@dataclass(frozen=True)
class ClusterBox:
    """The pixel box ``(x0, y0, x1, y1)`` (x1, y1 exclusive) of the grapheme cluster ``text[start:end]``."""

    start: int
    end: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class _GlyphRecord:
    clusters: np.ndarray  # absolute code-point index of each glyph's cluster
    x0: np.ndarray  # pen position before the glyph, 1/64 px, canvas coordinates
    x1: np.ndarray  # pen position after it
    line: np.ndarray
    run_end: np.ndarray  # end of the glyph's run, to bound its last cluster
    rtl: np.ndarray  # whether the glyph's run is right to left


class Rendered:
    """The result of :func:`render`: the image, and how every part of the text was drawn."""

    def __init__(self, text, image, runs, glyph_count, options, records, line_boxes):
        self.text: str = text
        self.image: Image.Image = image
        self.runs: tuple[RunInfo, ...] = runs
        self.glyph_count: int = glyph_count
        self.font_size: int = options["font_size"]
        self.style: str = options["style"]
        self.language: str | None = options["language"]
        self.options: dict = options
        self._records = records  # (per-run placement, x shift), turned into a _GlyphRecord on demand
        self._line_boxes: list[tuple[int, int, int]] = line_boxes  # (top, bottom, x_end) per line

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size

    @property
    def line_count(self) -> int:
        """Number of lines drawn, empty lines included."""
        return len(self._line_boxes)

    @property
    def fonts(self) -> tuple[str, ...]:
        """Font ids used, in order of first use."""
        return tuple(dict.fromkeys(r.font_id for r in self.runs))

    def pixels(self) -> np.ndarray:
        """A copy of the pixels: uint8 (h, w) grayscale or (h, w, 3) RGB."""
        return np.array(self.image)

    def to_png(self) -> bytes:
        """The exact PNG bytes the dataset stores (deterministic for the same pixels)."""
        out = io.BytesIO()
        self.image.save(out, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
        return out.getvalue()

    @cached_property
    def clusters(self) -> tuple[ClusterBox, ...]:
        """The pixel box of every grapheme cluster, in logical order, within the image.

        Whitespace that hangs past the wrap width at the end of a line draws
        nothing; its box is cut at the image's edge.
        """
        w, h = self.size
        return tuple(ClusterBox(c.start, c.end, (min(c.box[0], w), min(c.box[1], h), min(c.box[2], w), min(c.box[3], h)))
                     for c in _cluster_boxes(self.text, _glyph_record(*self._records), self._line_boxes))

    def __repr__(self) -> str:
        w, h = self.size
        return f"Rendered({self.text[:30]!r}, {w}x{h}, runs={len(self.runs)}, glyphs={self.glyph_count})"


def check_language(language) -> None:
    """Raise :class:`RenderError` unless ``language`` is None or looks like a BCP 47 tag."""
    if language is not None and not (isinstance(language, str) and _LANGUAGE.fullmatch(language)):
        raise RenderError(f"language must be a BCP 47 tag like 'th' or 'zh-Hant', or None; got {language!r}")


def _check_options(font_size, style, language, max_width, line_spacing, margin, tab_size) -> None:
    if isinstance(font_size, bool) or not isinstance(font_size, int) or not MIN_FONT_SIZE <= font_size <= MAX_FONT_SIZE:
        raise RenderError(f"font_size must be an int from {MIN_FONT_SIZE} to {MAX_FONT_SIZE} px, got {font_size!r}")
    check_style(style)
    check_language(language)
    check_max_width(max_width, font_size)
    if isinstance(line_spacing, bool) or not isinstance(line_spacing, (int, float)) or not 0.8 <= line_spacing <= 4:
        raise RenderError(f"line_spacing must be a number from 0.8 to 4, got {line_spacing!r}")
    if margin is not None and (isinstance(margin, bool) or not isinstance(margin, int) or not 1 <= margin <= MAX_MARGIN):
        raise RenderError(f"margin must be None or an int from 1 to {MAX_MARGIN} px, got {margin!r}")
    if isinstance(tab_size, bool) or not isinstance(tab_size, int) or not 1 <= tab_size <= 16:
        raise RenderError(f"tab_size must be an int from 1 to 16, got {tab_size!r}")


def render(
    text: str,
    *,
    font_size: int = 32,
    language: str | None = None,
    style: str = "sans",
    max_width: int | None = None,
    direction: str | None = None,
    line_spacing: float = 1.5,
    margin: int | None = None,
    tab_size: int = 4,
    max_length: int = MAX_LENGTH,
) -> Rendered:
    """Render ``text`` black on white; see the module docstring.

    ``max_width`` (px) wraps paragraphs; ``direction`` forces the base
    direction (``"ltr"``/``"rtl"``), otherwise each paragraph takes it from
    its first strong character. ``margin`` defaults to a quarter of the size.
    Over a limit of :mod:`generator.limits`, it raises
    :class:`~generator.errors.LimitError` before allocating the image.
    """
    _check_options(font_size, style, language, max_width, line_spacing, margin, tab_size)
    check_text(text, max_length=max_length)
    margin = margin if margin is not None else max(2, font_size // 4)
    paragraphs = _PARAGRAPH_SEP.split(text)
    check_text_area(len(grapheme_bounds(text)) - 1, len(paragraphs), font_size, line_spacing, max_width, describe(text))

    lines: list[tuple[int, Line]] = []  # (paragraph offset, line)
    pos = 0
    for para in paragraphs:
        for line in layout_paragraph(para, size=font_size, style=style, language=language,
                                     direction=direction, max_width=max_width, tab_size=tab_size):
            lines.append((pos, line))
        pos += len(para) + 1

    content_w = max_width * 64 if max_width else max(line.width for _, line in lines)
    laid = lay_out_lines(lines, content_w, font_size, line_spacing)
    # the layout box alone, before any glyph is rasterized
    check_canvas(-(-content_w // 64) + 2 * margin, -(-laid.height // 64) + 2 * margin, describe(text))
    placed = rasterize(laid, font_size)

    # canvas: the layout box and all ink, plus the margin on every side
    x_lo, y_lo, x_hi, y_hi = 0, 0, -(-content_w // 64), -(-laid.height // 64)
    ink = ink_bounds(placed)
    if ink:
        x_lo, y_lo, x_hi, y_hi = min(x_lo, ink[0]), min(y_lo, ink[1]), max(x_hi, ink[2]), max(y_hi, ink[3])
    dx, dy = margin - x_lo, margin - y_lo
    check_canvas(x_hi - x_lo + 2 * margin, y_hi - y_lo + 2 * margin, describe(text))
    options = dict(font_size=font_size, language=language, style=style, max_width=max_width,
                   direction=direction, line_spacing=line_spacing, margin=margin, tab_size=tab_size)
    return compose_rendered(text, laid, placed, (x_hi - x_lo + 2 * margin, y_hi - y_lo + 2 * margin), (dx, dy),
                            options)


@dataclass(frozen=True, eq=False)
class LaidOut:
    """Lines placed top to bottom, before rasterizing: positions in 1/64 px, y down, layout box at (0, 0).

    ``glyphs`` holds per run ``(run, paragraph offset, line, pen starts, pen ends, baseline)``;
    ``line_boxes`` ``(top, bottom, x_end)`` per line; ``height`` the layout height.
    """

    glyphs: list
    runs: tuple[RunInfo, ...]
    line_boxes: list
    height: int


def lay_out_lines(lines: list[tuple[int, Line]], content_w: int, font_size: int, line_spacing: float,
                  paragraph_gap: int = 0) -> LaidOut:
    """Stack ``(paragraph offset, line)`` pairs top to bottom in a box ``content_w`` (1/64 px) wide.

    Each line is at least ``line_spacing`` em tall, its ink box centred in that
    height; right-to-left lines end at ``content_w``. A line that starts a
    paragraph (but the first) is ``paragraph_gap`` (1/64 px) lower.
    """
    min_line = round(line_spacing * font_size * 64)
    glyphs: list[tuple] = []
    runs: list[RunInfo] = []
    line_boxes = []
    top = 0
    for li, (off, line) in enumerate(lines):
        if li and line.start == 0:
            top += paragraph_gap
        height = max(min_line, line.ascent + line.descent)
        baseline = top + (height - line.ascent - line.descent) // 2 + line.ascent
        pen = content_w - line.width if line.rtl else 0
        for run in line.runs:
            item = run.item
            runs.append(RunInfo(item.start + off, item.end + off, li, item.script, item.direction,
                                item.font_id, item.language))
            ends = pen + np.cumsum(run.x_advance, dtype=np.int64)
            starts = ends - run.x_advance
            glyphs.append((run, off, li, starts, ends, baseline))
            pen = int(ends[-1]) if len(ends) else pen
        line_boxes.append((top, top + height, (content_w if line.rtl else line.width)))
        top += height
    return LaidOut(glyphs, tuple(runs), line_boxes, top)


def rasterize(laid: LaidOut, font_size: int) -> list:
    """``(bitmap, x, y)`` of every glyph with ink, in layout pixels (see :func:`generator.raster.place`)."""
    placed: list = []
    place_runs([(load_font(run.item.font_id), run.glyphs, starts + run.x_offset, baseline - run.y_offset.astype(np.int64))
                for run, _, _, starts, _, baseline in laid.glyphs], font_size, placed)
    return placed


def compose_rendered(text: str, laid: LaidOut, placed: list, size: tuple[int, int], shift: tuple[int, int],
                     options: dict, kind: type[Rendered] = Rendered) -> Rendered:
    """Draw ``placed`` on a white canvas of ``size``, everything moved by ``shift`` px, as a ``kind``
    (:class:`Rendered` or a subclass)."""
    dx, dy = shift
    image = compose(placed, size[0], size[1], dx, dy)
    glyph_count = sum(len(g[0].glyphs) for g in laid.glyphs)
    boxes = [(t // 64 + dy, -(-b // 64) + dy, x_end + dx * 64) for t, b, x_end in laid.line_boxes]
    rec = [g[:5] for g in laid.glyphs]
    return kind(text, image, laid.runs, glyph_count, options, (rec, dx), boxes)


def _glyph_record(rec: list, dx: int) -> _GlyphRecord:
    """Per-glyph arrays for cluster boxes, built only when the boxes are asked for."""
    if not rec:
        empty = np.zeros(0, np.int64)
        return _GlyphRecord(empty, empty, empty, empty, empty, empty.astype(bool))
    cols = list(zip(*[
        (run.clusters.astype(np.int64) + off, starts + dx * 64, ends + dx * 64, np.full(len(starts), li),
         np.full(len(starts), run.item.end + off), np.full(len(starts), bool(run.item.level & 1)))
        for run, off, li, starts, ends in rec
    ]))
    return _GlyphRecord(*(np.concatenate(c) for c in cols))


def _cluster_boxes(text: str, rec: _GlyphRecord, line_boxes) -> tuple[ClusterBox, ...]:
    """Map every grapheme cluster to the union of its glyphs' advance boxes.

    A HarfBuzz cluster spans from its index to the next cluster index of the
    same run; a ligature spanning several graphemes is split evenly between them.
    """
    n = len(text)
    owner = np.full(n, -1, np.int64)  # HarfBuzz cluster start owning each code point
    span_x: dict[int, list] = {}  # cluster start -> [x0, x1, line, end, rtl]
    for idx in range(len(rec.clusters)):
        c, a, b = int(rec.clusters[idx]), int(rec.x0[idx]), int(rec.x1[idx])
        box = span_x.setdefault(c, [min(a, b), max(a, b), int(rec.line[idx]), int(rec.run_end[idx]), bool(rec.rtl[idx])])
        box[0], box[1] = min(box[0], a, b), max(box[1], a, b)
    starts = sorted(span_x)
    for c, nxt in zip(starts, starts[1:] + [n]):
        span_x[c][3] = min(nxt, span_x[c][3])
    for c, (_, _, _, end, _) in span_x.items():
        owner[c:end] = np.where(owner[c:end] < 0, c, owner[c:end])
    bounds = grapheme_bounds(text)
    out = []
    last_line = 0
    for g0, g1 in zip(bounds, bounds[1:]):
        spans = sorted({int(o) for o in owner[g0:g1] if o >= 0})
        if not spans:  # a newline: an empty box at the end of its line
            top, bottom, x_end = line_boxes[min(last_line, len(line_boxes) - 1)]
            x = x_end // 64
            out.append(ClusterBox(g0, g1, (x, top, x, top)))
            last_line += 1
            continue
        x0 = min(span_x[s][0] for s in spans)
        x1 = max(span_x[s][1] for s in spans)
        line = span_x[spans[0]][2]
        last_line = line
        s = spans[0]
        span_end = span_x[s][3]
        if len(spans) == 1 and (s < g0 or span_end > g1):  # one glyph cluster shared by several graphemes
            inner = [b for b in bounds if s <= b <= span_end]
            k, m = inner.index(g0) if g0 in inner else 0, max(1, len(inner) - 1)
            if span_x[s][4]:
                k = m - 1 - k
            w = (x1 - x0) / m
            x0, x1 = round(x0 + k * w), round(x0 + (k + 1) * w)
        top, bottom, _ = line_boxes[line]
        out.append(ClusterBox(g0, g1, (x0 // 64, top, -(-x1 // 64), bottom)))
    return tuple(out)
