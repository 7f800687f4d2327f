"""The renderer's documented limits: what it accepts, checked before anything is allocated.

Every accepted input renders within a bounded memory and time (the figures
are measured by ``scripts/fuzz_render.py``). Three checks keep it so, each
refusing with a :class:`~generator.errors.LimitError` that names the input,
the limit and the fix:

1. the options: ``font_size`` from 4 to 512 px, ``max_width`` up to
   :data:`MAX_WIDTH` px, the text up to :data:`~generator.textcheck.MAX_LENGTH`
   code points;
2. before layout, an area estimated from the text alone
   (:func:`check_text_area`): every grapheme cluster counts one em square,
   and every paragraph one line of the wrap width; so the longest text at a
   size is :func:`max_text_length` clusters;
3. after layout, before any glyph is rasterized or any image allocated, the
   exact canvas (:func:`check_canvas`): at most :data:`MAX_CANVAS_PIXELS`.

    >>> max_text_length(32), max_text_length(512)
    (4000, 128)
    >>> check_canvas(8192, 4096, "text 'x'")
    >>> check_canvas(8192, 4097, "text 'x'")
    Traceback (most recent call last):
    ...
    generator.errors.LimitError: text 'x' needs a canvas of 8192x4097 = 33,562,624 px, over the limit of 33,554,432 px (MAX_CANVAS_PIXELS): shorten or split the text, lower font_size, or narrow max_width
"""

from __future__ import annotations

from .errors import LimitError
from .textcheck import MAX_LENGTH

#: Smallest and largest ``font_size`` in px.
MIN_FONT_SIZE, MAX_FONT_SIZE = 4, 512
#: Largest ``max_width`` (the wrap width of a paragraph) in px.
MAX_WIDTH = 16384
#: Largest canvas in pixels (8192 x 4096): 32 MiB grayscale, 96 MiB RGB.
MAX_CANVAS_PIXELS = 1 << 25
#: Largest margin around the ink, in px.
MAX_MARGIN = 1000


def max_text_length(font_size: int) -> int:
    """The most grapheme clusters a text may have at ``font_size``: one em square each must fit the canvas limit.

    >>> max_text_length(128)
    2048
    """
    return min(MAX_LENGTH, MAX_CANVAS_PIXELS // (font_size * font_size))


def line_pitch(font_size: int, line_spacing: float) -> int:
    """The least height of one line in px: ``line_spacing`` times ``font_size``, rounded up.

    >>> line_pitch(32, 1.5)
    48
    """
    return -(-round(line_spacing * font_size * 64) // 64)


def check_max_width(max_width: object, font_size: int) -> None:
    """Refuse a wrap width that is not an int from ``font_size`` to :data:`MAX_WIDTH`.

    >>> check_max_width(2**40, 32)
    Traceback (most recent call last):
    ...
    generator.errors.LimitError: max_width must be None or an int from font_size (32) to 16384 px (MAX_WIDTH), got 1099511627776: wrap narrower, or pass None for one line per paragraph
    """
    if max_width is None:
        return
    if isinstance(max_width, bool) or not isinstance(max_width, int) or not font_size <= max_width <= MAX_WIDTH:
        raise LimitError(
            f"max_width must be None or an int from font_size ({font_size}) to {MAX_WIDTH} px (MAX_WIDTH), "
            f"got {max_width!r}: wrap narrower, or pass None for one line per paragraph"
        )


def check_text_area(clusters: int, paragraphs: int, font_size: int, line_spacing: float,
                    max_width: int | None, what: str) -> None:
    """Refuse, before layout, a text whose estimated canvas is over :data:`MAX_CANVAS_PIXELS`.

    The estimate is the larger of ``clusters`` em squares and ``paragraphs``
    lines of the wrap width (an em when not wrapped). ``what`` names the input.

    >>> check_text_area(4000, 1, 512, 1.5, None, "text '👽👽…'")
    Traceback (most recent call last):
    ...
    generator.errors.LimitError: text '👽👽…' has 4000 grapheme clusters at font_size 512: the longest text at that size is 128 clusters (one 512x512 px em square each within MAX_CANVAS_PIXELS = 33,554,432 px); shorten or split the text, or lower font_size
    >>> check_text_area(1000, 1000, 32, 1.5, 16384, "text 'a\\\\n…'")
    Traceback (most recent call last):
    ...
    generator.errors.LimitError: text 'a\\n…' has 1000 paragraphs at max_width 16384: at least 1000 lines of 16384x48 px = 786,432,000 px, over MAX_CANVAS_PIXELS = 33,554,432 px; join paragraphs, narrow max_width, or lower font_size
    """
    if clusters > max_text_length(font_size):
        raise LimitError(
            f"{what} has {clusters} grapheme clusters at font_size {font_size}: the longest text at that size is "
            f"{max_text_length(font_size)} clusters (one {font_size}x{font_size} px em square each within "
            f"MAX_CANVAS_PIXELS = {MAX_CANVAS_PIXELS:,} px); shorten or split the text, or lower font_size"
        )
    width = max_width if max_width is not None else font_size
    area = paragraphs * line_pitch(font_size, line_spacing) * width
    if area > MAX_CANVAS_PIXELS:
        at = f"max_width {max_width}" if max_width is not None else f"font_size {font_size}"
        raise LimitError(
            f"{what} has {paragraphs} paragraphs at {at}: at least {paragraphs} lines of "
            f"{width}x{line_pitch(font_size, line_spacing)} px = {area:,} px, over MAX_CANVAS_PIXELS = "
            f"{MAX_CANVAS_PIXELS:,} px; join paragraphs, narrow max_width, or lower font_size"
        )


def check_canvas(width: int, height: int, what: str) -> None:
    """Refuse a canvas of more than :data:`MAX_CANVAS_PIXELS`, before it is allocated; ``what`` names the input."""
    if width * height > MAX_CANVAS_PIXELS:
        raise LimitError(
            f"{what} needs a canvas of {width}x{height} = {width * height:,} px, over the limit of "
            f"{MAX_CANVAS_PIXELS:,} px (MAX_CANVAS_PIXELS): shorten or split the text, lower font_size, "
            "or narrow max_width"
        )


def describe(text: str) -> str:
    """How an error names a text: its first 20 code points and its length.

    >>> describe("hello")
    "text 'hello'"
    >>> describe("x" * 50)
    "text 'xxxxxxxxxxxxxxxxxxxx…' (50 code points)"
    """
    if len(text) <= 20:
        return f"text {text!r}"
    return f"text {text[:20] + '…'!r} ({len(text)} code points)"
