"""The shard task: small and picklable, refuses a drifted environment before writing, keeps a complete shard."""

from __future__ import annotations

import dataclasses
import doctest
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import BuildError, WorkerDriftError
from generator.recipe import recipe_from_dict
from generator.shards import task as task_module
from generator.shards.features import dataset_features
from generator.shards.spec import ShardId
from generator.shards.task import ShardTask, plan_shards, recipe_shards, run_shard, shard_tasks

ROOT = Path(__file__).resolve().parent.parent

TINY = {"name": "tiny", "version": "0.0.1", "master_seed": 3, "shard_size": 2, "row_group_size": 1,
        "defaults": {"sizes": [16], "splits": {"test": 3}}, "configs": {"latin": {}}}


@pytest.fixture(scope="module")
def tiny():
    return recipe_from_dict(TINY)


def test_doctests():
    assert doctest.testmod(task_module).failed == 0


def test_tasks_carry_their_planned_samples_and_the_schema(tiny, tmp_path):
    tasks = list(shard_tasks(tiny, str(tmp_path)))
    assert [t.shard.id for t in tasks] == recipe_shards(tiny) == [ShardId("latin", "test", 0, 2),
                                                                 ShardId("latin", "test", 1, 2)]
    assert [t.shard for t in tasks] == plan_shards(tiny, tiny.config("latin"))
    assert [len(t.shard.samples) for t in tasks] == [2, 1]
    assert all(t.plan_sha256 == t.shard.plan_fingerprint() for t in tasks)
    assert tasks[0].schema == dataset_features().arrow_schema and b"huggingface" in tasks[0].schema.metadata
    blob = pickle.dumps(tasks[0])
    assert pickle.loads(blob) == tasks[0] and len(blob) < 16384
    assert len({t.key for t in tasks}) == 2


def test_a_shard_is_rendered_once_then_kept(tiny, tmp_path):
    task = list(shard_tasks(tiny, str(tmp_path)))[1]
    first = run_shard(task)
    assert first.rendered and first.stats["path"] == "data/latin/test-00001-of-00002.parquet"
    assert (first.stats["planned"], first.stats["rows"] + first.stats["failed"]) == (1, 1)
    spec = plan_shards(tiny, tiny.config("latin"))[1]
    assert first.languages == (spec.samples[0].language,) and first.stats["plan_sha256"] == spec.plan_fingerprint()
    again = run_shard(task)
    assert not again.rendered and again.stats == first.stats
    assert sorted(p.name for p in (tmp_path / "data" / "latin").iterdir()) == [
        "test-00001-of-00002.parquet", "test-00001-of-00002.stats.json"]


def test_a_drifted_worker_fails_the_task_before_writing(tiny, tmp_path):
    task = list(shard_tasks(tiny, str(tmp_path)))[0]
    driver = {**task.environment, "uharfbuzz": "0.1.0", "fonts-lock-sha256": "0" * 64}
    with pytest.raises(WorkerDriftError, match=r"renders with another environment than the driver: fonts-lock-sha256 "
                                               r"0{64} on the driver, [0-9a-f]{64} on the worker; uharfbuzz 0\.1\.0 "
                                               r"on the driver, 0\.57\.0 on the worker"):
        run_shard(dataclasses.replace(task, environment=driver))
    assert not tmp_path.exists() or not any(tmp_path.rglob("*"))


def test_a_task_whose_samples_do_not_match_its_plan_fingerprint_is_refused(tiny, tmp_path):
    task = list(shard_tasks(tiny, str(tmp_path)))[0]
    sample = dataclasses.replace(task.shard.samples[0], text="altered")
    altered = dataclasses.replace(task, shard=dataclasses.replace(task.shard, samples=(sample,) + task.shard.samples[1:]))
    with pytest.raises(BuildError, match=r"percels-shard-[0-9a-f]{12}-latin-test-00000-of-00002: its planned samples "
                                         r"do not match the plan's fingerprint"):
        run_shard(altered)
    assert not tmp_path.exists() or not any(tmp_path.rglob("*"))


WORKER = """
import pickle, sys
import generator.plan
def refuse(*args, **kwargs):
    raise AssertionError("a worker planned")
generator.plan.plan_config = refuse
from generator.shards.task import run_shard
outcome = run_shard(pickle.load(sys.stdin.buffer))
print(outcome.rendered, outcome.stats["rows"] + outcome.stats["failed"], "datasets" in sys.modules)
"""


def test_a_worker_process_renders_without_planning_or_importing_datasets(tiny, tmp_path):
    task = list(shard_tasks(tiny, str(tmp_path)))[0]
    done = subprocess.run([sys.executable, "-c", WORKER], input=pickle.dumps(task), cwd=ROOT, capture_output=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert done.stdout.decode().split() == ["True", "2", "False"]
    assert (tmp_path / "data" / "latin" / "test-00000-of-00002.stats.json").is_file()


def test_the_render_memos_are_emptied_when_a_worker_moves_to_another_config(monkeypatch):
    import importlib

    render_module = importlib.import_module("generator.render")  # the package's ``render`` is the function
    calls = []
    monkeypatch.setattr(render_module, "forget_caches", lambda: calls.append(task_module._last_config))
    monkeypatch.setattr(task_module, "_last_config", None)
    for config in ("latin", "latin", "emoji", "emoji", "latin"):
        task_module._forget_other_configs(config)
    assert calls == ["latin", "emoji"] and task_module._last_config == "latin"
