"""The dataset's columns, assembled in one place as :class:`datasets.Features`.

The build owns the sample's identity and how it was rendered; the precision
columns come from :mod:`generator.metadata` and the compression columns from
:mod:`generator.compression`, each module exposing its own ``FEATURES``::

    >>> f = dataset_features()
    >>> f["id"].dtype, type(f["image"]).__name__, f["font_size"].dtype
    ('string', 'Image', 'int32')

Shards are written with ``dataset_features().arrow_schema``, whose metadata
tells ``load_dataset`` that ``image`` decodes to a PIL image.
"""

from __future__ import annotations

from functools import lru_cache

from ..errors import BuildError


def base_features() -> dict:
    """The columns the build itself fills: identity, text, provenance and rendering."""
    from datasets import Image, List, Value

    return {
        "id": Value("string"),
        "image": Image(),
        "text": Value("string"),
        "text_id": Value("string"),
        "split_index": Value("int32"),
        "seed": Value("int64"),
        "language": Value("string"),
        "script": Value("string"),
        "kind": Value("string"),
        "source": Value("string"),
        "license": Value("string"),
        "partner": Value("string"),
        "style": Value("string"),
        "font_size": Value("int32"),
        "layout": Value("string"),
        "max_width": Value("int32"),
        "width": Value("int32"),
        "height": Value("int32"),
        "image_mode": Value("string"),
        "fonts": List(Value("string")),
        "glyph_count": Value("int32"),
        "n_lines": Value("int32"),
        # pages only (None on the other configs): the canvas, the text budget's bucket and the script group
        "canvas_width": Value("int32"),
        "canvas_height": Value("int32"),
        "budget_tokens": Value("int32"),
        "script_group": Value("string"),
    }


def column_modules() -> dict[str, dict]:
    """``FEATURES`` of each module that contributes columns, by module name."""
    from .. import ambiguity, compression, metadata

    return {"generator.metadata": metadata.FEATURES, "generator.ambiguity": ambiguity.FEATURES,
            "generator.compression": compression.FEATURES}


@lru_cache(maxsize=1)
def dataset_features():
    """All columns, base first; a column name claimed twice is a :class:`BuildError`."""
    from datasets import Features

    merged = dict(base_features())
    owner = dict.fromkeys(merged, "generator.shards")
    for module, features in column_modules().items():
        for name, feature in features.items():
            if name in merged:
                raise BuildError(f"column {name!r} is defined by both {owner[name]} and {module}; rename one of them")
            merged[name] = feature
            owner[name] = module
    return Features(merged)
