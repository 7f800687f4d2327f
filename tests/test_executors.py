"""Executors on real clusters of local processes: a LocalCluster, and a scheduler with workers started by the
dask CLI on loopback. The manifest is the in-process build's, byte for byte: on any executor, when a worker is
killed mid-build, and never with a drifted worker."""

from __future__ import annotations

import doctest
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.recipe import load_recipe
from generator.shards import build, executors
from generator.shards.dispatch import Slots
from generator.shards.executors import LocalExecutor, make_executor
from generator.shards.manifest import manifest_bytes

ROOT = Path(__file__).resolve().parent.parent
CLUSTER_RECIPE = ROOT / "tests" / "recipes" / "cluster.toml"
DASK = str(Path(sys.executable).with_name("dask"))
QUIET = {"progress": False, "log": lambda line: None}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The cluster recipe built in this process: (recipe, manifest bytes)."""
    recipe = load_recipe(CLUSTER_RECIPE)
    manifest = build(recipe, tmp_path_factory.mktemp("reference"), workers=1, **QUIET)
    return recipe, manifest_bytes(manifest)


def _spawn(cmd: list[str], log: Path, env: dict | None = None) -> subprocess.Popen:
    with open(log, "ab") as f:
        return subprocess.Popen(cmd, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT, env=env, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


@contextmanager
def dask_cli_cluster(tmp_path: Path, workers: dict[str, dict | None]):
    """A ``dask scheduler`` and one ``dask worker`` per name (each with its own environment, None: ours).

    Yields (scheduler address, {name: worker process}, a Client connected to the scheduler).
    """
    from distributed import Client

    scheduler_file = tmp_path / "scheduler.json"
    procs = [_spawn([DASK, "scheduler", "--scheduler-file", str(scheduler_file), "--host", "127.0.0.1",
                     "--port", "0", "--no-dashboard"], tmp_path / "scheduler.log")]
    client = None
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() or not scheduler_file.read_text().strip():
            assert time.monotonic() < deadline, (tmp_path / "scheduler.log").read_text()
            time.sleep(0.1)
        time.sleep(0.2)  # the file is complete once it parses
        address = json.loads(scheduler_file.read_text())["address"]
        by_name = {}
        for name, env in workers.items():
            by_name[name] = _spawn([DASK, "worker", "--scheduler-file", str(scheduler_file), "--name", name,
                                    "--nthreads", "1", "--no-nanny", "--no-dashboard", "--local-directory",
                                    str(tmp_path / name)], tmp_path / f"{name}.log", env)
            procs.append(by_name[name])
        client = Client(address, timeout="30s")
        client.wait_for_workers(len(workers), timeout=90)
        yield address, by_name, client
    finally:
        if client is not None:
            client.close()
        for proc in reversed(procs):
            _stop(proc)


def _build_cli(out: Path, *options: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "generator", "build", "--recipe", str(CLUSTER_RECIPE), "--out", str(out),
           "--quiet", *options]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill_one_during(proc: subprocess.Popen, pick) -> tuple[object, str]:
    """While ``proc`` (a build) runs, SIGKILL the process ``pick()`` names (a pid, or None: not yet).

    Returns what ``pick`` returned with it (or None if the build ended first) and the build's stderr.
    """
    try:
        killed = None
        while killed is None and proc.poll() is None:
            killed = pick()
            if killed is not None:
                os.kill(killed[0], signal.SIGKILL)
            time.sleep(0.01)
        _, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert killed is not None, "the build ended before a worker could be killed"
    return killed, err


def test_doctests():
    assert doctest.testmod(executors).failed == 0


def test_local_processes_give_the_in_process_manifest(reference, tmp_path):
    recipe, expected = reference
    assert manifest_bytes(build(recipe, tmp_path / "two", workers=2, **QUIET)) == expected


def _descendants(pid: int) -> list[int]:
    kids = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:  # the process ended
        return []
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids += [int(k) for k in f.read().split()]
        except FileNotFoundError:  # a thread (the driver's planner, a pool's helper) ended while it was read
            continue
    return kids + [d for k in kids for d in _descendants(k)]


def test_a_local_worker_killed_mid_build_is_an_error_and_the_build_resumes(reference, tmp_path):
    recipe, expected = reference
    out = tmp_path / "out"
    proc = _build_cli(out, "--workers", "2")

    def pool_worker():
        # the pool's workers are the children of the fork server, itself a child of the driver
        workers = [p for child in _descendants(proc.pid) for p in _descendants(child)]
        return (workers[0],) if workers and list(out.glob("data/*/*.stats.json")) else None

    _, err = _kill_one_during(proc, pool_worker)
    assert proc.returncode == 2, err[-3000:]
    assert "error: a local worker process died while rendering" in err
    assert not (out / "MANIFEST.json").exists()
    assert manifest_bytes(build(recipe, out, workers=2, **QUIET)) == expected


def test_a_local_cluster_gives_the_in_process_manifest(reference, tmp_path):
    recipe, expected = reference
    lines = []
    manifest = build(recipe, tmp_path / "dask", workers=2, dask="local", progress=False, log=lines.append)
    assert manifest_bytes(manifest) == expected
    assert (tmp_path / "dask" / "MANIFEST.json").read_bytes() == expected
    assert sorted(l.split(":")[0] for l in lines) == ["complex", "latin", "unsegmented"]


def test_dask_cli_scheduler_and_two_workers_give_the_in_process_manifest(reference, tmp_path):
    _, expected = reference
    with dask_cli_cluster(tmp_path, {"w0": None, "w1": None}) as (address, _, client):
        assert address.startswith("tcp://127.0.0.1:")
        proc = _build_cli(tmp_path / "out", "--dask", address)
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-3000:]
        assert len(client.scheduler_info()["workers"]) == 2
    assert (tmp_path / "out" / "MANIFEST.json").read_bytes() == expected


def test_a_worker_killed_mid_build_leaves_the_same_manifest(reference, tmp_path):
    _, expected = reference
    with dask_cli_cluster(tmp_path, {"w0": None, "w1": None}) as (address, workers, client):
        proc = _build_cli(tmp_path / "out", "--dask", address)

        def busy_worker():
            busy = {addr: keys for addr, keys in client.processing().items() if keys}
            if not busy:
                return None
            names = {addr: info["name"] for addr, info in client.scheduler_info()["workers"].items()}
            addr = sorted(busy)[0]
            return workers[names[addr]].pid, names[addr], busy[addr]

        (_, name, keys), err = _kill_one_during(proc, busy_worker)
        assert keys and all(str(k).startswith("percels-shard-") for k in keys)  # killed while it held a shard task
        assert workers[name].wait(timeout=30) == -signal.SIGKILL
        assert proc.returncode == 0, err[-3000:]
        assert len(client.scheduler_info()["workers"]) == 1
    assert (tmp_path / "out" / "MANIFEST.json").read_bytes() == expected
    assert not list((tmp_path / "out").glob("data/*/.*")), "no temporary file is left"


def test_a_drifted_worker_is_refused_by_name_and_writes_nothing(tmp_path):
    drifted = tmp_path / "drifted"
    shutil.copytree(ROOT / "generator", drifted / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    lock = drifted / "generator" / "fonts.lock.toml"
    lock.write_text(lock.read_text().replace('version = "20201225-1"', 'version = "20200401-1"', 1))
    env = {**os.environ, "PYTHONPATH": str(drifted)}
    with dask_cli_cluster(tmp_path, {"good": None, "old": env}) as (address, _, client):
        old = next(a for a, info in client.scheduler_info()["workers"].items() if info["name"] == "old")
        proc = _build_cli(tmp_path / "out", "--dask", address)
        _, err = proc.communicate(timeout=300)
    assert proc.returncode == 2, err[-3000:]
    assert f"error: Dask worker {old} renders with another environment than the driver: fonts-lock-sha256 " in err
    assert "percels-files-sha256" in err and "bash scripts/setup" in err
    assert not [p for p in (tmp_path / "out").rglob("*") if p.is_file()], "a drifted cluster writes nothing"


def test_memory_output_is_refused_for_other_processes():
    with pytest.raises(BuildError, match=r"private to this process \(memory://\)"):
        make_executor(workers=2, dask=None, shared_output=False)
    with pytest.raises(BuildError, match=r"private to this process"):
        make_executor(workers=1, dask="local", shared_output=False)
    assert isinstance(make_executor(workers=1, dask=None, shared_output=False), LocalExecutor)


def test_a_planning_error_stops_a_build_on_local_processes(reference, tmp_path):
    from itertools import islice

    from generator.shards.task import shard_tasks

    recipe, _ = reference

    def tasks():
        yield from islice(shard_tasks(recipe, str(tmp_path)), 2)
        raise BuildError("config complex: the planner gave 0 samples")

    with LocalExecutor(2) as executor, pytest.raises(BuildError, match="planner gave 0 samples"):
        for _ in executor.run(tasks()):
            pass


def test_dask_workers_lose_the_profiler_and_wake_less_often():
    """Dask samples every worker's task thread every 10 ms and wakes its event loop every 20 ms; the build's plugin
    stops the first and slows the second on every worker, heartbeats untouched."""
    import logging

    from distributed import Client, LocalCluster

    def callbacks(dask_worker):
        pcs = dask_worker.periodic_callbacks
        return (sorted(name for name in pcs if name.startswith("profile")),
                {name: pcs[name].callback_time for name in ("tick", "monitor", "memory_monitor", "heartbeat")})

    defaults = {"tick": 20, "monitor": 500, "memory_monitor": 100, "heartbeat": 1000}
    quiet = {**executors.QUIET_INTERVALS_MS, "heartbeat": 1000}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        assert list(client.run(callbacks).values()) == [(["profile", "profile-cycle"], defaults)] * 2  # Dask's
        client.register_plugin(executors._worker_plugin())
        assert list(client.run(callbacks).values()) == [([], quiet)] * 2
        cluster.scale(3)  # a worker that joins later gets the plugin too
        client.wait_for_workers(3, timeout=60)
        assert list(client.run(callbacks).values()) == [([], quiet)] * 3


def test_dask_local_starts_its_scheduler_and_nannies_with_the_quiet_intervals():
    from generator.shards.environment import environment

    with make_executor(workers=1, dask="local", shared_output=True, environment=environment()) as executor:
        cluster = executor._cluster
        assert cluster.scheduler.periodic_callbacks["tick"].callback_time == executors.QUIET_INTERVALS_MS["tick"]
        assert cluster.scheduler.periodic_callbacks["monitor"].callback_time == executors.QUIET_INTERVALS_MS["monitor"]
        for nanny in cluster.workers.values():
            assert {name: nanny.periodic_callbacks[name].callback_time for name in executors.QUIET_INTERVALS_MS} \
                == executors.QUIET_INTERVALS_MS
        # its one worker runs here: on one core, it waits while the driver plans; on two, it need not
        assert executor.slots(cores=1) == Slots(planning=1, planned=None)
        assert executor.slots(cores=2) == Slots(planning=None, planned=None)
