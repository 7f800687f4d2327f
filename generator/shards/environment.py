"""What a worker renders with, so that a cluster of unlike machines cannot mix their shards.

A shard's pixels depend on more than the recipe: on the pinned fonts (the
lock), on this package's own code and data files, on HarfBuzz, ICU, Pillow,
numpy and every other library the package depends on, and on the Unicode
version of Python's ``unicodedata``. :func:`environment` gathers all of these
into one small dict; the driver sends its own with every shard task, and the
worker compares before it renders (:func:`check_environment`)::

    >>> env = environment()
    >>> env["harfbuzz"] == __import__("uharfbuzz").version_string()
    True
    >>> check_environment(env, env, "worker w1")     # the same machine: nothing to say
    >>> check_environment({"pillow": "13.0.0", "harfbuzz": "15.0.0"}, {"pillow": "12.1.0", "harfbuzz": "15.0.0"},
    ...                   "worker w1")
    Traceback (most recent call last):
    ...
    generator.errors.WorkerDriftError: worker w1 renders with another environment than the driver: pillow 13.0.0 on the driver, 12.1.0 on the worker. Provision every machine the same way: the same checkout, then bash scripts/setup
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from ..errors import WorkerDriftError

PACKAGE_DIR = Path(__file__).resolve().parent.parent
#: Files of the package whose bytes decide what a sample looks like (code, the font lock, data tables).
SOURCE_SUFFIXES = (".py", ".toml", ".json", ".txt", ".tsv")
_REQUIREMENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


def source_sha256(root: Path = PACKAGE_DIR) -> str:
    """SHA-256 over the package's own files (relative path and bytes), in path order."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in SOURCE_SUFFIXES and "__pycache__" not in p.parts):
        rel = path.relative_to(root).as_posix().encode()
        data = path.read_bytes()
        h.update(len(rel).to_bytes(8, "big") + rel + len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def dependency_versions() -> dict[str, str]:
    """Installed version of every runtime dependency of percels ("absent" when its marker skips it here)."""
    try:
        requirements = importlib.metadata.requires("percels") or []
    except importlib.metadata.PackageNotFoundError:  # run from a source tree that was never installed
        requirements = []
    versions = {}
    for requirement in requirements:
        if "extra ==" in requirement:
            continue  # test tools do not render
        name = _REQUIREMENT_NAME.match(requirement).group(0).lower()
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "absent"
    return dict(sorted(versions.items()))


@lru_cache(maxsize=1)
def environment() -> dict[str, str]:
    """This process's rendering environment: fonts lock, own files, libraries, Unicode data versions."""
    import icu
    import uharfbuzz

    from ..fonts import LOCK_PATH

    env = {
        "fonts-lock-sha256": hashlib.sha256(LOCK_PATH.read_bytes()).hexdigest(),
        "percels-files-sha256": source_sha256(),
        "harfbuzz": uharfbuzz.version_string(),
        "icu": icu.ICU_VERSION,
        "icu-unicode": icu.UNICODE_VERSION,
        "python-unicodedata": unicodedata.unidata_version,
    }
    env.update(dependency_versions())
    return env


def check_environment(expected: dict[str, str], actual: dict[str, str], where: str) -> None:
    """Raise :class:`WorkerDriftError` naming every item where ``actual`` (the worker's) differs from ``expected``."""
    diffs = [f"{key} {expected.get(key, 'absent')} on the driver, {actual.get(key, 'absent')} on the worker"
             for key in sorted(set(expected) | set(actual)) if expected.get(key) != actual.get(key)]
    if diffs:
        raise WorkerDriftError(f"{where} renders with another environment than the driver: {'; '.join(diffs)}. "
                               "Provision every machine the same way: the same checkout, then bash scripts/setup")
