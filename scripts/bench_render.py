#!/usr/bin/env python3
"""Benchmark: percels' renderer against Pillow's ImageDraw.text with the RAQM layout, side by side.

Both render every line of scripts/bench_corpus.tsv at 32 px, black on white, in one process and one run.
Each is timed end to end (render + PNG encode) and for rendering alone; the ratios are printed against
Pillow end to end as it is ordinarily used (RGB image, Pillow's default PNG settings), and, for
transparency, against Pillow's drawing alone. When Debian's python3 has PyGObject and Pango
(scripts/setup installs them), PangoCairo is measured on the same corpus in the same run too. Pillow
gets each line's primary pinned font (RAQM has no per-character fallback). Timings take the best of
``--repeat`` passes after one warm-up pass, so caches are warm for both.

    python scripts/bench_render.py [--repeat 3] [--compress-levels]
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_corpus import load_corpus  # noqa: E402
from generator import render  # noqa: E402
from generator.fonts import entry, locate  # noqa: E402
from generator.itemize import BidiParagraph, itemize  # noqa: E402

SIZE = 32


def style_of(category: str) -> str:
    return "mono" if category == "code" else "sans"


def pillow_setup(rows):
    """Per line: the PIL font of its first run's pinned font, and its RAQM direction."""
    fonts, setup = {}, []
    for category, language, text in rows:
        bidi = BidiParagraph(text, None)
        item = itemize(text, bidi.levels, style=style_of(category), language=language)[0]
        e = entry(item.font_id if item.font_id != "noto-color-emoji" else "noto-sans")
        key = (e.font_id, SIZE)
        if key not in fonts:
            fonts[key] = ImageFont.truetype(str(locate(e)), SIZE, index=e.face_index,
                                            layout_engine=ImageFont.Layout.RAQM)
        setup.append((fonts[key], "rtl" if bidi.base_level else "ltr", language, text))
    return setup


def pillow_draw(font, direction, language, text) -> Image.Image:
    left, top, right, bottom = font.getbbox(text, direction=direction, language=language)
    img = Image.new("RGB", (right - left + 16, bottom - top + 16), "white")
    ImageDraw.Draw(img).text((8 - left, 8 - top), text, font=font, fill="black", direction=direction,
                             language=language)
    return img


def png(img: Image.Image, level: int | None = None) -> bytes:
    """PNG bytes; ``level`` None is Pillow's default (zlib level 6), as the baseline is used."""
    out = io.BytesIO()
    if level is None:
        img.save(out, format="PNG")
    else:
        img.save(out, format="PNG", compress_level=level)
    return out.getvalue()


def best_of(fn, repeat: int) -> float:
    fn()  # warm-up: fonts opened, glyph caches filled
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def pango_rates(repeat: int, extra: tuple[str, ...] = ()) -> dict | None:
    """PangoCairo's lines/s on the same corpus (or what ``extra`` arguments ask of scripts/bench_pango.py), from
    Debian's python3 in a subprocess; None if unavailable."""
    script = Path(__file__).with_name("bench_pango.py")
    try:
        done = subprocess.run(["/usr/bin/python3", str(script), "--repeat", str(repeat), *extra], capture_output=True,
                              text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"PangoCairo baseline skipped: {exc}")
        return None
    if done.returncode != 0:
        print("PangoCairo baseline skipped: install python3-gi python3-gi-cairo gir1.2-pango-1.0 "
              f"({done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'no output'})")
        return None
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--compress-levels", action="store_true", help="also compare PNG zlib levels")
    args = parser.parse_args()
    if not features.check("raqm"):
        print("Pillow was built without RAQM: the baseline cannot run", file=sys.stderr)
        return 1
    rows = load_corpus()
    n = len(rows)
    setup = pillow_setup(rows)
    kwargs = [dict(language=lang, style=style_of(cat), font_size=SIZE) for cat, lang, _ in rows]

    ours_render = best_of(lambda: [render(t, **k) for (_, _, t), k in zip(rows, kwargs)], args.repeat)
    ours_e2e = best_of(lambda: [render(t, **k).to_png() for (_, _, t), k in zip(rows, kwargs)], args.repeat)
    pil_render = best_of(lambda: [pillow_draw(*s) for s in setup], args.repeat)
    pil_e2e = best_of(lambda: [png(pillow_draw(*s)) for s in setup], args.repeat)

    rate = lambda seconds: n / seconds  # noqa: E731
    print(f"corpus: {n} lines, {len({c for c, _, _ in rows})} categories, {SIZE} px; best of {args.repeat}")
    print(f"{'':28}{'lines/s':>10}")
    print(f"{'percels render':28}{rate(ours_render):10.0f}")
    print(f"{'percels render + PNG':28}{rate(ours_e2e):10.0f}")
    print(f"{'Pillow RAQM draw':28}{rate(pil_render):10.0f}")
    print(f"{'Pillow RAQM draw + PNG':28}{rate(pil_e2e):10.0f}")
    print(f"ratio end to end (percels render+PNG / Pillow draw+PNG): {pil_e2e / ours_e2e:.2f}x   (target >= 2)")
    print(f"ratio rendering alone (percels render / Pillow draw+PNG): {pil_e2e / ours_render:.2f}x   (target >= 10)")
    print(f"ratio rendering alone (percels render / Pillow draw only): {pil_render / ours_render:.2f}x")

    pango = pango_rates(args.repeat)
    if pango:
        print(f"{'PangoCairo render':28}{pango['render']:10.0f}   (Debian python3, scripts/bench_pango.py)")
        print(f"{'PangoCairo render + PNG':28}{pango['e2e']:10.0f}")
        print(f"ratio end to end (percels / PangoCairo): {rate(ours_e2e) / pango['e2e']:.2f}x")
        print(f"ratio rendering alone (percels / PangoCairo): {rate(ours_render) / pango['render']:.2f}x")

    if args.compress_levels:
        images = [render(t, **k).image for (_, _, t), k in zip(rows, kwargs)]
        for level in (1, 3, 6, 9):
            seconds = best_of(lambda: [png(im, level) for im in images], 1)
            size = sum(len(png(im, level)) for im in images)
            print(f"PNG zlib level {level}: {rate(seconds):8.0f} encodes/s, {size / n / 1024:6.1f} KiB per line")
    return 0


if __name__ == "__main__":
    sys.exit(main())
