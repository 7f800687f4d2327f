"""The shard writer: row groups close by rows or by bytes, and the rows read back through load_dataset unchanged."""

from __future__ import annotations

import itertools

import pyarrow.parquet as pq

from generator.recipe import recipe_from_dict
from generator.shards import dataset_features
from generator.shards.task import plan_shards
from generator.shards.spec import cut_shards
from generator.shards.worker import SampleWorker
from generator.shards.writer import row_bytes, write_shard


def _latin_results(sizes=(48, 96), texts=6):
    recipe = recipe_from_dict({"name": "w", "version": "0.1.0", "master_seed": 3,
                               "defaults": {"sizes": list(sizes), "splits": {"test": texts}},
                               "configs": {"latin": {"layouts": ["line"]}}})
    samples = [s for spec in plan_shards(recipe, recipe.config("latin")) for s in spec.samples]
    shard = cut_shards("latin", "test", samples, len(samples))[0]
    worker = SampleWorker()
    return shard, [worker(s) for s in shard.samples]


def test_row_groups_close_at_the_byte_limit_and_the_rows_read_back_unchanged(tmp_path, hf_cache):
    from datasets import Image, load_dataset

    shard, results = _latin_results()
    assert all(r.ok for r in results)
    sizes = [row_bytes(r.row) for r in results]
    limit = sum(sizes) // 5  # about five groups, of far fewer rows than row_group_size
    schema = dataset_features().arrow_schema
    by_bytes = write_shard(tmp_path / "a", shard, results, schema, 100, shard.plan_fingerprint(),
                           row_group_bytes=limit)
    by_rows = write_shard(tmp_path / "b", shard, results, schema, 100, shard.plan_fingerprint())

    expected, group, buffered = [], 0, 0  # a group closes on the row that takes it to the limit
    for size in sizes:
        group, buffered = group + 1, buffered + size
        if buffered >= limit:
            expected.append(group)
            group = buffered = 0
    expected += [group] if group else []
    meta = pq.ParquetFile(tmp_path / "a" / shard.relpath).metadata
    groups = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    assert groups == expected and len(groups) > 2
    starts = [0, *itertools.accumulate(groups)]
    for lo, hi in zip(starts, starts[1:]):  # what a group held before its last row stayed under the limit
        assert sum(sizes[lo:hi - 1]) < limit
    assert pq.ParquetFile(tmp_path / "b" / shard.relpath).metadata.num_row_groups == 1

    # the cut is the file's, not the content's: the same rows, the same content hash
    assert by_bytes["sha256"] == by_rows["sha256"] and by_bytes["rows"] == len(results)
    ds = load_dataset("parquet", data_files=str(tmp_path / "a" / shard.relpath), split="train",
                      cache_dir=str(hf_cache)).cast_column("image", Image(decode=False))
    assert ds["id"] == [r.id for r in results]
    assert [x["bytes"] for x in ds["image"]] == [r.row["image"]["bytes"] for r in results]
    assert ds["text"] == [r.row["text"] for r in results]


def test_row_group_size_still_caps_the_rows_of_a_group(tmp_path):
    shard, results = _latin_results(sizes=(16,), texts=5)
    write_shard(tmp_path, shard, results, dataset_features().arrow_schema, 2, shard.plan_fingerprint())
    meta = pq.ParquetFile(tmp_path / shard.relpath).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [2, 2, 1]
