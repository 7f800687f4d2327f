"""Writing one shard: rows streamed into small row groups, then made visible atomically.

The shard is written under a hidden temporary name, flushed to disk, renamed
(or put, on a remote filesystem) to its final name, and only then is its stats
file written (itself through a temporary name): the stats file is the commit.
A build killed at any moment leaves either a complete shard with its stats, or
files the next run ignores and redoes (see :mod:`generator.shards.output`).

Rows are buffered one row group at a time, so memory stays bounded by
``row_group_size`` rows whatever the size of the shard. Pages carry CRC
checksums, so a flipped byte is caught when the shard is read back.
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
from .output import Output
from .spec import ShardSpec
from .worker import SampleResult

PARQUET_OPTIONS = {"compression": "snappy", "write_page_checksum": True, "write_statistics": False}


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


def write_shard(out: Output | str | Path, spec: ShardSpec, results: Iterable[SampleResult], schema: pa.Schema,
                row_group_size: int, plan_sha256: str, on_result: Callable[[], None] | None = None) -> dict:
    """Write ``spec``'s rows from ``results`` (in plan order) into ``out`` and return its stats.

    The content hash is SHA-256 over the rows' digests in order (see
    :func:`generator.shards.worker.row_digest`). Failed samples are not rows:
    they are listed in the stats with their reason and message. The stats
    also keep the file's own SHA-256, which depends on the Parquet and zlib
    versions and so stays out of the manifest, but catches any changed byte
    of the shard afterwards.
    """
    output = out if isinstance(out, Output) else Output(out)
    content = hashlib.sha256()
    failures: list[dict] = []
    buffer: list[dict] = []
    rows = 0
    with output.staged(spec.relpath) as local:
        with (output_errors(BuildError, "write", local),
              pq.ParquetWriter(local, schema, **PARQUET_OPTIONS) as writer):
            for result in results:
                if result.ok:
                    if rows == 0:
                        _check_columns(result.row, schema, result.id)
                    buffer.append(result.row)
                    content.update(result.digest)
                    rows += 1
                    if len(buffer) == row_group_size:
                        writer.write_table(pa.Table.from_pylist(buffer, schema=schema), row_group_size=row_group_size)
                        buffer.clear()
                else:
                    failures.append({"id": result.id, "reason": result.reason, "error": result.error})
                if on_result is not None:
                    on_result()
            if buffer:
                writer.write_table(pa.Table.from_pylist(buffer, schema=schema), row_group_size=row_group_size)
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
