#!/usr/bin/env python3
"""Benchmark: render_page against PangoCairo laying out the same text on the same canvas, side by side.

Each (category, language) group of scripts/bench_corpus.tsv in the page groups (latin, logographic,
unsegmented, complex, code, identifiers; the emoji and homoglyph lines make no pages) becomes one page per
canvas: its lines in paragraphs of four (code keeps one line per line), cycled until the canvas's character
budget. percels
renders every page with ``font_size=None`` (the fit search included) and again at the size it chose;
PangoCairo (Debian's python3, scripts/bench_pango.py --pages) lays out the same text at that size and
margin, wrapped into the same width, on an RGB24 surface of the canvas, with libpng's default level.
Each of ``--repeat`` rounds times one pass of every variant, the two renderers one after the other (after a
warm-up pass each), so a shared machine's load weighs on both alike; the best round of each counts.

    python scripts/bench_pages.py [--repeat 3] [--canvas 512 --canvas 1024] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_corpus import load_corpus  # noqa: E402
from bench_render import pango_rates  # noqa: E402
from generator import render_page  # noqa: E402
from generator.shaping import forget_shaped  # noqa: E402

#: The corpus categories that are page groups of the ``pages`` config.
PAGE_GROUPS = ("latin", "logographic", "unsegmented", "complex", "code", "identifiers")
#: Characters of text per page, per canvas side (about 600 to 1,300 cl100k tokens of English at 1024).
BUDGET = {512: 1200, 640: 1800, 1024: 4000, 1280: 6000}


def page_texts(side: int) -> list[dict]:
    """One page per corpus group: ``text``, ``language``, ``style``, ``width``, ``height``."""
    groups: dict[tuple[str, str], list[str]] = {}
    for category, language, text in load_corpus():
        if category in PAGE_GROUPS:
            groups.setdefault((category, language), []).append(text)
    budget = BUDGET.get(side, side * 4)
    pages = []
    for (category, language), lines in groups.items():
        code = category == "code"
        chosen: list[str] = []
        k = 0
        while sum(len(t) + 1 for t in chosen) < budget:
            chosen.append(lines[k % len(lines)])
            k += 1
        if code:
            text = "\n".join(chosen)
        else:
            text = "\n".join(" ".join(chosen[i:i + 4]) for i in range(0, len(chosen), 4))
        pages.append(dict(text=text, language=language, style="mono" if code else "sans", width=side, height=side))
    return pages


def fresh(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` with the shaping memo empty, as for a text not met before."""
    forget_shaped()
    return fn(*args, **kwargs)


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def pango_page_rates(pages: list[dict], repeat: int) -> dict | None:
    """PangoCairo's pages/s on ``pages`` (scripts/bench_pango.py --pages); None if unavailable."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as f:
        json.dump(pages, f, ensure_ascii=False)
        f.flush()
        return pango_rates(repeat, ("--pages", f.name))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--canvas", type=int, action="append", help="square canvas side (repeatable)")
    parser.add_argument("--profile", action="store_true", help="print where render_page spends its time")
    args = parser.parse_args()
    for side in args.canvas or [512, 1024]:
        pages = page_texts(side)
        keys = ("width", "height", "language", "style")
        chosen = [render_page(p["text"], **{k: p[k] for k in keys}) for p in pages]
        for p, r in zip(pages, chosen):
            p["font_size"], p["margin"] = r.options["font_size"], r.options["margin"]
        # the shaping memo is emptied before each page: a build draws each text once per canvas (glyph
        # bitmaps, cached per font and size, are kept, as they are across the pages of a build)
        fit = lambda: [fresh(render_page, p["text"], **{k: p[k] for k in keys}) for p in pages]  # noqa: E731
        at_size = [dict({k: p[k] for k in keys}, font_size=p["font_size"]) for p in pages]
        fixed = lambda: [fresh(render_page, p["text"], **kw) for p, kw in zip(pages, at_size)]  # noqa: E731
        # rounds interleave the two renderers, so that the load of a shared machine weighs on both alike
        best = dict(render=float("inf"), e2e=float("inf"), fixed=float("inf"), fixed_e2e=float("inf"),
                    pango_render=0.0, pango_e2e=0.0)
        fit()
        for _ in range(args.repeat):
            best["render"] = min(best["render"], timed(fit))
            best["e2e"] = min(best["e2e"], timed(lambda: [r.to_png() for r in fit()]))
            best["fixed"] = min(best["fixed"], timed(fixed))
            best["fixed_e2e"] = min(best["fixed_e2e"], timed(lambda: [r.to_png() for r in fixed()]))
            pango = pango_page_rates(pages, 1)
            if pango:
                best["pango_render"] = max(best["pango_render"], pango["render"])
                best["pango_e2e"] = max(best["pango_e2e"], pango["e2e"])
        t_render, t_e2e, t_fixed = best["render"], best["e2e"], best["fixed"]
        n = len(pages)
        sizes = sorted(p["font_size"] for p in pages)
        chars = sum(len(p["text"]) for p in pages) / n
        print(f"canvas {side}x{side}: {n} pages, {chars:.0f} characters on average, font sizes "
              f"{sizes[0]}-{sizes[-1]} px (median {sizes[n // 2]}); best of {args.repeat}")
        print(f"{'':44}{'pages/s':>10}")
        print(f"{'percels render_page (fit search)':44}{n / t_render:10.1f}")
        print(f"{'percels render_page + PNG (fit search)':44}{n / t_e2e:10.1f}")
        print(f"{'percels render_page at the chosen size':44}{n / t_fixed:10.1f}")
        print(f"{'percels render_page + PNG at the chosen size':44}{n / best['fixed_e2e']:10.1f}")
        if best["pango_e2e"]:
            print(f"{'PangoCairo render at that size':44}{best['pango_render']:10.1f}   (Debian python3)")
            print(f"{'PangoCairo render + PNG at that size':44}{best['pango_e2e']:10.1f}")
            print(f"ratio end to end (percels fit + PNG / PangoCairo + PNG): {n / t_e2e / best['pango_e2e']:.2f}x"
                  "   (target >= 1.5)")
            print(f"ratio rendering alone (percels fit / PangoCairo): {n / t_render / best['pango_render']:.2f}x")
            print(f"ratio end to end at the same size, no search: {n / best['fixed_e2e'] / best['pango_e2e']:.2f}x")
        if args.profile:
            prof = cProfile.Profile()
            prof.runcall(lambda: [r.to_png() for r in fit()])
            pstats.Stats(prof).sort_stats("tottime").print_stats(20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
