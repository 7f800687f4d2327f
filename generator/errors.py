"""The package's errors, all rooted in :class:`PercelsError`.

Every error says what was wrong with which input, and how to fix it::

    >>> from generator.errors import TextError, PercelsError
    >>> issubclass(TextError, PercelsError) and issubclass(TextError, ValueError)
    True

Catch :class:`PercelsError` to handle anything this package raises on purpose.
"""

from __future__ import annotations


class PercelsError(Exception):
    """Root of every error raised on purpose by percels."""


class TextError(PercelsError, ValueError):
    """The text given to the renderer cannot be rendered as it is.

    Raised for empty text, text over the length limit, lone surrogates,
    unassigned code points, control characters and over-long clusters.
    """


class FontError(PercelsError):
    """A pinned font is missing, altered, or the font lock itself is broken."""


class MissingGlyphError(PercelsError):
    """Some grapheme cluster still maps to .notdef after every fallback font.

    ``codepoints`` lists the uncovered code points as ``U+XXXX`` strings and
    ``fonts_tried`` the font ids that were tried, in order.
    """

    def __init__(self, message: str, codepoints: tuple[str, ...] = (), fonts_tried: tuple[str, ...] = ()):
        super().__init__(message)
        self.codepoints = codepoints
        self.fonts_tried = fonts_tried


class RenderError(PercelsError, ValueError):
    """A render option is out of range (font size, style, width, language)."""


class PageFitError(RenderError):
    """A text does not fit its page canvas: names the text length, the canvas, the font size and the fix."""


class LimitError(RenderError):
    """An input is over one of the renderer's documented limits (:mod:`generator.limits`).

    Raised before anything is allocated; names the input, the limit and the fix.
    """


class RecipeError(PercelsError, ValueError):
    """A recipe is malformed: names the key, the bad value and the allowed values."""


class SourceError(PercelsError):
    """A text source cannot give what was asked of it (e.g. its pool is exhausted)."""


class BuildError(PercelsError):
    """A dataset build cannot go on (too many failed samples, a bad output folder)."""


class WorkerDriftError(BuildError):
    """A build worker's fonts, code or libraries differ from the driver's: it refuses to write a shard."""


class OutputError(PercelsError):
    """An output file cannot be written (missing folder, a folder in the way, read-only, disk full)."""


class VerifyError(PercelsError):
    """A built dataset does not match its manifest or schema; names the shard."""


class PredictionsError(PercelsError, ValueError):
    """A predictions file is malformed: names the file, the line and the fix."""
