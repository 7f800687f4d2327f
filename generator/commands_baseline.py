"""``python -m generator baseline tesseract``: the reference predictions of the card's baseline.

    python -m generator baseline tesseract --dataset out/percels --out tesseract.jsonl --limit 1000

writes Tesseract's predictions (JSONL, the format ``evaluate`` reads), so that a model's
predictions can be diffed against the baseline sample by sample.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .commands_evaluate import _positive


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("baseline", help="write a reference reader's predictions (JSONL) for a dataset")
    readers = p.add_subparsers(dest="reader", required=True, metavar="READER")
    t = readers.add_parser("tesseract", help="Debian's Tesseract 5 with a language pack per sample",
                           description="Read every image of a split with tesseract; write predictions JSONL. The "
                           "rules (packs, page segmentation modes, post-processing) are in generator/baselines/tesseract.py.")
    t.add_argument("--dataset", required=True, type=Path, metavar="DIR", help="a folder written by `python -m generator build`")
    t.add_argument("--out", required=True, type=Path, metavar="FILE", help="the predictions JSONL to write")
    t.add_argument("--split", default="test", help="the split to read (default: test)")
    t.add_argument("--config", action="append", metavar="C", help="only this config (repeatable); default: all")
    t.add_argument("--limit", type=_positive, metavar="N", help="only the first N samples of each config (a subset run)")
    t.add_argument("--workers", type=_positive, default=2, metavar="N", help="tesseract processes at a time (default 2)")
    t.set_defaults(func=run_tesseract)


def run_tesseract(args: argparse.Namespace) -> int:
    from .baselines.tesseract import run

    result = run(args.dataset, args.out, split=args.split, configs=args.config, workers=args.workers, limit=args.limit)
    print(f"wrote {result['written']} predictions to {args.out}; tesseract failed on {result['failed']}", file=sys.stderr)
    for sample_id, error in result["failures"][:10]:
        print(f"  failed {sample_id}: {error}", file=sys.stderr)
    return 0
