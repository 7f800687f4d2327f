"""Which characters the pinned fonts can draw, so that no text ever renders as tofu.

A text is drawable when each of its code points is covered by some pinned
font, or is a default-ignorable character (ZWJ, variation selectors, bidi
controls...), which the renderer draws as nothing::

    >>> drawable("สวัสดี 😀"), drawable("\\U0001FAE9")    # an Emoji 16.0 face: no pinned font has it
    (True, False)
    >>> drawable("\\n\\t a"), uncovered("a\\uFFFFb")
    (True, ['U+FFFF'])
"""

from __future__ import annotations

from functools import lru_cache

from ..fonts import Coverage, load_font, lock
from ..ucd import is_default_ignorable

#: Layout characters the renderer handles itself.
_LAYOUT = frozenset({0x0A, 0x09})


@lru_cache(maxsize=1)
def all_coverage() -> Coverage:
    """Union of the coverage of every locked font."""
    return Coverage.union(load_font(font_id).coverage for font_id in lock())


@lru_cache(maxsize=8)
def font_coverage(*font_ids: str) -> frozenset[int]:
    """Code points every one of ``font_ids`` covers (the intersection)."""
    sets = [load_font(f).coverage for f in font_ids]
    return frozenset(set.intersection(*map(set, sets))) if sets else frozenset()


def uncovered(text: str) -> list[str]:
    """``U+XXXX`` of each code point of ``text`` that no pinned font draws."""
    cov = all_coverage()
    return [f"U+{ord(c):04X}" for c in text
            if ord(c) not in cov and ord(c) not in _LAYOUT and not is_default_ignorable(ord(c))]


def drawable(text: str) -> bool:
    """True when every code point of ``text`` is covered (or invisible by design)."""
    return not uncovered(text)
