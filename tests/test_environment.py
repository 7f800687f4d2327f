"""The rendering environment: what a worker checks against the driver before it renders."""

from __future__ import annotations

import doctest
import importlib.metadata
import shutil

import pytest

from generator.errors import WorkerDriftError
from generator.shards import environment as environment_module
from generator.shards.environment import PACKAGE_DIR, check_environment, environment, source_sha256


def test_doctests():
    assert doctest.testmod(environment_module).failed == 0


def test_environment_names_the_libraries_that_shape_and_rasterize():
    import hashlib

    import icu

    env = environment()
    for dist in ("uharfbuzz", "pillow", "pyicu", "numpy", "fonttools", "pyarrow", "datasets"):
        assert env[dist] == importlib.metadata.version(dist), dist
    assert env["icu"] == icu.ICU_VERSION
    lock = (PACKAGE_DIR / "fonts.lock.toml").read_bytes()
    assert env["fonts-lock-sha256"] == hashlib.sha256(lock).hexdigest()
    assert "pytest" not in env  # test tools do not render


def test_source_digest_follows_every_file_but_not_caches(tmp_path):
    copy = tmp_path / "generator"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    base = source_sha256(copy)
    assert base == source_sha256(PACKAGE_DIR)
    (copy / "__pycache__").mkdir(exist_ok=True)
    (copy / "__pycache__" / "x.py").write_text("cached")
    assert source_sha256(copy) == base
    table = copy / "subsets" / "__init__.py"
    table.write_text(table.read_text() + "\n")
    assert source_sha256(copy) != base


def test_a_missing_item_is_named_as_absent():
    with pytest.raises(WorkerDriftError, match=r"worker w renders with another environment than the driver: tomli absent on the driver, 2\.0\.1 on the worker\. "):
        check_environment({"numpy": "2"}, {"numpy": "2", "tomli": "2.0.1"}, "worker w")
