"""``render_page``: text flowed onto a fixed canvas, at the largest font size that fits.

    >>> r = render_page("Hello pages.\\nשלום עולם", width=256, height=128)
    >>> r.size, r.line_count, r.options["font_size"]
    ((256, 128), 2, 37)
    >>> render_page(r.text, **r.options).to_png() == r.to_png()    # the options re-render the page
    True

A page is a layer over :mod:`generator.layout`: paragraphs (split at ``\\n``,
U+2028 and U+2029) are laid out with the same bidi, shaping and ICU line breaking as
:func:`generator.render`, then stacked top to bottom inside the margin.
Left-to-right paragraphs are left-aligned, right-to-left ones right-aligned.
The ``mono`` style is for code: its lines are never wrapped, so a code page
fits only at a size where its longest line does. White space at the end of a
line hangs with no width (as in CSS), so it never pushes a line over the edge.

Text as it comes from files is accepted: every mandatory line break (CR LF,
CR, VT, FF, NEL) becomes ``\\n`` first (:func:`normalize_line_breaks`), and
the returned ``Rendered.text`` is that text, which its cluster offsets index.
An empty line is an empty paragraph (a blank line's height and a paragraph
gap); a tab advances by :data:`TAB_SIZE` spaces; white space at a paragraph's
start is kept (an indent), NBSP never breaks, a soft hyphen draws nothing.

With ``font_size=None`` the size is searched. Paragraphs are itemized once.
A first guess bisects on each character's own advance, scaled from a
reference size; a second on the text shaped at the first guess, scaled; the
real layout then confirms that the chosen size ``s`` fits and ``s + 1`` does
not, galloping and bisecting if the guess was off. A size is ruled out
without shaping at it when the widths shaped at another size, scaled and less
their rounding, already give more lines than the page holds; and before its
lines are shaped when the floors of its line heights already overflow.
"Fits" means every line and all ink (from the glyphs' outline extents, with
a pixel to spare) lie inside the margin. Text is never cut: below
:data:`MIN_FONT_SIZE` it is a :class:`~generator.errors.PageFitError`.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

import icu
import numpy as np

from .errors import PageFitError, RenderError
from .fonts import load_font
from .itemize import first_settled
from .layout import Line, Paragraph, break_prepared, font_extents, prepare_paragraph, shape_lines, shape_paragraph
from .limits import MAX_FONT_SIZE, MAX_MARGIN, MAX_WIDTH, check_canvas
from .png import encode_png
from .render import _PARAGRAPH_SEP, LaidOut, Rendered, check_language, compose_rendered, lay_out_lines, rasterize
from .selection import check_style
from .textcheck import check_text
from .ucd import line_break_bounds

#: Smallest font size (px per em) the fit search may choose: below it, glyphs of most scripts are mush.
MIN_FONT_SIZE = 6
#: Smallest canvas side, in pixels; the largest canvas is the renderer's (:mod:`generator.limits`).
MIN_CANVAS = 32
#: Longest text a page accepts, in code points (a 2,048-token English page is about 9,000).
PAGE_MAX_LENGTH = 20_000
#: Lines are at least this many em apart (the fonts' own ascent + descent usually decide).
LINE_SPACING = 1.2
#: Extra space before each paragraph but the first, in em (none for code).
PARAGRAPH_GAP = 0.5
TAB_SIZE = 4
_REF_SIZE = 64  # size the nominal advances of the first guess are read at
_INK_SLACK = 1  # px added around outline extents: covers quarter-pixel placement and colour-glyph rounding
_MAX_NARROWING = 6  # times a page's lines are broken narrower because their ink overhangs the sides


_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85]")


def normalize_line_breaks(text):
    """``text`` with every mandatory line break of Unicode's line breaking (UAX #14: CR LF, CR, VT, FF, NEL)
    written as ``\\n``, as a page reads them; U+2028 and U+2029 also end a paragraph, and are kept.
    Anything but a str is returned as it is, for :func:`~generator.textcheck.check_text` to name.

    >>> normalize_line_breaks("one\\r\\ntwo\\rthree\\x0cfour\\u2028five")
    'one\\ntwo\\nthree\\nfour\\u2028five'
    """
    return _LINE_BREAKS.sub("\n", text) if isinstance(text, str) else text


def default_margin(width: int, height: int) -> int:
    """The margin used when none is given: 1/32 of the shorter side, at least 4 px.

    >>> default_margin(512, 512), default_margin(1024, 1448)
    (16, 32)
    """
    return max(4, round(min(width, height) / 32))


@dataclass(eq=False)
class _Paragraph:
    """One paragraph of a page: its size-independent analysis."""

    offset: int
    text: str
    prepared: Paragraph  # bidi and items, shared by every size tried
    breaks: np.ndarray  # ICU break opportunities after 0
    trimmed: np.ndarray  # each break with the white space before it left out
    fonts: tuple[str, ...]

    def height_floor(self, start: int, end: int, size: int, min_line: int) -> int:
        """A floor on the height (1/64 px) of the line ``text[start:end]`` at ``size``, before it is shaped: the
        line keeps the fonts the paragraph's items have from its first settled character on."""
        first = first_settled(self.text, start, end)
        height = min_line
        for item in self.prepared.items_over(first, end):
            height = max(height, sum(font_extents(item.font_id, size)))
        return height


class RenderedPage(Rendered):
    """What :func:`render_page` returns: a :class:`~generator.render.Rendered` whose PNG is written by
    :func:`generator.png.encode_png` (rows unfiltered, deflated by ISA-L: a page has many more pixels)."""

    def to_png(self) -> bytes:
        return encode_png(self.image)


def _prepare(text: str, style: str, language: str | None) -> list[_Paragraph]:
    out, pos = [], 0
    for para in _PARAGRAPH_SEP.split(text):
        prepared = prepare_paragraph(para, style=style, language=language, direction=None)
        breaks = [b for b in line_break_bounds(para, language) if b > 0]
        trimmed = []
        for b in breaks:
            while b > 1 and para[b - 1].isspace():
                b -= 1
            trimmed.append(b)
        fonts = tuple(dict.fromkeys(item.font_id for item in prepared.items)) or ("noto-sans",)
        out.append(_Paragraph(pos, para, prepared, np.array(breaks, np.int64), np.array(trimmed, np.int64), fonts))
        pos += len(para) + 1
    return out


_SEGMENT = 1 << 42  # more than any advance sum of a page, in 1/64 px: keeps running maxima inside a paragraph


class _Flow:
    """A page's paragraphs as one run of code points for the size estimates, so that widths are summed
    and scanned for the whole page at once: paragraph ``j`` holds ``starts[j]`` to ``starts[j + 1]``,
    and its break opportunities are ``breaks[kspans[j][0]:kspans[j][1]]`` (indices into that run)."""

    def __init__(self, paras: list[_Paragraph]) -> None:
        self.paras = paras
        lengths = [len(p.text) for p in paras]
        self.starts = [0, *np.cumsum(lengths).tolist()]
        counts = [len(p.breaks) for p in paras]
        ks = [0, *np.cumsum(counts).tolist()]
        self.kspans = list(zip(ks, ks[1:]))
        base = np.repeat(np.array(self.starts[:-1], np.int64), counts)
        joined = (lambda parts: np.concatenate(parts) if parts else np.zeros(0, np.int64))
        self.breaks = (joined([p.breaks for p in paras]) + base).tolist()
        self.trimmed = joined([p.trimmed for p in paras]) + base
        self.segment = np.repeat(np.arange(len(paras), dtype=np.int64) * _SEGMENT, counts)
        # where the stretch before each break starts: the paragraph's start, or the break before
        self.stretch_starts = joined([np.concatenate(([0], p.breaks[:-1])) for p in paras if len(p.breaks)]) + base
        self._settled: list | None = None

    @property
    def settled(self) -> list[tuple[str, ...] | None]:
        """:func:`_settled_fonts` of each paragraph, found when first asked for."""
        if self._settled is None:
            self._settled = [_settled_fonts(p) for p in self.paras]
        return self._settled


def _settled_runs_pattern() -> re.Pattern:
    """Runs of characters that have a script of their own and draw (what
    :func:`~generator.itemize.first_settled` looks for), from ICU's script property."""
    chars = icu.UnicodeSet("[^[:Zyyy:][:Zinh:][:Zzzz:][:Default_Ignorable_Code_Point:]]")
    ranges = "".join(f"\\U{ord(chars.getRangeStart(i)):08x}-\\U{ord(chars.getRangeEnd(i)):08x}"
                     for i in range(chars.getRangeCount()))
    return re.compile(f"[{ranges}]+")


_SETTLED_RUNS = _settled_runs_pattern()


def _settled_fonts(p: _Paragraph) -> tuple[str, ...] | None:
    """The fonts of the items of ``p`` that hold a settled character, when every stretch between two break
    opportunities holds one (so every line a greedy break can make without splitting a word does, and keeps
    the font of its first settled character); else None.

        >>> [_settled_fonts(p) for p in _prepare("สวัสดี 123 ครับ\\nสวัสดีครับ ๑๒ บาท", "sans", "th")]
        [None, ('noto-sans-thai',)]
    """
    runs = [m.span() for m in _SETTLED_RUNS.finditer(p.text)]
    if not runs:
        return None
    ends = np.array([b for _, b in runs])
    starts = np.array([a for a, _ in runs])
    lo = np.concatenate(([0], p.breaks[:-1]))
    first = np.searchsorted(ends, lo, side="right")  # the first settled run ending after each stretch starts
    holds = first < len(runs)
    holds[holds] = starts[first[holds]] < p.breaks[holds]
    if not holds.all():
        return None
    return tuple(dict.fromkeys(it.font_id for it in p.prepared.items if _SETTLED_RUNS.search(p.text, it.start, it.end)))


class _Measure:
    """Widths of a :class:`_Flow`, 1/64 px at ``size``: ``cum`` up to each code point, and ``fit_at`` up to
    each break with its white space left out, as a running maximum within each paragraph (lists: the
    estimates bisect them once per line and size tried, where bisect beats numpy calls)."""

    def __init__(self, flow: _Flow, widths: np.ndarray, size: int) -> None:
        self.flow, self.size = flow, size
        cum = np.concatenate(([0], np.cumsum(widths)))
        self.cum = cum.tolist()
        self.fit_at = (np.maximum.accumulate(cum[flow.trimmed] + flow.segment) - flow.segment).tolist()

    def lines(self, j: int, width: float) -> int:
        """Lines a greedy break of paragraph ``j`` into ``width`` gives; a word wider than a line splits at any
        code point. It never gives more lines than the renderer's breaking with the same widths, which
        splits a long word only between graphemes and breaks only at opportunities on grapheme bounds; and,
        for widths that are nowhere smaller, never fewer.

            >>> m = _Measure(_Flow(_prepare("aa bb cc", "sans", None)), np.array([1] * 8), 10)
            >>> m.lines(0, 3), m.lines(0, 5), m.lines(0, 8)
            (3, 2, 1)
        """
        a, b = self.flow.starts[j], self.flow.starts[j + 1]
        k0, k1 = self.flow.kspans[j]
        cum, fit_at, breaks = self.cum, self.fit_at, self.flow.breaks
        if a == b or fit_at[k1 - 1] - cum[a] <= width:
            return 1
        count, start = 0, a
        while start < b:
            count += 1
            k = bisect_right(fit_at, cum[start] + width, k0, k1) - 1
            if k >= k0 and breaks[k] > start:
                start = breaks[k]
            else:
                g = bisect_right(cum, cum[start] + width, a, b + 1) - 1
                start = max(g, start + 1)
        return count

    def widest(self, j: int) -> int:
        """The advance of paragraph ``j`` as one line, its trailing white space left out."""
        k0, k1 = self.flow.kspans[j]
        return self.fit_at[k1 - 1] - self.cum[self.flow.starts[j]] if k1 > k0 else 0


_nominal: dict[str, dict[str, int]] = {}


def _nominal_widths(flow: _Flow) -> np.ndarray:
    """Advances at _REF_SIZE of each code point's own glyph in its run's font: shaping left out, for a first guess.

    Looked up once per distinct (font, code point) of the page; a code point in no run (none is) counts 0."""
    n = flow.starts[-1]
    if not n:
        return np.zeros(0, np.int64)
    codes = np.frombuffer("".join(p.text for p in flow.paras).encode("utf-32-le"), np.uint32).astype(np.int64)
    fonts: dict[str, int] = {}  # font id -> its number, from 1
    which = np.zeros(n, np.int64)
    for p, start in zip(flow.paras, flow.starts):
        for item in p.prepared.items:
            which[start + item.start:start + item.end] = fonts.setdefault(item.font_id, len(fonts) + 1)
    keys, inverse = np.unique((which << 21) | codes, return_inverse=True)
    names = ["", *fonts]
    advances = []
    for key in keys.tolist():
        font_id, ch = names[key >> 21], chr(key & 0x1FFFFF)
        table = _nominal.setdefault(font_id, {})
        if ch not in table:
            font = load_font(font_id).at_size(_REF_SIZE) if font_id else None
            gid = font.get_nominal_glyph(ord(" " if ch == "\t" else ch)) if font else None
            table[ch] = font.get_glyph_h_advance(gid) * (TAB_SIZE if ch == "\t" else 1) if gid else 0
        advances.append(table[ch])
    return np.array(advances, np.int64)[inverse.reshape(-1)]


def _shaped_widths(flow: _Flow, shaped: list[list]) -> tuple[np.ndarray, np.ndarray]:
    """Per code point of the flow, from each paragraph's runs: the advance (1/64 px) of the cluster that
    starts there, and its number of glyphs."""
    n = flow.starts[-1]
    clusters = [run.clusters.astype(np.int64) + start for runs, start in zip(shaped, flow.starts) for run in runs]
    if not clusters:
        return np.zeros(n, np.int64), np.zeros(n, np.int64)
    clusters = np.concatenate(clusters)
    advances = np.concatenate([run.x_advance for runs in shaped for run in runs])
    return (np.bincount(clusters, weights=advances, minlength=n + 1)[:n].astype(np.int64),
            np.bincount(clusters, minlength=n + 1)[:n].astype(np.int64))


@lru_cache(maxsize=4096)
def _line_pitch(size: int, fonts: tuple[str, ...]) -> int:
    ascent_descent = max(sum(font_extents(f, size)) for f in fonts)
    return max(round(LINE_SPACING * size * 64), ascent_descent)


def _estimate_fits(m: _Measure, size: int, content: tuple[int, int], mono: bool) -> bool:
    """Whether the page probably fits at ``size``: widths measured at ``m.size`` scaled, fonts' full line heights."""
    gap = 0 if mono else round(PARAGRAPH_GAP * size * 64)
    room = content[1] * 64 - 2 * _INK_SLACK * 64 + gap
    width = (content[0] - 2 * _INK_SLACK) * 64 * m.size / size
    for j, p in enumerate(m.flow.paras):
        if mono:
            if m.widest(j) > width:
                return False
            lines = 1
        else:
            lines = m.lines(j, width)
        room -= lines * _line_pitch(size, p.fonts) + gap
        if room < 0:
            return False
    return True


def _hang_trailing_space(text: str, line: Line) -> Line:
    """``line`` with the advances of its trailing white space set to zero."""
    end = line.end
    while end > line.start and text[end - 1].isspace():
        end -= 1
    if end == line.end:
        return line
    runs, width = [], 0
    for run in line.runs:
        hang = run.clusters >= end
        if hang.any():
            run = replace(run, x_advance=np.where(hang, 0, run.x_advance).astype(np.int32),
                          x_offset=np.where(hang, 0, run.x_offset).astype(np.int32))
        runs.append(run)
        width += run.width
    return replace(line, runs=tuple(runs), width=width)


@lru_cache(maxsize=24)  # a page uses a few fonts at two sizes; a CJK face's table is 1 MiB
def _extents_table(font_id: str, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Per glyph id: outline box ``(x0, y0, x1, y1)`` in 1/64 px from its origin, y down; and which are filled."""
    count = load_font(font_id).face.glyph_count
    return np.zeros((count, 4), np.int32), np.zeros(count, bool)


def _ink_box(laid: LaidOut, size: int) -> tuple[int, int, int, int] | None:
    """Pixel box ``(x0, y0, x1, y1)`` enclosing all ink of ``laid`` (from outline extents), or None."""
    by_font: dict[str, list] = {}
    for run, _, _, starts, _, baseline in laid.glyphs:
        if len(run.glyphs):
            by_font.setdefault(run.item.font_id, []).append((run.glyphs, starts + run.x_offset,
                                                             baseline - run.y_offset.astype(np.int64)))
    lo_x = lo_y = math.inf
    hi_x = hi_y = -math.inf
    for font_id, parts in by_font.items():
        gids, x, y = (np.concatenate(col) for col in zip(*parts))
        table, filled = _extents_table(font_id, size)
        missing = np.unique(gids[~filled[gids]])
        if len(missing):
            hb_font = load_font(font_id).at_size(size)
            for gid in missing.tolist():
                e = hb_font.get_glyph_extents(gid)
                if e is not None and e.width and e.height:
                    table[gid] = (e.x_bearing, -e.y_bearing, e.x_bearing + e.width, -e.y_bearing - e.height)
            filled[missing] = True
        box = table[gids]
        inked = box[:, 2] > box[:, 0]
        if not inked.any():
            continue
        x, y, box = x[inked], y[inked], box[inked]
        lo_x, hi_x = min(lo_x, int((x + box[:, 0]).min())), max(hi_x, int((x + box[:, 2]).max()))
        lo_y, hi_y = min(lo_y, int((y + box[:, 1]).min())), max(hi_y, int((y + box[:, 3]).max()))
    if lo_x == math.inf:
        return None
    s = _INK_SLACK
    return lo_x // 64 - s, lo_y // 64 - s, -(-hi_x // 64) + s, -(-hi_y // 64) + s


@dataclass(frozen=True, eq=False)
class _Fit:
    laid: LaidOut
    shift: tuple[int, int]  # layout box to canvas, px


def _lay_out(paras, shaped, size: int, content: tuple[int, int], margin: int, style: str,
             narrowing: bool = True) -> _Fit | None:
    """The page laid out exactly at ``size``, or None when a line, the lines or their ink do not fit.

    ``shaped(i)`` gives paragraph ``i``'s runs at ``size``: paragraphs after the one whose lines' height floors
    overflow the page are never shaped. Lines are broken to the content width less the ink slack; when the
    glyphs' ink overhangs the lines sideways (a negative left bearing at a line start, a swash at its end)
    by ``d`` px more than the page has room for, the paragraphs are broken again ``d`` px narrower (or twice
    as much narrower as the last try, if more), so a text
    of long unbreakable words fits wherever its ink does, rather than only at a smaller size. The same holds
    for a line that, shaped on its own, comes out wider than the break measured it (a kerned pair cut).
    ``narrowing=False`` takes the full width only: a stricter test (what fits so fits with narrowing)."""
    narrower = 0
    for _ in range(_MAX_NARROWING if narrowing else 1):
        fit = _lay_out_at(paras, shaped, size, content, margin, style, narrower)
        if not isinstance(fit, int):
            return fit
        narrower += max(fit, narrower)  # at least doubling: the breaks move, and the next line may overhang
        if style == "mono" or content[0] - 2 * _INK_SLACK - narrower < size:
            return None
    return None


def _lay_out_at(paras, shaped, size: int, content: tuple[int, int], margin: int, style: str,
                narrower: int) -> _Fit | int | None:
    """:func:`_lay_out` with lines ``narrower`` px short of the full width: the fit; None when the lines or
    their ink do not fit vertically (or a code line is too wide); else the px by which a line, shaped on its
    own, or the ink overflows sideways."""
    mono = style == "mono"
    # lines fill the content box less the ink slack on each side, so ink at a line's very end still fits
    line_px = content[0] - 2 * _INK_SLACK - narrower
    width, height = line_px * 64, content[1] * 64
    gap = 0 if mono else round(PARAGRAPH_GAP * size * 64)
    min_line = round(LINE_SPACING * size * 64)
    broken = []
    floor = -gap  # no line is shaped before the page is known to be short enough for every line's height floor
    for i, p in enumerate(paras):
        runs, spans = break_prepared(p.prepared, size=size, max_width=None if mono else line_px, tab_size=TAB_SIZE,
                                     runs=shaped(i))
        floor += gap
        for a, b in spans:  # stop at the first line past the page: a long text at a large size has thousands
            floor += p.height_floor(a, b, size, min_line)
            if floor > height:
                return None
        broken.append((p, runs, spans))
    lines: list[tuple[int, Line]] = []
    for p, runs, spans in broken:
        for line in shape_lines(p.prepared, runs, spans, size=size, tab_size=TAB_SIZE):
            line = _hang_trailing_space(p.text, line)
            if line.width > width:  # shaped alone, a line can outgrow its break (kerning, contextual forms)
                return None if mono else -(-(line.width - width) // 64)
            lines.append((p.offset, line))
    laid = lay_out_lines(lines, width, size, LINE_SPACING, gap)
    x_lo, y_lo = 0, 0
    x_hi = -(-max(x_end for _, _, x_end in laid.line_boxes) // 64)
    y_hi = -(-laid.height // 64)
    ink = _ink_box(laid, size)
    if ink:
        x_lo, y_lo, x_hi, y_hi = min(x_lo, ink[0]), min(y_lo, ink[1]), max(x_hi, ink[2]), max(y_hi, ink[3])
    if y_hi - y_lo > content[1]:
        return None
    if x_hi - x_lo > content[0]:
        return x_hi - x_lo - content[0]
    return _Fit(laid, (margin - x_lo, margin - y_lo))


def _scale_slack(ref: int, size: int) -> int:
    """1/64 px a glyph's advance may lose to rounding when shaped at ``size`` instead of ``ref``, scaled:
    HarfBuzz rounds the advance and each adjustment (a kerning pair, a cursive attachment's two anchors)
    apart, each by half a unit at either size; three such, and a unit of fixed-point error, with room to spare
    (measured on the bench corpus at sizes 6 to 40: at most 1 unit for a ratio up to 1.1, 6 at 6.7).

    >>> _scale_slack(12, 13), _scale_slack(8, 39)
    (4, 10)
    """
    return 2 + -(-3 * size // (2 * ref))


def _overflows_scaled(flow: _Flow, widths: np.ndarray, glyphs: np.ndarray, ref: int, size: int,
                      content: tuple[int, int], style: str, strong: bool = False) -> bool:
    """Whether the page is too tall at ``size``, shown from its :func:`_shaped_widths` at ``ref`` alone.

    HarfBuzz scales every advance and adjustment of a glyph linearly with the size and rounds each, so a
    cluster is at least its width at ``ref`` scaled, less :func:`_scale_slack` per glyph. Greedy breaking
    gives no fewer lines for no smaller widths (:meth:`_Measure.lines` counts no more than the renderer's
    breaking), and narrowing lines only adds lines; each line is at least the larger of the line spacing
    and the lowest of the fonts it may use. If those lines, at the full width, are already taller than the
    page, ``size`` cannot fit, and no paragraph need be shaped at it.

    With ``strong``, a paragraph whose every stretch between break opportunities holds a settled character,
    none wider than a line even at the widths scaled up plus their rounding, counts each line at least as
    tall as the lowest font of its settled characters (:func:`_settled_fonts`): every line holds one.
    """
    mono = style == "mono"
    line_w = (content[0] - 2 * _INK_SLACK) * 64
    gap = 0 if mono else round(PARAGRAPH_GAP * size * 64)
    budget = content[1] * 64 + gap
    slack = _scale_slack(ref, size)
    low = None if mono else _Measure(flow, np.maximum((widths * size) // ref - slack * glyphs, 0), size)
    settled = flow.settled if strong else [None] * len(flow.paras)
    if strong and not mono:  # a stretch wider than a line may split anywhere, into lines of common characters
        high = np.concatenate(([0], np.cumsum(-((-widths * size) // ref) + slack * glyphs)))
        wide = high[flow.breaks] - high[flow.stretch_starts] > line_w
        settled = [None if wide[k0:k1].any() else f for f, (k0, k1) in zip(settled, flow.kspans)]
    for j, p in enumerate(flow.paras):
        lines = 1
        if low is not None and low.cum[flow.starts[j + 1]] - low.cum[flow.starts[j]] > line_w:
            lines = low.lines(j, line_w)
        if settled[j]:
            budget -= lines * max(round(LINE_SPACING * size * 64), min(sum(font_extents(f, size))
                                                                        for f in settled[j])) + gap
        else:
            budget -= lines * _floor_pitch(size, p.fonts) + gap
        if budget < 0:
            return True
    return False


@lru_cache(maxsize=4096)
def _floor_pitch(size: int, fonts: tuple[str, ...]) -> int:
    """The least height of a line of a paragraph with ``fonts``: the line spacing, or the lowest of its fonts
    (or of the default font, which a line of common characters alone may take)."""
    return max(round(LINE_SPACING * size * 64), min(sum(font_extents(f, size)) for f in (*fonts, "noto-sans")))


def _search(fits, guess: int, lo_bound: int, hi_bound: int) -> int | None:
    """A size ``s`` in the bounds with ``fits(s)`` and not ``fits(s + 1)`` (or ``s == hi_bound``), starting at
    ``guess``: gallop away from it, then bisect. None when ``fits(lo_bound)`` is false.

    >>> up_to_17 = lambda s: s <= 17
    >>> _search(up_to_17, 12, 6, 100), _search(up_to_17, 40, 6, 100), _search(lambda s: False, 9, 6, 100)
    (17, 17, None)
    """
    guess = min(max(guess, lo_bound), hi_bound)
    if fits(guess):
        lo, step = guess, 1
        while True:
            cand = min(lo + step, hi_bound)
            if cand == lo:
                return lo
            if not fits(cand):
                hi = cand
                break
            lo, step = cand, step * 2
    else:
        hi, step = guess, 1
        while True:
            if hi == lo_bound:
                return None
            cand = max(hi - step, lo_bound)
            if fits(cand):
                lo = cand
                break
            hi, step = cand, step * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo


def _check_page_options(width, height, font_size, margin, style, language) -> None:
    for name, value in (("width", width), ("height", height)):
        if not isinstance(value, int) or isinstance(value, bool) or not MIN_CANVAS <= value <= MAX_WIDTH:
            raise RenderError(f"{name} must be an int from {MIN_CANVAS} to {MAX_WIDTH} px, got {value!r}")
    check_canvas(width, height, f"a page of {width}x{height} px")
    if font_size is not None and (not isinstance(font_size, int) or isinstance(font_size, bool)
                                  or not MIN_FONT_SIZE <= font_size <= MAX_FONT_SIZE):
        raise RenderError(f"font_size must be None (the largest that fits) or an int from {MIN_FONT_SIZE} "
                          f"to {MAX_FONT_SIZE} px, got {font_size!r}")
    if margin is not None:
        limit = min(MAX_MARGIN, (min(width, height) - 2 * MIN_FONT_SIZE) // 2)
        if not isinstance(margin, int) or isinstance(margin, bool) or not 0 <= margin <= limit:
            raise RenderError(f"margin must be None or an int from 0 to {limit} px on a {width}x{height} canvas "
                              f"(leaving room for one line), got {margin!r}")
    check_style(style)
    check_language(language)


def render_page(
    text: str,
    *,
    width: int,
    height: int,
    language: str | None = None,
    style: str = "sans",
    font_size: int | None = None,
    margin: int | None = None,
) -> Rendered:
    """Render ``text`` on a canvas of exactly ``width`` x ``height`` px; see the module docstring.

    ``font_size=None`` picks the largest size that fits; ``margin`` defaults to
    :func:`default_margin`. ``Rendered.options`` holds every argument, the chosen
    size included, so ``render_page(text, **r.options)`` draws the same page.
    """
    _check_page_options(width, height, font_size, margin, style, language)
    text = normalize_line_breaks(text)
    check_text(text, max_length=PAGE_MAX_LENGTH)
    margin = default_margin(width, height) if margin is None else margin
    content = (width - 2 * margin, height - 2 * margin)
    paras = _prepare(text, style, language)
    shaped: dict[tuple[int, int], list] = {}  # (size, paragraph) -> its runs, shaped when first needed
    attempts: dict[int, _Fit | None] = {}

    def shape_one(size: int, i: int) -> list:
        if (size, i) not in shaped:
            shaped[size, i] = shape_paragraph(paras[i].prepared, size=size, tab_size=TAB_SIZE)
        return shaped[size, i]

    def shape(size: int) -> list:
        return [shape_one(size, i) for i in range(len(paras))]

    flow = _Flow(paras)
    complete: set[int] = set()  # sizes every paragraph is shaped at
    measured: dict[int, tuple] = {}  # some of them -> the flow's _shaped_widths there, when first needed

    def fits(size: int) -> bool:
        if size not in attempts:
            ref = min(complete, key=lambda r: (abs(r - size), r), default=size)
            if ref != size and ref not in measured:
                measured[ref] = _shaped_widths(flow, shape(ref))
            # the strong floor is never lower, and worth its analysis only where a font is taller than the floor
            strong = any(_floor_pitch(size, p.fonts) < _line_pitch(size, p.fonts) for p in paras)
            if ref != size and _overflows_scaled(flow, *measured[ref], ref, size, content, style, strong):
                attempts[size] = None
            else:
                attempts[size] = _lay_out(paras, lambda i: shape_one(size, i), size, content, margin, style)
                if all((size, i) in shaped for i in range(len(paras))):
                    complete.add(size)
        return attempts[size] is not None

    if font_size is None:
        top = min(MAX_FONT_SIZE, content[1])
        mono = style == "mono"
        # a first guess from each character's own advance, a second from the text shaped at the first guess
        m = _Measure(flow, _nominal_widths(flow), _REF_SIZE)
        guess = _search(lambda s: _estimate_fits(m, s, content, mono), MIN_FONT_SIZE * 2, MIN_FONT_SIZE,
                        top) or MIN_FONT_SIZE
        measured[guess] = _shaped_widths(flow, shape(guess))
        complete.add(guess)
        m = _Measure(flow, measured[guess][0], guess)
        guess = _search(lambda s: _estimate_fits(m, s, content, mono), guess, MIN_FONT_SIZE, top) or MIN_FONT_SIZE
        size = _search(fits, guess, MIN_FONT_SIZE, top)
        if size is None:
            raise PageFitError(
                f"text of {len(text)} code points does not fit a {width}x{height} px canvas with a {margin} px "
                f"margin even at the smallest font size, {MIN_FONT_SIZE} px ({style}, language {language!r}); "
                "shorten the text, or use a larger canvas or a smaller margin"
            )
    else:
        size = font_size
        shape(size)  # every paragraph, so a missing glyph is named whether or not the page fits
        if not fits(size):
            raise PageFitError(
                f"text of {len(text)} code points does not fit a {width}x{height} px canvas with a {margin} px "
                f"margin at font_size={size} ({style}, language {language!r}); pass font_size=None to pick the "
                "largest size that fits, or shorten the text"
            )
    fit = attempts[size]
    options = dict(width=width, height=height, font_size=size, margin=margin, style=style, language=language)
    return compose_rendered(text, fit.laid, rasterize(fit.laid, size), (width, height), fit.shift, options,
                            RenderedPage)
