"""VLMEvalKit both ways: a benchmark TSV out, its prediction file back to percels' predictions JSONL.

VLMEvalKit reads a benchmark as one TSV in ``$LMUData``: ``index``, a base64
``image``, ``question`` and ``answer``. :func:`export_tsv` writes one per config,
with percels' ``id`` (and config, language, script) as extra columns, which
VLMEvalKit carries through to its prediction file.

After inference, VLMEvalKit writes ``{model}_{dataset}.xlsx`` (or ``.tsv`` or
``.json``, as its ``PRED_FORMAT`` says): the benchmark's rows without the image,
plus a ``prediction`` column. :func:`read_vlmevalkit_predictions` reads any of
the three; :func:`convert_predictions` writes percels' JSONL from it. Rows whose
prediction is VLMEvalKit's failure message are left out, so they count as missing.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "m_percels_latin.json"
    >>> _ = p.write_text('[{"index": 0, "id": "latin-test-000000", "answer": "ab", "prediction": "ab"}]')
    >>> read_vlmevalkit_predictions(p)
    ({'latin-test-000000': 'ab'}, [])
"""

from __future__ import annotations

import base64
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from ..errors import PredictionsError
from .dataset import iter_images, load_truth
from .prompts import prompt

TSV_COLUMNS = ("index", "image", "question", "answer", "id", "config", "language", "script")
#: The prefix VLMEvalKit writes in place of an answer when the model failed.
FAILURE_PREFIX = "Failed to obtain answer"
_FORMATS = ("xlsx", "tsv", "json")
_HINT = ("give the prediction file VLMEvalKit wrote ({model}_{dataset}.xlsx, .tsv or .json) for a TSV made by "
         "`python -m generator export vlmevalkit`, which carries the `id` column")


def tsv_rows(dataset: str | Path, config: str, split: str = "test", limit: int | None = None) -> Iterator[dict]:
    """The rows of the benchmark TSV of one config, in dataset order."""
    truth = {r["id"]: r["text"] for r in load_truth(dataset, split, [config], limit)}
    question = prompt(config)
    for index, row in enumerate(iter_images(dataset, split, [config])):
        if row["id"] not in truth:
            break
        yield {"index": index, "image": base64.b64encode(row["png"]).decode("ascii"), "question": question,
               "answer": truth[row["id"]], "id": row["id"], "config": config,
               "language": row.get("language") or "", "script": row.get("script") or ""}


def export_tsv(dataset: str | Path, config: str, out: str | Path, *, split: str = "test",
               limit: int | None = None) -> int:
    """Write the TSV of ``config`` to ``out`` (every field quoted, as VLMEvalKit writes its own); return the rows."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    n = 0
    csv.field_size_limit(sys.maxsize)
    with tmp.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=TSV_COLUMNS, delimiter="\t", quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writeheader()
        for row in tsv_rows(dataset, config, split, limit):
            writer.writerow(row)
            n += 1
    tmp.replace(out)
    return n


def _records(path: Path) -> Iterator[tuple[str, dict]]:
    """(where, record) for each row of a prediction file, by its extension."""
    kind = path.suffix.lower().lstrip(".")
    if kind not in _FORMATS:
        raise PredictionsError(f"{path}: unknown prediction file type {path.suffix!r} (expected .xlsx, .tsv or .json): {_HINT}")
    if not path.is_file():
        raise PredictionsError(f"{path}: no such file: {_HINT}")
    if kind == "json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PredictionsError(f"{path}: not valid UTF-8 JSON ({exc}): {_HINT}") from None
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise PredictionsError(f"{path}: expected a JSON list of row objects (VLMEvalKit's records): {_HINT}")
        yield from ((f"{path} row {i}", r) for i, r in enumerate(data, start=1))
    elif kind == "tsv":
        csv.field_size_limit(sys.maxsize)
        try:
            with path.open(encoding="utf-8", newline="") as f:
                for i, r in enumerate(csv.DictReader(f, delimiter="\t"), start=2):
                    yield f"{path} line {i}", r
        except UnicodeDecodeError as exc:
            raise PredictionsError(f"{path}: not valid UTF-8 (byte {exc.start + 1}): {_HINT}") from None
    else:
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors for a bad workbook
            raise PredictionsError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__}: {exc}): {_HINT}") from None
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(h) if h is not None else "" for h in next(rows, ())]
        for i, values in enumerate(rows, start=2):
            if any(v is not None for v in values):
                yield f"{path} row {i}", dict(zip(header, values))
        book.close()


def read_vlmevalkit_predictions(path: str | Path) -> tuple[dict[str, str], list[str]]:
    """``({id: prediction}, [ids VLMEvalKit failed on])`` from a VLMEvalKit prediction file.

    An empty cell is an empty prediction. Every problem raises
    :class:`~generator.errors.PredictionsError` naming the file, the row and the fix.
    """
    path = Path(path)
    out: dict[str, str] = {}
    failed: list[str] = []
    first: dict[str, str] = {}
    for where, record in _records(path):
        for key in ("id", "prediction"):
            if key not in record:
                raise PredictionsError(f"{where}: no {key!r} column (columns: {', '.join(map(str, record)) or 'none'}): {_HINT}")
        sample_id, prediction = record["id"], record["prediction"]
        if not isinstance(sample_id, str) or not sample_id:
            raise PredictionsError(f"{where}: 'id' must be a percels sample id, got {sample_id!r}: {_HINT}")
        if prediction is None:
            prediction = ""
        if not isinstance(prediction, str):
            raise PredictionsError(
                f"{where}: the prediction for {sample_id!r} is a {type(prediction).__name__} ({prediction!r}), not "
                "text: VLMEvalKit writes str(answer); re-export the file without converting cells to numbers")
        if sample_id in first:
            raise PredictionsError(f"{where}: duplicate id {sample_id!r} (first at {first[sample_id]}): keep one row per id")
        first[sample_id] = where
        if prediction.startswith(FAILURE_PREFIX):
            failed.append(sample_id)
        else:
            out[sample_id] = prediction
    if not first:
        raise PredictionsError(f"{path}: no rows: {_HINT}")
    return out, failed


def convert_predictions(source: str | Path, out: str | Path) -> dict:
    """Write percels' predictions JSONL from a VLMEvalKit prediction file; return counts."""
    predictions, failed = read_vlmevalkit_predictions(source)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps({"id": i, "prediction": p}, ensure_ascii=False) + "\n"
                           for i, p in predictions.items()), encoding="utf-8")
    return {"written": len(predictions), "failed": failed}
