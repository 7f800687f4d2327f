"""Pixel-exact match: predictions re-rendered with the sample's options, compared with its image."""

from __future__ import annotations

import json
import unicodedata

import pyarrow.parquet as pq
import pytest

from generator import render
from generator.ambiguity import candidates
from generator.cli import main
from generator.evaluate import evaluate, pixel_exact_ids, score_rows
from generator.evaluate.pixel import check_one, render_options
from generator.metadata import images_ambiguous


def _row(sample_id, text, **options):
    row = {"id": sample_id, "config": "homoglyphs", "text": text, "ratio": 0.3, "font_size": 24, "style": "sans",
           "language": "en", "layout": "line", "max_width": None, **options}
    opts = render_options(row)
    png = render(text, font_size=opts["font_size"], style=opts["style"], language=opts["language"],
                 max_width=opts["max_width"]).to_png()
    return row, {"id": sample_id, "png": png}


def _pixel_exact(rows_images, predictions, workers=1):
    rows = [r for r, _ in rows_images]
    return pixel_exact_ids(rows, predictions, [im for _, im in rows_images], workers=workers)


def test_lookalike_readings_are_pixel_exact_and_visible_errors_are_not():
    data = [_row("cyr", "p\u0430ypal"), _row("zwsp", "tr\u200bong"), _row("nbsp", "let\u00a0x", style="mono"),
            _row("digit", "paypal"), _row("rn", "modern"), _row("tofu", "abc"), _row("empty", "abc"),
            _row("exact", "abc")]
    preds = {"cyr": "paypal", "zwsp": "trong", "nbsp": "let x", "digit": "paypa1", "rn": "rnodern",
             "tofu": "ab\U0001FAE9", "empty": "", "exact": "abc"}
    assert _pixel_exact(data, preds) == {"cyr", "zwsp", "nbsp"}
    report = score_rows([r for r, _ in data], preds, {"cyr", "zwsp", "nbsp"})
    overall = report["scored"]["overall"]
    assert overall["exact_match"] == 1 / 8 and overall["pixel_exact"] == 4 / 8


def test_nfc_readings_of_non_nfc_truths_are_pixel_exact_without_rendering():
    truth = "\u0958\u093e\u0928\u0942\u0928 c\u01b0\u0309a"
    data = [_row("hi", truth, language="hi")]
    nfc = unicodedata.normalize("NFC", truth)
    assert _pixel_exact(data, {"hi": nfc}) == set()  # not even rendered: NFC equality decides
    assert check_one(("hi", nfc, data[0][1]["png"], render_options(data[0][0]))) == ("hi", True)  # and it draws alike
    report = score_rows([data[0][0]], {"hi": nfc})
    assert report["pixel_ambiguous"]["overall"]["n"] == 0 and report["scored"]["overall"]["pixel_exact"] == 1.0
    assert report["scored"]["overall"]["exact_match"] == 0.0


def test_workers_give_the_same_answer():
    data = [_row(f"s{i}", text) for i, text in enumerate(["p\u0430ypal", "paypal", "tr\u200bong", "hello"] * 5)]
    preds = {f"s{i}": p for i, p in enumerate(["paypal", "paypa1", "trong", "he11o"] * 5)}
    one = _pixel_exact(data, preds, workers=1)
    assert one == {f"s{i}" for i in range(20) if i % 4 in (0, 2)}
    assert _pixel_exact(data, preds, workers=2) == one
    with pytest.raises(ValueError, match="workers"):
        _pixel_exact(data, preds, workers=0)


def test_rows_without_render_options_are_not_pixel_exact():
    row, image = _row("x", "p\u0430ypal")
    del row["style"]
    assert render_options(row) is None
    assert pixel_exact_ids([row], {"x": "paypal"}, [image]) == set()


def _ambiguous_rows(dataset):
    cols = ["id", "text", "partner", "font_size", "style", "language", "max_width", "ambiguous_with", "pixel_ambiguous"]
    for f in sorted((dataset / "data").glob("*/test-*.parquet")):
        yield from (r for r in pq.read_table(f, columns=cols).to_pylist() if r["pixel_ambiguous"])


def _reading(row):
    """A reading of an ambiguous row that is not its text: the candidate of the family that matched."""
    if row["ambiguous_with"] == "nfc":
        return unicodedata.normalize("NFC", row["text"])
    truth = render(row["text"], font_size=row["font_size"], style=row["style"], language=row["language"],
                   max_width=row["max_width"])
    for family, string in candidates(row["text"], row["partner"]):
        if family == row["ambiguous_with"]:
            twin = render(string, **truth.options)
            if images_ambiguous(truth.image, twin.image):
                return string
    raise AssertionError(f"{row['id']}: no {row['ambiguous_with']} candidate draws alike")


def test_readings_of_ambiguous_rows_score_100_percent_pixel_exact(small_build, tmp_path):
    dataset = small_build[0]
    rows = list(_ambiguous_rows(dataset))
    assert rows, "the small build has pixel-ambiguous rows"
    preds = tmp_path / "readings.jsonl"
    preds.write_text("".join(json.dumps({"id": r["id"], "prediction": _reading(r)}, ensure_ascii=False) + "\n"
                             for r in rows), encoding="utf-8")
    report = evaluate(dataset, preds, workers=2)
    ambiguous = report["pixel_ambiguous"]["overall"]
    assert ambiguous["n"] == len(rows) and ambiguous["missing"] == 0
    assert ambiguous["pixel_exact"] == 1.0 and ambiguous["exact_match"] == 0.0
    partner_rows = [r for r in rows if r["ambiguous_with"] == "partner"]
    assert all(_reading(r) == r["partner"] for r in partner_rows)


def test_cli_reports_pixel_exact(small_build, tmp_path, capsys):
    dataset = small_build[0]
    rows = list(_ambiguous_rows(dataset))[:3]
    preds = tmp_path / "p.jsonl"
    preds.write_text("".join(json.dumps({"id": r["id"], "prediction": _reading(r)}) + "\n" for r in rows))
    assert main(["evaluate", "--dataset", str(dataset), "--predictions", str(preds), "--workers", "1",
                 "--out", str(tmp_path / "out")]) == 0
    md = capsys.readouterr().out
    assert "pixel-exact %" in md
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["pixel_ambiguous"]["overall"]["pixel_exact"] == len(rows) / report["pixel_ambiguous"]["overall"]["n"]
    assert "pixel_exact" in report["metric_definitions"]
