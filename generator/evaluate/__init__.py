"""Scoring model predictions against a built dataset's eval split.

    report = evaluate("out/percels", "preds.jsonl", split="test")
    write_report(report, "report/")   # report.json, report.md, accuracy_vs_compression.png

Parts: :mod:`.predictions` reads and checks the JSONL file, :mod:`.dataset`
reads the truth columns, :mod:`.metrics` scores a sample, :mod:`.report`
groups and formats, :mod:`.plot` draws.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from .dataset import iter_images, load_truth, select_files
from .metrics import SampleScore, Totals, score_sample, skeleton
from .predictions import Prediction, check_ids, read_predictions
from .report import score_rows, to_markdown

__all__ = [
    "evaluate", "write_report", "load_truth", "iter_images", "select_files", "read_predictions", "check_ids",
    "Prediction", "score_sample", "SampleScore", "Totals", "skeleton", "score_rows", "to_markdown",
]

REPORT_FILES = ("report.json", "report.md", "accuracy_vs_compression.png")


def evaluate(dataset: str | Path, predictions: str | Path, *, split: str = "test",
             configs: Sequence[str] | None = None, limit: int | None = None) -> dict:
    """Score a predictions file against ``split`` of ``configs`` (all configs when None).

    ``limit`` scores only the first N samples of each config (as a baseline's subset run
    reads them); ids beyond them are then unknown.
    """
    preds = read_predictions(predictions)
    rows = load_truth(dataset, split, configs, limit)
    names = sorted({r["config"] for r in rows})
    scope = f"split {split!r} of config{'s' if len(names) > 1 else ''} {', '.join(names)} in {dataset}"
    if limit is not None:
        scope = f"the first {limit} samples per config of {scope}"
    check_ids(preds, {r["id"] for r in rows}, predictions, scope)
    report = score_rows(rows, {k: p.text for k, p in preds.items()})
    return {"dataset": str(dataset), "predictions": str(predictions), "split": split, "configs": names,
            "limit_per_config": limit, **report}


def write_report(report: dict, out_dir: str | Path) -> list[Path]:
    """Write the JSON report, its Markdown and the plot into ``out_dir``; return the paths."""
    from ..outputs import output_errors
    from .plot import plot_accuracy_vs_compression

    out = Path(out_dir)
    paths = [out / name for name in REPORT_FILES]
    with output_errors():  # a file in the way, a read-only folder, a full disk: a named error
        out.mkdir(parents=True, exist_ok=True)
        paths[0].write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        paths[1].write_text(to_markdown(report), encoding="utf-8")
        plot_accuracy_vs_compression(report, paths[2])
    return paths
