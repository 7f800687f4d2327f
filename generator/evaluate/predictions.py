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
#: Longest prediction, in code points: 4 times the longest text the renderer accepts (MAX_LENGTH).
MAX_PREDICTION_LENGTH = 16_000
#: Longest line of a predictions file, in bytes: room for the longest prediction written with \uXXXX escapes.
MAX_LINE_BYTES = 1 << 20
_FORMAT = 'write one JSON object per line, like {"id": "latin-test-000000", "prediction": "the text read"}'


@dataclass(frozen=True)
class Prediction:
    """One model output and the line of the file it came from."""

    text: str
    line: int


def _pairs(where: str):
    """A JSON ``object_pairs_hook`` that refuses a key given twice in one object."""
    def hook(pairs: list) -> dict:
        obj = {}
        for key, value in pairs:
            if key in obj:
                raise PredictionsError(f"{where}: the key {key!r} appears twice in one object: keep one ({_FORMAT})")
            obj[key] = value
        return obj
    return hook


def _int(where: str):
    """A JSON ``parse_int`` that refuses numbers too long to be an id or a prediction."""
    def parse(digits: str) -> int:
        if len(digits) > 64:
            raise PredictionsError(f"{where}: a number of {len(digits)} digits: ids and predictions are strings; {_FORMAT}")
        return int(digits)
    return parse


def _parse_line(text: str, where: str) -> object:
    try:
        return json.loads(text, object_pairs_hook=_pairs(where), parse_int=_int(where))
    except json.JSONDecodeError as exc:
        raise PredictionsError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno}): {_FORMAT}") from None
    except RecursionError:
        raise PredictionsError(f"{where}: JSON nested too deeply to read: {_FORMAT}") from None


def _lines(path: Path):
    """``(line number, bytes)`` of each line; a line over :data:`MAX_LINE_BYTES` is an error, never read whole."""
    try:
        with path.open("rb") as f:
            for lineno, line in enumerate(iter(lambda: f.readline(MAX_LINE_BYTES + 1), b""), start=1):
                if len(line) > MAX_LINE_BYTES and not (len(line) == MAX_LINE_BYTES + 1 and line.endswith(b"\n")):
                    raise PredictionsError(
                        f"{path} line {lineno}: longer than {MAX_LINE_BYTES:,} bytes (MAX_LINE_BYTES): a prediction "
                        f"may hold at most {MAX_PREDICTION_LENGTH:,} code points; truncate the model's output"
                    )
                yield lineno, line.rstrip(b"\n")
    except FileNotFoundError:
        raise PredictionsError(f"{path}: no such predictions file: give the path of a JSONL file ({_FORMAT})") from None
    except IsADirectoryError:
        raise PredictionsError(f"{path}: is a folder, not a predictions file: give the path of a JSONL file ({_FORMAT})") from None
    except OSError as exc:
        raise PredictionsError(f"{path}: cannot read the predictions file ({exc.strerror}): check the path and its permissions") from None


def read_predictions(path: str | Path) -> dict[str, Prediction]:
    """Parse a predictions JSONL file into ``{id: Prediction}``; a file without any prediction is an error."""
    path = Path(path)
    out: dict[str, Prediction] = {}
    for lineno, line in _lines(path):
        where = f"{path} line {lineno}"
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PredictionsError(f"{where}: not valid UTF-8 (byte {exc.start + 1}): save the file as UTF-8") from None
        if lineno == 1 and text.startswith("\ufeff"):
            text = text[1:]
        if not text.strip():
            continue
        obj = _parse_line(text, where)
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
        if len(prediction) > MAX_PREDICTION_LENGTH:
            raise PredictionsError(
                f"{where}: 'prediction' for id {sample_id!r} is {len(prediction):,} code points long, over the limit "
                f"of {MAX_PREDICTION_LENGTH:,} (MAX_PREDICTION_LENGTH, 4 times the longest text rendered): "
                "truncate the model's output"
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
    if not out:
        raise PredictionsError(f"{path}: holds no prediction (the file is empty or blank): {_FORMAT}")
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
