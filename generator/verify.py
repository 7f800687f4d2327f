"""Checking a built dataset folder against its manifest.

:func:`verify` checks, shard by shard, that every file the manifest lists is
there and nothing else is; that its schema is the dataset's features schema
(so ``image`` decodes to PIL); its row count; that every page passes its CRC
and every image decodes; and that the content hash over ids, texts and
decoded pixels matches the manifest. Every shard's stats file is required,
and the shard's bytes must still match the SHA-256 it recorded, which catches
a changed byte even in parts of the file no reader looks at. Every file under
``data/`` is accounted for: anything that is not a listed shard or its stats
(junk, a leftover temporary shard, a folder in a shard's place) is a
problem, and ``README.md`` must map each config and split to exactly the
manifest's shards. Then ``load_dataset(DIR, config, split=...)`` must load
every split with the manifest's row count. Every problem names its file; any
problem raises :class:`VerifyError`::

    $ python -m generator verify datasets/percels
    $ python -m generator verify datasets/percels --manifest expected/MANIFEST.json

The load check writes its Arrow cache into a temporary folder, removed after.
"""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
from pathlib import Path
from typing import Callable

import pyarrow as pa
import pyarrow.parquet as pq

from .shards.features import dataset_features
from .shards.manifest import MANIFEST_NAME, manifest_shards, read_manifest
from .shards.spec import SHARD_FILE, TMP_SUFFIX, read_stats
from .shards.writer import file_digest
from .shards.worker import pixel_digest, row_digest
from .errors import VerifyError

#: What a damaged shard may raise while read and decoded (Arrow, I/O, CRC, PNG and zlib errors).
READ_ERRORS = (OSError, ValueError, SyntaxError, EOFError, struct.error, pa.ArrowException)


def _schema_problem(found: pa.Schema, expected: pa.Schema) -> str | None:
    """Why ``found`` is not the features schema (Arrow types, and the 'huggingface' features key), or None."""
    from datasets import Features

    ours, theirs = set(expected.names), set(found.names)
    changed = sorted(n for n in ours & theirs if not found.field(n).type.equals(expected.field(n).type))
    if ours ^ theirs or changed:
        return (f"schema differs from the dataset features: missing {sorted(ours - theirs)}, "
                f"unexpected {sorted(theirs - ours)}, other type {changed}")
    if b"huggingface" not in (found.metadata or {}) or Features.from_arrow_schema(found) != dataset_features():
        return "schema lacks the dataset features metadata (the 'huggingface' key), so images would not decode"
    return None


def check_shard(out: str, entry: dict, expected: pa.Schema) -> list[str]:
    """Problems with one shard (an empty list when it is sound)."""
    path = Path(out) / entry["path"]
    name = entry["path"]
    try:
        pf = pq.ParquetFile(path, page_checksum_verification=True)
        problem = _schema_problem(pf.schema_arrow, expected)
        if problem:
            return [f"{name}: {problem}"]
        if pf.metadata.num_rows != entry["rows"]:
            return [f"{name}: {pf.metadata.num_rows} rows, manifest says {entry['rows']}"]
        content = hashlib.sha256()
        for batch in pf.iter_batches(batch_size=256):  # every column, so every page's CRC is checked
            ids = batch.column("id").to_pylist()
            texts = batch.column("text").to_pylist()
            images = batch.column("image").field("bytes").to_pylist()
            for sample_id, text, png in zip(ids, texts, images):
                if png is None:
                    return [f"{name}: row {sample_id} has no image bytes"]
                content.update(row_digest(sample_id, text, pixel_digest(png)))
    except READ_ERRORS as exc:
        return [f"{name}: unreadable ({type(exc).__name__}: {' '.join(str(exc).split())})"]  # one line per problem
    if content.hexdigest() != entry["sha256"]:
        return [f"{name}: content hash {content.hexdigest()[:16]}... differs from the manifest's {entry['sha256'][:16]}..."]
    stats_path = path.with_name(path.name.replace(".parquet", ".stats.json"))
    if not stats_path.is_file():
        return []  # check_files names the missing stats file
    stats = read_stats(stats_path)
    stats_name = stats_path.relative_to(out).as_posix()
    if not isinstance(stats, dict) or not isinstance(stats.get("file_sha256"), str):
        return [f"{stats_name}: not a stats file of the build (not JSON, or no file_sha256): rebuild the shard with "
                "python -m generator build"]
    if stats.get("sha256") != entry["sha256"] or stats.get("rows") != entry["rows"]:
        return [f"{stats_name}: its content hash or row count differs from the manifest's for {name}: rebuild the "
                "shard with python -m generator build"]
    if file_digest(path)[0] != stats["file_sha256"]:
        return [f"{name}: its bytes changed since it was built (SHA-256 differs from its stats file); rebuild it "
                "with python -m generator build"]
    return []


def _check_shard_task(args) -> list[str]:
    return check_shard(*args)


def check_files(out: Path, manifest: dict) -> list[str]:
    """Account for every file and folder under ``data/``, and for ``README.md``; one problem per path."""
    listed = {e["path"] for e in manifest_shards(manifest)}
    wanted = listed | {stats_relpath(p) for p in listed}
    problems = []
    present = set()
    data = out / "data"
    for folder, dirs, files in os.walk(data) if data.is_dir() else ():
        for name in sorted(dirs) + sorted(files):
            path = Path(folder) / name
            rel = path.relative_to(out).as_posix()
            if path.is_dir() and not path.is_symlink():
                if rel in wanted:
                    problems.append(f"{rel}: a folder where the shard file should be: remove it and rebuild the shard "
                                    "with python -m generator build")
                elif Path(folder) != data or name not in manifest["configs"]:
                    problems.append(f"{rel}/: a folder that is not part of the dataset: remove it")
                continue
            present.add(rel)
            if rel in wanted:
                continue
            if name.startswith(".") and name.endswith(TMP_SUFFIX):
                problems.append(f"{rel}: a temporary file left by an interrupted build: remove it, or run "
                                "python -m generator build to finish the build")
            elif SHARD_FILE.match(name):
                problems.append(f"{rel}: present but not in the manifest (remove it, or rebuild)")
            else:
                problems.append(f"{rel}: not part of the dataset (data/ holds only shards and their stats): remove it")
        dirs[:] = [d for d in dirs if (Path(folder) / d).relative_to(out).as_posix() not in wanted]
    problems += [f"{p}: listed in the manifest but missing" for p in sorted(listed - present)
                 if not (out / p).is_dir()]
    problems += [f"{stats_relpath(p)}: missing: every shard's stats file is required (it records the shard's SHA-256); "
                 "rebuild the shard with python -m generator build"
                 for p in sorted(listed & present) if stats_relpath(p) not in present]
    reported = {p.split(":")[0] for p in problems}
    return problems + check_card(out, manifest, reported)


def stats_relpath(shard: str) -> str:
    """``data/c/test-00000-of-00001.parquet`` -> ``data/c/test-00000-of-00001.stats.json``."""
    return shard[: -len(".parquet")] + ".stats.json"


def check_card(out: Path, manifest: dict, reported: set[str] = frozenset()) -> list[str]:
    """``README.md`` must exist and map every config and split to exactly the manifest's shards.

    Files already ``reported`` (missing shards, junk under ``data/``) are not reported again.
    """
    from .evaluate.dataset import dataset_files

    readme = out / "README.md"
    if not readme.is_file():
        return ["README.md: missing: load_dataset finds the configs in it; write it again with python -m generator "
                "build (it keeps the complete shards)"]
    try:
        found = dataset_files(out)
    except VerifyError as exc:
        return [f"README.md: {exc}"]
    problems = []
    for config, splits in manifest["configs"].items():
        for split, info in splits.items():
            want = sorted(s["path"] for s in info["shards"])
            got = sorted(p.relative_to(out).as_posix() for p in found.get(config, {}).get(split, []))
            differ = sorted((set(got) ^ set(want)) - reported)
            if differ:
                problems.append(f"README.md: config {config!r} split {split!r} makes load_dataset read {len(got)} "
                                f"files where the manifest lists {len(want)} (first difference: {differ[0]}): write "
                                "the card again with python -m generator build")
    return problems


def check_load(out: Path, manifest: dict, log: Callable[[str], None]) -> list[str]:
    """Load every config and split with ``load_dataset`` into a throw-away cache."""
    import sys

    import datasets
    from datasets import load_dataset
    from datasets.exceptions import DatasetsError
    from PIL import Image

    if not sys.stderr.isatty():
        datasets.disable_progress_bars()
    problems = []
    features = dataset_features()
    with tempfile.TemporaryDirectory(prefix="percels-verify-") as cache:
        for config, splits in manifest["configs"].items():
            for split, info in splits.items():
                where = f"load_dataset({out}, {config!r}, split={split!r})"
                try:
                    ds = load_dataset(str(out), config, split=split, cache_dir=cache)
                    if len(ds) != info["rows"]:
                        problems.append(f"{where}: {len(ds)} rows, manifest says {info['rows']}")
                    elif ds.features != features:
                        problems.append(f"{where}: features differ from the dataset features")
                    elif len(ds) and not isinstance(ds[0]["image"], Image.Image):
                        problems.append(f"{where}: image decodes to {type(ds[0]['image']).__name__}, not a PIL image")
                except (DatasetsError, OSError, ValueError) as exc:
                    problems.append(f"{where}: {type(exc).__name__}: {exc}")
                log(f"loaded {config}/{split}")
    return problems


def verify(out: str | Path, *, manifest_path: str | Path | None = None, workers: int = 1, load: bool = True,
           log: Callable[[str], None] = print) -> dict:
    """Verify the dataset in ``out``; return the manifest, or raise :class:`VerifyError` listing every problem."""
    from tqdm import tqdm

    from .shards.executors import start_context

    out = Path(out)
    manifest = read_manifest(manifest_path or out / MANIFEST_NAME)
    problems = check_files(out, manifest)
    expected = dataset_features().arrow_schema
    tasks = [(str(out), e, expected) for e in manifest_shards(manifest) if (out / e["path"]).is_file()]
    if workers > 1:
        with start_context().Pool(workers) as pool:
            results = list(tqdm(pool.imap(_check_shard_task, tasks), total=len(tasks), desc="verify", unit="shard",
                                disable=None))
    else:
        results = [_check_shard_task(t) for t in tqdm(tasks, desc="verify", unit="shard", disable=None)]
    problems += [p for r in results for p in r]
    if not problems and load:
        problems += check_load(out, manifest, log)
    if problems:
        raise VerifyError(f"{out} fails verification ({len(problems)} problems):\n  " + "\n  ".join(problems))
    log(f"{out}: {len(tasks)} shards, {manifest['totals']['rows']} rows verified against the manifest")
    return manifest
