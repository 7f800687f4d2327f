"""Unicode character data used everywhere in percels, all answered by ICU.

One definition of each notion serves the renderer, the metadata and the
scorer alike. In particular a *grapheme cluster* is always ICU's extended
grapheme cluster, from its character break iterator::

    >>> graphemes("e\\u0301a") == ["e\\u0301", "a"]
    True
    >>> graphemes("ពេល")        # Khmer: a base with its dependent vowel
    ['ពេ', 'ល']
    >>> script_code(0x0E01), script_code(0x30), script_code(0x301)
    ('Thai', 'Zyyy', 'Zinh')

ICU speaks UTF-16 offsets; everything here returns code-point offsets, the
unit of Python strings and of HarfBuzz clusters.
"""

from __future__ import annotations

from functools import lru_cache

import icu

#: The Unicode version of the ICU data in use.
UNICODE_VERSION = icu.UNICODE_VERSION
#: The ICU version in use.
ICU_VERSION = icu.ICU_VERSION

_ROOT = icu.Locale.getRoot()
_DEFAULT_IGNORABLE = icu.UProperty.DEFAULT_IGNORABLE_CODE_POINT
_EMOJI_PRESENTATION = icu.UProperty.EMOJI_PRESENTATION
_EXTENDED_PICTOGRAPHIC = icu.UProperty.EXTENDED_PICTOGRAPHIC
_BIDI_CONTROL = icu.UProperty.BIDI_CONTROL

#: Invisible characters the dataset tracks: zero width space, ZWNJ, ZWJ,
#: word joiner, soft hyphen, BOM/ZWNBSP, and the invisible math operators.
INVISIBLE = frozenset({0x200B, 0x200C, 0x200D, 0x2060, 0x00AD, 0xFEFF, 0x2061, 0x2062, 0x2063, 0x2064})

VS15 = 0xFE0E  # text presentation selector
VS16 = 0xFE0F  # emoji presentation selector
ZWJ = 0x200D
KEYCAP = 0x20E3


def utf16_to_cp_map(text: str) -> list[int]:
    """Return ``m`` with ``m[u] = code point index`` for every UTF-16 offset ``u``.

    The list has one entry past the end, so a limit offset maps too.

    >>> utf16_to_cp_map("a😀b")
    [0, 1, 1, 2, 3]
    """
    out: list[int] = []
    for i, ch in enumerate(text):
        out.append(i)
        if ord(ch) > 0xFFFF:
            out.append(i)
    out.append(len(text))
    return out


def cp_to_utf16_offsets(text: str) -> list[int]:
    """Return ``m`` with ``m[i] = UTF-16 offset`` of code point ``i`` (and of the end).

    >>> cp_to_utf16_offsets("a😀b")
    [0, 1, 3, 4]
    """
    out = [0]
    u = 0
    for ch in text:
        u += 2 if ord(ch) > 0xFFFF else 1
        out.append(u)
    return out


def _breaks(iterator: icu.BreakIterator, text: str) -> list[int]:
    """Boundaries of ``iterator`` over ``text``, in code points, 0 and len included."""
    iterator.setText(text)
    bounds = [0] + list(iterator)
    if len(text) == len(text.encode("utf-16-le")) // 2:
        return bounds
    m = utf16_to_cp_map(text)
    return [m[b] for b in bounds]


_CHAR_BREAK = icu.BreakIterator.createCharacterInstance(_ROOT)


def grapheme_bounds(text: str) -> list[int]:
    """Code-point offsets of every grapheme cluster boundary, 0 and ``len(text)`` included.

    >>> grapheme_bounds("👍🏽!")
    [0, 2, 3]
    """
    if not text:
        return [0]
    if len(text) >= _MEMO_MIN_LENGTH:  # a paragraph is asked for again at every size a page tries
        return list(_long_bounds(text, None))
    return _breaks(_CHAR_BREAK, text)


def graphemes(text: str) -> list[str]:
    """Split ``text`` into extended grapheme clusters (ICU's definition)."""
    b = grapheme_bounds(text)
    return [text[b[i] : b[i + 1]] for i in range(len(b) - 1)]


@lru_cache(maxsize=64)
def _line_iterator(locale: str) -> icu.BreakIterator:
    return icu.BreakIterator.createLineInstance(icu.Locale(locale))


def line_break_bounds(text: str, language: str | None) -> list[int]:
    """Line break opportunities in code points, 0 and ``len(text)`` included.

    The locale picks ICU's dictionary for Thai, Lao, Khmer and Myanmar; for
    Japanese and Chinese the break is per character with strict kinsoku
    (``lb=strict``), so small kana and closing punctuation never begin a line.
    """
    locale = _line_locale(language)
    if not text:
        return [0]
    if len(text) >= _MEMO_MIN_LENGTH:
        return list(_long_bounds(text, locale))
    return _breaks(_line_iterator(locale), text)


_MEMO_MIN_LENGTH = 64


@lru_cache(maxsize=64)
def _long_bounds(text: str, line_locale: str | None) -> tuple[int, ...]:
    """Grapheme bounds (``line_locale`` None) or line break opportunities of a long text, remembered."""
    return tuple(_breaks(_CHAR_BREAK if line_locale is None else _line_iterator(line_locale), text))


def _line_locale(language: str | None) -> str:
    if not language:
        return "root"
    base = language.replace("-", "_").split("_")[0].lower()
    if base in ("ja", "zh", "ko"):
        return f"{base}@lb=strict"
    return base


@lru_cache(maxsize=4096)
def script_code(cp: int) -> str:
    """ISO 15924 code of a code point's Script property ('Zyyy' Common, 'Zinh' Inherited)."""
    return icu.Script.getScript(cp).getShortName()


@lru_cache(maxsize=4096)
def script_extensions(cp: int) -> frozenset[str]:
    """ISO 15924 codes of the Script_Extensions property of a code point."""
    return frozenset(s.getShortName() for s in icu.Script.getScriptExtensions(cp))


@lru_cache(maxsize=4096)
def is_default_ignorable(cp: int) -> bool:
    """True for Default_Ignorable_Code_Point characters (ZWJ, VS16, soft hyphen, bidi controls...)."""
    return icu.Char.hasBinaryProperty(cp, _DEFAULT_IGNORABLE)


@lru_cache(maxsize=4096)
def is_bidi_control(cp: int) -> bool:
    """True for Bidi_Control characters (LRE, RLO, PDF, LRI, RLI, FSI, PDI, LRM, RLM, ALM)."""
    return icu.Char.hasBinaryProperty(cp, _BIDI_CONTROL)


@lru_cache(maxsize=4096)
def is_emoji_presentation(cp: int) -> bool:
    """True when a character shows as emoji by default (Emoji_Presentation=Yes)."""
    return icu.Char.hasBinaryProperty(cp, _EMOJI_PRESENTATION)


@lru_cache(maxsize=4096)
def is_pictographic(cp: int) -> bool:
    """True for Extended_Pictographic characters."""
    return icu.Char.hasBinaryProperty(cp, _EXTENDED_PICTOGRAPHIC)


def is_regional_indicator(cp: int) -> bool:
    return 0x1F1E6 <= cp <= 0x1F1FF


def is_emoji_modifier(cp: int) -> bool:
    return 0x1F3FB <= cp <= 0x1F3FF


def is_tag(cp: int) -> bool:
    return 0xE0020 <= cp <= 0xE007F


def is_emoji_cluster(cluster: str) -> bool:
    """Whether a grapheme cluster should be drawn with the colour emoji font.

    A cluster is emoji when it asks for emoji presentation (VS16), is a
    keycap, flag, tag or ZWJ sequence, carries a skin-tone modifier, or
    starts with a character that is emoji by default, unless VS15 asks for
    text presentation.

    >>> is_emoji_cluster("😀"), is_emoji_cluster("©"), is_emoji_cluster("©\\ufe0f"), is_emoji_cluster("1")
    (True, False, True, False)
    >>> is_emoji_cluster("☺\\ufe0e"), is_emoji_cluster("1\\ufe0f\\u20e3")
    (False, True)
    """
    cps = [ord(c) for c in cluster]
    if VS15 in cps:
        return False
    if VS16 in cps or KEYCAP in cps:
        return True
    first = cps[0]
    if is_regional_indicator(first):
        return True
    if not is_pictographic(first) and not is_emoji_presentation(first):
        return False
    if is_emoji_presentation(first):
        return True
    return any(cp == ZWJ or is_emoji_modifier(cp) or is_tag(cp) for cp in cps[1:])


@lru_cache(maxsize=4096)
def category(cp: int) -> int:
    """ICU general category number (``icu.UCharCategory``)."""
    return icu.Char.charType(cp)


def is_assigned(cp: int) -> bool:
    """False for code points unassigned in ICU's Unicode version."""
    return icu.Char.isdefined(cp)
