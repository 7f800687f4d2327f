"""Glyph rasterization and composition: cache, sub-pixel phases, colour strikes, the "over" operator."""

from __future__ import annotations

import numpy as np
from PIL import Image

from generator.fonts import load_font
from generator.raster import color_bitmap, compose, glyph_bitmap, ink_bounds

SANS = load_font("noto-sans")
A = 36  # glyph id of 'A' in the pinned Noto Sans


def test_cache_returns_the_same_bitmap():
    assert glyph_bitmap(SANS, 32, A, 1, 2) is glyph_bitmap(SANS, 32, A, 1, 2)


def test_cache_holds_at_most_its_byte_budget(monkeypatch):
    from generator import raster

    monkeypatch.setattr(raster, "CACHE_BYTES", 400_000)
    raster._outline_cache.clear()
    raster._color_cache.clear()
    monkeypatch.setattr(raster, "_cached_bytes", 0)
    held = []
    for gid in range(36, 36 + 60):  # 60 glyphs of about 512 x 512 px: over 15 MB if all were kept
        bm = glyph_bitmap(SANS, 512, gid, 0, 0)
        held.append(sum(raster.entry_bytes(b) for b in raster._outline_cache.values()))
        assert raster._cached_bytes == held[-1] <= 400_000
        assert bm.width > 0 and raster._outline_cache[(SANS.font_id, 512, gid, 0, 0)] is bm
    assert held.count(held[-1]) < 60 and min(held[1:]) < max(held), "the cache started afresh at its budget"


def test_cache_counts_at_least_the_memory_its_small_glyphs_take():
    import subprocess
    import sys

    code = r"""
import gc
from generator import raster
from generator.fonts import load_font
from generator.shards.memory import release_memory, tune_allocators

def anon_bytes():
    for line in open("/proc/self/status"):
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) * 1024

tune_allocators()
font = load_font("noto-sans-cjk-jp")
raster.glyph_bitmap(font, 12, 1000, 0, 0)
raster.forget_glyphs(); gc.collect(); release_memory()
before = anon_bytes()
for gid in range(1001, 16001):  # 15000 glyphs of 12 px: their pixels are a small part of what they take
    raster.glyph_bitmap(font, 12, gid, 0, 0)
gc.collect(); release_memory()
pixels = sum(b.width * b.height for b in raster._outline_cache.values())
print(len(raster._outline_cache), anon_bytes() - before, raster._cached_bytes, pixels)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    entries, taken, counted, pixels = map(int, out.split())
    assert entries == 15000 and pixels < taken / 4 and taken <= counted


def test_quarter_pixel_phases_shift_the_coverage():
    base = glyph_bitmap(SANS, 32, A, 0, 0).coverage()
    half = glyph_bitmap(SANS, 32, A, 2, 0).coverage()
    assert not np.array_equal(base, half) or glyph_bitmap(SANS, 32, A, 2, 0).left != glyph_bitmap(SANS, 32, A, 0, 0).left
    centroid = lambda bm: (bm.coverage().sum(axis=0) * (np.arange(bm.width) + bm.left)).sum() / bm.coverage().sum()  # noqa: E731
    shift = centroid(glyph_bitmap(SANS, 32, A, 2, 0)) - centroid(glyph_bitmap(SANS, 32, A, 0, 0))
    assert abs(shift - 0.5) < 0.1


def test_glyph_sits_on_the_baseline():
    bm = glyph_bitmap(SANS, 32, A, 0, 0)
    assert bm.top < -20 and -1 <= bm.top + bm.height <= 1, "'A' rises from the baseline"


def test_colour_glyph_is_scaled_to_its_extents():
    emoji = load_font("noto-color-emoji")
    gid = emoji.font.get_nominal_glyph(0x1F600)
    small, large = color_bitmap(emoji, 16, gid), color_bitmap(emoji, 64, gid)
    assert small.rgba.mode == "RGBA" and abs(large.width / small.width - 4) < 0.3
    rgb = np.asarray(large.rgba)[:, :, :3].astype(int)
    assert (rgb.max(axis=2) - rgb.min(axis=2)).max() > 100


def test_compose_is_the_over_operator_of_image_paste():
    bm = glyph_bitmap(SANS, 48, A, 0, 0)
    placed = [(bm, 5 - bm.left, 50), (bm, 12 - bm.left, 52)]  # overlapping copies
    ink = ink_bounds(placed)
    w, h = ink[2] - ink[0] + 4, ink[3] - ink[1] + 4
    dx, dy = 2 - ink[0], 2 - ink[1]
    ours = np.asarray(compose(placed, w, h, dx, dy))
    public = Image.new("L", (w, h), 255)
    for b, x, y in placed:
        public.paste(0, (x + dx, y + dy), b.mask)
    assert np.array_equal(ours, np.asarray(public))
    assert ours.min() == 0 and ours[0].min() == 255


def test_ink_bounds_of_nothing_is_none():
    assert ink_bounds([]) is None
