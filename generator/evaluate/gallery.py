"""Failures to look at: which samples a model got wrong, and where in each text.

:func:`collect_failures` picks, per config, the first samples (in dataset order)
whose prediction is not exact. :func:`char_diff` aligns truth and prediction by
grapheme clusters (ICU) and labels every piece:

    >>> [(p.kind, p.truth, p.prediction) for p in char_diff("paypal", "pаypa")]   # Cyrillic а, final l dropped
    [('equal', 'p', 'p'), ('lookalike', 'a', 'а'), ('equal', 'ypa', 'ypa'), ('missing', 'l', '')]
    >>> [(p.kind, p.truth, p.prediction) for p in char_diff("ก่า", "กา")]          # Thai: one cluster differs
    [('substitution', 'ก่', 'ก'), ('equal', 'า', 'า')]

``lookalike`` is a substitution whose two sides share a UTS #39 skeleton, the
same test as the ``confusion_rate`` metric.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import icu
from rapidfuzz.distance import Levenshtein

from ..ucd import graphemes, nfc
from .metrics import skeleton

#: Failures kept per config for the gallery.
GALLERY_SIZE = 24
_RTL = {icu.UCharDirection.RIGHT_TO_LEFT, icu.UCharDirection.RIGHT_TO_LEFT_ARABIC}
_LTR = icu.UCharDirection.LEFT_TO_RIGHT


@dataclass(frozen=True)
class DiffPiece:
    """A run of the alignment: ``equal``, ``substitution``, ``lookalike``, ``missing`` (truth only) or ``extra``."""

    kind: str
    truth: str
    prediction: str


def char_diff(truth: str, prediction: str) -> list[DiffPiece]:
    """Align ``prediction`` to ``truth`` over grapheme clusters; adjacent equal clusters are merged."""
    t, p = graphemes(truth), graphemes(prediction)
    pieces: list[DiffPiece] = []
    for op in Levenshtein.opcodes(t, p):
        a, b = "".join(t[op.src_start:op.src_end]), "".join(p[op.dest_start:op.dest_end])
        if op.tag == "equal":
            pieces.append(DiffPiece("equal", a, b))
        elif op.tag == "delete":
            pieces.append(DiffPiece("missing", a, ""))
        elif op.tag == "insert":
            pieces.append(DiffPiece("extra", "", b))
        else:  # replace: one piece per cluster pair, so a look-alike is marked exactly where it is
            for x, y in zip(t[op.src_start:op.src_end], p[op.dest_start:op.dest_end]):
                pieces.append(DiffPiece("lookalike" if skeleton(x) == skeleton(y) else "substitution", x, y))
    merged: list[DiffPiece] = []
    for piece in pieces:
        if merged and piece.kind == merged[-1].kind == "equal":
            merged[-1] = DiffPiece("equal", merged[-1].truth + piece.truth, merged[-1].prediction + piece.prediction)
        else:
            merged.append(piece)
    return merged


def text_direction(text: str) -> str:
    """``"rtl"`` when the first strong character is right-to-left (ICU bidi class R or AL), else ``"ltr"``.

    >>> text_direction("123 שלום"), text_direction("مرحبا abc"), text_direction("abc مرحبا"), text_direction("12")
    ('rtl', 'rtl', 'ltr', 'ltr')
    """
    for c in text:
        d = icu.Char.charDirection(c)
        if d in _RTL:
            return "rtl"
        if d == _LTR:
            return "ltr"
    return "ltr"


def collect_failures(rows: Iterable[Mapping], predictions: Mapping[str, str], pixel_exact: Collection[str] = (),
                     per_config: int = GALLERY_SIZE) -> dict:
    """``{config: {"wrong": N, "samples": [...]}}``: the first ``per_config`` non-exact samples of each config.

    Each sample has ``id``, ``truth``, ``prediction`` (None when missing), ``language``,
    ``script``, ``pixel_ambiguous``, ``pixel_exact`` (its id is in ``pixel_exact``, the prediction
    draws the sample's image, or it equals the truth in NFC) and ``direction`` (of the truth).

    >>> rows = [{"config": "latin", "id": "a", "text": "ab"}, {"config": "latin", "id": "b", "text": "cd"}]
    >>> g = collect_failures(rows, {"a": "ab"})["latin"]
    >>> g["wrong"], [s["id"] for s in g["samples"]]
    (1, ['b'])
    """
    out: dict[str, dict] = {}
    for row in rows:
        group = out.setdefault(row["config"], {"wrong": 0, "samples": []})
        prediction = predictions.get(row["id"])
        if prediction == row["text"]:
            continue
        group["wrong"] += 1
        if len(group["samples"]) >= per_config:
            continue
        alike = row["id"] in pixel_exact or (prediction is not None and nfc(prediction) == nfc(row["text"]))
        group["samples"].append({"id": row["id"], "truth": row["text"], "prediction": prediction,
                                 "language": row.get("language"), "script": row.get("script"),
                                 "pixel_ambiguous": bool(row.get("pixel_ambiguous")), "pixel_exact": alike,
                                 "direction": text_direction(row["text"])})
    return out
