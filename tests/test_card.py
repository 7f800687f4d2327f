"""The generated README.md: Hub front matter that matches the manifest, then the dataset card."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.shards import dataset_features
from generator.card import CARD_SOURCE, front_matter_languages


def _front_matter(out: Path) -> tuple[dict, str]:
    text = (out / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def test_front_matter_configs_and_split_sizes_match_the_manifest(small_build, small_recipe):
    out, manifest = small_build
    meta, _ = _front_matter(out)
    configs = {c["config_name"]: c for c in meta["configs"]}
    assert set(configs) == {c.name for c in small_recipe.configs}
    for name, c in configs.items():
        assert c["data_files"] == [{"split": s, "path": f"data/{name}/{s}-*.parquet"} for s in manifest["configs"][name]]
    infos = {i["config_name"]: i for i in meta["dataset_info"]}
    for name, splits in manifest["configs"].items():
        assert {s["name"]: s["num_examples"] for s in infos[name]["splits"]} == {k: v["rows"] for k, v in splits.items()}
        assert [f["name"] for f in infos[name]["features"]] == list(dataset_features())
        assert {"name": "image", "dtype": "image"} in infos[name]["features"]


def test_front_matter_licence_languages_and_tasks(small_build, small_recipe):
    out, _ = small_build
    meta, body = _front_matter(out)
    assert meta["license"] == small_recipe.license and meta["license_name"] == "per-sample"
    assert meta["task_categories"] == ["image-to-text"] and meta["size_categories"] == ["n<1K"]
    assert meta["language"] and all(lang == lang.lower() and "-" not in lang for lang in meta["language"])
    assert CARD_SOURCE.read_text(encoding="utf-8").strip()[:200] in body
    assert "## This build" in body


def test_languages_are_primary_subtags():
    assert front_matter_languages({"a": {"zh-Hans", "zh-Hant", "th"}, "b": {"en"}}) == ["en", "th", "zh"]
