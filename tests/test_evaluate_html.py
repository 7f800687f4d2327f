"""report.html, opened in a real headless browser (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from generator.evaluate import evaluate, load_truth, write_report
from generator.evaluate.gallery import char_diff, collect_failures

LATIN_TO_CYRILLIC = str.maketrans("aeopcx", "аеорсх")


def _predictions(rows):
    """Per config: the 1st sample right, the 2nd with its last cluster dropped, the 3rd with Cyrillic look-alikes, the 4th missing."""
    out, seen = {}, {}
    for r in rows:
        k = seen[r["config"]] = seen.get(r["config"], 0) + 1
        if k == 1:
            out[r["id"]] = r["text"]
        elif k == 2:
            out[r["id"]] = r["text"][:-1]
        elif k == 3:
            out[r["id"]] = r["text"].translate(LATIN_TO_CYRILLIC) + " extra"
    return out


@pytest.fixture(scope="module")
def report_dir(small_build, tmp_path_factory):
    dataset, _ = small_build
    tmp = tmp_path_factory.mktemp("html-report")
    preds = _predictions(load_truth(dataset, "test"))
    path = tmp / "preds.jsonl"
    path.write_text("".join(json.dumps({"id": i, "prediction": p}, ensure_ascii=False) + "\n" for i, p in preds.items()),
                    encoding="utf-8")
    report = evaluate(dataset, path)
    write_report(report, tmp / "report")
    return tmp / "report", report


def test_gallery_lists_the_first_failures_of_each_config(report_dir):
    _, report = report_dir
    gallery = report["failure_gallery"]
    assert set(gallery) == set(report["configs"])
    for config, g in gallery.items():
        wrong = [s for s in g["samples"]]
        assert g["wrong"] == len(wrong) == 3  # the 2nd, 3rd (changed) and 4th (missing) of 4 samples
        assert wrong[2]["prediction"] is None
    assert collect_failures([{"config": "c", "id": "a", "text": "x"}], {"a": "x"}) == {"c": {"wrong": 0, "samples": []}}


def test_page_is_self_contained(report_dir):
    html = (report_dir[0] / "report.html").read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(?!data:|#)', html)
    assert "<script" not in html and "<link" not in html
    assert html.count("data:image/png;base64,") == 1 + sum(len(g["samples"]) for g in report_dir[1]["failure_gallery"].values())


def test_chromium_loads_every_image_overflows_nothing_and_logs_no_error(report_dir):
    from playwright.sync_api import sync_playwright

    out, report = report_dir
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is missing: run scripts/setup (scripts/debian-packages.txt lists it)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("requestfailed", lambda r: problems.append(r.url))
        page.goto((out / "report.html").as_uri())
        page.wait_for_load_state("load")
        images = page.eval_on_selector_all("img", "els => els.map(e => [e.complete, e.naturalWidth, e.naturalHeight])")
        overflowing = page.eval_on_selector_all(
            "td, th, .text", "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.outerHTML.slice(0, 120))")
        rtl = page.eval_on_selector_all(
            "table.config-complex .text[lang='ar'], table.config-complex .text[lang='he']",
            "els => els.map(e => getComputedStyle(e).direction)")
        lookalikes = page.eval_on_selector_all("table.config-latin .lookalike", "els => els.map(e => e.textContent)")
        shot = page.screenshot(full_page=True)
        browser.close()
    assert problems == []
    assert len(images) == 1 + sum(len(g["samples"]) for g in report["failure_gallery"].values())
    assert all(done and w > 0 and h > 0 for done, w, h in images)
    assert overflowing == []
    assert rtl and set(rtl) == {"rtl"}
    # each look-alike is marked on both lines of the diff: the Latin letter of the truth, the Cyrillic one read
    assert lookalikes and all(re.fullmatch(r"[aeopcxаеорсх]", c) for c in lookalikes)
    truth_side = sorted(c.translate(LATIN_TO_CYRILLIC) for c in lookalikes if c.isascii())
    assert truth_side == sorted(c for c in lookalikes if not c.isascii())
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"


def test_char_diff_marks_each_kind():
    kinds = [p.kind for p in char_diff("abcd", "аbxde")]
    assert kinds == ["lookalike", "equal", "substitution", "equal", "extra"]


@pytest.mark.parametrize("name", ["gallery", "html", "prompts"])
def test_docstring_examples(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"generator.evaluate.{name}"))
    assert result.attempted > 0 and result.failed == 0
