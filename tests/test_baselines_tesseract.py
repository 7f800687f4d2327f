"""The Tesseract baseline: real renders, real tesseract, well-formed predictions."""

import doctest
import json

import pytest

from generator import render
from generator.baselines import tesseract
from generator.errors import PercelsError
from generator.evaluate import read_predictions, score_sample
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def baseline():
    return tesseract


def test_docstring_examples(baseline):
    result = doctest.testmod(baseline)
    assert result.attempted > 0 and result.failed == 0


def test_every_mapped_pack_is_installed(baseline):
    packs = set(baseline.LANGUAGE_PACKS.values()) | set(baseline.SCRIPT_PACKS.values())
    assert packs <= baseline.installed_packs()
    listed = (ROOT / "scripts" / "debian-packages.txt").read_text()
    for pack in packs:
        assert "tesseract-ocr-" + pack.replace("_", "-") in listed


def test_an_absent_pack_is_a_named_error(baseline):
    with pytest.raises(PercelsError, match=r"install the Debian package tesseract-ocr-xyz"):
        baseline.check_pack("xyz")


def test_real_tesseract_reads_rendered_lines_into_wellformed_predictions(baseline, tmp_path):
    samples = [("latin-test-000000", "The quick brown fox", "en", "Latn"),
               ("unsegmented-test-000000", "สวัสดีครับ", "th", "Thai")]
    rows = [{"id": i, "text": t, "language": lang, "script": s, "layout": "line", "config": i.split("-")[0],
             "png": render(t, font_size=32, language=lang).to_png()} for i, t, lang, s in samples]
    results = [baseline.predict(r) for r in rows]
    out = tmp_path / "preds.jsonl"
    out.write_text("".join(json.dumps({"id": i, "prediction": p}, ensure_ascii=False) + "\n"
                           for i, p, err in results if err is None), encoding="utf-8")
    preds = read_predictions(out)
    assert list(preds) == [s[0] for s in samples]
    for (sample_id, truth, _, _) in samples:
        s = score_sample(truth, preds[sample_id].text)
        assert s.edits / s.truth_graphemes < 0.2, (truth, preds[sample_id].text)


def test_a_line_psm_7_reads_as_nothing_is_read_again_as_a_raw_line(baseline):
    png = render("للفصل في حقوقه", font_size=32, language="ar").to_png()
    assert baseline.recognize(png, "ara", 7).strip() == ""  # tesseract 5.3 finds no text line here
    row = {"id": "complex-test-000000", "language": "ar", "script": "Arab", "layout": "line", "config": "complex",
           "png": png}
    _, prediction, error = baseline.predict(row)
    assert error is None
    s = score_sample("للفصل في حقوقه", prediction)
    assert s.edits / s.truth_graphemes < 0.2
