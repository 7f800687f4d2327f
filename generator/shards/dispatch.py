"""Handing planned shard tasks to workers: the planner thread, their order, and how many run at once.

The driver plans config by config in a thread (:class:`Planner`) while the
workers render, and :func:`dispatch` submits the planned tasks as room frees:
the heaviest configs first (:func:`priority`), then config by config.

While the driver plans, it is one more busy process. When the workers run on
this machine and they and the planner together would want more cores than
the machine has, one task fewer runs until the last config is planned
(:class:`Slots`). Three busy processes on two cores preempt each other every
few milliseconds, and a renderer that finds its caches cold after each switch
spent a fifth more CPU per sample (two renderers side by side, each running
the same shards, cost what one alone costs; add a planning process and each
spent 20 to 25% more). Planning then has a core of its own and ends sooner,
and the workers render at full speed::

    >>> Slots.for_workers(2, cores=2)        # 1 task while planning; then 2, and 1 waiting in the pool
    Slots(planning=1, planned=3)
    >>> Slots.for_workers(4, cores=8)        # the planner has a core to itself: no need to hold back
    Slots(planning=5, planned=5)
"""

from __future__ import annotations

import heapq
import math
import os
import threading
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .task import ShardTask

__all__ = ["Planner", "Slots", "available_cores", "dispatch", "priority"]


def available_cores() -> int:
    """The CPUs this process may run on (its affinity mask, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Slots:
    """How many submitted tasks may be unfinished at once: while the driver plans, and once it has planned all.

    None means no limit: every planned task is submitted at once (Dask queues them itself).
    """

    planning: int | None
    planned: int | None

    def __post_init__(self):
        for name in ("planning", "planned"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ValueError(f"Slots.{name} must be at least 1 or None, got {value}")

    @classmethod
    def for_workers(cls, workers: int, cores: int | None = None) -> "Slots":
        """Local worker processes: ``workers`` run and one more task waits in the pool, so that none idles
        between tasks; while planning, no more run than leave the planner a core of the ``cores`` there are."""
        cores = available_cores() if cores is None else cores
        queued = workers + 1
        if queued <= cores:
            return cls(queued, queued)
        # a task waiting in the pool would start on an idle worker process: hold it back too
        return cls(max(1, cores - 1), queued)

    @classmethod
    def for_cluster(cls, threads: int, local_threads: int, cores: int | None = None) -> "Slots":
        """A Dask cluster of ``threads`` worker threads, ``local_threads`` of them on this machine: no limit,
        except while planning when the local ones and the planner would want more than this machine's cores.

        >>> Slots.for_cluster(2, 2, cores=2), Slots.for_cluster(16, 0, cores=2)
        (Slots(planning=1, planned=None), Slots(planning=None, planned=None))
        """
        cores = available_cores() if cores is None else cores
        excess = local_threads + 1 - cores
        if excess <= 0:
            return cls(None, None)
        return cls(max(1, threads - excess), None)

    def now(self, planning: bool) -> int | None:
        return self.planning if planning else self.planned


def priority(task: ShardTask, rank: int) -> int:
    """Which shard to hand out first: higher first. ``rank`` is the config's place in the plan (0 first).

    Configs whose samples are heavier by a power of two come first (a page
    draws some twenty times a line's pixels), so that pages, planned last, are
    not left to run alone at the end; among configs of a weight, the plan's
    order, so a worker stays on one config's fonts and glyphs as long as it can::

        >>> from types import SimpleNamespace as S
        >>> page, line = S(shard=S(cost=100 * 1_100_000, samples=[0] * 100)), S(shard=S(cost=2000 * 70_000, samples=[0] * 2000))
        >>> priority(page, 9) > priority(line, 0) > priority(line, 1)
        True
    """
    mean = task.shard.cost / max(1, len(task.shard.samples))
    return int(math.log2(max(mean, 1))) * 1000 - rank


class Planner:
    """Plans shard tasks in a thread while workers render; hands them out by :func:`priority`.

    The driver's planning (drawing texts, fitting pages) then overlaps the
    rendering, and the order the tasks run in cannot change what they make::

        >>> from types import SimpleNamespace as S
        >>> line, page = (S(shard=S(cost=c * n, samples=[0] * n, config=k), name=k) for c, n, k in
        ...               ((70_000, 2000, "latin"), (1_100_000, 100, "pages")))
        >>> with Planner([line, line, page]) as p:
        ...     p.wait(p.all_planned)
        ...     [p.take().name for _ in range(3)] + [p.take()]
        ['pages', 'latin', 'latin', None]
    """

    def __init__(self, tasks: Iterable[ShardTask]):
        self._tasks = iter(tasks)
        self._heap: list = []
        self._done = False
        self._stop = False
        self._error: BaseException | None = None
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._plan, name="percels-planner", daemon=True)

    def __enter__(self) -> "Planner":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop = True  # a build stopped early plans no further config
        self._thread.join()

    def _plan(self) -> None:
        try:
            ranks: dict[str, int] = {}
            for order, task in enumerate(self._tasks):
                if self._stop:
                    break
                rank = ranks.setdefault(task.shard.config, len(ranks))
                with self._changed:
                    heapq.heappush(self._heap, (-priority(task, rank), order, task))
                    self._changed.notify_all()
        except BaseException as exc:  # re-raised in the driver by take()
            self._error = exc
        finally:
            with self._changed:
                self._done = True
                self._changed.notify_all()

    def wake(self, _future=None) -> None:
        """Wake :meth:`wait` (a task finished)."""
        with self._changed:
            self._changed.notify_all()

    def wait(self, until) -> None:
        """Block until ``until()`` is true (checked whenever a task is planned or finishes); raise what planning raised."""
        with self._changed:
            self._changed.wait_for(lambda: until() or self._error is not None)
            if self._error is not None:
                raise self._error

    def ready(self) -> bool:
        """True when a planned task waits, or planning failed (so that :meth:`take` raises)."""
        return bool(self._heap) or self._error is not None

    def all_planned(self) -> bool:
        """True when the planner has planned every task."""
        return self._done

    def finished(self) -> bool:
        """True when every task was planned and handed out."""
        return self._done and not self._heap

    def take(self) -> ShardTask | None:
        """The first task planned so far by :func:`priority`, or None if none waits; raises what planning raised."""
        return self.take_with_priority()[0]

    def take_with_priority(self) -> tuple[ShardTask | None, int]:
        """:meth:`take`, with the task's :func:`priority` (0 when none waits)."""
        with self._changed:
            if self._error is not None:
                raise self._error
            if not self._heap:
                return None, 0
            negated, _, task = heapq.heappop(self._heap)
            return task, -negated


def dispatch(tasks: Iterable[ShardTask] | Planner, submit: Callable[[ShardTask, int], object],
             slots: Slots) -> Iterator:
    """Plan ``tasks`` in a :class:`Planner` thread, ``submit(task, priority)`` each as :class:`Slots` allow,
    and yield every submitted future once it is done (in the order they finish).

    ``tasks`` may be a :class:`Planner` the caller started earlier (and
    stops): the driver then plans while a cluster starts. A future is
    anything with ``done()`` and ``add_done_callback(fn)``: a
    ``concurrent.futures.Future`` or a Dask one. What planning raises is
    raised here as soon as it happens; the caller stops the running tasks.
    """
    running: set = set()
    started = isinstance(tasks, Planner)

    def room() -> bool:
        limit = slots.now(not planner.all_planned())
        return limit is None or len(running) < limit

    with nullcontext(tasks) if started else Planner(tasks) as planner:
        while True:
            while room():
                task, rank = planner.take_with_priority()
                if task is None:
                    break
                future = submit(task, rank)
                future.add_done_callback(planner.wake)
                running.add(future)
            if not running and planner.finished():
                return
            for future in [f for f in running if f.done()]:
                running.discard(future)
                yield future
            planner.wait(lambda: any(f.done() for f in running) or (room() and planner.ready())
                         or (not running and planner.all_planned()))
