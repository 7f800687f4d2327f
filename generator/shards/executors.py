"""Executors: who runs the shard tasks. Local worker processes (the default) or a Dask cluster.

Both take the same :class:`~generator.shards.task.ShardTask` iterable (the
driver plans it config by config, in a thread when several workers render;
:mod:`generator.shards.dispatch` then submits each task as it is planned and
a slot frees) and call the same
:func:`~generator.shards.task.run_shard`; they differ only in where it runs.
Outcomes come back as tasks finish, in any order: the driver files them by
shard, so the manifest does not depend on the order.

- :class:`LocalExecutor` (``build --workers N``): with one worker the tasks run
  in this process; with more, in ``N`` processes started by ``forkserver``
  (never ``fork``, which would copy open fonts and threads).
- :class:`DaskExecutor` (``build --dask ADDRESS``, or ``--dask local`` for a
  ``LocalCluster`` of ``--workers`` processes): tasks are submitted with
  ``retries``, so a task whose worker dies is run again elsewhere. Before any
  task, every worker's environment is compared with the driver's and each
  worker must run one thread (shards render one at a time per process)::

    >>> make_executor(workers=2, dask=None, shared_output=True)
    LocalExecutor(workers=2)
    >>> make_executor(workers=2, dask="tcp://127.0.0.1:8786", shared_output=False)
    Traceback (most recent call last):
    ...
    generator.errors.BuildError: the output is private to this process (memory://), so workers in other processes cannot write into it; build it with --workers 1 and no --dask, or write to a folder or a shared filesystem
"""

from __future__ import annotations

import logging
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator

from ..errors import BuildError
from .dispatch import Planner, Slots, dispatch
from .environment import check_environment
from .task import ShardOutcome, ShardTask, run_shard

#: Imported once by the fork server, so workers start with them loaded (fonts still open lazily per worker);
#: ``generator.plan`` defines the planned samples a task carries (workers unpickle them, never plan).
PRELOAD = ["generator.shards.task", "generator.shards.worker", "generator.render", "generator.metadata",
           "generator.compression", "generator.plan"]
#: How often Dask runs a task again after an error or the loss of its worker.
DEFAULT_RETRIES = 2


def start_context():
    """``forkserver`` where the platform has it, else ``spawn`` (never ``fork``)."""
    methods = mp.get_all_start_methods()
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn")


class LocalExecutor:
    """Shard tasks in this process (one worker) or in a pool of local worker processes.

    ``cores`` is how many CPUs the workers and the driver share (None: those this process may run on).
    """

    def __init__(self, workers: int, cores: int | None = None):
        if workers < 1:
            raise BuildError(f"workers must be at least 1, got {workers}")
        self.workers = workers
        self.cores = cores
        self._pool: ProcessPoolExecutor | None = None

    def __repr__(self) -> str:
        return f"LocalExecutor(workers={self.workers})"

    def __enter__(self) -> "LocalExecutor":
        if self.workers > 1:
            ctx = start_context()
            if ctx.get_start_method() == "forkserver":
                from multiprocessing import forkserver

                ctx.set_forkserver_preload(PRELOAD)
                forkserver.ensure_running()  # it imports PRELOAD on another core while the driver plans
            self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx)
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is None:
            return
        if exc[0] is not None:  # stop at once: the shards being written are redone by the next build
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None

    @property
    def plans_ahead(self) -> bool:
        """True when tasks are planned in a thread (:class:`~generator.shards.dispatch.Planner`) that may start
        before the executor: several workers. One worker renders in the planning thread, a config at a time."""
        return self.workers > 1

    def run(self, tasks: Iterable[ShardTask] | Planner) -> Iterator[ShardOutcome]:
        """Outcomes as the tasks finish (in order with one worker).

        With several workers, a thread plans while the pool renders, and a
        worker that comes free is given the first planned shard by
        :func:`~generator.shards.dispatch.priority`: shards of the heaviest
        configs first, so that no long shard is left to run alone at the end,
        then config by config. While the driver plans, one worker fewer
        renders if the planner would otherwise share a core with them
        (:class:`~generator.shards.dispatch.Slots`).
        """
        if self._pool is None:
            yield from map(run_shard, tasks)
            return
        slots = Slots.for_workers(self.workers, self.cores)
        for future in dispatch(tasks, lambda task, _priority: self._pool.submit(run_shard, task), slots):
            try:
                outcome = future.result()
            except BrokenProcessPool as exc:
                raise BuildError("a local worker process died while rendering (killed, or out of memory); "
                                 "run the same build again: the shards already complete are kept") from exc
            yield outcome


#: Dask periodic callbacks that a renderer's worker runs less often (milliseconds): the event loop's tick
#: (a latency metric, every 20 ms), the system monitor (CPU and memory for the dashboard, every 500 ms) and the
#: memory monitor (pause and spill, every 100 ms; a shard task holds no data to spill).
QUIET_INTERVALS_MS = {"tick": 1000, "monitor": 2000, "memory_monitor": 1000}
#: The Dask configuration key of each of those callbacks' intervals.
_INTERVAL_KEYS = {"tick": "distributed.admin.tick.interval", "monitor": "distributed.admin.system-monitor.interval",
                  "memory_monitor": "distributed.worker.memory.monitor-interval"}
#: The same intervals as Dask configuration, for the scheduler and nannies of the LocalCluster that
#: ``--dask local`` starts.
QUIET_CONFIG = {_INTERVAL_KEYS[name]: f"{ms}ms" for name, ms in QUIET_INTERVALS_MS.items()}


def tune_dask_worker(worker) -> list[str]:
    """Undo Dask worker defaults that slow a renderer down; return what was changed.

    A Dask worker renders in a thread of a process whose event loop wakes
    every few milliseconds; each wake takes the GIL from the renderer. So:

    - the statistical profiler, which samples the task thread's stack every
      10 ms, is stopped (the dashboard's profile page stays empty);
    - the periodic callbacks of :data:`QUIET_INTERVALS_MS` run at those
      intervals instead (heartbeats, which keep a worker known to the
      scheduler, are left alone);
    - the nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``: glibc's
      trim threshold goes back to its own 128 KiB. (The mmap threshold is set
      by :func:`generator.shards.memory.tune_allocators`, as on local workers.)
    """
    from .memory import set_trim_threshold

    changed = []
    for name in ("profile", "profile-cycle"):
        callback = worker.periodic_callbacks.pop(name, None)
        if callback is not None:
            callback.stop()
            changed.append(f"{name} callback")
    for name, interval in QUIET_INTERVALS_MS.items():
        callback = worker.periodic_callbacks.get(name)
        if callback is not None and callback.callback_time < interval:
            running = callback.is_running()
            callback.stop()
            callback.callback_time = interval
            if running:
                callback.start()
            changed.append(f"{name} callback every {interval} ms")
    if set_trim_threshold():
        changed.append("malloc trim threshold")
    return changed


def _worker_plugin():
    """The Dask worker plugin that applies :func:`tune_dask_worker` on every worker, now and when one joins."""
    from distributed import WorkerPlugin

    class PercelsWorker(WorkerPlugin):
        idempotent = True
        name = "percels-worker"

        def setup(self, worker) -> None:
            tune_dask_worker(worker)

    return PercelsWorker()


def _worker_report() -> dict:
    """Run on each Dask worker before the build: its rendering environment."""
    from .environment import environment

    return environment()


class DaskExecutor:
    """Shard tasks on a Dask cluster: a running scheduler's address, or ``"local"`` for a LocalCluster."""

    #: Tasks are planned in a thread, which the build starts before the cluster, so that both start together.
    plans_ahead = True

    def __init__(self, address: str, workers: int, environment: dict, retries: int = DEFAULT_RETRIES):
        self.address = address
        self.workers = workers
        self.environment = environment
        self.retries = retries
        self.client = None
        self._cluster = None
        self._futures: list = []

    def __repr__(self) -> str:
        return f"DaskExecutor({self.address!r})"

    def __enter__(self) -> "DaskExecutor":
        from distributed import Client, LocalCluster

        try:
            if self.address == "local":
                import dask

                with dask.config.set(QUIET_CONFIG):  # read as the scheduler, nannies and workers start
                    self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                                 dashboard_address=None, silence_logs=logging.ERROR)
                self.client = Client(self._cluster)
            else:
                self.client = Client(self.address, timeout="30s")
            self.client.wait_for_workers(1, timeout=120)
        except (OSError, TimeoutError) as exc:
            self.__exit__(type(exc), exc, None)
            raise BuildError(f"cannot reach a Dask scheduler with workers at {self.address}: {exc}. Start one with "
                             "`dask scheduler` and workers with `dask worker ADDRESS --nthreads 1`, or use --dask local"
                             ) from exc
        self.check_workers()
        self.client.register_plugin(_worker_plugin())
        return self

    def check_workers(self) -> None:
        """Refuse workers that drifted from the driver, or that run several threads, by name."""
        for address, info in sorted(self.client.scheduler_info(n_workers=-1)["workers"].items()):
            if info.get("nthreads", 1) != 1:
                raise BuildError(f"Dask worker {address} runs {info['nthreads']} threads; percels renders one shard "
                                 "per process: start workers with `dask worker ADDRESS --nthreads 1 --nworkers N`")
        for address, env in sorted(self.client.run(_worker_report).items()):
            check_environment(self.environment, env, f"Dask worker {address}")

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            if self._futures:
                self.client.cancel(self._futures)
                self._futures = []
            self.client.close()
            self.client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def slots(self, cores: int | None = None) -> Slots:
        """No limit on the tasks Dask queues, except while planning if this machine's workers and the planner
        would want more than its ``cores`` (default: this process's CPUs; :meth:`Slots.for_cluster`)."""
        workers = self.client.scheduler_info(n_workers=-1)["workers"].values()
        here = this_host_addresses()
        return Slots.for_cluster(sum(w.get("nthreads", 1) for w in workers),
                                 sum(w.get("nthreads", 1) for w in workers if w.get("host") in here), cores)

    def run(self, tasks: Iterable[ShardTask] | Planner) -> Iterator[ShardOutcome]:
        """Submit the tasks as they are planned (``retries`` each, heavy configs first by Dask's priority);
        yield outcomes as they complete."""
        from distributed import KilledWorker

        def submit(task: ShardTask, priority: int):
            future = self.client.submit(run_shard, task, key=task.key, retries=self.retries, pure=False,
                                        priority=priority)
            self._futures.append(future)
            return future

        for future in dispatch(tasks, submit, self.slots()):
            try:
                outcome = future.result()
            except KilledWorker as exc:
                raise BuildError(f"Dask gave up on a shard task after its workers died repeatedly ({exc}); check "
                                 "the workers' logs and memory, then run the same build again: complete shards are "
                                 "kept") from exc
            yield outcome
        self._futures = []


def this_host_addresses() -> set[str]:
    """The names and addresses of this machine (every interface's), to tell which Dask workers run here."""
    import socket

    import psutil

    names = {"localhost", socket.gethostname(), socket.getfqdn()}
    for addresses in psutil.net_if_addrs().values():
        names.update(a.address.split("%")[0] for a in addresses if a.family in (socket.AF_INET, socket.AF_INET6))
    return names


def make_executor(*, workers: int, dask: str | None, shared_output: bool, environment: dict | None = None,
                  retries: int = DEFAULT_RETRIES):
    """The executor for ``build``'s options; refuses a process-private output for other processes."""
    if not shared_output and (dask is not None or workers > 1):
        raise BuildError("the output is private to this process (memory://), so workers in other processes cannot "
                         "write into it; build it with --workers 1 and no --dask, or write to a folder or a shared "
                         "filesystem")
    if dask is None:
        return LocalExecutor(workers)
    if environment is None:
        from .environment import environment as current

        environment = current()
    return DaskExecutor(dask, workers, environment, retries)
