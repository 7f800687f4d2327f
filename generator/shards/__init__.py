"""Shards: planner -> worker pool -> shard writer -> manifest; a recipe in, a dataset folder out.

    >>> from generator.shards import build          # doctest: +SKIP
    >>> build(load_recipe("datasets/percels/recipe.toml"), "datasets/percels", workers=2)  # doctest: +SKIP

See :mod:`generator.shards.pipeline` for the steps, :mod:`~generator.shards.spec`
for the layout and resume rules, and :mod:`~generator.shards.manifest` for the
content hashes.
"""

from .features import dataset_features
from .manifest import MANIFEST_NAME, read_manifest
from .pipeline import build

__all__ = ["build", "dataset_features", "read_manifest", "MANIFEST_NAME"]
