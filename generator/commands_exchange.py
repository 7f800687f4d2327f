"""``python -m generator export|import``: percels' samples and predictions in other evaluators' formats.

    python -m generator export vlmevalkit --dataset DIR --config latin --out percels_latin.tsv
    python -m generator import vlmevalkit --predictions MODEL_percels_latin.xlsx --out preds.jsonl
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .commands_evaluate import _positive


def add_parser(subparsers) -> None:
    e = subparsers.add_parser("export", help="write a config as another evaluator's benchmark file")
    targets = e.add_subparsers(dest="target", required=True, metavar="TARGET")
    v = targets.add_parser("vlmevalkit", help="a VLMEvalKit TSV: index, base64 image, question, answer (+ id)",
                           description="Write one config as a VLMEvalKit benchmark TSV. Put it in $LMUData; the "
                           "question is the config's transcription prompt (see the dataset card).")
    v.add_argument("--dataset", required=True, type=Path, metavar="DIR", help="a folder written by `python -m generator build`")
    v.add_argument("--config", required=True, metavar="C", help="the config to export")
    v.add_argument("--out", required=True, type=Path, metavar="FILE.tsv", help="the TSV to write")
    v.add_argument("--split", default="test", help="the split to export (default: test)")
    v.add_argument("--limit", type=_positive, metavar="N", help="only the first N samples")
    v.set_defaults(func=run_export_vlmevalkit)

    i = subparsers.add_parser("import", help="convert another evaluator's predictions to percels' JSONL")
    sources = i.add_subparsers(dest="source", required=True, metavar="SOURCE")
    w = sources.add_parser("vlmevalkit", help="VLMEvalKit's {model}_{dataset}.xlsx, .tsv or .json",
                           description="Convert VLMEvalKit's prediction file (made from a TSV of `export vlmevalkit`) "
                           "to predictions JSONL for `evaluate`. Rows VLMEvalKit failed on are left out (missing).")
    w.add_argument("--predictions", required=True, type=Path, metavar="FILE", help="VLMEvalKit's prediction file")
    w.add_argument("--out", required=True, type=Path, metavar="FILE.jsonl", help="the predictions JSONL to write")
    w.set_defaults(func=run_import_vlmevalkit)


def run_export_vlmevalkit(args: argparse.Namespace) -> int:
    from .evaluate.vlmevalkit import export_tsv

    n = export_tsv(args.dataset, args.config, args.out, split=args.split, limit=args.limit)
    print(f"wrote {n} rows of {args.config} ({args.split}) to {args.out}")
    return 0


def run_import_vlmevalkit(args: argparse.Namespace) -> int:
    from .evaluate.vlmevalkit import convert_predictions

    result = convert_predictions(args.predictions, args.out)
    print(f"wrote {result['written']} predictions to {args.out}")
    if result["failed"]:
        print(f"{len(result['failed'])} rows VLMEvalKit failed on are left out and count as missing, e.g. "
              f"{', '.join(result['failed'][:5])}", file=sys.stderr)
    return 0
