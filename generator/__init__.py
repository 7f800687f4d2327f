"""percels: a multiscript benchmark of text rendered to pixels.

The public API is flat::

    from generator import render
    r = render("สวัสดีครับ", language="th")
    r.image, r.runs, r.clusters, r.to_png()

Importing the package is light: the renderer (HarfBuzz, the pinned fonts) loads
the first time ``render``, ``render_page``, ``Rendered``, ``RunInfo`` or ``ClusterBox`` is asked
for (PEP 562), so ``import generator.evaluate`` scores without it.

    >>> import generator
    >>> generator.PercelsError.__name__
    'PercelsError'
"""

from __future__ import annotations

import importlib
import sys
import types

from .errors import (
    BuildError,
    FontError,
    LimitError,
    MissingGlyphError,
    OutputError,
    PageFitError,
    PercelsError,
    PredictionsError,
    RecipeError,
    RenderError,
    SourceError,
    TextError,
    VerifyError,
)

__version__ = "0.1.0"

#: Names served from the renderer's modules on first use: name -> module.
_RENDERER_NAMES = {"render": ".render", "Rendered": ".render", "RunInfo": ".render", "ClusterBox": ".render",
                   "render_page": ".page"}

__all__ = [
    "render", "render_page", "Rendered", "RunInfo", "ClusterBox",
    "PercelsError", "TextError", "FontError", "MissingGlyphError", "RenderError", "PageFitError", "RecipeError",
    "SourceError", "BuildError", "VerifyError", "PredictionsError",
    "LimitError", "OutputError",
]


def __getattr__(name: str):
    if name in _RENDERER_NAMES:
        module = importlib.import_module(_RENDERER_NAMES[name], __name__)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Package(types.ModuleType):
    """Keeps ``generator.render`` the function, as the flat API promises.

    Importing the submodule ``generator.render`` (from anywhere) makes Python set
    the package attribute ``render`` to that module; the function takes its place.
    """

    def __setattr__(self, name: str, value) -> None:
        if name == "render" and isinstance(value, types.ModuleType) and hasattr(value, "render"):
            value = value.render
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
