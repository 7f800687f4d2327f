"""VLMEvalKit both ways, on the session's real small build: the TSV out, the prediction file back."""

from __future__ import annotations

import base64
import csv
import json

import pandas as pd
import pytest

from generator.cli import main
from generator.errors import PredictionsError
from generator.evaluate import evaluate, iter_images, load_truth
from generator.evaluate.prompts import prompt
from generator.evaluate.vlmevalkit import FAILURE_PREFIX, TSV_COLUMNS, read_vlmevalkit_predictions


@pytest.fixture(scope="module")
def dataset(small_build):
    return small_build[0]


def _export(dataset, config, out):
    assert main(["export", "vlmevalkit", "--dataset", str(dataset), "--config", config, "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("config", ["code", "complex"])
def test_tsv_carries_every_sample_exactly(dataset, tmp_path, config):
    tsv = _export(dataset, config, tmp_path / f"percels_{config}.tsv")
    frame = pd.read_csv(tsv, sep="\t")  # how VLMEvalKit loads a benchmark
    assert list(frame.columns) == list(TSV_COLUMNS)
    truth = load_truth(dataset, "test", [config])
    assert len(frame) == len(truth) and list(frame["index"]) == list(range(len(truth)))
    exact = pd.read_csv(tsv, sep="\t", dtype=str, keep_default_na=False)
    assert list(exact["answer"]) == [r["text"] for r in truth]  # code keeps its tabs, newlines and spaces
    assert list(exact["id"]) == [r["id"] for r in truth]
    assert set(exact["question"]) == {prompt(config)}
    images = [r["png"] for r in iter_images(dataset, "test", [config])]
    assert [base64.b64decode(b) for b in exact["image"]] == images


def _vlmevalkit_result(tsv, predictions, path):
    """Write a prediction file the way VLMEvalKit's inference does: the rows less the image, plus `prediction`."""
    data = pd.read_csv(tsv, sep="\t")
    data["prediction"] = [str(p) for p in predictions]
    data.pop("image")
    if path.suffix == ".xlsx":
        data.to_excel(path, index=False, engine="xlsxwriter")
    elif path.suffix == ".tsv":
        data.to_csv(path, sep="\t", index=False, encoding="utf-8", quoting=csv.QUOTE_ALL)
    else:
        path.write_text(json.dumps(data.to_dict("records"), indent=4, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".tsv", ".json"])
def test_prediction_file_converts_back_and_scores(dataset, tmp_path, suffix):
    tsv = _export(dataset, "code", tmp_path / "percels_code.tsv")
    truth = [r["text"] for r in load_truth(dataset, "test", ["code"])]
    answers = list(truth)
    answers[0] = f"{FAILURE_PREFIX} via API."   # VLMEvalKit's failure message: left out, so missing
    answers[1] = ""                                   # an empty answer stays an empty prediction
    result = _vlmevalkit_result(tsv, answers, tmp_path / f"model_percels_code{suffix}")
    out = tmp_path / "preds.jsonl"
    assert main(["import", "vlmevalkit", "--predictions", str(result), "--out", str(out)]) == 0
    report = evaluate(dataset, out, configs=["code"])
    overall = report["all"]["overall"]
    assert overall["n"] == len(truth) and overall["missing"] == 1
    assert overall["exact_match"] == pytest.approx((len(truth) - 2) / len(truth))
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == len(truth) - 1


@pytest.mark.parametrize("records, message", [
    ([{"index": 0, "prediction": "a"}], r"row 1: no 'id' column \(columns: index, prediction\)"),
    ([{"id": "x", "index": 0}], r"row 1: no 'prediction' column"),
    ([{"id": "x", "prediction": 12}], r"row 1: the prediction for 'x' is a int \(12\), not text"),
    ([{"id": "x", "prediction": "a"}, {"id": "x", "prediction": "b"}], r"row 2: duplicate id 'x' \(first at .* row 1\)"),
    ([{"id": 3, "prediction": "a"}], r"row 1: 'id' must be a percels sample id, got 3"),
    ([], r"no rows"),
])
def test_malformed_prediction_files_are_named_errors(tmp_path, records, message):
    path = tmp_path / "m_percels.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    with pytest.raises(PredictionsError, match=message):
        read_vlmevalkit_predictions(path)


def test_unreadable_files_are_named_errors(tmp_path):
    with pytest.raises(PredictionsError, match=r"unknown prediction file type '\.pkl'"):
        read_vlmevalkit_predictions(tmp_path / "m.pkl")
    with pytest.raises(PredictionsError, match=r"no such file"):
        read_vlmevalkit_predictions(tmp_path / "absent.xlsx")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(PredictionsError, match=r"bad\.xlsx: not a readable \.xlsx workbook"):
        read_vlmevalkit_predictions(bad)
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(PredictionsError, match=r"not valid UTF-8 JSON"):
        read_vlmevalkit_predictions(tmp_path / "bad.json")


def test_cli_reports_a_malformed_file_and_exits_2(tmp_path, capsys):
    path = tmp_path / "m.json"
    path.write_text('[{"prediction": "a"}]', encoding="utf-8")
    assert main(["import", "vlmevalkit", "--predictions", str(path), "--out", str(tmp_path / "p.jsonl")]) == 2
    assert "no 'id' column" in capsys.readouterr().err


def test_docstring_examples():
    import doctest

    from generator.evaluate import vlmevalkit

    result = doctest.testmod(vlmevalkit)
    assert result.attempted > 0 and result.failed == 0
