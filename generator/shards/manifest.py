"""MANIFEST.json: every shard's row count and content hash, for bit-for-bit regeneration.

The manifest is assembled only from the per-shard stats, sorted by config (in
recipe order), split and shard index, and holds nothing that depends on the
machine, the time or the number of workers; so a resumed build writes the
same bytes as an uninterrupted one. Content hashes cover each row's id, text
and decoded pixels (:func:`generator.shards.worker.row_digest`), not PNG
bytes, which may change with the zlib version::

    >>> m = assemble_manifest({"name": "t"}, [{"path": "data/latin/test-00000-of-00001.parquet", "config": "latin",
    ...     "split": "test", "shard": 0, "planned": 2, "rows": 2, "failed": 0, "failures_by_reason": {},
    ...     "failures": [], "sha256": "ab"}])
    >>> m["totals"], m["configs"]["latin"]["test"]["rows"]
    ({'planned': 2, 'rows': 2, 'failed': 0}, 2)
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Iterable

from ..errors import VerifyError

MANIFEST_NAME = "MANIFEST.json"
HASH_DEFINITION = ("sha256 over the rows in order; each row contributes sha256(len+id, len+text, "
                   "sha256(mode:WxH: + decoded pixels))")


def assemble_manifest(header: dict, stats: Iterable[dict]) -> dict:
    """The manifest: ``header`` (recipe identity), totals, then configs -> splits -> shards."""
    configs: dict[str, dict[str, dict]] = {}
    totals = Counter(planned=0, rows=0, failed=0)
    for s in stats:
        split = configs.setdefault(s["config"], {}).setdefault(
            s["split"], {"planned": 0, "rows": 0, "failed": 0, "failures_by_reason": {}, "shards": []})
        for key in ("planned", "rows", "failed"):
            split[key] += s[key]
            totals[key] += s[key]
        reasons = Counter(split["failures_by_reason"]) + Counter(s["failures_by_reason"])
        split["failures_by_reason"] = dict(sorted(reasons.items()))
        split["shards"].append({"path": s["path"], "rows": s["rows"], "failed": s["failed"], "sha256": s["sha256"],
                                "failed_ids": [f["id"] for f in s["failures"]]})
    return {**header, "hash": HASH_DEFINITION, "totals": dict(totals), "configs": configs}


def manifest_bytes(manifest: dict) -> bytes:
    return (json.dumps(manifest, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def read_manifest(path: str | Path) -> dict:
    """Read a manifest; a missing or malformed one is a :class:`VerifyError` naming the file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise VerifyError(f"cannot read manifest {path}: {exc.strerror}; build the dataset first") from exc
    except ValueError as exc:
        raise VerifyError(f"manifest {path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("configs"), dict):
        raise VerifyError(f"manifest {path} has no 'configs' table; regenerate it with python -m generator build")
    return data


def manifest_shards(manifest: dict) -> list[dict]:
    """Every shard entry, each with its config and split added, in manifest order."""
    return [{**shard, "config": config, "split": split}
            for config, splits in manifest["configs"].items()
            for split, info in splits.items()
            for shard in info["shards"]]
