"""Build speed with the candidate-set ambiguity labels, against the single-comparison baseline.

    python scripts/bench_ambiguity.py --texts 12 --rounds 2

Plans ``--texts`` test texts of every config of the release recipe, each at
every size of its ladder, then runs the build's sample worker over them in
this process, alternating two passes per round:

- baseline: ``pixel_ambiguous`` from one comparison (the partner, or else the
  NFC skeleton), as the build labelled rows before the candidate set;
- candidates: :func:`generator.ambiguity.ambiguity_columns`, as the build does now.

Both passes render the same samples with warm font caches, so the printed
ratio is the cost of the candidate set on the whole worker (render, PNG,
metadata, compression). It also prints how many rows each labelling flags,
and the candidate family that matched.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from generator import ambiguity, metadata
from generator.plan import plan_config
from generator.recipe import load_recipe
from generator.shards.worker import SampleWorker

RECIPE = Path(__file__).resolve().parent.parent / "datasets" / "percels" / "recipe.toml"


def single_comparison(rendered, partner):
    """The labelling before the candidate set: one string, the partner or else the skeleton."""
    other = partner or metadata.skeleton(rendered.text)
    return {"pixel_ambiguous": metadata.pixel_ambiguous(rendered, other), "ambiguous_with": None,
            "partner_pixel_distance": None}


def run_pass(samples, labeller) -> tuple[float, list[dict]]:
    original = ambiguity.ambiguity_columns
    ambiguity.ambiguity_columns = labeller
    try:
        worker = SampleWorker()
        start = time.perf_counter()
        rows = [r.row for r in map(worker, samples) if r.ok]
        return time.perf_counter() - start, rows
    finally:
        ambiguity.ambiguity_columns = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=12, help="test texts per config (default 12)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds of both passes (default 2)")
    args = parser.parse_args()
    recipe = load_recipe(RECIPE)
    samples = []
    for c in recipe.configs:
        plan = plan_config(c.name, splits={"test": args.texts}, languages=c.languages, sizes=c.sizes,
                           styles=c.styles, layouts=c.layouts, paragraph_width=c.paragraph_width,
                           master_seed=recipe.master_seed)
        samples += plan["test"]
    run_pass(samples[:50], ambiguity.ambiguity_columns)  # warm the font and glyph caches
    times = {"baseline": 0.0, "candidates": 0.0}
    rows = {}
    for _ in range(args.rounds):
        for name, labeller in (("baseline", single_comparison), ("candidates", ambiguity.ambiguity_columns)):
            seconds, rows[name] = run_pass(samples, labeller)
            times[name] += seconds
    n = len(samples) * args.rounds
    for name, seconds in times.items():
        flagged = sum(r["pixel_ambiguous"] for r in rows[name])
        print(f"{name:>10}: {n / seconds:7.1f} samples/s ({len(samples)} samples x {args.rounds} rounds), "
              f"{flagged} of {len(rows[name])} rows pixel-ambiguous")
    print(f"candidates / baseline time: {times['candidates'] / times['baseline']:.2f}x")
    print("matched family:", dict(Counter(r["ambiguous_with"] for r in rows["candidates"] if r["pixel_ambiguous"])))


if __name__ == "__main__":
    main()
