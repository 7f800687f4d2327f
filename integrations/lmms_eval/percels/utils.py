"""Hooks of the lmms-eval task group ``percels``: one task per config, scored by percels itself.

``process_results`` scores each sample with :func:`generator.evaluate.score_sample` (ICU
grapheme clusters, UTS #39 skeletons, NFKC by ICU) and hands every metric the same payload;
each aggregation sums the payloads of one config into :class:`generator.evaluate.Totals`, so
a task's numbers are those of the config's row in ``python -m generator evaluate``'s ``scored``
section (pixel-ambiguous samples are left out, as there). Importing this module does not load
percels' renderer; ``pixel_exact`` loads it to re-render an inexact prediction with the
sample's own options, as ``generator evaluate`` does.
"""

from __future__ import annotations

import io
from dataclasses import asdict

from generator.evaluate import SampleScore, Totals, score_sample
from generator.evaluate.pixel import check_one, render_options
from generator.evaluate.prompts import prompt
from generator.ucd import nfc

METRICS = ("exact_match", "pixel_exact", "exact_match_nfkc", "cer", "confusion_rate")


def config_of(doc: dict) -> str:
    """The config a sample belongs to, from its id ``<config>-<split>-<index>``."""
    return doc["id"].rsplit("-", 2)[0]


def percels_doc_to_visual(doc: dict) -> list:
    """The image as stored (grayscale or RGB), never converted: a model gets the dataset's pixels."""
    return [doc["image"]]


def percels_doc_to_text(doc: dict, lmms_eval_specific_kwargs: dict | None = None) -> str:
    """The config's transcription prompt (listed in the dataset card)."""
    kwargs = lmms_eval_specific_kwargs or {}
    return f"{kwargs.get('pre_prompt', '')}{prompt(config_of(doc))}{kwargs.get('post_prompt', '')}"


def percels_doc_to_target(doc: dict) -> str:
    return doc["text"]


def renders_alike(doc: dict, prediction: str) -> bool:
    """Whether an inexact ``prediction`` draws the sample's image (:mod:`generator.evaluate.pixel`)."""
    if not prediction or nfc(prediction) == nfc(doc["text"]):
        return False  # empty, or canonically equivalent: score_sample decides without rendering
    png = io.BytesIO()
    doc["image"].save(png, format="PNG")
    return check_one((doc["id"], prediction, png.getvalue(), render_options(doc)))[1]


def percels_process_results(doc: dict, results: list) -> dict:
    """A payload per metric: the sample's id, prediction and percels score (``sample``).

    ``score`` is the sample's own value of the metric, which lmms-eval reads for its standard
    errors; pixel-ambiguous samples carry none, as they are left out of the aggregates too.
    """
    prediction = results[0] if results else ""
    if not isinstance(prediction, str):
        prediction = str(prediction)
    score = score_sample(doc["text"], prediction, partner=doc.get("partner"),
                         renders_alike=renders_alike(doc, prediction))
    ambiguous = bool(doc.get("pixel_ambiguous"))
    base = {"id": doc["id"], "prediction": prediction, "pixel_ambiguous": ambiguous, "sample": asdict(score)}
    values = {"exact_match": score.exact, "pixel_exact": score.pixel_exact, "exact_match_nfkc": score.nfkc_exact,
              "cer": score.edits / score.truth_graphemes if score.truth_graphemes else 0.0,
              "confusion_rate": score.confusion}
    return {m: base if ambiguous else {**base, "score": float(values[m])} for m in METRICS}


def _summary(items: list) -> dict:
    totals = Totals()
    for item in items:
        if not item["pixel_ambiguous"]:
            totals.add(SampleScore(**item["sample"]))
    return totals.summary()


def percels_agg_exact_match(items: list) -> float | None:
    return _summary(items)["exact_match"]


def percels_agg_pixel_exact(items: list) -> float | None:
    return _summary(items)["pixel_exact"]


def percels_agg_exact_match_nfkc(items: list) -> float | None:
    return _summary(items)["exact_match_nfkc"]


def percels_agg_cer(items: list) -> float | None:
    return _summary(items)["cer"]


def percels_agg_confusion_rate(items: list) -> float | None:
    return _summary(items)["confusion_rate"]
