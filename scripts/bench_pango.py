#!/usr/bin/python3
"""PangoCairo baseline for scripts/bench_render.py, run with Debian's python3 (python3-gi, gir1.2-pango-1.0).

Renders every line of bench_corpus.tsv at 32 px, black on white, the way the PIXEL models' renderer does:
a Pango layout with fontconfig fallback on an ARGB32 Cairo surface sized to the layout's ink. Prints one
JSON object: lines/s for rendering alone and for rendering plus PNG encode (best of --repeat passes).

With ``--pages FILE`` (a JSON list of pages written by scripts/bench_pages.py) it lays out each page's text
instead, wrapped at word or character boundaries into the page's canvas at the page's font size and margin,
on an RGB24 surface of exactly the canvas; the JSON then gives pages/s.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

import cairo
import gi

gi.require_version("Pango", "1.0")
gi.require_version("PangoCairo", "1.0")
from gi.repository import Pango, PangoCairo  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_corpus import load_corpus  # noqa: E402

SIZE = 32


def draw(text: str, family: str, language: str, scratch: cairo.Context) -> cairo.ImageSurface:
    desc = Pango.FontDescription.from_string(family)
    desc.set_absolute_size(SIZE * Pango.SCALE)
    layout = PangoCairo.create_layout(scratch)
    layout.get_context().set_language(Pango.Language.from_string(language))
    layout.set_font_description(desc)
    layout.set_text(text, -1)
    ink, logical = layout.get_pixel_extents()
    x0, y0 = min(ink.x, logical.x), min(ink.y, logical.y)
    x1 = max(ink.x + ink.width, logical.x + logical.width)
    y1 = max(ink.y + ink.height, logical.y + logical.height)
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, x1 - x0 + 16, y1 - y0 + 16)
    ctx = cairo.Context(surface)
    ctx.set_source_rgb(1, 1, 1)
    ctx.paint()
    ctx.set_source_rgb(0, 0, 0)
    ctx.move_to(8 - x0, 8 - y0)
    PangoCairo.show_layout(ctx, layout)
    surface.flush()
    return surface


def draw_page(page: dict) -> cairo.ImageSurface:
    """One page: the text wrapped into ``width - 2 * margin`` at ``font_size`` px, from the top left margin."""
    width, height, margin = page["width"], page["height"], page["margin"]
    surface = cairo.ImageSurface(cairo.FORMAT_RGB24, width, height)
    ctx = cairo.Context(surface)
    ctx.set_source_rgb(1, 1, 1)
    ctx.paint()
    desc = Pango.FontDescription.from_string("Noto Sans Mono" if page["style"] == "mono" else "Noto Sans")
    desc.set_absolute_size(page["font_size"] * Pango.SCALE)
    layout = PangoCairo.create_layout(ctx)
    layout.get_context().set_language(Pango.Language.from_string(page["language"]))
    layout.set_font_description(desc)
    if page["style"] != "mono":
        layout.set_width((width - 2 * margin) * Pango.SCALE)
        layout.set_wrap(Pango.WrapMode.WORD_CHAR)
    layout.set_text(page["text"], -1)
    ctx.set_source_rgb(0, 0, 0)
    ctx.move_to(margin, margin)
    PangoCairo.show_layout(ctx, layout)
    surface.flush()
    return surface


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", type=Path, help="JSON list of pages to lay out instead of the corpus lines")
    args = parser.parse_args()
    if args.pages:
        pages = json.loads(args.pages.read_text(encoding="utf-8"))
        jobs = [lambda page=page: draw_page(page) for page in pages]
    else:
        rows = load_corpus()
        scratch = cairo.Context(cairo.ImageSurface(cairo.FORMAT_ARGB32, 1, 1))
        jobs = [lambda t=t, c=c, lang=lang: draw(t, "Noto Sans Mono" if c == "code" else "Noto Sans", lang, scratch)
                for c, lang, t in rows]

    def render_all():
        return [job() for job in jobs]

    def e2e_all():
        for job in jobs:
            out = io.BytesIO()
            job().write_to_png(out)

    result = {}
    for name, fn in (("render", render_all), ("e2e", e2e_all)):
        fn()
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
        result[name] = len(jobs) / best
    print(json.dumps(result))


if __name__ == "__main__":
    main()
