"""Rendering samples in order, in this process or in a pool of worker processes.

:class:`RenderPool` maps :class:`~generator.shards.worker.SampleWorker` over
samples and yields the results in input order, so shards are identical for 1
or N workers. With N > 1 the workers are started with the ``forkserver``
method where the platform has it (``spawn`` elsewhere): never ``fork``, which
would copy open fonts and threads. At most ``window`` samples are in flight,
so results never pile up in memory when the writer falls behind::

    >>> with RenderPool(1) as pool:
    ...     pool.workers
    1
"""

from __future__ import annotations

import multiprocessing as mp
import threading
from typing import Iterable, Iterator

from .worker import SampleResult, SampleWorker

CHUNK_SIZE = 8
#: Imported once by the fork server, so workers start with them loaded (fonts still open lazily per worker).
PRELOAD = ["generator.shards.worker", "generator.render", "generator.metadata", "generator.compression"]
WINDOW_PER_WORKER = 64


def start_context():
    """``forkserver`` where the platform has it, else ``spawn`` (never ``fork``)."""
    methods = mp.get_all_start_methods()
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn")


class RenderPool:
    """A context manager over an ordered, bounded ``imap`` of the sample worker."""

    def __init__(self, workers: int):
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers = workers
        self._worker = SampleWorker()
        self._pool = None
        self._stop = threading.Event()

    def __enter__(self) -> "RenderPool":
        if self.workers > 1:
            ctx = start_context()
            if ctx.get_start_method() == "forkserver":
                ctx.set_forkserver_preload(PRELOAD)
            self._pool = ctx.Pool(self.workers)
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._pool is not None:
            if exc[0] is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()
            self._pool = None

    def imap(self, samples: Iterable) -> Iterator[SampleResult]:
        """Results for ``samples``, in their order."""
        if self._pool is None:
            yield from map(self._worker, samples)
            return
        window = threading.Semaphore(self.workers * WINDOW_PER_WORKER)

        def feed():
            for sample in samples:
                while not window.acquire(timeout=0.1):
                    if self._stop.is_set():
                        return
                yield sample

        for result in self._pool.imap(self._worker, feed(), chunksize=CHUNK_SIZE):
            window.release()
            yield result
