"""Evaluation end to end on a dataset made by the real build: truth, empty and Tesseract predictions."""

import importlib.util
import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import PredictionsError
from generator.evaluate import evaluate, load_truth, read_predictions

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "baseline_tesseract.py"


@pytest.fixture(scope="module")
def dataset(small_build):
    """The session's small build (every config, test and validation): read only."""
    return small_build[0]


@pytest.fixture(scope="module")
def configs(small_recipe):
    return {c.name: c.samples_per_split()["test"] for c in small_recipe.configs}


def _write(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_truth_is_what_load_dataset_sees(dataset, configs, tmp_path):
    from datasets import load_dataset

    rows = load_truth(dataset, "test")
    assert sorted({r["config"] for r in rows}) == sorted(configs)
    for config in configs:
        ds = load_dataset(str(dataset), config, split="test", cache_dir=str(tmp_path / "hf"))
        mine = [(r["id"], r["text"], r["language"], r["font_size"]) for r in rows if r["config"] == config]
        assert mine == list(zip(ds["id"], ds["text"], ds["language"], ds["font_size"]))
    assert all(r["ratio"] is not None and r["ratio"] > 0 for r in rows)


def test_ground_truth_scores_100_percent_through_the_cli(dataset, tmp_path, capsys):
    rows = load_truth(dataset, "test")
    preds = _write(tmp_path / "truth.jsonl", [{"id": r["id"], "prediction": r["text"]} for r in rows])
    out = tmp_path / "report"
    assert main(["evaluate", "--dataset", str(dataset), "--predictions", str(preds), "--out", str(out)]) == 0
    report = json.loads((out / "report.json").read_text())
    assert report["n_samples"] == len(rows) and report["n_missing"] == 0
    for name in ("scored", "all"):
        for key, groups in report[name].items():
            summaries = [groups] if key == "overall" else (
                [s for b in groups.values() for s in b.values()] if key == "by_config_and_bucket" else groups.values())
            for s in summaries:
                assert s["exact_match"] == 1.0 and s["cer"] == 0.0 and s["confusion_rate"] == 0.0, (name, key, s)
    assert (out / "accuracy_vs_compression.png").read_bytes()[:4] == b"\x89PNG"
    assert "| latin |" in (out / "report.md").read_text()
    assert "# Evaluation" in capsys.readouterr().out


def test_an_empty_predictions_file_is_an_error_and_absent_ids_count_missing(dataset, configs, tmp_path, capsys):
    empty = _write(tmp_path / "empty.jsonl", [])
    with pytest.raises(PredictionsError, match=r"empty\.jsonl: holds no prediction \(the file is empty or blank\)"):
        evaluate(dataset, empty)
    assert main(["evaluate", "--dataset", str(dataset), "--predictions", str(empty)]) == 2
    assert "holds no prediction" in capsys.readouterr().err
    rows = load_truth(dataset, "test")
    one = _write(tmp_path / "one.jsonl", [{"id": rows[0]["id"], "prediction": rows[0]["text"]}])
    report = evaluate(dataset, one)
    assert report["n_missing"] == report["n_samples"] - 1 == sum(configs.values()) - 1
    assert report["all"]["overall"]["exact_match"] == 1 / report["n_samples"]
    validation = load_truth(dataset, "validation")
    one_v = _write(tmp_path / "one_v.jsonl", [{"id": validation[0]["id"], "prediction": ""}])
    report = evaluate(dataset, one_v, split="validation")
    assert report["n_missing"] == len(validation) - 1 and report["all"]["overall"]["exact_match"] == 0.0


def test_report_folder_that_cannot_be_written_is_a_named_error(dataset, tmp_path, capsys):
    rows = load_truth(dataset, "test")
    preds = _write(tmp_path / "p.jsonl", [{"id": r["id"], "prediction": r["text"]} for r in rows])
    (tmp_path / "afile").write_text("x")
    for out, fix in [(tmp_path / "afile", "a file of that name is in the way"),
                     (tmp_path / "afile" / "report", "a part of its path is a file, not a folder")]:
        assert main(["evaluate", "--dataset", str(dataset), "--predictions", str(preds), "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert f"error: cannot write {out}: {fix}" in err and "Traceback" not in err


def test_unknown_id_and_config_scope_are_named_errors(dataset, tmp_path, capsys):
    rows = load_truth(dataset, "test")
    preds = _write(tmp_path / "p.jsonl", [{"id": r["id"], "prediction": r["text"]} for r in rows])
    assert main(["evaluate", "--dataset", str(dataset), "--predictions", str(preds), "--config", "latin"]) == 2
    err = capsys.readouterr().err
    first_other = next(i for i, r in enumerate(rows, 1) if r["config"] != "latin")
    assert f"p.jsonl line {first_other}: unknown id" in err and "config latin" in err
    assert main(["evaluate", "--dataset", str(dataset), "--predictions", str(preds), "--config", "nope"]) == 2
    assert "no config 'nope'" in capsys.readouterr().err


def test_tesseract_baseline_writes_predictions_the_evaluator_accepts(dataset, tmp_path):
    spec = importlib.util.spec_from_file_location("baseline_tesseract", SCRIPT)
    baseline = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(baseline)
    out = tmp_path / "tesseract.jsonl"
    assert baseline.main(["--dataset", str(dataset), "--out", str(out), "--config", "latin"]) == 0
    preds = read_predictions(out)
    latin = [r["id"] for r in load_truth(dataset, "test", ["latin"])]
    assert list(preds) == latin
    report = evaluate(dataset, out, configs=["latin"])
    assert report["n_missing"] == 0
    assert report["all"]["overall"]["cer"] < 0.5


def test_limit_scores_the_first_samples_of_each_config(dataset, configs, tmp_path):
    first = load_truth(dataset, "test", limit=2)
    assert len(first) == 2 * len(configs)
    assert [r["id"] for r in first] == [r["id"] for c in sorted(configs)
                                        for r in load_truth(dataset, "test", [c])[:2]]
    preds = _write(tmp_path / "sub.jsonl", [{"id": r["id"], "prediction": r["text"]} for r in first])
    report = evaluate(dataset, preds, limit=2)
    assert report["n_samples"] == len(first) and report["all"]["overall"]["exact_match"] == 1.0
    with pytest.raises(PredictionsError, match=r"sub.jsonl line 2: unknown id .* the first 1 samples per config"):
        evaluate(dataset, preds, limit=1)
