"""Glyph rasterization through a per-process cache, and composition into an image.

Outline glyphs are filled by HarfBuzz's rasterizer (anti-aliased, nonzero
winding) once per font, size, glyph and quarter-pixel phase; colour emoji
come from the font's CBDT strike, scaled to the glyph's extents::

    >>> from generator.fonts import load_font
    >>> bm = glyph_bitmap(load_font("noto-sans"), 32, 36, 0, 0)   # 'A'
    >>> bm.alpha.shape[0] > 20 and bm.alpha.max() == 1.0 and bm.top < 0
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
_CACHE_LIMIT = 200_000


class Bitmap:
    """A rasterized glyph: coverage (or premultiplied RGBA) and its offset from the integer origin.

    ``light`` is ``1 - coverage``, the glyph's transmittance: multiplying
    transmittances composes glyphs with the "over" operator, one in-place
    multiplication per glyph.
    """

    __slots__ = ("alpha", "left", "top", "rgb", "width", "height", "light")

    def __init__(self, alpha: np.ndarray, left: int, top: int, rgb: np.ndarray | None = None):
        self.alpha = alpha  # float32 (h, w) coverage in [0, 1]
        self.left = left
        self.top = top  # y down: negative is above the baseline
        self.rgb = rgb  # float32 (h, w, 3) premultiplied colour, for colour glyphs
        self.height, self.width = alpha.shape
        self.light = (1 - alpha) if rgb is None else None
_EMPTY = np.zeros((0, 0), np.float32)
_outline_cache: dict[tuple, Bitmap] = {}
_color_cache: dict[tuple, Bitmap] = {}
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
        bm = Bitmap(_EMPTY, 0, 0)
    else:
        rows = np.frombuffer(img.buffer, np.uint8).reshape(e.height, e.stride)[::-1, : e.width]
        alpha = rows.astype(np.float32) * np.float32(1 / 255)
        bm = Bitmap(alpha, e.x_origin, -(e.y_origin + e.height))
    if len(_outline_cache) >= _CACHE_LIMIT:
        _outline_cache.clear()
    _outline_cache[key] = bm
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
        rgba = np.asarray(img, np.float32) * np.float32(1 / 255)
        alpha = np.ascontiguousarray(rgba[:, :, 3])
        rgb = rgba[:, :, :3] * alpha[:, :, None]
        bm = Bitmap(alpha, round(ext.x_bearing / 64), -round(ext.y_bearing / 64), rgb)
    _color_cache[key] = bm
    return bm


def place(font: LoadedFont, size: int, gids, gx: np.ndarray, gy: np.ndarray, out: list) -> None:
    """Append ``(bitmap, x, y)`` for each glyph drawn at 26.6 positions ``(gx, gy)`` (y down)."""
    if font.is_color_bitmap:
        for gid, x, y in zip(gids, ((gx + 32) >> 6).tolist(), ((gy + 32) >> 6).tolist()):
            bm = color_bitmap(font, size, gid)
            if bm is not None:
                out.append((bm, x + bm.left, y + bm.top))
        return
    qx = (gx * SUBPIXEL + 32) >> 6
    qy = (gy * SUBPIXEL + 32) >> 6
    fid = font.font_id
    cache = _outline_cache
    for gid, x, y in zip(gids, qx.tolist(), qy.tolist()):
        px, py = x & 3, y & 3
        bm = cache.get((fid, size, gid, px, py))
        if bm is None:
            bm = glyph_bitmap(font, size, gid, px, py)
        if bm.width:
            out.append((bm, (x >> 2) + bm.left, (y >> 2) + bm.top))


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


def compose(placed: list, width: int, height: int, dx: int, dy: int) -> np.ndarray:
    """Draw black coverage and colour glyphs over white; returns uint8 (h, w) or (h, w, 3).

    Coverage is composed with the "over" operator: the transmittances
    ``1 - a`` of overlapping glyphs multiply. Every glyph is shifted by
    ``(dx, dy)``; the caller has sized the canvas so all ink falls inside it.
    """
    light = np.ones((height, width), np.float32)  # 1 - coverage
    colored = []
    for bm, x, y in placed:
        if bm.rgb is not None:
            colored.append((bm, x, y))
            continue
        x0, y0 = x + dx, y + dy
        light[y0 : y0 + bm.height, x0 : x0 + bm.width] *= bm.light
    if not colored:
        light *= 255
        return np.rint(light, out=light).astype(np.uint8)
    rgb = np.repeat(light[:, :, None], 3, axis=2)
    for bm, x, y in colored:
        x0, y0 = x + dx, y + dy
        region = rgb[y0 : y0 + bm.height, x0 : x0 + bm.width]
        region *= 1 - bm.alpha[:, :, None]
        region += bm.rgb
    return np.rint(rgb * 255).astype(np.uint8)
