"""Worker memory: once tuned, freed large blocks and Arrow buffers go back to the system at once."""

from __future__ import annotations

import subprocess
import sys

import pytest

CHILD = r"""
import gc, sys
import numpy as np
import pyarrow as pa
from generator.shards.memory import release_memory, tune_allocators

def anon_kib():
    for line in open("/proc/self/status"):
        if line.startswith("RssAnon:"):
            return int(line.split()[1])

assert tune_allocators() is True and tune_allocators() is True
assert pa.default_memory_pool().backend_name == "system"
pa.Table.from_pylist([{"b": bytes(10)}])  # pyarrow's first table sets up what stays for good
before = anon_kib()
# freeing a 16 MiB block raises an untuned glibc's mmap threshold, after which blocks of 1 MiB come from
# its heap; and Arrow's own pools (mimalloc, jemalloc) keep what they freed
big = np.ones(16 << 20, np.uint8); del big
keep, blocks = [], []
for i in range(200):
    blocks.append(np.ones(1 << 20, np.uint8))
    keep.append(np.ones(16, np.uint8))
del blocks
gc.collect()
after_numpy = anon_kib()
table = pa.Table.from_pylist([{"b": bytes(1 << 20)} for _ in range(50)])
del table
after_arrow = anon_kib()
release_memory()
print(after_numpy - before, after_arrow - after_numpy, anon_kib() - before)
"""


def _growth_kib() -> list[int]:
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True).stdout
    return [int(x) for x in out.split()]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc and /proc are Linux's")
def test_freed_large_blocks_and_arrow_buffers_go_back_to_the_system_once_tuned():
    numpy_kib, arrow_kib, released_kib = _growth_kib()
    assert numpy_kib < 2 << 10 and arrow_kib < 2 << 10 and released_kib < 2 << 10


def test_a_tuned_worker_writes_rows_without_importing_pandas_yet_can_still_use_it():
    code = r"""
import sys
import pyarrow as pa
from generator.shards.memory import tune_allocators
tune_allocators()
table = pa.Table.from_pylist([{"id": "a", "image": {"bytes": b"png", "path": None}}])
print("pandas" in sys.modules)
print(table.to_pandas()["id"].tolist(), "pandas" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["False", "['a'] True"]


def test_settled_objects_leave_full_collections_and_their_garbage_is_collected_at_the_next_settle():
    import gc
    import weakref

    from generator.shards.memory import settle_objects

    class Node:
        pass

    node = Node()
    node.self = node  # a cycle: only the cyclic collector can free it
    alive = weakref.ref(node)
    try:
        settle_objects()
        assert gc.get_freeze_count() > 0 and alive() is not None
        del node  # garbage now, but frozen: a full collection does not look at it
        gc.collect()
        assert alive() is not None
        settle_objects()  # thaws, collects, freezes again
        assert alive() is None
    finally:
        gc.unfreeze()
