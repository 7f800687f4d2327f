"""percels: a multiscript benchmark of text rendered to pixels.

The public API is flat::

    from generator import render
    r = render("สวัสดีครับ", language="th")
    r.image, r.runs, r.clusters, r.to_png()
"""

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
from .page import render_page
from .render import ClusterBox, Rendered, RunInfo, render

__version__ = "0.1.0"

__all__ = [
    "render", "render_page", "Rendered", "RunInfo", "ClusterBox",
    "PercelsError", "TextError", "FontError", "MissingGlyphError", "RenderError", "PageFitError", "RecipeError",
    "SourceError", "BuildError", "VerifyError", "PredictionsError",
    "LimitError", "OutputError",
]
