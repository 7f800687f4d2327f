"""How alike two short strings look in the pinned fonts: a shape distance in ems.

Two things tell glyphs apart, where their outlines run and how heavy their strokes are.

- ``outline_distance(a, b, font_size=..., style=...)`` renders both strings with
  the real renderer, takes the outline pixels of their ink (coverage of at
  least one half, with an uncovered 4-neighbour) and measures the **Hausdorff
  distance** between the two outlines: the farthest any outline pixel of one
  string lies from the other string's outline, in pixels. The strings are
  centred on each other horizontally (side bearings and advance widths do not
  count: the shape does) and keep their place on the line vertically (a
  subscript hook is not an ``i``); the best offset within
  ``±max(1, font_size // 16)`` px in both axes absorbs rounding and baseline
  differences between fonts. A tail (σ against o) or a hook (ҽ against e) is
  far from the other outline even when it is a small part of it.
- ``stroke_weight(text, ...)``: twice the ink area over the outline length,
  the mean stroke width in pixels; a bold ``i`` (ℹ in the serif fallback) has
  the outline of an ``i`` but not its weight.

``shape_distance(a, b, sizes=..., style=...)`` is what the homoglyph tables
record: the larger of (1) the outline distance less one pixel of
rasterization noise, over the size, worst over ``sizes``, and (2) the stroke
weight difference over the size at the largest size; in ems, 3 decimals.
0 means the same outlines and weight up to a pixel::

    >>> outline_distance("a", "\\u0430", font_size=32, style="sans")   # Cyrillic а: the same glyph
    0.0
    >>> shape_distance("i", "\\u037a", sizes=(32,), style="sans") > 0.3   # ypogegrammeni: a hook under the line
    True
    >>> shape_distance("rn", "m", sizes=(32,), style="sans") < shape_distance("rn", "m", sizes=(32,), style="mono")
    True

Strings the renderer refuses raise its errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

def outline_points(text: str, *, font_size: int, style: str) -> np.ndarray:
    """(n, 2) float32 ``(x, y)`` of the outline pixels of ``text`` as rendered."""
    from .render import render

    image = render(text, font_size=font_size, style=style).image.convert("L")
    ink = np.asarray(image, dtype=np.uint8) <= 127
    padded = np.pad(ink, 1)
    inner = padded[:-2, 1:-1] & padded[2:, 1:-1] & padded[1:-1, :-2] & padded[1:-1, 2:]
    ys, xs = np.nonzero(ink & ~inner)
    return np.stack([xs, ys], axis=1).astype(np.float32)


def _hausdorff(p: np.ndarray, q: np.ndarray) -> float:
    d = np.sqrt(((p[:, None, :] - q[None, :, :]) ** 2).sum(axis=-1))
    return float(max(d.min(axis=1).max(), d.min(axis=0).max()))


def outline_distance(a: str, b: str, *, font_size: int, style: str) -> float:
    """Hausdorff distance between the outlines of ``a`` and ``b``, in pixels (see the module doc)."""
    p = _outline(a, font_size, style)
    q = _outline(b, font_size, style)
    if not len(p) or not len(q):
        return 0.0 if len(p) == len(q) else float(font_size)
    centre = (p[:, 0].min() + p[:, 0].max()) / 2 - (q[:, 0].min() + q[:, 0].max()) / 2
    q = q + np.array([round(float(centre)), 0], dtype=np.float32)
    win = max(1, font_size // 16)
    return min(_hausdorff(p, q + np.array([dx, dy], dtype=np.float32))
               for dx in range(-win, win + 1) for dy in range(-win, win + 1))


def stroke_weight(text: str, *, font_size: int, style: str) -> float:
    """Mean stroke width of ``text`` in pixels: twice its ink (coverage summed) over its outline length."""
    from .render import render

    ink = 255 - np.asarray(render(text, font_size=font_size, style=style).image.convert("L"), dtype=np.float64)
    outline = len(_outline(text, font_size, style))
    return 2 * float(ink.sum()) / 255 / outline if outline else 0.0


def shape_distance(a: str, b: str, *, sizes: Sequence[int], style: str) -> float:
    """How unlike ``a`` and ``b`` look, in ems (see the module doc).

    >>> shape_distance("a", "\\u0430", sizes=(12, 24), style="serif")
    0.0
    """
    outline = max(max(0.0, outline_distance(a, b, font_size=size, style=style) - 1) / size for size in sizes)
    top = max(sizes)
    weight = abs(stroke_weight(a, font_size=top, style=style) - stroke_weight(b, font_size=top, style=style)) / top
    return round(max(outline, weight), 3)


@lru_cache(maxsize=4096)
def _outline(text: str, font_size: int, style: str) -> np.ndarray:
    return outline_points(text, font_size=font_size, style=style)
