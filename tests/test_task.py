"""The shard task: small and picklable, refuses a drifted environment before writing, keeps a complete shard."""

from __future__ import annotations

import doctest
import pickle

import pytest

from generator.errors import BuildError, WorkerDriftError
from generator.recipe import recipe_from_dict
from generator.shards import task as task_module
from generator.shards.spec import ShardId
from generator.shards.task import ShardTask, plan_shards, planned_shard, run_shard, shard_tasks

TINY = {"name": "tiny", "version": "0.0.1", "master_seed": 3, "shard_size": 2, "row_group_size": 1,
        "defaults": {"sizes": [16], "splits": {"test": 3}}, "configs": {"latin": {}}}


@pytest.fixture(scope="module")
def tiny():
    return recipe_from_dict(TINY)


def test_doctests():
    assert doctest.testmod(task_module).failed == 0


def test_tasks_are_small_carry_no_samples_and_cover_the_plan(tiny, tmp_path):
    tasks = shard_tasks(tiny, str(tmp_path))
    assert [t.shard for t in tasks] == [ShardId("latin", "test", 0, 2), ShardId("latin", "test", 1, 2)]
    assert [s.id for s in plan_shards(tiny, tiny.config("latin"))] == [t.shard for t in tasks]
    blob = pickle.dumps(tasks[0])
    assert len(blob) < 4096 and pickle.loads(blob) == tasks[0]
    texts = [s.text for spec in plan_shards(tiny, tiny.config("latin")) for s in spec.samples]
    assert not any(text.encode() in blob for text in texts)
    assert len({t.key for t in tasks}) == 2


def test_a_shard_is_rendered_once_then_kept(tiny, tmp_path):
    task = shard_tasks(tiny, str(tmp_path))[1]
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
    task = shard_tasks(tiny, str(tmp_path))[0]
    driver = {**task.environment, "uharfbuzz": "0.1.0", "fonts-lock-sha256": "0" * 64}
    with pytest.raises(WorkerDriftError, match=r"renders with another environment than the driver: fonts-lock-sha256 "
                                               r"0{64} on the driver, [0-9a-f]{64} on the worker; uharfbuzz 0\.1\.0 "
                                               r"on the driver, 0\.57\.0 on the worker"):
        run_shard(ShardTask(task.recipe, task.recipe_sha256, task.shard, task.out, driver))
    assert not tmp_path.exists() or not any(tmp_path.rglob("*"))


def test_a_shard_outside_the_plan_is_refused(tiny):
    with pytest.raises(BuildError, match=r"data/latin/test-00005-of-00009.parquet is not part of the plan"):
        planned_shard(tiny, tiny.fingerprint(), ShardId("latin", "test", 5, 9))
