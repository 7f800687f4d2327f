"""Writing one shard: rows streamed into small row groups, then made visible atomically.

The shard is written under a hidden temporary name, flushed to disk, renamed
(or put, on a remote filesystem) to its final name, and only then is its stats
file written (itself through a temporary name): the stats file is the commit.
A build killed at any moment leaves either a complete shard with its stats, or
files the next run ignores and redoes (see :mod:`generator.shards.output`).

Rows are buffered one row group at a time: a group closes at the recipe's
``row_group_size`` rows or once its rows hold :data:`ROW_GROUP_BYTES` of
images and text, whichever comes first, so a worker's buffers stay bounded
whatever the size of the shard or of its images (a hundred page PNGs are
20 MB, held three times over while Arrow and Parquet encode them). Row
groups are how the file is cut, not what it holds: the rows, their order and
the manifest are the same. Pages carry CRC checksums, so a flipped byte is
caught when the shard is read back.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import BuildError
from ..outputs import output_errors
from .memory import release_memory, tune_allocators
from .output import Output
from .spec import ShardSpec
from .worker import SampleResult

PARQUET_OPTIONS = {"compression": "snappy", "write_page_checksum": True, "write_statistics": False}
#: Freed memory is given back to the system after each row group, and whenever the images rendered since the last
#: time reach this many pixels (two portrait pages; hundreds of lines).
RELEASE_PIXELS = 4_000_000
#: A row group closes once its rows' images and texts reach this many bytes, even short of ``row_group_size`` rows
#: (a dozen pages; a hundred lines stay well under it). Rendering and writing 500 default pages in one process
#: peaked at 350 MiB with 8 MiB here, at 320 with 2 MiB: Parquet's buffers keep about three times a group.
ROW_GROUP_BYTES = 2 << 20


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a file's bytes: the stats keep them to catch later corruption on this machine."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def _check_columns(row: dict, schema: pa.Schema, sample_id: str) -> None:
    got, want = set(row), set(schema.names)
    if got != want:
        raise BuildError(f"sample {sample_id}: the worker's row does not match the dataset features: "
                         f"missing {sorted(want - got)}, unexpected {sorted(got - want)}; "
                         "each column module's FEATURES must list exactly the columns it returns")


def row_bytes(row: dict) -> int:
    """What a row adds to the writer's buffer, near enough: its PNG and its text.

    >>> row_bytes({"image": {"bytes": b"0" * 100, "path": None}, "text": "ไทย"})
    109
    """
    return len(row["image"]["bytes"]) + len(row["text"].encode("utf-8", "surrogatepass"))


def write_shard(out: Output | str | Path, spec: ShardSpec, results: Iterable[SampleResult], schema: pa.Schema,
                row_group_size: int, plan_sha256: str, on_result: Callable[[], None] | None = None,
                row_group_bytes: int = ROW_GROUP_BYTES) -> dict:
    """Write ``spec``'s rows from ``results`` (in plan order) into ``out`` and return its stats.

    The content hash is SHA-256 over the rows' digests in order (see
    :func:`generator.shards.worker.row_digest`). Failed samples are not rows:
    they are listed in the stats with their reason and message. The stats
    also keep the file's own SHA-256, which depends on the Parquet and zlib
    versions and so stays out of the manifest, but catches any changed byte
    of the shard afterwards. A row group holds at most ``row_group_size`` rows
    and closes early once its rows reach ``row_group_bytes`` (:func:`row_bytes`).
    """
    output = out if isinstance(out, Output) else Output(out)
    content = hashlib.sha256()
    failures: list[dict] = []
    buffer: list[dict] = []
    buffered = rows = pixels = 0
    tune_allocators()

    def flush() -> None:
        nonlocal buffered, pixels
        writer.write_table(pa.Table.from_pylist(buffer, schema=schema), row_group_size=row_group_size)
        buffer.clear()
        buffered = pixels = 0
        release_memory()

    with output.staged(spec.relpath) as local:
        with (output_errors(BuildError, "write", local),
              pq.ParquetWriter(local, schema, **PARQUET_OPTIONS) as writer):
            for result in results:
                if result.ok:
                    if rows == 0:
                        _check_columns(result.row, schema, result.id)
                    buffer.append(result.row)
                    buffered += row_bytes(result.row)
                    content.update(result.digest)
                    rows += 1
                    pixels += result.row["width"] * result.row["height"]
                    if len(buffer) == row_group_size or buffered >= row_group_bytes:
                        flush()
                    elif pixels >= RELEASE_PIXELS:
                        pixels = 0
                        release_memory()
                else:
                    failures.append({"id": result.id, "reason": result.reason, "error": result.error})
                if on_result is not None:
                    on_result()
            if buffer:
                flush()
        if rows + len(failures) != len(spec.samples):
            raise BuildError(f"shard {spec.relpath}: {len(spec.samples)} samples planned but {rows} rows and "
                             f"{len(failures)} failures came back; the worker lost samples")
        file_sha256, file_bytes = file_digest(local)
    stats = {
        "path": spec.relpath,
        "config": spec.config,
        "split": spec.split,
        "shard": spec.index,
        "num_shards": spec.count,
        "planned": len(spec.samples),
        "rows": rows,
        "failed": len(failures),
        "failures_by_reason": dict(sorted(Counter(f["reason"] for f in failures).items())),
        "failures": failures,
        "sha256": content.hexdigest(),
        "plan_sha256": plan_sha256,
        "file_sha256": file_sha256,
        "file_bytes": file_bytes,
    }
    output.write_bytes(spec.stats_relpath, json.dumps(stats, indent=1, ensure_ascii=False).encode("utf-8"))
    return stats
