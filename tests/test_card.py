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


def test_split_and_dataset_sizes_are_measured_on_the_files(small_build):
    import pyarrow.parquet as pq

    out, manifest = small_build
    meta, _ = _front_matter(out)
    infos = {i["config_name"]: i for i in meta["dataset_info"]}
    assert set(infos) == set(manifest["configs"])
    for config, splits in manifest["configs"].items():
        info = infos[config]
        total_bytes = total_files = 0
        for split in info["splits"]:
            files = sorted(out.glob(f"data/{config}/{split['name']}-*.parquet"))
            assert files and len(files) == len(splits[split["name"]]["shards"])
            groups = [pq.ParquetFile(f).read_row_group(i) for f in files for i in range(pq.ParquetFile(f).num_row_groups)]
            arrow_bytes = sum(g.combine_chunks().nbytes for g in groups)
            assert split["num_bytes"] == arrow_bytes > 0
            total_bytes += arrow_bytes
            total_files += sum(f.stat().st_size for f in files)
        assert info["dataset_size"] == total_bytes
        assert info["download_size"] == total_files > 0


def test_num_bytes_agree_with_what_datasets_measures(small_build, hf_cache):
    from datasets import load_dataset

    out, manifest = small_build
    meta, _ = _front_matter(out)
    config = next(iter(manifest["configs"]))
    info = next(i for i in meta["dataset_info"] if i["config_name"] == config)
    for split in info["splits"]:
        ds = load_dataset(str(out), config, split=split["name"], cache_dir=str(hf_cache))
        measured = ds.info.splits[split["name"]].num_bytes  # as datasets counted it while preparing the split
        assert abs(measured - split["num_bytes"]) <= 0.01 * split["num_bytes"]


def test_licence_link_and_one_default_config_so_load_dataset_needs_no_name(small_build, small_recipe, hf_cache):
    from datasets import load_dataset

    out, manifest = small_build
    meta, _ = _front_matter(out)
    assert meta["license_link"] == small_recipe.license_link == "README.md#sources-and-licences"
    defaults = [c["config_name"] for c in meta["configs"] if c.get("default")]
    first = small_recipe.configs[0].name
    assert defaults == [first]
    ds = load_dataset(str(out), split="test", cache_dir=str(hf_cache))
    assert ds.num_rows == manifest["configs"][first]["test"]["rows"]
    assert all(i.startswith(f"{first}-test-") for i in ds["id"])
