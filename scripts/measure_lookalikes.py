#!/usr/bin/env python3
"""Measure every candidate homoglyph substitution in the pinned fonts and write the committed table.

For each substitution of ``generator.subsets.lookalike_table.candidates()`` and each style (sans,
serif, mono), the shape distance (``generator.shape_distance.shape_distance``: Hausdorff distance
of the outlines, one pixel forgiven, worst over the recipe's sizes, or the stroke weight difference,
in ems) goes into
``generator/subsets/lookalikes.tsv``. The homoglyphs subset uses a substitution in a style only
when that distance is at most its kind's threshold (``lookalike_table.threshold``). Rerun after a change of fonts, ICU
or candidates; ``tests/test_lookalike_table.py`` re-measures a sample of the rows.

    python scripts/measure_lookalikes.py [--recipe datasets/percels/recipe.toml] [--out PATH]
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.recipe import load_recipe  # noqa: E402
from generator.shape_distance import shape_distance  # noqa: E402
from generator.subsets.lookalike_table import STYLES, TABLE_PATH, candidates, escape  # noqa: E402
from generator.ucd import ICU_VERSION  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def names(text: str) -> str:
    return " + ".join(unicodedata.name(c, f"U+{ord(c):04X}") for c in text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipe", type=Path, default=ROOT / "datasets" / "percels" / "recipe.toml")
    parser.add_argument("--out", type=Path, default=TABLE_PATH)
    args = parser.parse_args()
    config = {c.name: c for c in load_recipe(args.recipe).configs}["homoglyphs"]
    sizes = tuple(sorted(config.sizes))
    start = time.perf_counter()
    rows = []
    subs = candidates()
    for i, sub in enumerate(subs):
        dist = [f"{shape_distance(sub.original, sub.substitute, sizes=sizes, style=s):.3f}" for s in STYLES]
        rows.append("\t".join([sub.group, escape(sub.original), escape(sub.substitute), *dist, names(sub.substitute)]))
        if i % 100 == 0:
            print(f"{i}/{len(subs)} measured, {time.perf_counter() - start:.0f} s", file=sys.stderr)
    header = [
        "# Shape distances (ems) of the homoglyph substitutions in the pinned fonts, per style: the larger of the",
        "# outlines' Hausdorff distance (one pixel forgiven, worst over sizes "
        f"{' '.join(map(str, sizes))} px) and the stroke weight difference at {max(sizes)} px.",
        f"# Written by scripts/measure_lookalikes.py (ICU {ICU_VERSION}); do not edit by hand.",
        "\t".join(["group", "original", "substitute", *STYLES, "name"]),
    ]
    args.out.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(rows)} substitutions in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
