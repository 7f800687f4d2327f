"""Shards: shard tasks -> executor (local processes or Dask) -> stats -> manifest; a recipe in, a dataset out.

    >>> from generator.shards import build          # doctest: +SKIP
    >>> build(load_recipe("datasets/percels/recipe.toml"), "datasets/percels", workers=2)  # doctest: +SKIP
    >>> build(recipe, "datasets/percels", dask="tcp://scheduler:8786")  # doctest: +SKIP

See :mod:`generator.shards.pipeline` for the driver, :mod:`~generator.shards.task`
for the unit of work, :mod:`~generator.shards.executors` for who runs it,
:mod:`~generator.shards.dispatch` for the order and how many tasks run at once,
:mod:`~generator.shards.output` for fsspec output, :mod:`~generator.shards.spec`
for the layout and resume rules, and :mod:`~generator.shards.manifest` for the
content hashes.
"""

from .features import dataset_features
from .manifest import MANIFEST_NAME, read_manifest
from .pipeline import build

__all__ = ["build", "dataset_features", "read_manifest", "MANIFEST_NAME"]
