"""Checks on text before it is rendered: every refusal names the input and the fix.

    >>> check_text("สวัสดี")
    >>> check_text("")
    Traceback (most recent call last):
    ...
    generator.errors.TextError: text is empty: give at least one character to render
    >>> check_text("a\\x07b")
    Traceback (most recent call last):
    ...
    generator.errors.TextError: text has control character U+0007 at index 1: only newline (U+000A) and tab (U+0009) are allowed; remove it or replace it

Newline and tab are the only controls allowed. Default-ignorable characters
(ZWJ, ZWNJ, ZWSP, variation selectors, bidi controls, soft hyphen) are
valid text: they draw nothing unless a font draws them.
"""

from __future__ import annotations

import re

import icu

from .errors import TextError
from .ucd import UNICODE_VERSION, grapheme_bounds, is_assigned

#: Longest text ``render`` accepts, in code points.
MAX_LENGTH = 4000
#: Longest grapheme cluster ``render`` accepts, in code points (bounds stacked marks).
MAX_CLUSTER_LENGTH = 32

_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ASCII_SAFE = re.compile(r"[\t\n\x20-\x7e]*")
# what check_text refuses, as one ICU set: unassigned, surrogates, controls but tab and newline
_REFUSED = icu.UnicodeSet("[[:Cn:][:Cs:][:Cc:]-[\\t\\n]]")


def check_text(text: object, *, max_length: int = MAX_LENGTH) -> None:
    """Raise :class:`TextError` unless ``text`` is a renderable string."""
    if not isinstance(text, str):
        raise TextError(f"text must be a str, got {type(text).__name__}: decode bytes as UTF-8 first")
    if not text:
        raise TextError("text is empty: give at least one character to render")
    if len(text) > max_length:
        raise TextError(
            f"text is {len(text)} code points long, over the limit of {max_length}: "
            f"split it, or raise max_length (starts with {text[:20]!r})"
        )
    if _ASCII_SAFE.fullmatch(text):
        return
    if _SURROGATE.search(text):  # first: a lone surrogate cannot reach ICU, which takes UTF-16
        _refuse_character(text)
    if not _REFUSED.containsNone(text):
        _refuse_character(text)
    if len(text) > MAX_CLUSTER_LENGTH:  # a shorter text cannot hold an over-long cluster
        _check_clusters(text)


def _refuse_character(text: str) -> None:
    """Raise for the first refused character of a text known to hold one."""
    m = _SURROGATE.search(text)
    if m:
        raise TextError(
            f"text has a lone surrogate U+{ord(m.group()):04X} at index {m.start()}: "
            "it is not a character; decode the source with errors='strict' and fix the broken UTF-16 pair"
        )
    m = _BAD_CONTROL.search(text)
    if m:
        raise TextError(
            f"text has control character U+{ord(m.group()):04X} at index {m.start()}: "
            "only newline (U+000A) and tab (U+0009) are allowed; remove it or replace it"
        )
    for i, ch in enumerate(text):
        if not is_assigned(ord(ch)):
            raise TextError(
                f"text has unassigned code point U+{ord(ch):04X} at index {i} (Unicode {UNICODE_VERSION}): "
                "no font can draw it; remove it"
            )


def _check_clusters(text: str) -> None:
    bounds = grapheme_bounds(text)
    for a, b in zip(bounds, bounds[1:]):
        if b - a > MAX_CLUSTER_LENGTH:
            raise TextError(
                f"grapheme cluster at index {a} has {b - a} code points, over the limit of {MAX_CLUSTER_LENGTH}: "
                "a base with that many stacked marks cannot be laid out in bounded space; remove the extra marks"
            )
