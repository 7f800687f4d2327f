"""Shaping one run with HarfBuzz, its context kept.

Each :class:`~generator.itemize.Item` is shaped with its script, direction
and language set explicitly. The buffer gets the whole line as context
(``add_str(text, offset, length)``), so Arabic joining and Indic reordering
see the characters around a font or script boundary::

    >>> from generator.itemize import Item
    >>> run = shape_run("สวัสดี", Item(0, 6, 0, "Thai", "noto-sans-thai", "th"), 32)
    >>> [(int(g), int(c)) for g, c in zip(run.glyphs, run.clusters)]
    [(110, 0), (134, 1), (45, 1), (110, 3), (12, 4), (94, 4)]

Positions are in 26.6 fixed point (1/64 px) at the requested size. HarfBuzz
returns right-to-left runs in visual order; clusters are code-point indices
into the text given.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter

import numpy as np
import uharfbuzz as hb

from .fonts import load_font
from .itemize import Item
from .ucd import is_default_ignorable


@dataclass(frozen=True, eq=False)
class ShapedRun:
    """HarfBuzz's output for one item: glyph ids, clusters and 26.6 positions, in visual order."""

    item: Item
    glyphs: np.ndarray  # int32 glyph ids
    clusters: np.ndarray  # int32 code-point indices into the text
    x_advance: np.ndarray  # int32, 1/64 px
    x_offset: np.ndarray
    y_offset: np.ndarray
    unsafe: np.ndarray | None = None  # bool, HarfBuzz's UNSAFE_TO_BREAK flag per glyph (read where a line is cut)

    @cached_property
    def width(self) -> int:
        """Total advance in 1/64 px."""
        return int(self.x_advance.sum())

    def safe_to_cut(self, cluster: int) -> bool:
        """Whether the text cut before ``cluster`` gives these glyphs on both sides, shaped apart: a cluster of
        the run whose glyphs HarfBuzz does not flag UNSAFE_TO_BREAK (False when the flags were not kept)."""
        at = np.flatnonzero(self.clusters == cluster).tolist()
        return bool(at) and self.unsafe is not None and not self.unsafe[at].any()


_CONTEXT = 5  # HB_BUFFER_CONTEXT_LENGTH: characters of context a buffer keeps on each side
_GID, _CLUSTER = attrgetter("codepoint"), attrgetter("cluster")
_X_ADVANCE, _X_OFFSET, _Y_OFFSET = attrgetter("x_advance"), attrgetter("x_offset"), attrgetter("y_offset")
_FLAGS = attrgetter("flags")
_UNSAFE_TO_BREAK = int(hb.GlyphFlags.UNSAFE_TO_BREAK)

#: OpenType features switched off for the mono style: programming ligatures would draw "!=" as "≠"
#: and "->" as "→", hiding the exact code points that code samples exist to test.
MONO_FEATURES = {"calt": False, "liga": False, "dlig": False}


_shaped: dict[tuple, tuple] = {}  # what HarfBuzz returned for one window of text, font, size and properties
_SHAPED_BYTES_LIMIT = 16 << 20  # the memo is emptied when its entries would pass this
_shaped_bytes = 0
#: What a memo entry costs beyond its window: its key, six array objects and their buffers' headers; and per glyph
#: five int32 values and a flag. Only arrays are kept, no Python object per glyph, so the memo frees cleanly.
_ENTRY_BYTES, _GLYPH_BYTES = 1200, 21


def forget_shaped() -> None:
    """Empty the memo of shaped runs (benchmarks measure text met for the first time)."""
    global _shaped_bytes
    _shaped.clear()
    _shaped_bytes = 0


def shape_run(
    text: str, item: Item, size: int, *, tab_size: int = 4, offset: int = 0, features: dict | None = None
) -> ShapedRun:
    """Shape ``text[item.start - offset : item.end - offset]`` with the rest of ``text`` as context.

    ``offset`` is the index of ``text[0]`` in the paragraph the item's offsets
    refer to; clusters come back relative to the paragraph. A tab is shaped as
    a space and advances ``tab_size`` spaces. HarfBuzz sees only
    ``_CONTEXT`` characters of context on each side, so its output is a
    function of that window: a run met again in the same window (the same
    words on a line and in its paragraph, a size tried twice) is taken from a
    per-process memo, whose arrays are read-only.
    """
    lo = max(0, item.start - offset - _CONTEXT)
    window = text[lo:item.end - offset + _CONTEXT]
    key = (item.font_id, size, window, item.start - offset - lo, item.end - item.start, item.direction, item.script,
           item.language, tab_size, None if features is None else tuple(sorted(features.items())))
    arrays = _shaped.get(key)
    if arrays is None:
        global _shaped_bytes
        arrays = _shape_window(window, key[3], key[4], item, size, tab_size, features)
        cost = _ENTRY_BYTES + 4 * len(window) + _GLYPH_BYTES * len(arrays[0])
        if _shaped_bytes + cost > _SHAPED_BYTES_LIMIT:
            _shaped.clear()
            _shaped_bytes = 0
        _shaped[key] = arrays
        _shaped_bytes += cost
    glyphs, clusters, x_adv, x_off, y_off, unsafe = arrays
    if offset + lo:
        clusters = clusters + (offset + lo)
    return ShapedRun(item, glyphs, clusters, x_adv, x_off, y_off, unsafe)


def _shape_window(window: str, start: int, length: int, item: Item, size: int, tab_size: int,
                  features: dict | None) -> tuple[np.ndarray, ...]:
    """HarfBuzz's glyphs, clusters (into ``window``) and positions for ``window[start:start + length]``."""
    hb_font = load_font(item.font_id).at_size(size)
    buf = hb.Buffer()
    buf.add_str(window.replace("\t", " ") if "\t" in window else window, start, length)
    buf.direction = item.direction
    if item.script != "Zyyy":
        buf.script = item.script
    if item.language:
        buf.language = item.language
    hb.shape(hb_font, buf, features)
    infos = buf.glyph_infos
    positions = buf.glyph_positions
    n = len(infos)
    glyphs = np.fromiter(map(_GID, infos), np.int32, n)
    clusters = np.fromiter(map(_CLUSTER, infos), np.int32, n)
    x_adv = np.fromiter(map(_X_ADVANCE, positions), np.int32, n)
    x_off = np.fromiter(map(_X_OFFSET, positions), np.int32, n)
    y_off = np.fromiter(map(_Y_OFFSET, positions), np.int32, n)
    unsafe = (np.fromiter(map(_FLAGS, infos), np.uint32, n) & _UNSAFE_TO_BREAK) != 0
    if "\t" in window:
        for k in range(n):
            if window[clusters[k]] == "\t":
                x_adv[k] *= tab_size
    for a in (glyphs, clusters, x_adv, x_off, y_off, unsafe):
        a.flags.writeable = False
    return glyphs, clusters, x_adv, x_off, y_off, unsafe


def notdef_clusters(run: ShapedRun, text: str, offset: int = 0) -> list[int]:
    """Cluster indices where HarfBuzz produced .notdef for a visible character."""
    if run.glyphs.all():
        return []
    bad = []
    for gid, cluster in zip(run.glyphs, run.clusters):
        if gid == 0 and not is_default_ignorable(ord(text[cluster - offset])):
            bad.append(int(cluster))
    return bad
