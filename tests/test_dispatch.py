"""The planner thread, the order shards are handed out in, and how many run at once while the driver plans."""

from __future__ import annotations

import doctest
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from generator.errors import BuildError
from generator.shards import dispatch as dispatch_module
from generator.shards.dispatch import Planner, Slots, dispatch


def test_doctests():
    assert doctest.testmod(dispatch_module).failed == 0


def _task(name, config="latin", mean=70_000, n=2000):
    return SimpleNamespace(shard=SimpleNamespace(cost=mean * n, samples=[None] * n, config=config), name=name)


def test_the_planner_hands_out_heavy_configs_first_then_config_by_config_and_raises_what_planning_raised():
    def planned(shards, error=None):
        for i, (config, mean, n) in enumerate(shards):
            yield _task(f"t{i}", config, mean, n)
        if error is not None:
            raise error

    shards = [("latin", 70_000, 2000), ("code", 150_000, 2000), ("latin", 70_000, 500), ("code", 150_000, 700),
              ("pages", 1_100_000, 100), ("pages", 600_000, 100), ("emoji", 60_000, 2000)]
    with Planner(planned(shards)) as planner:
        planner.wait(planner.all_planned)
        order = [planner.take().name for _ in shards]
        assert planner.take() is None and planner.finished()
    # pages (2^20 and 2^19 px a sample), code (2^17), then latin and emoji (2^16) in plan order
    assert order == ["t4", "t5", "t1", "t3", "t0", "t2", "t6"]
    with Planner(planned(shards[:1], BuildError("config latin: no texts"))) as planner:
        with pytest.raises(BuildError, match="no texts"):
            planner.wait(lambda: False)


@pytest.mark.parametrize("workers, cores, expected", [
    (2, 2, Slots(planning=1, planned=3)),   # the planner takes one of two cores: one renderer meanwhile
    (4, 4, Slots(planning=3, planned=5)),
    (2, 1, Slots(planning=1, planned=3)),   # never none
    (3, 4, Slots(planning=4, planned=4)),   # three renderers and the planner fit on four cores
    (1, 8, Slots(planning=2, planned=2)),
])
def test_local_slots_leave_the_planner_a_core(workers, cores, expected):
    assert Slots.for_workers(workers, cores) == expected


@pytest.mark.parametrize("threads, local, cores, expected", [
    (2, 2, 2, Slots(planning=1, planned=None)),      # --dask local on two cores
    (10, 2, 2, Slots(planning=9, planned=None)),     # eight remote threads, two here
    (16, 0, 2, Slots(planning=None, planned=None)),  # nothing here competes with the planner
    (4, 4, 8, Slots(planning=None, planned=None)),
])
def test_cluster_slots_hold_back_only_what_would_crowd_this_machine(threads, local, cores, expected):
    assert Slots.for_cluster(threads, local, cores) == expected


def test_slots_refuse_zero():
    with pytest.raises(ValueError, match="planning must be at least 1"):
        Slots(planning=0, planned=None)


def test_dispatch_runs_one_task_while_planning_then_fills_every_slot():
    """Four tasks are planned, then planning waits until two of them are done; meanwhile only one task may be
    unfinished. After planning, three tasks that each wait for the others must all be submitted at once."""
    planning = threading.Event()
    planning.set()
    resume = threading.Event()
    release = threading.Event()
    unfinished: list = []
    seen: list[tuple[bool, int]] = []  # (still planning, tasks unfinished) at each submit

    def tasks():
        for i in range(4):
            yield _task(f"early{i}")
        assert resume.wait(10), "dispatch never finished the first tasks"
        for i in range(3):
            yield _task(f"late{i}")
        planning.clear()  # the generator's end: the planner sees it only after this line

    def work(task):
        if task.name.startswith("late"):
            assert release.wait(10), "the late tasks were not all running at once"
        else:
            time.sleep(0.01)
        return task.name

    with ThreadPoolExecutor(3) as pool:
        def submit(task, _priority):
            alive = [f for f in unfinished if not f.done()]
            seen.append((planning.is_set() or not resume.is_set(), len(alive)))
            if len(alive) == 2:
                release.set()
            future = pool.submit(work, task)
            unfinished.append(future)
            return future

        done = []
        for future in dispatch(tasks(), submit, Slots(planning=1, planned=3)):
            done.append(future.result())
            if len(done) == 2:
                resume.set()
    assert sorted(done) == [f"early{i}" for i in range(4)] + [f"late{i}" for i in range(3)]
    assert [alive for planning_now, alive in seen if planning_now and alive] == []  # one at a time while planning
    assert max(alive for _, alive in seen) == 2 and release.is_set()


def test_dispatch_raises_what_planning_raised():
    def tasks():
        yield _task("t0")
        raise BuildError("config complex: the planner gave 0 samples")

    with ThreadPoolExecutor(1) as pool, pytest.raises(BuildError, match="planner gave 0 samples"):
        for future in dispatch(tasks(), lambda task, _p: pool.submit(lambda: task.name), Slots(1, 2)):
            future.result()
