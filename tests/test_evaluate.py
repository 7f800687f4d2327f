"""Scoring core: metrics per sample, groups, the predictions reader and its errors."""

import doctest
import json

import pytest

from generator.errors import PredictionsError
from generator.evaluate import check_ids, read_predictions, score_rows, score_sample, to_markdown
from generator.evaluate import dataset as dataset_mod
from generator.evaluate import metrics as metrics_mod
from generator.evaluate import predictions as predictions_mod
from generator.evaluate import report as report_mod
from generator.evaluate.report import bucket_label

ROWS = [
    {"config": "latin", "id": "latin-test-000000", "text": "paypal", "language": "en", "script": "Latn",
     "font_size": 32, "ratio": 0.2, "pixel_ambiguous": False},
    {"config": "latin", "id": "latin-test-000001", "text": "Ελληνικά", "language": "el", "script": "Grek",
     "font_size": 16, "ratio": 0.6, "pixel_ambiguous": False},
    {"config": "unsegmented", "id": "unsegmented-test-000000", "text": "ก่าสวัสดี", "language": "th",
     "script": "Thai", "font_size": 32, "ratio": 1.5, "pixel_ambiguous": False},
    {"config": "unsegmented", "id": "unsegmented-test-000001", "text": "ពេលវេលា", "language": "km",
     "script": "Khmr", "font_size": 48, "ratio": 3.0, "pixel_ambiguous": False},
    {"config": "homoglyphs", "id": "homoglyphs-test-000000", "text": "a\u200bb\u200dc", "language": "en",
     "script": "Latn", "font_size": 32, "ratio": None, "pixel_ambiguous": False},
    {"config": "homoglyphs", "id": "homoglyphs-test-000001", "text": "pаypal", "language": "en",
     "script": "Latn", "font_size": 32, "ratio": 0.2, "pixel_ambiguous": True},
]
METRICS = ("exact_match", "exact_match_nfkc")


def _truth():
    return {r["id"]: r["text"] for r in ROWS}


def _walk_summaries(section):
    yield section["overall"]
    for key, groups in section.items():
        if key.startswith("by_") and key != "by_config_and_bucket":
            yield from groups.values()
    for buckets in section["by_config_and_bucket"].values():
        yield from buckets.values()


def test_ground_truth_scores_100_percent_everywhere():
    report = score_rows(ROWS, _truth())
    assert report["n_missing"] == 0 and report["n_samples"] == len(ROWS)
    for name in ("scored", "pixel_ambiguous", "all"):
        for s in _walk_summaries(report[name]):
            assert s["n"] > 0
            assert s["exact_match"] == s["exact_match_nfkc"] == 1.0
            assert s["cer"] == 0.0 and s["confusion_rate"] == 0.0 and s["missing"] == 0
            assert s["invisible_recall"] in (None, 1.0)
    assert report["scored"]["by_config"]["homoglyphs"]["invisible_recall"] == 1.0
    assert report["scored"]["by_config"]["homoglyphs"]["invisible_chars"] == 2


def test_empty_predictions_score_zero_and_list_every_id_as_missing():
    report = score_rows(ROWS, {})
    assert report["n_missing"] == len(ROWS)
    assert report["missing_ids"] == [r["id"] for r in ROWS]
    overall = report["all"]["overall"]
    assert overall["exact_match"] == 0.0 and overall["cer"] == 1.0 and overall["confusion_rate"] == 0.0
    assert overall["invisible_recall"] == 0.0


def test_cyrillic_lookalike_is_a_confusion_not_a_generic_error():
    s = score_sample("paypal", "p\u0430ypal")  # U+0430 CYRILLIC SMALL LETTER A
    assert not s.exact and s.confusion and s.edits == 1
    plain = score_sample("paypal", "paypel")
    assert not plain.exact and not plain.confusion and plain.edits == 1
    preds = _truth()
    preds["latin-test-000000"] = "p\u0430ypal"
    report = score_rows(ROWS, preds)
    assert report["scored"]["by_config"]["latin"]["confusion_rate"] == 0.5
    assert report["scored"]["by_config"]["latin"]["exact_match"] == 0.5
    assert report["scored"]["by_script"]["Latn"]["confusion_rate"] == 0.5


def test_thai_and_khmer_cer_counts_grapheme_clusters_not_code_points():
    from rapidfuzz.distance import Levenshtein

    truth, pred = "ก่า", "กา"  # the tone mark mai ek dropped
    assert Levenshtein.distance(truth, pred) / len(truth) == pytest.approx(1 / 3)  # code-point CER
    s = score_sample(truth, pred)
    assert s.edits / s.truth_graphemes == 0.5  # grapheme CER: [ก่, า] vs [ก, า]
    khmer = score_sample("ពេល", "ពល")  # the vowel sign e dropped: 1 of 3 code points, 1 of 2 clusters
    assert (khmer.edits, khmer.truth_graphemes) == (1, 2)


def test_nfkc_exact_and_invisible_recall():
    s = score_sample("ｐａｙ", "pay")
    assert not s.exact and s.nfkc_exact and s.confusion
    inv = score_sample("a\u200bb\u200bc\u200d", "a\u200bbc")
    assert (inv.invisible_found, inv.invisible_total) == (1, 3)


def test_pixel_ambiguous_samples_are_reported_apart():
    preds = _truth()
    preds["homoglyphs-test-000001"] = "paypal"  # Latin a where the truth has Cyrillic a: unreadable from pixels
    report = score_rows(ROWS, preds)
    assert report["scored"]["overall"]["exact_match"] == 1.0
    assert report["pixel_ambiguous"]["overall"] == {**report["pixel_ambiguous"]["overall"], "n": 1, "exact_match": 0.0,
                                                    "confusion_rate": 1.0}
    assert report["all"]["overall"]["n"] == len(ROWS)


def test_groups_and_buckets():
    report = score_rows(ROWS, _truth())
    scored = report["scored"]
    assert list(scored["by_font_size"]) == ["16", "32", "48"]
    assert set(scored["by_language"]) == {"en", "el", "th", "km"}
    assert list(scored["by_compression_bucket"]) == ["0.125-0.25", "0.5-1", "1-2", "2-4", "n/a"]
    assert scored["by_config_and_bucket"]["latin"]["0.125-0.25"]["mean_ratio"] == 0.2
    assert bucket_label(0.0625) == "0.0625-0.125" and bucket_label(8) == ">=8"


def test_markdown_has_a_row_per_group():
    md = to_markdown({**score_rows(ROWS, _truth()), "predictions": "p.jsonl"})
    assert "| latin | 2 | 0 | 100.0 | 100.0 | 0.00 | 0.0 |" in md
    assert "## By script (scored)" in md and "| Khmr |" in md


def test_plot_is_written(tmp_path):
    from PIL import Image

    from generator.evaluate.plot import plot_accuracy_vs_compression

    path = plot_accuracy_vs_compression(score_rows(ROWS, {}), tmp_path / "p.png")
    with Image.open(path) as im:
        assert im.format == "PNG" and im.width > 500


# ---- the predictions file -------------------------------------------------------------------------------------

def _write(tmp_path, lines):
    p = tmp_path / "preds.jsonl"
    p.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return p


def test_reads_well_formed_predictions(tmp_path):
    p = _write(tmp_path, [json.dumps({"id": "a", "prediction": "x\U0001F600"}), "",
                          json.dumps({"id": "b", "prediction": "", "model": "m"})])
    got = read_predictions(p)
    assert {k: (v.text, v.line) for k, v in got.items()} == {"a": ("x\U0001F600", 1), "b": ("", 3)}


@pytest.mark.parametrize(
    "lines, message",
    [
        (['{"id": "a", "prediction": "x"}', '{"id": "b", "prediction": '], r"line 2: not valid JSON .*one JSON object per line"),
        (['["a", "x"]'], r"line 1: expected a JSON object, got list"),
        (['{"prediction": "x"}'], r"line 1: the key 'id' is missing"),
        (['{"id": "a"}'], r"line 1: the key 'prediction' is missing"),
        (['{"id": 3, "prediction": "x"}'], r"line 1: 'id' must be a non-empty string"),
        (['{"id": "a", "prediction": null}'], r"line 1: 'prediction' for id 'a' must be a string.*write \"\""),
        (['{"id": "a", "prediction": "x\\ud800"}'], r"line 1: 'prediction' for id 'a' has a lone surrogate U\+D800"),
        (['{"id": "a", "prediction": "x"}', '{"id": "b", "prediction": "y"}', '{"id": "a", "prediction": "z"}'],
         r"line 3: duplicate id 'a' \(first on line 1\): keep one prediction per id"),
        (['{"id": "a", "prediction": "x", "prediction": "y"}'],
         r"line 1: the key 'prediction' appears twice in one object: keep one"),
        (['{"id": "a", "id": "b", "prediction": "y"}'], r"line 1: the key 'id' appears twice in one object"),
        (["[" * 100_000], r"line 1: JSON nested too deeply to read"),
        (['{"id": "a", "prediction": ' + "7" * 5000 + "}"], r"line 1: a number of 5000 digits: ids and predictions are strings"),
        (['{"id": "a", "prediction": "' + "x" * 16_001 + '"}'],
         r"line 1: 'prediction' for id 'a' is 16,001 code points long, over the limit of 16,000 \(MAX_PREDICTION_LENGTH"),
        (['{"id": "a", "prediction": "' + "x" * (50 << 20) + '"}'],
         r"line 1: longer than 1,048,576 bytes \(MAX_LINE_BYTES\): a prediction may hold at most 16,000 code points"),
        ([], r"holds no prediction \(the file is empty or blank\)"),
        (["", "  ", ""], r"holds no prediction"),
    ],
    ids=["json", "list", "no-id", "no-prediction", "int-id", "null", "surrogate", "duplicate-id", "duplicate-key",
         "duplicate-id-key", "nested", "long-int", "long-prediction", "50MB-line", "empty", "blank"],
)
def test_malformed_predictions_name_file_line_and_fix(tmp_path, lines, message):
    p = _write(tmp_path, lines)
    with pytest.raises(PredictionsError, match=message) as info:
        read_predictions(p)
    assert str(p) in str(info.value)


def test_longest_prediction_is_read_even_with_escapes(tmp_path):
    longest = "\U0001F600" * 16_000  # 192 kB as \\ud83d\\ude00 escapes
    p = _write(tmp_path, [json.dumps({"id": "a", "prediction": longest}), json.dumps({"id": "b", "prediction": "x" * 99})])
    assert [(k, len(v.text)) for k, v in read_predictions(p).items()] == [("a", 16_000), ("b", 99)]


def test_a_line_of_exactly_the_byte_limit_is_read(tmp_path):
    head = '{"id": "a", "prediction": "'
    line = head + "x" * (predictions_mod.MAX_LINE_BYTES - len(head) - 2) + '"}'
    assert len(line) == predictions_mod.MAX_LINE_BYTES
    p = _write(tmp_path, ['{"id": "b", "prediction": "y"}', line])
    with pytest.raises(PredictionsError, match=r"line 2: 'prediction' for id 'a' is 1,048,547 code points long"):
        read_predictions(p)


def test_predictions_path_that_is_a_folder(tmp_path):
    with pytest.raises(PredictionsError, match=r"is a folder, not a predictions file"):
        read_predictions(tmp_path)


def test_invalid_utf8_and_missing_file(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_bytes(b'{"id": "a", "prediction": "x"}\n{"id": "b", "prediction": "\xff"}\n')
    with pytest.raises(PredictionsError, match=r"bad.jsonl line 2: not valid UTF-8"):
        read_predictions(p)
    with pytest.raises(PredictionsError, match=r"no such predictions file"):
        read_predictions(tmp_path / "absent.jsonl")


def test_unknown_id_names_its_line_and_missing_ids_are_returned(tmp_path):
    p = _write(tmp_path, ['{"id": "latin-test-000000", "prediction": "x"}', '{"id": "nope", "prediction": "y"}'])
    preds = read_predictions(p)
    with pytest.raises(PredictionsError, match=r"preds.jsonl line 2: unknown id 'nope': it is not in split test"):
        check_ids(preds, {r["id"] for r in ROWS}, p, "split test")
    del preds["nope"]
    missing = check_ids(preds, [r["id"] for r in ROWS], p, "split test")
    assert missing == [r["id"] for r in ROWS[1:]]


@pytest.mark.parametrize("module", [metrics_mod, predictions_mod, report_mod, dataset_mod])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
