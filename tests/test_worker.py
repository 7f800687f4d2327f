"""The sample worker: a build worker fills every column without loading the tokenizer or pandas."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from generator.compression import text_token_count
from generator.recipe import recipe_from_dict
from generator.shards.spec import cut_shards
from generator.shards.task import shard_tasks
from generator.shards.worker import SampleWorker

WORKER = r"""
import pickle, sys
from generator.shards.task import run_shard
from generator import compression
outcome = run_shard(pickle.load(open(sys.argv[1], "rb")))
tiktoken = sys.modules.get("tiktoken")  # the module may be imported; no encoding may be loaded
encodings = len(tiktoken.registry.ENCODINGS) if tiktoken else 0
print(outcome.stats["rows"], encodings, compression._encoding.cache_info().currsize, "pandas" in sys.modules,
      "datasets" in sys.modules)
"""


def test_a_worker_process_writes_the_driver_counted_tokens_without_the_tokenizer(tmp_path):
    recipe = recipe_from_dict({"name": "t", "version": "0.1.0", "master_seed": 5,
                               "defaults": {"sizes": [16], "splits": {"test": 3}},
                               "configs": {"latin": {"layouts": ["line", "paragraph"]}}})
    task, = shard_tasks(recipe, str(tmp_path / "out"))
    assert task.shard.text_tokens == tuple(text_token_count(s.text) for s in task.shard.samples)
    (tmp_path / "task.pkl").write_bytes(pickle.dumps(task))
    out = subprocess.run([sys.executable, "-c", WORKER, str(tmp_path / "task.pkl")], capture_output=True,
                         text=True, check=True).stdout
    assert out.split() == [str(len(task.shard.samples)), "0", "0", "False", "False"]
    table = pq.read_table(tmp_path / "out" / task.shard.relpath, columns=["text", "text_tokens_cl100k_base"])
    assert table.column("text_tokens_cl100k_base").to_pylist() == [text_token_count(t)
                                                                    for t in table.column("text").to_pylist()]


def test_counted_tokens_give_the_same_row_as_tokens_counted_by_the_worker():
    recipe = recipe_from_dict({"name": "t", "version": "0.1.0", "master_seed": 5,
                               "defaults": {"sizes": [16], "splits": {"test": 2}}, "configs": {"code": {}}})
    task, = shard_tasks(recipe, "memory://unused")
    worker = SampleWorker()
    for sample, tokens in task.shard.samples_with_tokens():
        assert tokens is not None and worker(sample, tokens) == worker(sample)


def test_token_counts_must_match_the_samples():
    spec, = cut_shards("latin", "test", ["a", "b"], 5)
    with pytest.raises(ValueError, match="1 token counts for 2 samples"):
        type(spec)(spec.config, spec.split, spec.index, spec.count, spec.samples, (3,))
