"""How long scoring takes when every prediction is wrong, so that every one is re-rendered for pixel-exact.

    python scripts/bench_pixel_exact.py DATASET [--split test] [--workers 1 2] [--limit N]

Writes, for every sample of the split, a wrong but renderable prediction (the
truth with its last grapheme cluster dropped; a one-cluster truth becomes
``?``), then times in one run:

- baseline: ``evaluate`` without pixel-exact (the re-rendering step skipped),
  which is what scoring cost before;
- pixel-exact with each ``--workers`` count: the whole ``evaluate``.

It prints seconds, predictions re-rendered per second and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import generator.evaluate as evaluate_module
from generator.evaluate import evaluate, load_truth
from generator.ucd import graphemes


def wrong(text: str) -> str:
    clusters = graphemes(text)
    return "".join(clusters[:-1]) if len(clusters) > 1 else "?"


def timed(dataset, preds, split, limit, workers) -> tuple[float, dict]:
    start = time.perf_counter()
    report = evaluate(dataset, preds, split=split, limit=limit, workers=workers)
    return time.perf_counter() - start, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset")
    parser.add_argument("--split", default="test")
    parser.add_argument("--limit", type=int, help="only the first N samples of each config")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    rows = load_truth(args.dataset, args.split, None, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        preds = Path(tmp) / "wrong.jsonl"
        preds.write_text("".join(json.dumps({"id": r["id"], "prediction": wrong(r["text"])}, ensure_ascii=False) + "\n"
                                 for r in rows), encoding="utf-8")
        original = evaluate_module.pixel_exact_ids
        evaluate_module.pixel_exact_ids = lambda *a, **k: set()
        try:
            base, _ = timed(args.dataset, preds, args.split, args.limit, 1)
        finally:
            evaluate_module.pixel_exact_ids = original
        print(f"{len(rows)} samples of split {args.split!r}, every prediction wrong")
        print(f"  baseline (no pixel-exact): {base:8.1f} s")
        for workers in args.workers:
            seconds, report = timed(args.dataset, preds, args.split, args.limit, workers)
            alike = round(report["all"]["overall"]["pixel_exact"] * len(rows))
            print(f"  pixel-exact, {workers} worker(s): {seconds:8.1f} s, {len(rows) / (seconds - base):6.1f} "
                  f"re-renders/s, {seconds / base:5.1f}x the baseline; {alike} pixel-exact")


if __name__ == "__main__":
    main()
