"""Reading a predictions file: JSONL, one ``{"id": ..., "prediction": ...}`` per line.

Every problem raises :class:`~generator.errors.PredictionsError` naming the
file, the line and the fix; nothing is skipped silently except blank lines,
which carry no data. Extra keys (a model name, a score) are allowed and ignored.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "preds.jsonl"
    >>> _ = p.write_text('{"id": "a-test-000000", "prediction": "hi"}\\n\\n{"id": "b", "prediction": ""}\\n')
    >>> {k: (v.text, v.line) for k, v in read_predictions(p).items()}
    {'a-test-000000': ('hi', 1), 'b': ('', 3)}
    >>> _ = p.write_text('{"id": "a", "prediction": "hi"}\\n{"id": "a", "prediction": "ho"}\\n')
    >>> read_predictions(p)
    Traceback (most recent call last):
    ...
    generator.errors.PredictionsError: ...preds.jsonl line 2: duplicate id 'a' (first on line 1): keep one prediction per id
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import PredictionsError

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_FORMAT = 'write one JSON object per line, like {"id": "latin-test-000000", "prediction": "the text read"}'


@dataclass(frozen=True)
class Prediction:
    """One model output and the line of the file it came from."""

    text: str
    line: int


def read_predictions(path: str | Path) -> dict[str, Prediction]:
    """Parse a predictions JSONL file into ``{id: Prediction}``."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PredictionsError(f"{path}: no such predictions file: give the path of a JSONL file ({_FORMAT})") from None
    except OSError as exc:
        raise PredictionsError(f"{path}: cannot read the predictions file ({exc.strerror}): check the path and its permissions") from None
    out: dict[str, Prediction] = {}
    for lineno, line in enumerate(raw.split(b"\n"), start=1):
        where = f"{path} line {lineno}"
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PredictionsError(f"{where}: not valid UTF-8 (byte {exc.start + 1}): save the file as UTF-8") from None
        if lineno == 1 and text.startswith("\ufeff"):
            text = text[1:]
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PredictionsError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno}): {_FORMAT}") from None
        if not isinstance(obj, dict):
            raise PredictionsError(f"{where}: expected a JSON object, got {type(obj).__name__}: {_FORMAT}")
        for key in ("id", "prediction"):
            if key not in obj:
                raise PredictionsError(f"{where}: the key {key!r} is missing: {_FORMAT}")
        sample_id, prediction = obj["id"], obj["prediction"]
        if not isinstance(sample_id, str) or not sample_id:
            raise PredictionsError(f"{where}: 'id' must be a non-empty string, got {sample_id!r}: use the dataset's `id` column")
        if not isinstance(prediction, str):
            raise PredictionsError(
                f"{where}: 'prediction' for id {sample_id!r} must be a string, got {type(prediction).__name__}: "
                'write "" for an empty prediction, or leave the id out to count it as missing'
            )
        bad = _SURROGATE.search(prediction)
        if bad:
            raise PredictionsError(
                f"{where}: 'prediction' for id {sample_id!r} has a lone surrogate U+{ord(bad.group()):04X} at index "
                f"{bad.start()} (an unpaired \\u{ord(bad.group()):04x} escape): write valid Unicode, e.g. with ensure_ascii=False"
            )
        if sample_id in out:
            raise PredictionsError(
                f"{where}: duplicate id {sample_id!r} (first on line {out[sample_id].line}): keep one prediction per id"
            )
        out[sample_id] = Prediction(prediction, lineno)
    return out


def check_ids(predictions: Mapping[str, Prediction], known: Collection[str], path: str | Path, scope: str) -> list[str]:
    """Raise on the first prediction whose id is not in ``known``; return the known ids with no prediction.

    ``scope`` says what was loaded (e.g. "configs latin, code, split test of DIR"), so the
    error can say where the id was looked for.

    >>> preds = {"x": Prediction("a", 1)}
    >>> check_ids(preds, ["x", "y"], "p.jsonl", "split test")
    ['y']
    >>> check_ids(preds, ["y"], "p.jsonl", "split test")
    Traceback (most recent call last):
    ...
    generator.errors.PredictionsError: p.jsonl line 1: unknown id 'x': it is not in split test; fix the id, or remove the line (to score other configs, pass --config or leave it out)
    """
    known_set = known if isinstance(known, (set, frozenset, dict)) else set(known)
    unknown = [(p.line, i) for i, p in predictions.items() if i not in known_set]
    if unknown:
        line, sample_id = min(unknown)
        more = f" ({len(unknown) - 1} more unknown ids follow)" if len(unknown) > 1 else ""
        raise PredictionsError(
            f"{path} line {line}: unknown id {sample_id!r}: it is not in {scope}{more}; fix the id, or remove the "
            "line (to score other configs, pass --config or leave it out)"
        )
    return [i for i in known if i not in predictions]
