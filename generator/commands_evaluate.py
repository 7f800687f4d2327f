"""``python -m generator evaluate``: score a predictions JSONL file against a built dataset.

    python -m generator evaluate --dataset out/percels --predictions preds.jsonl --out report/

prints the Markdown report; with ``--out`` it also writes report.json, report.md and
accuracy_vs_compression.png and report.html (a self-contained page with a gallery of failures) into that folder.
"""

from __future__ import annotations

import argparse


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {value!r}")
    return int(value)


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "evaluate",
        help="score predictions (JSONL) against a dataset's eval split",
        description="Score model predictions, one JSON object per line: {\"id\": ..., \"prediction\": ...}.",
    )
    p.add_argument("--dataset", required=True, metavar="DIR", help="a folder written by `python -m generator build`")
    p.add_argument("--predictions", required=True, metavar="FILE", help="the predictions JSONL file")
    p.add_argument("--config", action="append", metavar="C",
                   help="score only this config (repeatable); default: every config")
    p.add_argument("--split", default="test", help="the split to score (default: test)")
    p.add_argument("--limit", type=_positive, metavar="N",
                   help="score only the first N samples of each config (to match a baseline's --limit subset run)")
    p.add_argument("--workers", type=_positive, default=1, metavar="N",
                   help="processes that re-render inexact predictions for pixel-exact match (default: 1)")
    p.add_argument("--out", metavar="REPORT", help="folder for report.json, report.md, the PNG plot and report.html")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, to_markdown, write_report

    report = evaluate(args.dataset, args.predictions, split=args.split, configs=args.config, limit=args.limit,
                      workers=args.workers)
    print(to_markdown(report))
    if args.out:
        for path in write_report(report, args.out):
            print(f"wrote {path}")
    return 0
