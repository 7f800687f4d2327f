"""Scoring a whole split: per-group metrics, the JSON report and its Markdown tables.

:func:`score_rows` is the pure core: truth rows (as :func:`load_truth` gives
them) and ``{id: prediction}`` in, a report dict out. Samples marked
``pixel_ambiguous`` are scored apart, under ``pixel_ambiguous``, because no
reader can recover their exact text from the pixels; ``scored`` holds all the
others, and ``all`` both.

    >>> rows = [{"config": "latin", "id": "a", "text": "paypal", "ratio": 0.3, "pixel_ambiguous": False},
    ...         {"config": "latin", "id": "b", "text": "pаypal", "ratio": 0.3, "pixel_ambiguous": True}]
    >>> r = score_rows(rows, {"a": "pаypal"})
    >>> r["scored"]["overall"]["confusion_rate"], r["pixel_ambiguous"]["overall"]["missing"], r["missing_ids"]
    (1.0, 1, ['b'])
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping

from ..compression import DEFAULT_PRESET, TOKENIZER
from .metrics import Totals, score_sample

#: Dimensions of the per-group tables, and the row key each reads.
DIMENSIONS = {
    "config": "config",
    "script": "script",
    "language": "language",
    "font_size": "font_size",
    "compression_bucket": "bucket",
    # pages: the script group, the canvas (width x height) and the text budget's bucket (cl100k_base tokens)
    "script_group": "script_group",
    "canvas": "canvas",
    "budget_tokens": "budget_tokens",
}
#: Bucket edges of the compression ratio (text tokens / vision tokens), powers of two.
BUCKET_EDGES = (1 / 16, 1 / 8, 1 / 4, 1 / 2, 1, 2, 4, 8)
_MAX_LISTED_MISSING = 200

METRIC_DEFINITIONS = {
    "exact_match": "share of samples whose prediction has exactly the truth's code points",
    "pixel_exact": "share of samples whose prediction is exact, equal in NFC, or, rendered with the sample's own "
    "options, gives the sample's image (no pixel off by more than the pixel_ambiguous tolerance); an unrenderable "
    "prediction is not pixel-exact. It answers what the model lost that the pixels kept: on pixel-ambiguous "
    "samples exact match measures luck and pixel-exact measures reading",
    "exact_match_nfkc": "share equal after NFKC normalisation of both sides",
    "cer": "grapheme-cluster edit distance (ICU clusters, rapidfuzz Levenshtein) summed over the group, "
    "divided by the truth's grapheme clusters summed over the group",
    "confusion_rate": "share of samples whose prediction differs from the truth but is a look-alike reading: the same "
    "UTS #39 skeleton (ICU), the sample's partner, or the truth without its invisible characters or bidi controls",
    "invisible_recall": "of the truth's invisible characters (ZWSP, ZWNJ, ZWJ, WJ, SHY, BOM, invisible math operators), "
    "counted with multiplicity, the share the prediction also has; null when the group has none",
    "missing": "samples with no prediction; each counts as wrong (an empty prediction)",
    "cer_layout_insensitive": "the CER after taking the layout out of both sides: every run of whitespace, newlines "
    "included, counts as one space, ends stripped; in code (config code, pages of the code group) line breaks and "
    "indentation are kept and only spaces at line ends and blank lines at the end are dropped",
}


def bucket_label(ratio: float | None) -> str:
    """The compression bucket of a ratio, e.g. ``"0.25-0.5"``; ``"n/a"`` when unknown.

    >>> bucket_label(0.3), bucket_label(0.01), bucket_label(9.0), bucket_label(None)
    ('0.25-0.5', '<0.0625', '>=8', 'n/a')
    """
    if ratio is None or (isinstance(ratio, float) and math.isnan(ratio)):
        return "n/a"
    if ratio < BUCKET_EDGES[0]:
        return f"<{BUCKET_EDGES[0]:g}"
    for lo, hi in zip(BUCKET_EDGES, BUCKET_EDGES[1:]):
        if lo <= ratio < hi:
            return f"{lo:g}-{hi:g}"
    return f">={BUCKET_EDGES[-1]:g}"


def _bucket_order(label: str) -> float:
    if label == "n/a":
        return math.inf
    if label.startswith("<"):
        return 0.0
    return float(label.lstrip(">=").split("-")[0])


def _group_key(value) -> str:
    return "unknown" if value is None else str(value)


class _Section:
    """Totals overall and per dimension, plus config x bucket for the plot."""

    def __init__(self) -> None:
        self.overall = Totals()
        self.groups: dict[str, dict[str, Totals]] = {d: defaultdict(Totals) for d in DIMENSIONS}
        self.config_bucket: dict[str, dict[str, Totals]] = defaultdict(lambda: defaultdict(Totals))
        self.config_bucket_ratio: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        self.page_cells: dict[tuple, Totals] = defaultdict(Totals)  # (script group, canvas, budget) of pages

    def add(self, row: Mapping, score) -> None:
        self.overall.add(score)
        for dim, key in DIMENSIONS.items():
            self.groups[dim][_group_key(row.get(key))].add(score)
        self.config_bucket[row["series"]][row["bucket"]].add(score)
        if row.get("ratio") is not None:
            self.config_bucket_ratio[row["series"]][row["bucket"]].append(row["ratio"])
        if row.get("script_group") and row.get("canvas"):
            self.page_cells[(row["script_group"], row["canvas"], row.get("budget_tokens"))].add(score)

    def to_dict(self) -> dict:
        out: dict = {"overall": self.overall.summary()}
        for dim, groups in self.groups.items():
            order = _bucket_order if dim == "compression_bucket" else (lambda k: (k == "unknown", _natural(k)))
            out[f"by_{dim}"] = {k: groups[k].summary() for k in sorted(groups, key=order)}
        out["by_config_and_bucket"] = {
            c: {
                b: {**t.summary(), "mean_ratio": _mean(self.config_bucket_ratio[c].get(b, []))}
                for b, t in sorted(buckets.items(), key=lambda kv: _bucket_order(kv[0]))
            }
            for c, buckets in sorted(self.config_bucket.items())
        }
        grid: dict = {}
        for (group, canvas, budget), totals in sorted(self.page_cells.items(), key=_cell_order):
            grid.setdefault(group, {}).setdefault(canvas, {})[str(budget)] = totals.summary()
        out["by_page_group_canvas_budget"] = grid
        return out


_GROUP_ORDER = ("latin", "logographic", "unsegmented", "complex", "code", "identifiers")


def _cell_order(item) -> tuple:
    (group, canvas, budget), _ = item
    w, h = (int(x) for x in canvas.split("x"))
    rank = _GROUP_ORDER.index(group) if group in _GROUP_ORDER else len(_GROUP_ORDER)
    return rank, group, w * h, h, budget or 0


def page_grid_markdown(grid: Mapping, metric: str = "cer_layout_insensitive") -> str:
    """Pages: ``metric`` (in %) per script group and canvas (rows) and budget bucket (columns), with n.

    >>> cell = {"n": 2, "cer_layout_insensitive": 0.015}
    >>> print(page_grid_markdown({"latin": {"512x512": {"64": cell, "1024": cell}}}))
    | script group | canvas | 64 | 1024 |
    |---|---|---:|---:|
    | latin | 512x512 | 1.50 (2) | 1.50 (2) |
    """
    budgets = sorted({b for canvases in grid.values() for cells in canvases.values() for b in cells}, key=int)
    lines = ["| script group | canvas | " + " | ".join(budgets) + " |", "|---|---|" + "---:|" * len(budgets)]
    for group, canvases in grid.items():
        for canvas, cells in canvases.items():
            values = [f"{_fmt(cells[b].get(metric), 'cer')} ({cells[b]['n']})" if b in cells else "" for b in budgets]
            lines.append(f"| {group} | {canvas} | " + " | ".join(values) + " |")
    return "\n".join(lines)


def _natural(key: str):
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def plot_series(row: Mapping) -> str:
    """The line a row belongs to in the plot: its config, or ``pages/<script group>`` for a page.

    >>> plot_series({"config": "latin"}), plot_series({"config": "pages", "script_group": "code"})
    ('latin', 'pages/code')
    """
    group = row.get("script_group")
    return f"{row['config']}/{group}" if group else row["config"]


def is_code(row: Mapping) -> bool:
    """Whether a row holds code, whose line breaks the layout-insensitive CER keeps."""
    return row.get("config") == "code" or row.get("script_group") == "code"


def _canvas(row: Mapping) -> str | None:
    w, h = row.get("canvas_width"), row.get("canvas_height")
    return f"{w}x{h}" if w and h else None


def score_rows(rows: Iterable[Mapping], predictions: Mapping[str, str], pixel_exact: Collection[str] = ()) -> dict:
    """Score every truth row; ids absent from ``predictions`` are missing and count as wrong.

    ``pixel_exact`` holds the ids whose inexact prediction renders like the sample's image
    (:func:`generator.evaluate.pixel.pixel_exact_ids`).
    """
    scored, ambiguous, everything = _Section(), _Section(), _Section()
    missing: list[str] = []
    columns: set[str] = set()
    for row in rows:
        columns.update(k for k, v in row.items() if v is not None)
        row = {**row, "bucket": bucket_label(row.get("ratio")), "series": plot_series(row), "canvas": _canvas(row)}
        prediction = predictions.get(row["id"])
        if prediction is None:
            missing.append(row["id"])
        score = score_sample(row["text"], prediction, partner=row.get("partner"),
                             renders_alike=row["id"] in pixel_exact, code=is_code(row))
        (ambiguous if row.get("pixel_ambiguous") else scored).add(row, score)
        everything.add(row, score)
    return {
        "bucket_by": f"compression_ratio_{DEFAULT_PRESET.name} = text_tokens_{TOKENIZER} / vision_tokens_{DEFAULT_PRESET.name}",
        "metric_definitions": METRIC_DEFINITIONS,
        "group_columns_absent": sorted(k for k in (*DIMENSIONS.values(), "pixel_ambiguous")
                                       if k not in columns and k not in ("bucket", "canvas")),
        "n_samples": everything.overall.n,
        "n_missing": len(missing),
        "missing_ids": missing[:_MAX_LISTED_MISSING],
        "missing_ids_truncated": len(missing) > _MAX_LISTED_MISSING,
        "scored": scored.to_dict(),
        "pixel_ambiguous": ambiguous.to_dict(),
        "all": everything.to_dict(),
    }


def _fmt(value, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "pct":
        return f"{100 * value:.1f}"
    if kind == "cer":
        return f"{100 * value:.2f}"
    return str(value)


_COLUMNS = (("n", "n", "int"), ("missing", "missing", "int"), ("exact %", "exact_match", "pct"),
            ("pixel-exact %", "pixel_exact", "pct"), ("NFKC exact %", "exact_match_nfkc", "pct"), ("CER %", "cer", "cer"),
            ("layout-free CER %", "cer_layout_insensitive", "cer"),
            ("confusion %", "confusion_rate", "pct"), ("invisible recall %", "invisible_recall", "pct"))


def markdown_table(groups: Mapping[str, Mapping], first: str) -> str:
    """A Markdown table with one row per group.

    >>> print(markdown_table({"latin": {"n": 2, "missing": 0, "exact_match": 0.5, "pixel_exact": 1.0,
    ...     "exact_match_nfkc": 0.5, "cer": 0.25, "confusion_rate": 0.0, "invisible_recall": None}}, "config"))
    | config | n | missing | exact % | pixel-exact % | NFKC exact % | CER % | layout-free CER % | confusion % | invisible recall % |
    |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
    | latin | 2 | 0 | 50.0 | 100.0 | 50.0 | 25.00 | – | 0.0 | – |
    """
    head = f"| {first} | " + " | ".join(c[0] for c in _COLUMNS) + " |"
    rule = "|---|" + "---:|" * len(_COLUMNS)
    lines = [head, rule]
    for name, s in groups.items():
        lines.append(f"| {name} | " + " | ".join(_fmt(s.get(key), kind) for _, key, kind in _COLUMNS) + " |")
    return "\n".join(lines)


def to_markdown(report: Mapping) -> str:
    """The whole report as Markdown: overall, then one table per dimension."""
    parts = [f"# Evaluation: {report.get('predictions', '')}".rstrip(": "), ""]
    if "dataset" in report:
        subset = f" (the first {report['limit_per_config']} samples of each)" if report.get("limit_per_config") else ""
        parts += [f"Dataset `{report['dataset']}`, split `{report['split']}`, configs {', '.join(report['configs'])}{subset}.", ""]
    parts += [f"{report['n_samples']} samples, {report['n_missing']} without a prediction (counted as wrong). "
              f"Compression buckets by {report['bucket_by']}.", ""]
    if report["group_columns_absent"]:
        parts += [f"Columns absent from the dataset (grouped as `unknown`): {', '.join(report['group_columns_absent'])}.", ""]
    overall = {name: report[name]["overall"] for name in ("scored", "pixel_ambiguous", "all")}
    parts += ["## Overall", "", markdown_table(overall, "samples"), "",
              "`scored` excludes pixel-ambiguous samples, whose exact text the pixels cannot show. "
              "Pixel-exact counts a prediction that renders to the sample's own image as read: "
              "on pixel-ambiguous samples exact match measures luck and pixel-exact measures reading.", ""]
    for dim in DIMENSIONS:
        groups = report["scored"][f"by_{dim}"]
        if list(groups) == ["unknown"]:  # e.g. the page columns of a report without pages
            continue
        parts += [f"## By {dim.replace('_', ' ')} (scored)", "", markdown_table(groups, dim), ""]
    if report["scored"].get("by_page_group_canvas_budget"):
        parts += ["## Pages: layout-insensitive CER % (n) by script group, canvas and budget (scored)", "",
                  "Columns are budget buckets in cl100k_base tokens (bucket B holds more than 3/4 B and at most "
                  "B tokens).", "", page_grid_markdown(report["scored"]["by_page_group_canvas_budget"]), ""]
    if report["pixel_ambiguous"]["overall"]["n"]:
        parts += ["## Pixel-ambiguous samples, by config", "",
                  markdown_table(report["pixel_ambiguous"]["by_config"], "config"), ""]
    return "\n".join(parts)
