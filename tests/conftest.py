"""Shared fixtures. ``datasets`` caches go to a temporary folder for the whole session.

The session builds the small test recipe once (2 workers) and shares it:
tests that change a dataset folder work on a copy.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Before anything imports ``datasets``: its cache location is read at import time.
_HF_CACHE = tempfile.mkdtemp(prefix="percels-hf-cache-")
os.environ["HF_DATASETS_CACHE"] = _HF_CACHE

ROOT = Path(__file__).resolve().parent.parent
SMALL_RECIPE = ROOT / "tests" / "recipes" / "small.toml"


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_HF_CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def hf_cache() -> Path:
    """The session's ``HF_DATASETS_CACHE``."""
    return Path(_HF_CACHE)


def _recipe(path: Path):
    from generator.recipe import load_recipe

    return load_recipe(path)


def _build_once(tmp_path_factory, recipe, name: str):
    from generator.shards import build

    out = tmp_path_factory.mktemp(name)
    return out, build(recipe, out, workers=2, progress=False, log=lambda line: None)


@pytest.fixture(scope="session")
def small_recipe():
    return _recipe(SMALL_RECIPE)


@pytest.fixture(scope="session")
def small_build(tmp_path_factory, small_recipe):
    """(folder, manifest) of the small recipe built once with 2 workers. Do not modify: copy it."""
    return _build_once(tmp_path_factory, small_recipe, "small-build")


@pytest.fixture
def small_build_copy(small_build, tmp_path):
    """A private copy of the session's small build, free to damage."""
    out, manifest = small_build
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    return copy, manifest


PAGES_RECIPE = ROOT / "tests" / "recipes" / "pages.toml"


@pytest.fixture(scope="session")
def pages_recipe():
    return _recipe(PAGES_RECIPE)


@pytest.fixture(scope="session")
def pages_build(tmp_path_factory, pages_recipe):
    """(folder, manifest) of the small pages recipe built once with 2 workers. Do not modify."""
    return _build_once(tmp_path_factory, pages_recipe, "pages-build")
