"""Where each shard lives, what it holds, and whether it is already complete.

A split's planned samples are cut, in plan order, into shards of
``shard_size`` samples. Shard ``k`` of ``n`` of split ``test`` of config
``latin`` is written to ``data/latin/test-0000k-of-0000n.parquet``; its stats
file ``data/latin/test-0000k-of-0000n.stats.json`` is written last and marks
it complete::

    >>> specs = cut_shards("latin", "test", list(range(5)), 2)
    >>> [(s.name, len(s.samples)) for s in specs]
    [('test-00000-of-00003', 2), ('test-00001-of-00003', 2), ('test-00002-of-00003', 1)]
    >>> specs[0].parquet_path("out").as_posix()
    'out/data/latin/test-00000-of-00003.parquet'

The stats record a fingerprint of the shard's plan, so a shard left from a
build of another recipe is redone rather than reused.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path
from typing import Any, Sequence

SHARD_FILE = re.compile(r"^(?P<split>[a-z][a-z0-9_]*)-(?P<index>\d{5})-of-(?P<count>\d{5})\.(?:parquet|stats\.json)$")
TMP_SUFFIX = ".tmp"


@dataclass(frozen=True)
class ShardSpec:
    """One shard to write: its place in the split and its planned samples."""

    config: str
    split: str
    index: int
    count: int
    samples: tuple

    @property
    def name(self) -> str:
        return f"{self.split}-{self.index:05d}-of-{self.count:05d}"

    @property
    def relpath(self) -> str:
        """The shard's path relative to the dataset folder, with '/' separators."""
        return f"data/{self.config}/{self.name}.parquet"

    def parquet_path(self, out: str | Path) -> Path:
        return Path(out) / self.relpath

    def stats_path(self, out: str | Path) -> Path:
        return Path(out) / "data" / self.config / f"{self.name}.stats.json"

    def tmp_path(self, out: str | Path) -> Path:
        """Where the shard is written before its atomic rename (hidden, so no glob picks it up)."""
        return Path(out) / "data" / self.config / f".{self.name}.parquet{TMP_SUFFIX}"

    def plan_fingerprint(self) -> str:
        """SHA-256 over every field of every planned sample, in order."""
        h = hashlib.sha256()
        for sample in self.samples:
            fields = asdict(sample) if is_dataclass(sample) else sample
            h.update(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass"))
            h.update(b"\n")
        return h.hexdigest()


def cut_shards(config: str, split: str, samples: Sequence[Any], shard_size: int) -> list[ShardSpec]:
    """Cut a split's samples, in order, into shards of at most ``shard_size``."""
    count = max(1, -(-len(samples) // shard_size))
    return [ShardSpec(config, split, k, count, tuple(samples[k * shard_size:(k + 1) * shard_size]))
            for k in range(count)]


def read_stats(path: Path) -> dict | None:
    """A shard's stats, or None when the file is missing or unreadable (the shard is then redone)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def completed_stats(out: str | Path, spec: ShardSpec, fingerprint: str) -> dict | None:
    """The stats of a shard already written for exactly this plan, else None."""
    stats = read_stats(spec.stats_path(out))
    if stats is None or stats.get("plan_sha256") != fingerprint or not spec.parquet_path(out).is_file():
        return None
    return stats


def stray_files(out: str | Path, keep: set[str]) -> list[Path]:
    """Shard, stats and temporary files under ``out/data`` that the current plan does not produce.

    ``keep`` holds the relative paths (``data/...``) of every planned shard and
    stats file. Only files named like shards are returned: nothing else in the
    folder is ever touched.
    """
    data = Path(out) / "data"
    if not data.is_dir():
        return []
    stray = []
    for path in sorted(data.glob("*/*")):
        rel = path.relative_to(out).as_posix()
        name = path.name
        is_tmp = name.startswith(".") and name.endswith(TMP_SUFFIX) and SHARD_FILE.match(name[1:-len(TMP_SUFFIX)])
        if path.is_file() and (is_tmp or (SHARD_FILE.match(name) and rel not in keep)):
            stray.append(path)
    return stray
