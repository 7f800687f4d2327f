"""Per-sample precision metadata, and whether the pixels can tell a text from its look-alike.

``precision_columns(text)`` describes exactly what is in a text, with the
one grapheme definition used everywhere (ICU, :func:`generator.ucd.graphemes`)::

    >>> c = precision_columns("pаypal 😀")         # a Cyrillic а
    >>> c["n_codepoints"], c["n_graphemes"], c["n_utf8_bytes"], c["scripts"], c["mixed_script"]
    (8, 8, 12, ['Cyrl', 'Latn'], True)
    >>> c["skeleton"], c["has_emoji"], c["is_nfc"]
    ('paypal 😀', True, True)
    >>> precision_columns("日本語のテキスト")["mixed_script"]     # Han + kana resolve to one script, Jpan
    False

``scripts`` lists the ISO 15924 Script values present, Common (Zyyy) and
Inherited (Zinh) left out. ``mixed_script`` is UTS #39's view: the text is
not *single-script restrictive* (ICU SpoofChecker restriction level), so
Japanese kanji with kana, or Thai with Latin digits, count as one script.

``pixel_ambiguous(rendered, other)`` renders one string ``other`` with
exactly the options of ``rendered`` and compares the two images. (The
dataset's ``pixel_ambiguous`` column tries a whole set of candidate readings
this way: see :mod:`generator.ambiguity`.) **Definition**: the pair is
ambiguous when both images have the same size and no pixel differs by more
than ``AA_TOLERANCE`` = 64 grey levels (per channel for colour images, after
converting both to the richer mode). 64 = ⌈255 / 4⌉ is the most one edge
pixel's coverage can change when ink moves by one subpixel positioning step
(the renderer positions glyphs in quarter pixels): identical outlines at the
same places, up to that anti-aliasing noise. A different glyph, a kerning
shift of a pixel, or a different width all exceed it. A comparison string
equal to the text itself, or one the pinned fonts cannot render, is never
ambiguous (there is nothing else to confuse it with). The skeleton, being NFD
by definition, is compared in NFC: precomposed Vietnamese is not ambiguous
merely because its decomposed form draws the same (the homoglyph subset's
NFC/NFD samples carry their own partner for that)::

    >>> from generator import render
    >>> pixel_ambiguous(render("việc"), skeleton("việc")), pixel_ambiguous(render("vie\u0323\u0302c"), "việc")
    (False, True)
"""

from __future__ import annotations

from functools import lru_cache

import icu
import numpy as np
from PIL import Image, ImageChops

from .raster import SUBPIXEL
from .ucd import INVISIBLE, graphemes, is_bidi_control, is_default_ignorable, is_emoji_cluster, script_code

#: Largest per-pixel grey-level difference still counted as anti-aliasing noise.
AA_TOLERANCE = -(-255 // SUBPIXEL)

_NFC = icu.Normalizer2.getNFCInstance()
_NFKC = icu.Normalizer2.getNFKCInstance()
_SKELETON = icu.SpoofChecker()
_SINGLE_SCRIPT = icu.SpoofChecker()
_SINGLE_SCRIPT.setChecks(icu.USpoofChecks.RESTRICTION_LEVEL)
_SINGLE_SCRIPT.setRestrictionLevel(icu.URestrictionLevel.SINGLE_SCRIPT_RESTRICTIVE)
_NEUTRAL = {"Zyyy", "Zinh", "Zzzz"}


@lru_cache(maxsize=1)
def _cached_features() -> dict:
    return _features()


def _features() -> dict:
    from datasets import List, Value

    return {
        "n_codepoints": Value("int32"),
        "n_graphemes": Value("int32"),
        "n_utf8_bytes": Value("int32"),
        "max_cluster_codepoints": Value("int32"),
        "scripts": List(Value("string")),
        "mixed_script": Value("bool"),
        "has_invisible": Value("bool"),
        "has_bidi_control": Value("bool"),
        "n_default_ignorable": Value("int32"),
        "has_emoji": Value("bool"),
        "is_nfc": Value("bool"),
        "is_nfkc": Value("bool"),
        "skeleton": Value("string"),
        "pixel_ambiguous": Value("bool"),
    }


def skeleton(text: str) -> str:
    """UTS #39 skeleton (ICU SpoofChecker)."""
    return _SKELETON.getSkeleton(0, text)


def precision_columns(text: str) -> dict:
    """The precision columns of ``text`` (all of :data:`FEATURES` but ``pixel_ambiguous``)."""
    clusters = graphemes(text)
    cps = [ord(c) for c in text]
    return {
        "n_codepoints": len(cps),
        "n_graphemes": len(clusters),
        "n_utf8_bytes": len(text.encode("utf-8")),
        "max_cluster_codepoints": max((len(c) for c in clusters), default=0),
        "scripts": sorted({script_code(cp) for cp in cps} - _NEUTRAL),
        "mixed_script": bool(text) and bool(_SINGLE_SCRIPT.check(text) & icu.USpoofChecks.RESTRICTION_LEVEL),
        "has_invisible": any(cp in INVISIBLE for cp in cps),
        "has_bidi_control": any(is_bidi_control(cp) for cp in cps),
        "n_default_ignorable": sum(1 for cp in cps if is_default_ignorable(cp)),
        "has_emoji": any(is_emoji_cluster(c) for c in clusters),
        "is_nfc": _NFC.isNormalized(text),
        "is_nfkc": _NFKC.isNormalized(text),
        "skeleton": skeleton(text),
    }


def images_ambiguous(a: Image.Image, b: Image.Image, tolerance: int = AA_TOLERANCE) -> bool:
    """Same size, and no pixel (channel) differs by more than ``tolerance``.

    >>> white, grey = Image.new("L", (4, 4), 255), Image.new("L", (4, 4), 200)
    >>> images_ambiguous(white, white), images_ambiguous(white, grey), images_ambiguous(white, Image.new("L", (5, 4), 255))
    (True, True, False)
    >>> images_ambiguous(white, Image.new("L", (4, 4), 100))
    False
    """
    if a.size != b.size:
        return False
    mode = "RGB" if "RGB" in (a.mode, b.mode) or "RGBA" in (a.mode, b.mode) else "L"
    if not a.width or not a.height:
        return True
    # |a - b| per pixel and channel in 8 bits, in Pillow: one image the size of the page, not four in 16 bits
    extrema = ImageChops.difference(a.convert(mode), b.convert(mode)).getextrema()
    worst = max(hi for _, hi in extrema) if mode == "RGB" else extrema[1]
    return worst <= tolerance


def pixel_ambiguous(rendered, other: str) -> bool:
    """Whether ``rendered`` and ``other``, rendered alike, differ by no more than anti-aliasing noise."""
    from .ambiguity import render_alike

    if other == skeleton(rendered.text):
        # a skeleton is NFD by definition; a normalization form alone is not a look-alike of ordinary text
        other = _NFC.normalize(other)
    if other == rendered.text or not other:
        return False
    twin = render_alike(rendered, other)  # a page: the twin goes on the same canvas at the same font size
    return twin is not None and images_ambiguous(rendered.image, twin.image)


def __getattr__(name: str):
    """``FEATURES``, the ``datasets`` features of these columns, built on first use.

    Lazy, so that a build worker, which never needs ``datasets`` Features,
    does not import it (about 80 MB per process).
    """
    if name == "FEATURES":
        return _cached_features()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
