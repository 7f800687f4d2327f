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
build of another recipe is redone rather than reused. A :class:`ShardId` names
a shard without its samples: the driver knows every shard of a build from the
recipe's counts alone, before it plans; a shard task carries the
:class:`ShardSpec`, samples included, and the driver counts each sample's
text tokens into it (:meth:`ShardSpec.with_text_tokens`), so that a worker
need not hold the tokenizer (about 30 MB per process) to fill the
compression columns.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from dataclasses import asdict, dataclass, is_dataclass, replace
from pathlib import Path
from typing import Any, Sequence

SHARD_FILE = re.compile(r"^(?P<split>[a-z][a-z0-9_]*)-(?P<index>\d{5})-of-(?P<count>\d{5})\.(?:parquet|stats\.json)$")
#: A file being written: hidden, the final name, a token that differs per attempt, ``.tmp``.
TMP_FILE = re.compile(r"^\.(?P<final>.+?)(?:\.[0-9a-f]{8,32})?\.tmp$")
TMP_SUFFIX = ".tmp"
#: The fixed part of a sample's :attr:`ShardSpec.cost`, in pixels drawn (token counts, metadata, the stats).
SAMPLE_COST = 50_000


@dataclass(frozen=True)
class ShardId:
    """Which shard: its config, split, index and the number of shards of its split. Small and picklable.

    >>> ShardId("latin", "test", 1, 3).stats_relpath
    'data/latin/test-00001-of-00003.stats.json'
    """

    config: str
    split: str
    index: int
    count: int

    @property
    def name(self) -> str:
        return f"{self.split}-{self.index:05d}-of-{self.count:05d}"

    @property
    def relpath(self) -> str:
        """The shard's path relative to the dataset folder, with '/' separators."""
        return f"data/{self.config}/{self.name}.parquet"

    @property
    def stats_relpath(self) -> str:
        return f"data/{self.config}/{self.name}.stats.json"

    def parquet_path(self, out: str | Path) -> Path:
        return Path(out) / self.relpath

    def stats_path(self, out: str | Path) -> Path:
        return Path(out) / self.stats_relpath


@dataclass(frozen=True)
class ShardSpec(ShardId):
    """One shard to write: its place in the split, its planned samples and, once counted, their text tokens.

    ``text_tokens`` holds each sample's cl100k_base token count, in order, or is empty when nobody counted
    them (the worker then counts them itself)::

        >>> from generator.plan import PlannedSample
        >>> s = PlannedSample("latin-test-000000", "latin", "test", 0, "t0", 1, "hello world", "en", "Latn",
        ...                   "text", "src", "CC0-1.0", None, "sans", 16, "line", None)
        >>> spec = cut_shards("latin", "test", [s], 10)[0]
        >>> counted = spec.with_text_tokens()
        >>> counted.text_tokens, [n for _, n in spec.samples_with_tokens()], [n for _, n in counted.samples_with_tokens()]
        ((2,), [None], [2])
        >>> counted.plan_fingerprint() != spec.plan_fingerprint()
        True
    """

    samples: tuple = ()
    text_tokens: tuple = ()

    def __post_init__(self) -> None:
        if self.text_tokens and len(self.text_tokens) != len(self.samples):
            raise ValueError(f"shard {self.relpath}: {len(self.text_tokens)} token counts for "
                             f"{len(self.samples)} samples")

    @property
    def id(self) -> ShardId:
        return ShardId(self.config, self.split, self.index, self.count)

    @property
    def cost(self) -> int:
        """A rough measure of the work of rendering the shard, to hand out the heaviest shards first.

        Each sample counts a fixed :data:`SAMPLE_COST` plus the pixels it draws: a page its canvas,
        a line or paragraph its text's length times the square of its font size::

            >>> from types import SimpleNamespace as S
            >>> ShardSpec("latin", "test", 0, 1, (S(text="abcd", font_size=10),)).cost
            50400
        """
        return sum(SAMPLE_COST + (getattr(s, "canvas_width", 0) * getattr(s, "canvas_height", 0)
                                  or len(s.text) * s.font_size ** 2) for s in self.samples)

    def with_text_tokens(self) -> "ShardSpec":
        """This shard with every sample's text tokens counted (by :func:`generator.compression.text_token_count`)."""
        from ..compression import text_token_count

        return replace(self, text_tokens=tuple(text_token_count(sample.text) for sample in self.samples))

    def samples_with_tokens(self):
        """``(sample, its text tokens or None when not counted)``, in order."""
        return zip(self.samples, self.text_tokens or itertools.repeat(None))

    def plan_fingerprint(self) -> str:
        """SHA-256 over every field of every planned sample, in order, then the token counts if counted."""
        h = hashlib.sha256()
        for sample in self.samples:
            fields = asdict(sample) if is_dataclass(sample) else sample
            h.update(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass"))
            h.update(b"\n")
        if self.text_tokens:
            h.update(json.dumps(list(self.text_tokens)).encode())
        return h.hexdigest()


def shard_ids(config: str, split: str, planned: int, shard_size: int) -> list[ShardId]:
    """The shards a split of ``planned`` samples is cut into, without planning it.

    >>> [s.name for s in shard_ids("latin", "test", 5, 2)]
    ['test-00000-of-00003', 'test-00001-of-00003', 'test-00002-of-00003']
    """
    count = max(1, -(-planned // shard_size))
    return [ShardId(config, split, k, count) for k in range(count)]


def cut_shards(config: str, split: str, samples: Sequence[Any], shard_size: int) -> list[ShardSpec]:
    """Cut a split's samples, in order, into shards of at most ``shard_size``."""
    count = max(1, -(-len(samples) // shard_size))
    return [ShardSpec(config, split, k, count, tuple(samples[k * shard_size:(k + 1) * shard_size]))
            for k in range(count)]


def parse_stats(text: str | None) -> dict | None:
    """A shard's stats from its file's text, or None when it is missing or unreadable (the shard is then redone)."""
    if text is None:
        return None
    try:
        stats = json.loads(text)
    except ValueError:
        return None
    return stats if isinstance(stats, dict) else None


def read_stats(path: Path) -> dict | None:
    """A shard's stats file on this machine, or None when it is missing or unreadable."""
    try:
        return parse_stats(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def is_shard_file(rel: str, keep: set[str]) -> bool:
    """Whether ``rel`` (``data/CONFIG/NAME``) is a shard, stats or temporary file that ``keep`` does not hold.

    Only files named like shards qualify: nothing else in a dataset folder is ever touched.

    >>> keep = {"data/latin/test-00000-of-00001.parquet"}
    >>> [is_shard_file(r, keep) for r in ("data/latin/test-00000-of-00001.parquet", "data/latin/notes.txt",
    ...     "data/latin/test-00003-of-00009.parquet", "data/latin/.test-00000-of-00001.parquet.0a1b2c3d4e5f.tmp")]
    [False, False, True, True]
    """
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != "data":
        return False
    name = parts[2]
    tmp = TMP_FILE.match(name)
    if tmp:
        return bool(SHARD_FILE.match(tmp.group("final")))
    return bool(SHARD_FILE.match(name)) and rel not in keep
