"""The build: shards load with load_dataset, the build is identical for 1 and 2 workers, it resumes, it counts failures."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from generator.shards import build, dataset_features
from generator.shards.manifest import manifest_bytes, manifest_shards
from generator.shards.pipeline import check_failures, plan_shards
from generator.shards.spec import cut_shards
from generator.shards.writer import write_shard
from generator.shards.worker import SampleWorker
from generator.errors import BuildError
from generator.recipe import load_recipe

ROOT = Path(__file__).resolve().parent.parent
QUIET = {"progress": False, "log": lambda line: None}


def test_layout_shards_and_stats(small_build, small_recipe):
    out, manifest = small_build
    for shard in manifest_shards(manifest):
        path = out / shard["path"]
        assert path.is_file()
        assert re.fullmatch(rf"data/{shard['config']}/{shard['split']}-\d{{5}}-of-\d{{5}}\.parquet", shard["path"])
        stats = json.loads(path.with_name(path.name.replace(".parquet", ".stats.json")).read_text())
        assert (stats["rows"], stats["sha256"]) == (shard["rows"], shard["sha256"])
    for config in small_recipe.configs:
        for split, planned in config.samples_per_split().items():
            info = manifest["configs"][config.name][split]
            assert info["planned"] == planned and info["rows"] + info["failed"] == planned
            assert len(info["shards"]) == -(-planned // small_recipe.shard_size)
    assert not list(out.glob("data/*/.*"))  # no temporary files left


@pytest.mark.parametrize("streaming", [False, True])
def test_load_dataset_gives_pil_images_and_all_columns(small_build, hf_cache, streaming):
    from datasets import load_dataset

    out, manifest = small_build
    columns = set(dataset_features())
    for config, splits in manifest["configs"].items():
        for split, info in splits.items():
            ds = load_dataset(str(out), config, split=split, streaming=streaming, cache_dir=str(hf_cache))
            rows = list(ds)
            assert len(rows) == info["rows"], (config, split)
            for row in rows:
                assert set(row) == columns
                assert isinstance(row["image"], Image.Image)
                assert row["image"].size == (row["width"], row["height"])
                assert row["id"].startswith(f"{config}-{split}-")
                assert row["text"]


def test_ids_are_unique_and_follow_the_plan(small_build, small_recipe, hf_cache):
    import pyarrow.parquet as pq

    out, manifest = small_build
    ids = [i for s in manifest_shards(manifest) for i in pq.read_table(out / s["path"], columns=["id"])["id"].to_pylist()]
    assert len(ids) == len(set(ids))
    failed = {i for s in manifest_shards(manifest) for i in s["failed_ids"]}
    planned = [s.id for c in small_recipe.configs for spec in plan_shards(small_recipe, c) for s in spec.samples]
    assert ids == [i for i in planned if i not in failed]


def test_one_worker_gives_the_same_manifest_as_two(small_build, small_recipe, tmp_path):
    _, manifest = small_build
    one = build(small_recipe, tmp_path / "one", workers=1, **QUIET)
    assert manifest_bytes(one) == manifest_bytes(manifest)
    assert (tmp_path / "one" / "MANIFEST.json").read_bytes() == manifest_bytes(manifest)


def test_rebuild_keeps_complete_shards_and_removes_strays(small_build_copy, small_recipe):
    out, manifest = small_build_copy
    stray = out / "data" / "latin" / "test-00007-of-00009.parquet"
    stray.write_bytes(b"left over from another recipe")
    before = {p: p.stat().st_mtime_ns for p in out.glob("data/*/*.parquet") if p != stray}
    lines = []
    again = build(small_recipe, out, workers=1, progress=False, log=lines.append)
    assert manifest_bytes(again) == manifest_bytes(manifest)
    assert not stray.exists() and any("removing data/latin/test-00007-of-00009.parquet" in l for l in lines)
    assert {p: p.stat().st_mtime_ns for p in before} == before, "complete shards must not be rewritten"


def test_shards_without_stats_or_from_another_plan_are_redone(small_build_copy, small_recipe):
    out, manifest = small_build_copy
    no_stats = out / "data" / "code" / "test-00000-of-00002.stats.json"
    no_stats.unlink()
    stale = out / "data" / "emoji" / "validation-00000-of-00001.stats.json"
    stale.write_text(stale.read_text().replace('"plan_sha256": "', '"plan_sha256": "0'))
    lines = []
    again = build(small_recipe, out, workers=1, progress=False, log=lines.append)
    assert manifest_bytes(again) == manifest_bytes(manifest)
    assert no_stats.exists() and '"plan_sha256": "0' not in stale.read_text()
    assert any(l.startswith("code: ") and "(2 already complete)" in l for l in lines)
    assert any(l.startswith("emoji: ") and "(2 already complete)" in l for l in lines)


def test_build_killed_mid_shard_resumes_to_the_identical_manifest(tmp_path):
    recipe_path = ROOT / "tests" / "recipes" / "resume.toml"
    recipe = load_recipe(recipe_path)
    reference = build(recipe, tmp_path / "reference", workers=2, **QUIET)
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "generator", "build", "--recipe", str(recipe_path), "--out", str(out),
           "--workers", "1", "--quiet"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        # kill once one shard is complete and the next one is being written
        while proc.poll() is None:
            if list(out.glob("data/latin/*.stats.json")) and list(out.glob("data/latin/.*.parquet.*.tmp")):
                proc.kill()
                break
            time.sleep(0.002)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -9, f"the build ended before it could be killed: {proc.stderr.read().decode()[-2000:]}"
    assert list(out.glob("data/latin/.*.parquet.*.tmp")), "killed mid-shard: its temporary file is left"
    assert not (out / "MANIFEST.json").exists()
    complete = len(list(out.glob("data/latin/*.stats.json")))
    assert 0 < complete < len(manifest_shards(reference))
    lines = []
    resumed = build(recipe, out, workers=2, progress=False, log=lines.append)
    assert manifest_bytes(resumed) == manifest_bytes(reference)
    assert any(f"({complete} already complete)" in l for l in lines)
    assert not list(out.glob("data/latin/.*"))


def test_failed_samples_are_counted_by_reason_and_fail_the_build_over_the_limit(small_recipe, tmp_path):
    import dataclasses

    spec = plan_shards(small_recipe, small_recipe.config("latin"))[0]
    good = spec.samples[0]
    bad = dataclasses.replace(good, id="latin-test-999999", index=999999, text="bad\x01text")
    shard = cut_shards("latin", "test", [good, bad], 10)[0]
    schema = dataset_features().arrow_schema
    worker = SampleWorker()
    stats = write_shard(tmp_path, shard, map(worker, shard.samples), schema, 2, shard.plan_fingerprint())
    assert (stats["rows"], stats["failed"]) == (1, 1)
    assert stats["failures_by_reason"] == {"TextError": 1}
    assert stats["failures"][0]["id"] == "latin-test-999999" and stats["failures"][0]["error"]
    with pytest.raises(BuildError, match=r"config latin: 1 of 2 samples failed .*TextError"):
        check_failures(dataclasses.replace(small_recipe, max_failed_fraction=0.1), "latin", [stats])
    check_failures(small_recipe, "latin", [stats])  # 50% is within the small recipe's limit


def test_import_datasets_from_the_repository_root_is_hugging_face():
    code = "import datasets, sys; print(datasets.__file__); print(hasattr(datasets, 'load_dataset'))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    path, has_load = result.stdout.split()
    assert "site-packages" in path and has_load == "True"
    assert not (ROOT / "datasets" / "__init__.py").exists()


def test_a_language_the_subset_lacks_is_refused_before_rendering(small_recipe, tmp_path):
    import dataclasses

    from generator.errors import RecipeError

    latin = dataclasses.replace(small_recipe.config("latin"), languages=("th",))
    recipe = dataclasses.replace(small_recipe, configs=(small_recipe.config("logographic"), latin))
    with pytest.raises(RecipeError, match=r"configs\.latin\.languages: bad value 'th'; allowed: .*\ben\b"):
        build(recipe, tmp_path, workers=1, **QUIET)
    assert not (tmp_path / "data").exists()


def test_a_layout_the_subset_lacks_is_refused_before_rendering(small_recipe, tmp_path):
    import dataclasses

    from generator.errors import RecipeError

    emoji = dataclasses.replace(small_recipe.config("emoji"), layouts=("paragraph",))
    recipe = dataclasses.replace(small_recipe, configs=(small_recipe.config("latin"), emoji))
    with pytest.raises(RecipeError, match=r"configs\.emoji\.layouts: bad value 'paragraph'; allowed: line "
                                          r"\(config emoji has no paragraphs\)"):
        build(recipe, tmp_path, workers=1, **QUIET)
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("where,fix", [
    ("afile", "a file of that name is in the way"),
    ("afile/out", "a part of its path is a file, not a folder"),
], ids=["a-file", "under-a-file"])
def test_an_output_folder_that_cannot_be_made_is_a_build_error(small_recipe, tmp_path, where, fix):
    (tmp_path / "afile").write_text("x")
    with pytest.raises(BuildError, match=rf"^cannot write {tmp_path / where}: {fix}"):
        build(small_recipe, tmp_path / where, workers=1, **QUIET)


def test_cli_build_into_a_forbidden_folder_or_with_a_bad_recipe_exits_2_without_traceback(tmp_path):
    (tmp_path / "bom.toml").write_bytes(b"\xef\xbb\xbf" + (ROOT / "tests" / "recipes" / "small.toml").read_bytes())
    for args, message in [
        (["--out", "/sys/percels-build"], r"error: cannot write /sys/percels-build: (permission denied|it is on a read-only|the operation is not permitted)"),
        (["--recipe", str(tmp_path / "bom.toml")], r"error: recipe .*bom\.toml starts with a UTF-8 byte order mark"),
    ]:
        argv = ["--recipe", str(ROOT / "tests" / "recipes" / "small.toml"), "--out", str(tmp_path / "o"), *args]
        done = subprocess.run([sys.executable, "-m", "generator", "build", "--workers", "1", "--quiet", *argv],
                              cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert re.search(message, done.stderr), done.stderr


def test_a_full_disk_stops_the_build_by_name_and_the_next_build_resumes_identically(small_build, tmp_path):
    """The file-size limit of the process (RLIMIT_FSIZE) makes writes fail as a full disk would, mid-shard."""
    out = tmp_path / "full"
    limit = "import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); " \
            "resource.setrlimit(resource.RLIMIT_FSIZE, (6000, 6000)); from generator.cli import main; sys.exit(main())"
    done = subprocess.run([sys.executable, "-c", limit, "build", "--recipe", str(ROOT / "tests" / "recipes" / "small.toml"),
                           "--out", str(out), "--workers", "1", "--quiet"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert re.search(rf"error: cannot write {out}/data/\S+: the file is over the size limit", done.stderr), done.stderr
    manifest = build(load_recipe(ROOT / "tests" / "recipes" / "small.toml"), out, workers=1, **QUIET)
    assert manifest_bytes(manifest) == manifest_bytes(small_build[1])
