"""fsspec output: a folder, file:// and local:// URLs and memory:// give the same manifest; files appear whole."""

from __future__ import annotations

import doctest
import io

import pyarrow.parquet as pq
import pytest

from generator.errors import BuildError
from generator.recipe import recipe_from_dict
from generator.shards import build, output as output_module
from generator.shards.manifest import manifest_bytes, manifest_shards
from generator.shards.output import Output

QUIET = {"progress": False, "log": lambda line: None}
TINY = {"name": "tiny", "version": "0.0.1", "master_seed": 5, "shard_size": 2, "row_group_size": 1,
        "defaults": {"sizes": [16, 24], "splits": {"test": 2, "validation": 1}}, "configs": {"latin": {}, "complex": {}}}


@pytest.fixture(scope="module")
def tiny_reference(tmp_path_factory):
    recipe = recipe_from_dict(TINY)
    out = tmp_path_factory.mktemp("folder")
    return recipe, out, manifest_bytes(build(recipe, out, workers=1, **QUIET))


def test_doctests():
    assert doctest.testmod(output_module).failed == 0


@pytest.mark.parametrize("scheme", ["file://", "local://"])
def test_local_urls_give_the_folder_manifest(tiny_reference, tmp_path, scheme):
    recipe, folder, expected = tiny_reference
    manifest = build(recipe, f"{scheme}{tmp_path}/out", workers=2, **QUIET)
    assert manifest_bytes(manifest) == expected
    assert (tmp_path / "out" / "MANIFEST.json").read_bytes() == expected
    assert (tmp_path / "out" / "README.md").read_text() == (folder / "README.md").read_text()


def test_memory_output_holds_the_same_shards(tiny_reference):
    import fsspec

    recipe, folder, expected = tiny_reference
    url = "memory://percels-test-output"
    try:
        assert manifest_bytes(build(recipe, url, workers=1, **QUIET)) == expected
        fs = fsspec.filesystem("memory")
        assert fs.cat_file("/percels-test-output/MANIFEST.json") == expected
        assert fs.cat_file("/percels-test-output/README.md") == (folder / "README.md").read_bytes()
        for shard in manifest_shards(__import__("json").loads(expected)):
            table = pq.read_table(io.BytesIO(fs.cat_file(f"/percels-test-output/{shard['path']}")))
            local = pq.read_table(folder / shard["path"])
            assert table.equals(local), shard["path"]
        assert not [p for p in fs.find("/percels-test-output") if p.rsplit("/", 1)[1].startswith(".")]
        with pytest.raises(BuildError, match="private to this process"):
            build(recipe, url, workers=2, **QUIET)
    finally:
        fsspec.filesystem("memory").rm("/percels-test-output", recursive=True)


@pytest.mark.parametrize("url", ["folder", "memory://percels-test-staged"])
def test_a_failed_write_leaves_nothing_under_any_name(tmp_path, url):
    out = Output(tmp_path / "out" if url == "folder" else url)
    with pytest.raises(RuntimeError):
        with out.staged("data/latin/test-00000-of-00001.parquet") as local:
            local.write_bytes(b"half a shard")
            raise RuntimeError("killed")
    assert out.files() == []
    out.write_bytes("data/latin/test-00000-of-00001.stats.json", b"{}")
    assert out.files() == ["data/latin/test-00000-of-00001.stats.json"]
    out.remove("data/latin/test-00000-of-00001.stats.json")
    assert out.files() == [] and not out.exists("data/latin/test-00000-of-00001.stats.json")


def test_a_relative_folder_is_made_absolute_before_it_travels(tmp_path, monkeypatch):
    import pickle

    monkeypatch.chdir(tmp_path)
    out = pickle.loads(pickle.dumps(Output("rel/out")))
    assert out.url == str(tmp_path / "rel" / "out") and out.is_local and out.shared


def test_an_unknown_protocol_is_a_named_error(tmp_path):
    with pytest.raises(BuildError, match=r"cannot open output nosuchfs://x/y: .*fsspec URL"):
        Output("nosuchfs://x/y").files()
