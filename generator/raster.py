"""Glyph rasterization through a per-process cache, and composition into an image.

Outline glyphs are filled by HarfBuzz's rasterizer (anti-aliased, nonzero
winding) once per font, size, glyph and quarter-pixel phase; colour emoji
come from the font's CBDT strike, scaled to the glyph's extents::

    >>> from generator.fonts import load_font
    >>> bm = glyph_bitmap(load_font("noto-sans"), 32, 36, 0, 0)   # 'A'
    >>> bm.height > 20 and bm.coverage().max() == 1.0 and bm.top < 0
    True

A glyph placed at a fractional position ``(x, y)`` (y down, on its
baseline) is rounded to quarter pixels: its bitmap for phase
``(qx & 3, qy & 3)`` is drawn at the integer origin ``(qx >> 2, qy >> 2)``.
"""

from __future__ import annotations

import io

import numpy as np
import uharfbuzz as hb
from PIL import Image

from .fonts import LoadedFont

#: Sub-pixel positions per pixel, horizontally and vertically.
SUBPIXEL = 4
#: Bytes of glyph images the per-process cache holds before it starts afresh (at 512 px a glyph is up to 1 MiB).
#: Rendering 295 default pages in one process: peak RSS 448 MiB with 128 MiB here and 64 MiB of shaping memo,
#: 342 MiB with 32 and 16, for 4% more time.
CACHE_BYTES = 32 << 20
_CACHE_LIMIT = 200_000  # entries
#: What a cached glyph costs beside its pixels: its Bitmap, Pillow's image object and C image, measured at about
#: 1270 bytes a 12 px CJK glyph of 140 pixel bytes; and a row pointer per row.
_ENTRY_BYTES, _ROW_BYTES = 1200, 8
_BATCH_GLYPHS = 400  # from this many glyphs on, placing is done with arrays (a line has fewer, a page more)


class Bitmap:
    """A rasterized glyph: an 8-bit coverage mask (or an RGBA image) and its offset from the integer origin.

    Outline glyphs carry ``mask``, a Pillow "L" image of their coverage;
    colour glyphs carry ``rgba``, whose alpha is their coverage.
    """

    __slots__ = ("mask", "rgba", "left", "top", "width", "height", "core")

    def __init__(self, image: Image.Image | None, left: int, top: int):
        color = image is not None and image.mode == "RGBA"
        self.mask = None if color else image
        self.rgba = image if color else None
        self.left = left
        self.top = top  # y down: negative is above the baseline
        self.width, self.height = image.size if image is not None else (0, 0)
        self.core = self.mask.im if self.mask is not None else None  # Pillow's C image, for compose

    def coverage(self) -> np.ndarray:
        """Coverage in [0, 1] as float32 (h, w)."""
        if self.width == 0:
            return np.zeros((0, 0), np.float32)
        alpha = np.asarray(self.rgba)[:, :, 3] if self.rgba is not None else np.asarray(self.mask)
        return alpha.astype(np.float32) / 255


_outline_cache: dict[tuple, Bitmap] = {}
_color_cache: dict[tuple, Bitmap | None] = {}
_cached_bytes = 0


def entry_bytes(bm: Bitmap | None) -> int:
    """What caching ``bm`` costs, in bytes, as the cache counts it against :data:`CACHE_BYTES`."""
    if bm is None:
        return _ENTRY_BYTES
    return _ENTRY_BYTES + bm.height * (_ROW_BYTES + bm.width * (4 if bm.rgba is not None else 1))


def _remember(cache: dict, key: tuple, bm: Bitmap | None) -> None:
    """Cache ``bm``; past :data:`CACHE_BYTES` or the entry limit both caches start afresh."""
    global _cached_bytes
    size = entry_bytes(bm)
    if _cached_bytes + size > CACHE_BYTES or len(cache) >= _CACHE_LIMIT:
        forget_glyphs()
    _cached_bytes += size
    cache[key] = bm
def forget_glyphs() -> None:
    """Empty the glyph caches (the next glyphs are rasterized afresh, to the same pixels)."""
    global _cached_bytes
    _outline_cache.clear()
    _color_cache.clear()
    _cached_bytes = 0


_rasterizer: hb.RasterDraw | None = None


def _raster() -> hb.RasterDraw:
    global _rasterizer
    if _rasterizer is None:
        _rasterizer = hb.RasterDraw()
    return _rasterizer


def glyph_bitmap(font: LoadedFont, size: int, gid: int, phase_x: int, phase_y: int) -> Bitmap:
    """Coverage of an outline glyph whose origin sits ``phase/4`` px right of and below an integer point."""
    key = (font.font_id, size, gid, phase_x, phase_y)
    bm = _outline_cache.get(key)
    if bm is not None:
        return bm
    rd = _raster()
    rd.transform = (1 / 64, 0.0, 0.0, 1 / 64, phase_x / SUBPIXEL, -phase_y / SUBPIXEL)
    rd.draw_glyph(font.at_size(size), gid)
    img = rd.render()
    e = img.extents
    if e.width == 0 or e.height == 0:
        bm = Bitmap(None, 0, 0)
    else:
        rows = np.frombuffer(img.buffer, np.uint8).reshape(e.height, e.stride)[::-1, : e.width]
        bm = Bitmap(Image.fromarray(np.ascontiguousarray(rows), "L"), e.x_origin, -(e.y_origin + e.height))
    _remember(_outline_cache, key, bm)
    return bm


def color_bitmap(font: LoadedFont, size: int, gid: int) -> Bitmap | None:
    """The colour (CBDT) image of a glyph scaled to its extents at ``size``; None if it has none."""
    key = (font.font_id, size, gid)
    if key in _color_cache:
        return _color_cache[key]
    hb_font = font.at_size(size)
    png = hb_font.get_glyph_color_png(gid)
    ext = hb_font.get_glyph_extents(gid)
    bm = None
    if png is not None and png.data and ext is not None:
        w = max(1, round(ext.width / 64))
        h = max(1, round(-ext.height / 64))
        img = Image.open(io.BytesIO(png.data)).convert("RGBA").resize((w, h), Image.Resampling.LANCZOS)
        bm = Bitmap(img, round(ext.x_bearing / 64), -round(ext.y_bearing / 64))
    _remember(_color_cache, key, bm)
    return bm


def place_runs(runs: list, size: int, out: list) -> None:
    """Append ``(bitmap, x, y)`` for each glyph of ``runs`` ``(font, gids, gx, gy)``, drawn at 26.6 positions
    ``(gx, gy)`` (y down): outline glyphs in the order of the runs, then colour glyphs.

    Each distinct (font, glyph, phase) is looked up once; the positions of
    all outline glyphs are computed together.
    """
    index: dict[str, int] = {}
    fonts: list[LoadedFont] = []
    parts = []
    for font, gids, gx, gy in runs:
        if not len(gids) or font.is_color_bitmap:
            continue
        k = index.setdefault(font.font_id, len(fonts))
        if k == len(fonts):
            fonts.append(font)
        parts.append((k, gids, gx, gy))
    if sum(len(g) for _, g, _, _ in parts) >= _BATCH_GLYPHS:
        _place_outlines(fonts, parts, size, out)
    else:
        for k, gids, gx, gy in parts:
            _place_few(fonts[k], size, gids, gx, gy, out)
    for font, gids, gx, gy in runs:
        if font.is_color_bitmap:
            for gid, x, y in zip(np.asarray(gids).tolist(), ((gx + 32) >> 6).tolist(), ((gy + 32) >> 6).tolist()):
                bm = color_bitmap(font, size, gid)
                if bm is not None:
                    out.append((bm, x + bm.left, y + bm.top))


def _place_few(font: LoadedFont, size: int, gids: np.ndarray, gx: np.ndarray, gy: np.ndarray, out: list) -> None:
    """Append the placed outline glyphs of one run, glyph by glyph (cheaper than arrays for a line's glyphs)."""
    qx = (gx * SUBPIXEL + 32) >> 6
    qy = (gy * SUBPIXEL + 32) >> 6
    fid = font.font_id
    cache = _outline_cache
    for gid, x, y in zip(gids.tolist(), qx.tolist(), qy.tolist()):
        px, py = x & 3, y & 3
        bm = cache.get((fid, size, gid, px, py))
        if bm is None:
            bm = glyph_bitmap(font, size, gid, px, py)
        if bm.width:
            out.append((bm, (x >> 2) + bm.left, (y >> 2) + bm.top))


def _place_outlines(fonts: list[LoadedFont], parts: list, size: int, out: list) -> None:
    """Append the placed outline glyphs of ``parts`` ``(index into fonts, gids, gx, gy)``, in order."""
    which = np.concatenate([np.full(len(g), k, np.int64) for k, g, _, _ in parts])
    gids = np.concatenate([g for _, g, _, _ in parts]).astype(np.int64)
    qx = (np.concatenate([x for _, _, x, _ in parts]) * SUBPIXEL + 32) >> 6
    qy = (np.concatenate([y for _, _, _, y in parts]) * SUBPIXEL + 32) >> 6
    keys = (which << 40) | (gids << 4) | ((qx & 3) << 2) | (qy & 3)
    unique, inverse = np.unique(keys, return_inverse=True)
    cache = _outline_cache
    bitmaps = []
    for key in unique.tolist():
        font = fonts[key >> 40]
        gid, px, py = (key >> 4) & 0xFFFFFFFFF, (key >> 2) & 3, key & 3
        bm = cache.get((font.font_id, size, gid, px, py))
        bitmaps.append(bm if bm is not None else glyph_bitmap(font, size, gid, px, py))
    n = len(bitmaps)
    left = np.fromiter((bm.left for bm in bitmaps), np.int64, n)[inverse]
    top = np.fromiter((bm.top for bm in bitmaps), np.int64, n)[inverse]
    inked = np.fromiter((bm.width > 0 for bm in bitmaps), bool, n)[inverse]
    objects = np.empty(n, object)
    objects[:] = bitmaps
    x = (qx >> 2) + left
    y = (qy >> 2) + top
    out.extend(zip(objects[inverse[inked]].tolist(), x[inked].tolist(), y[inked].tolist()))


def ink_bounds(placed: list) -> tuple[int, int, int, int] | None:
    """``(x0, y0, x1, y1)`` enclosing every placed bitmap, or None when nothing has ink."""
    if not placed:
        return None
    x0 = y0 = 1 << 30
    x1 = y1 = -(1 << 30)
    for bm, x, y in placed:
        if x < x0:
            x0 = x
        if y < y0:
            y0 = y
        if x + bm.width > x1:
            x1 = x + bm.width
        if y + bm.height > y1:
            y1 = y + bm.height
    return x0, y0, x1, y1


def compose(placed: list, width: int, height: int, dx: int, dy: int) -> Image.Image:
    """Draw black glyphs, then colour glyphs, over white: an "L" image, or "RGB" when colour is drawn.

    Each coverage mask is composed with the "over" operator (Pillow's masked
    paste: ``dst = dst * (1 - a)`` for black ink). Every glyph is shifted by
    ``(dx, dy)``; the caller has sized the canvas so all ink falls inside it.
    """
    canvas = Image.new("L", (width, height), 255)
    # Pillow's C paste, which Image.paste calls after checking its arguments: here they are known
    # good, and the checks would cost more than the paste (tests compare it with Image.paste).
    core = canvas.im
    colored = []
    for bm, x, y in placed:
        if bm.rgba is not None:
            colored.append((bm, x, y))
            continue
        x0, y0 = x + dx, y + dy
        core.paste(0, (x0, y0, x0 + bm.width, y0 + bm.height), bm.core)
    if not colored:
        return canvas
    canvas = canvas.convert("RGB")
    for bm, x, y in colored:
        canvas.paste(bm.rgba, (x + dx, y + dy), bm.rgba)
    return canvas
