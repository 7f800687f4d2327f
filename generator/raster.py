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
from dataclasses import dataclass

import numpy as np
import uharfbuzz as hb
from PIL import Image

from .fonts import LoadedFont

#: Sub-pixel positions per pixel, horizontally and vertically.
SUBPIXEL = 4
_CACHE_LIMIT = 200_000


@dataclass(frozen=True, eq=False)
class Bitmap:
    """A rasterized glyph: coverage (or premultiplied RGBA) and its offset from the integer origin."""

    alpha: np.ndarray  # float32 (h, w) coverage in [0, 1]
    left: int
    top: int  # y down: negative is above the baseline
    rgb: np.ndarray | None = None  # float32 (h, w, 3) premultiplied colour, for colour glyphs

    @property
    def width(self) -> int:
        return self.alpha.shape[1]

    @property
    def height(self) -> int:
        return self.alpha.shape[0]


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


@dataclass(frozen=True)
class Placed:
    """A bitmap at an integer position of the canvas-to-be (y down)."""

    bitmap: Bitmap
    x: int
    y: int


def compose(placed: list[Placed], width: int, height: int, dx: int, dy: int) -> np.ndarray:
    """Draw black coverage and colour glyphs over white; returns uint8 (h, w) or (h, w, 3).

    Every glyph is shifted by ``(dx, dy)``; the caller has sized the canvas so
    that all ink falls inside it.
    """
    cov = np.zeros((height, width), np.float32)
    colored = []
    for p in placed:
        bm = p.bitmap
        if bm.rgb is not None:
            colored.append(p)
            continue
        x0, y0 = p.x + dx, p.y + dy
        region = cov[y0 : y0 + bm.height, x0 : x0 + bm.width]
        a = bm.alpha
        # "over": c = c + a - c * a
        region += a * (1 - region)
    if not colored:
        return np.rint(255 - cov * 255).astype(np.uint8)
    rgb = np.repeat((1 - cov)[:, :, None], 3, axis=2)
    for p in colored:
        bm = p.bitmap
        x0, y0 = p.x + dx, p.y + dy
        region = rgb[y0 : y0 + bm.height, x0 : x0 + bm.width]
        region *= 1 - bm.alpha[:, :, None]
        region += bm.rgb
    return np.rint(rgb * 255).astype(np.uint8)
