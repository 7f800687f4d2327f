"""The pages config end to end: a small pages recipe built, loaded, checked column by column, read by tesseract."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from generator.compression import text_token_count
from generator.shards import build
from generator.shards.manifest import manifest_bytes
from generator.sources.page_text import GROUPS, budget_range

ROOT = Path(__file__).resolve().parent.parent
QUIET = dict(progress=False, log=lambda line: None)


@pytest.fixture(scope="module")
def rows(pages_build, hf_cache):
    from datasets import load_dataset

    out, _ = pages_build
    ds = load_dataset(str(out), "pages")
    return {split: list(ds[split]) for split in ds}


def test_one_worker_gives_the_same_manifest_as_two(pages_build, pages_recipe, tmp_path):
    _, two = pages_build
    one = build(pages_recipe, tmp_path / "one", workers=1, **QUIET)
    assert manifest_bytes(one) == manifest_bytes(two)


def test_load_dataset_pages_gives_canvas_sized_images_and_no_failure(pages_build, rows, pages_recipe):
    _, manifest = pages_build
    assert manifest["totals"]["failed"] == 0
    config = pages_recipe.config("pages")
    for split, samples in rows.items():
        lo, hi = config.planned_range(split)
        assert lo <= len(samples) <= hi
        for r in samples:
            assert isinstance(r["image"], Image.Image)
            assert r["image"].size == (r["canvas_width"], r["canvas_height"]) == (r["width"], r["height"])
            assert (r["canvas_width"], r["canvas_height"]) in config.canvases
            assert r["layout"] == "page" and r["max_width"] is None and r["font_size"] >= 6


def test_budgets_buckets_groups_and_sizes_are_what_the_columns_say(rows, pages_recipe):
    from generator.page import render_page

    config = pages_recipe.config("pages")
    seen_groups = set()
    for samples in rows.values():
        for r in samples:
            assert r["budget_tokens"] in config.budgets_of(r["script_group"])
            lo, hi = budget_range(r["budget_tokens"])
            assert lo <= r["text_tokens_cl100k_base"] == text_token_count(r["text"]) <= hi
            assert r["language"] in GROUPS[r["script_group"]]
            seen_groups.add(r["script_group"])
    assert seen_groups == set(GROUPS)
    r = rows["test"][0]  # the font size column is the size the fit chose: one more pixel does not fit
    again = render_page(r["text"], width=r["canvas_width"], height=r["canvas_height"], language=r["language"],
                        style=r["style"])
    assert again.options["font_size"] == r["font_size"] and again.line_count == r["n_lines"]


def test_one_text_on_several_canvases_shares_its_text_id(rows):
    by_text: dict[str, list[dict]] = {}
    for r in rows["test"]:
        by_text.setdefault(r["text_id"], []).append(r)
    several = [g for g in by_text.values() if len(g) > 1]
    assert several, "canvases_per_text = 2: most texts are drawn twice"
    for group in several:
        assert len({g["text"] for g in group}) == 1
        assert len({(g["canvas_width"], g["canvas_height"]) for g in group}) == len(group)


def test_every_row_records_a_source_and_a_licence(rows):
    for samples in rows.values():
        for r in samples:
            assert r["source"] and r["license"]
            if r["script_group"] == "code":
                assert r["kind"] == "natural_functions" and r["license"] == "PSF-2.0"
            elif r["script_group"] == "identifiers":
                assert r["kind"] == "identifiers" and "CC0-1.0" in r["license"]
            else:
                assert r["kind"] == "word_salad" and "Apache-2.0" in r["license"]


def test_tesseract_reads_an_english_page(pages_build, tmp_path):
    from generator.baselines import tesseract as baseline
    from generator.evaluate import read_predictions, score_sample
    from generator.evaluate.dataset import iter_images, load_truth

    out, _ = pages_build
    truth = {r["id"]: r for r in load_truth(out, "test", ["pages"])}
    page = next(r for r in iter_images(out, "test", ["pages"]) if r["language"] == "en")
    assert baseline.page_segmentation_mode(page["layout"], page["n_lines"]) == baseline.PAGE_PSM
    sample_id, prediction, error = baseline.predict(page)
    assert error is None and sample_id == page["id"]
    score = score_sample(truth[sample_id]["text"], prediction)
    assert score.layout_edits / score.layout_truth_graphemes < 0.05, prediction


def test_preview_writes_a_sheet_per_group_with_ink(pages_build, tmp_path):
    import shutil

    from generator.preview import preview

    out, _ = pages_build
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    paths = preview(copy, log=lambda line: None)
    assert sorted(p.name for p in paths) == sorted(f"pages-{g}.png" for g in GROUPS)
    for p in paths:
        with Image.open(p) as im:
            assert im.convert("L").getextrema()[0] < 64


def test_pick_pages_takes_the_smallest_a_middle_and_the_largest_budget():
    import doctest

    from generator import preview_pages

    result = doctest.testmod(preview_pages)
    assert result.attempted > 0 and result.failed == 0
