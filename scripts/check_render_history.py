#!/usr/bin/env python3
"""Check that a renderer process's history never changes its pixels: a long-running process (a build worker)
must draw every sample exactly as a fresh process does.

Samples: pages of the default recipe's ``pages`` plan (every Khmer, Lao and code page, then an even spread of
the rest, up to ``--pages``) and lines of ``scripts/bench_corpus.tsv`` (an even spread, up to ``--lines``).

1. Each sample is rendered in a process of its own (a fresh interpreter: nothing cached), giving its
   reference SHA-256 of mode, size and pixels.
2. This process then renders every sample ``--passes`` times, one pass after the other: in plan order with
   the default memo limits, in reverse order with tiny ones (the glyph cache and the shaping memo start
   afresh every few glyphs), then shuffled with huge ones and the memos (and open fonts)
   forgotten now and then, as a build worker does at a change of config.

Every difference is printed with its pass and sample; with ``--out`` the two images and a mask of the
differing pixels are written there as PNGs. The exit status is 1 on any difference::

    python scripts/check_render_history.py                         # about 2 minutes on 2 cores
    python scripts/check_render_history.py --all-pages --lines 0 --passes 6 --out history/
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_corpus import load_corpus  # noqa: E402

#: (glyph cache bytes, shaping memo bytes, chance of forgetting memos and fonts before a sample) per pass, cycled.
PRESSURES = ((None, None, 0.0), (64 << 10, 16 << 10, 0.0), (1 << 30, 1 << 30, 0.02))


def _draw(sample: tuple):
    """The :class:`~generator.render.Rendered` of ``("page", text, width, height, language, style)`` or
    ``("line", text, language, style)``, or the name of the error it raises."""
    from generator import render, render_page
    from generator.errors import PercelsError

    try:
        if sample[0] == "page":
            _, text, width, height, language, style = sample
            return render_page(text, width=width, height=height, language=language, style=style)
        _, text, language, style = sample
        return render(text, language=language, style=style)
    except PercelsError as e:
        return type(e).__name__


def _digest(r) -> str:
    if isinstance(r, str):
        return r
    return hashlib.sha256(r.image.mode.encode() + repr(r.size).encode() + r.image.tobytes()).hexdigest()


def fresh_digest(sample: tuple) -> str:
    """Run in a process of its own: the sample's digest with nothing cached before it."""
    return _digest(_draw(sample))


def fresh_image(sample: tuple):
    r = _draw(sample)
    return None if isinstance(r, str) else r.image


def page_samples(limit: int, everything: bool) -> list[tuple[str, tuple]]:
    """``(name, sample)`` of planned pages: all of them, or Khmer, Lao and code first and an even spread."""
    from generator.plan_pages import plan_for
    from generator.recipe import PAGES, load_recipe

    recipe = load_recipe(ROOT / "datasets" / "percels" / "recipe.toml")
    config = next(c for c in recipe.configs if c.name == PAGES)
    planned = [s for samples in plan_for(config, recipe.master_seed).values() for s in samples]
    if not everything:
        first = [s for s in planned if s.language in ("km", "lo") or s.style == "mono"]
        rest = [s for s in planned if s not in first]
        step = max(1, len(rest) // max(1, limit - len(first)))
        planned = (first[:limit] + rest[::step])[:limit]
    return [(f"page {s.id} {s.language} {s.style}",
             ("page", s.text, s.canvas_width, s.canvas_height, s.language, s.style)) for s in planned]


def line_samples(limit: int) -> list[tuple[str, tuple]]:
    corpus = load_corpus()
    step = max(1, len(corpus) // limit) if limit else len(corpus) + 1
    return [(f"line {k} {category}", ("line", text, language or None, "mono" if category == "code" else "sans"))
            for k, (category, language, text) in enumerate(corpus) if k % step == 0][:limit]


def _save(out: Path, name: str, sample: tuple, long_lived, workers: ProcessPoolExecutor) -> None:
    """Both images of a differing sample, and the pixels where they differ (white), as PNGs."""
    import numpy as np
    from PIL import Image

    out.mkdir(parents=True, exist_ok=True)
    stem = "".join(c if c.isalnum() else "_" for c in name)
    fresh = workers.submit(fresh_image, sample).result()
    if fresh is not None:
        fresh.save(out / f"{stem}.fresh.png")
    if not isinstance(long_lived, str):
        long_lived.image.save(out / f"{stem}.long.png")
        if fresh is not None and fresh.size == long_lived.image.size and fresh.mode == long_lived.image.mode:
            a, b = np.asarray(fresh), np.asarray(long_lived.image)
            differ = (a != b) if a.ndim == 2 else (a != b).any(axis=2)
            Image.fromarray((differ * 255).astype(np.uint8), "L").save(out / f"{stem}.mask.png")
            ys, xs = np.nonzero(differ)
            print(f"    {len(ys)} pixels differ, in x {xs.min()}..{xs.max()}, y {ys.min()}..{ys.max()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60, help="planned pages to check (Khmer, Lao, code first)")
    parser.add_argument("--all-pages", action="store_true", help="every page of the default pages plan")
    parser.add_argument("--lines", type=int, default=60, help="corpus lines to check")
    parser.add_argument("--passes", type=int, default=3, help="passes over the samples in this process")
    parser.add_argument("--workers", type=int, default=2, help="fresh processes at a time for the references")
    parser.add_argument("--seed", type=int, default=0, help="seed of the shuffled passes")
    parser.add_argument("--out", type=Path, help="write the images of every differing sample here")
    args = parser.parse_args()

    from generator import fonts, raster, shaping
    from generator.render import forget_caches

    def forget_like_a_worker() -> None:
        """What a build worker empties when its shards move to another config: the memos, and the open fonts
        where this version closes them (``forget_fonts``)."""
        forget_caches()
        getattr(fonts, "forget_fonts", lambda: None)()

    samples = page_samples(args.pages, args.all_pages) if args.pages or args.all_pages else []
    samples += line_samples(args.lines)
    t0 = time.perf_counter()
    with ProcessPoolExecutor(args.workers, mp_context=get_context("spawn"), max_tasks_per_child=1) as workers:
        reference = list(workers.map(fresh_digest, [s for _, s in samples]))
        print(f"{len(samples)} samples rendered in fresh processes in {time.perf_counter() - t0:.0f} s")
        defaults = raster.CACHE_BYTES, shaping._SHAPED_BYTES_LIMIT
        rng = random.Random(args.seed)
        differ = 0
        for p in range(args.passes):
            glyph_bytes, shaped_bytes, forget = PRESSURES[p % len(PRESSURES)]
            raster.CACHE_BYTES = glyph_bytes or defaults[0]
            shaping._SHAPED_BYTES_LIMIT = shaped_bytes or defaults[1]
            order = list(range(len(samples)))
            if p % len(PRESSURES) == 1:
                order.reverse()
            elif p:
                rng.shuffle(order)
            t = time.perf_counter()
            bad = 0
            for k in order:
                if forget and rng.random() < forget:
                    forget_like_a_worker()
                r = _draw(samples[k][1])
                if _digest(r) != reference[k]:
                    bad += 1
                    print(f"DIFFERS pass {p}: {samples[k][0]} ({_digest(r)[:16]}, fresh {reference[k][:16]})")
                    if args.out:
                        _save(args.out, f"{samples[k][0]} pass {p}", samples[k][1], r, workers)
            differ += bad
            print(f"pass {p} (glyph cache {raster.CACHE_BYTES >> 10} KiB, shaping memo "
                  f"{shaping._SHAPED_BYTES_LIMIT >> 10} KiB, forget {forget}): {len(samples) - bad} of "
                  f"{len(samples)} identical to a fresh process, {time.perf_counter() - t:.0f} s")
        raster.CACHE_BYTES, shaping._SHAPED_BYTES_LIMIT = defaults
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
