"""A build worker's memory: give freed memory back to the system, so that a worker's peak stays its working set.

A worker renders thousands of images of very different sizes: a 12 px line
takes a few kilobytes, a portrait page 9 MB of canvas and intermediates, its
PNG 100-300 KB. Two allocators would otherwise keep what they once held:

- glibc's ``malloc`` raises its mmap threshold each time a large block is
  freed (up to 32 MB), after which page-sized canvases come from the heap,
  which fragments and is rarely given back. :func:`tune_allocators` fixes the
  threshold at :data:`MMAP_THRESHOLD`: every larger block is its own mapping,
  returned to the system when freed;
- pyarrow's default pool (mimalloc or jemalloc) keeps freed segments for
  reuse. :func:`tune_allocators` makes pyarrow allocate through the system
  allocator, which the fixed threshold then governs.

And pyarrow imports pandas (about 50 MB with its libraries) the first time it
converts a Python list, only to ask whether the list is a pandas object. A
worker has none: :func:`tune_allocators` lets that first question find no
pandas, so the writer's conversions never import it (anything that asks for
pandas itself, such as ``Table.to_pandas``, still imports it).

:func:`release_memory` hands back what is free at the end of a row group (glibc's
``malloc_trim`` and the Arrow pool's unused memory). :func:`settle_objects` takes
what a worker keeps for good (its modules, and a Dask worker's own objects)
out of the cyclic garbage collector's full passes. None of this changes what
is computed: only where the bytes live and how often they are looked at.

    >>> tune_allocators() in (True, False)   # False where the C library is not glibc
    True
    >>> release_memory()
"""

from __future__ import annotations

import ctypes
import gc
import sys

#: Blocks from this size on are mapped on their own and unmapped when freed (glibc's own initial default).
MMAP_THRESHOLD = 128 << 10
_M_MMAP_THRESHOLD = -3  # mallopt parameter, from glibc's malloc.h
#: Free memory at the top of the heap past this size goes back to the system (glibc's default).
TRIM_THRESHOLD = 128 << 10
_M_TRIM_THRESHOLD = -1

_libc = None
_tuned = False


class _NoPandas:
    """An import hook under which ``import pandas`` fails (installed only for a moment)."""

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "pandas":
            raise ImportError("pandas is not needed to convert a worker's rows")
        return None


def _convert_lists_without_pandas() -> None:
    """Make pyarrow's one speculative import of pandas fail, unless pandas is here already."""
    import pyarrow as pa

    if "pandas" in sys.modules:
        return
    hook = _NoPandas()
    sys.meta_path.insert(0, hook)
    try:
        pa.array([0])  # pyarrow's first conversion of a list asks for pandas, once per process
    finally:
        sys.meta_path.remove(hook)


def _glibc():
    """glibc, or None on a C library without ``mallopt``/``malloc_trim`` (musl, macOS)."""
    global _libc
    if _libc is None:
        _libc = False
        if sys.platform.startswith("linux"):
            try:
                lib = ctypes.CDLL("libc.so.6")  # glibc's soname (find_library would run ldconfig in a subprocess)
                lib.mallopt.argtypes, lib.malloc_trim.argtypes = [ctypes.c_int, ctypes.c_int], [ctypes.c_size_t]
                _libc = lib
            except (OSError, AttributeError):
                pass
    return _libc or None


def tune_allocators() -> bool:
    """Once per process: a fixed mmap threshold for glibc, pyarrow on the system allocator and without pandas.

    Returns whether glibc was tuned. Safe to call again; a build worker calls it before each shard.
    """
    global _tuned
    libc = _glibc()
    if not _tuned:
        _tuned = True
        if libc is not None:
            libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())
        _convert_lists_without_pandas()
    return libc is not None


def set_trim_threshold() -> bool:
    """Put glibc's trim threshold at :data:`TRIM_THRESHOLD` (a Dask nanny sets 64 KiB); False without glibc."""
    libc = _glibc()
    return libc is not None and bool(libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))


def release_memory() -> None:
    """Give freed memory back to the system: the Arrow pool's unused memory and glibc's free heap pages."""
    if "pyarrow" in sys.modules:
        sys.modules["pyarrow"].default_memory_pool().release_unused()
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def settle_objects() -> None:
    """Collect cyclic garbage, then freeze what survives, so that full collections no longer walk it.

    A worker calls this when it starts on a config, after the previous one's
    memos were dropped: what is left then (modules, fonts lock, a Dask worker's
    event loop and its state) lives as long as the process. Objects frozen
    earlier are thawed first, so garbage among them is still collected here.
    The renderer allocates millions of short-lived objects; without this each
    full collection walks some hundred thousand objects that never die::

        >>> settle_objects(); gc.get_freeze_count() > 0
        True
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
