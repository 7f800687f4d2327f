"""Building a dataset folder from a recipe: planner -> worker pool -> shard writer -> manifest.

    >>> from generator.build import build          # doctest: +SKIP
    >>> build(load_recipe("datasets/percels/recipe.toml"), "datasets/percels", workers=2)  # doctest: +SKIP

See :mod:`generator.build.pipeline` for the steps, :mod:`~generator.build.shards`
for the layout and resume rules, and :mod:`~generator.build.manifest` for the
content hashes.
"""

from .features import dataset_features
from .manifest import MANIFEST_NAME, read_manifest
from .pipeline import build

__all__ = ["build", "dataset_features", "read_manifest", "MANIFEST_NAME"]
