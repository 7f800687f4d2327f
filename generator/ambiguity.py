"""Whether a sample's exact text can be read from its pixels: its candidate readings.

A sample is *pixel-ambiguous* when some other string, a plausible reading of
its image, renders with the sample's own options to the same pixels (within
:data:`generator.metadata.AA_TOLERANCE`). No reader can then tell which of the
two was written. The strings tried, in this order, are the **candidate
readings**, each of a named family:

============  ==============================================================
``partner``   the sample's look-alike partner (homoglyphs, typos)
``nfc``       the NFC form; a text not in NFC is *always* ambiguous with it,
              drawn alike or not: Unicode calls the two the same text
``revert``    the text with one substitution reverted to the partner's
              characters, or a substituted character to any ASCII one
              with its skeleton, one substitution at a time
``spaces``    NBSP and every other space separator turned into U+0020
``invisible`` the default-ignorable characters other than bidi controls
              (ZWSP, ZWJ, ZWNJ, WJ, soft hyphen, BOM...) removed
``bidi``      the bidi controls removed, in display order (ICU), then in
              logical order
``nfkc``      the NFKC form
``skeleton``  the UTS #39 skeleton, in NFC (a skeleton is NFD by definition,
              and the NFD form alone is not a look-alike of NFC text)
============  ==============================================================

The specific families come first and the broad ones (NFKC, skeleton) last,
so ``ambiguous_with`` names the most telling reason.

Candidates equal to the text, empty, or equal to an earlier candidate are
skipped; the first family whose candidate renders alike is recorded in
``ambiguous_with`` (null when none does)::

    >>> candidates("a\\u00a0b\\u200b", None)       # NFKC and the skeleton give the first again
    [('spaces', 'a b\\u200b'), ('invisible', 'a\\xa0b')]
    >>> candidates("tham k\\u210ea\\u2139", "tham khai")   # NFKC is the partner: tried once
    [('partner', 'tham khai'), ('revert', 'tham khaℹ'), ('revert', 'tham kℎai'), ('skeleton', 'tharn khai')]

The readings a model may give without having misread a glyph count as
*confusions* in scoring: the partner, and the text with its invisible
characters or its bidi controls removed (:func:`confusable_readings`).

``partner_pixel_distance`` says how alike text and partner look, on a
continuous scale from 0 to 1: the share of the two images' ink that has no
counterpart in the other image, even allowing it to move by one pixel in any
direction. With ``ink = 255 - value`` per pixel and channel, and ``N(x)`` the
maximum of ``x`` over each pixel's 3x3 neighbourhood::

    distance = (sum max(0, ink_a - N(ink_b)) + sum max(0, ink_b - N(ink_a))) / (sum ink_a + sum ink_b)

0 means every bit of ink has its match within a pixel (a Cyrillic а for a
Latin a, or a kerning shift of one pixel); 1 means none has. Images of
different sizes are both padded with white on the right and at the bottom to
the larger width and height (both are drawn from the same top-left origin),
so extra width counts as unmatched ink. Both images are compared in RGB when
either is in colour; two blank images are at distance 0. The distance is
null without a partner, or when the partner cannot be rendered::

    >>> from PIL import Image
    >>> def dot(x):
    ...     im = Image.new("L", (4, 1), 255); im.putpixel((x, 0), 0); return im
    >>> ink_distance(dot(0), dot(0)), ink_distance(dot(0), dot(1)), ink_distance(dot(0), dot(3))
    (0.0, 0.0, 1.0)
    >>> ink_distance(dot(0), Image.new("L", (4, 1), 0))      # 2 of 5 ink pixels unmatched
    0.4

This module imports neither numpy nor the renderer at load, so scoring can
use its string functions cheaply.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

import icu

from .ucd import is_bidi_control, is_default_ignorable

#: The candidate families, in the order they are tried.
FAMILIES = ("partner", "nfc", "revert", "spaces", "invisible", "bidi", "nfkc", "skeleton")
#: At most this many one-at-a-time reverts are tried per sample.
MAX_REVERTS = 8

_NFC = icu.Normalizer2.getNFCInstance()
_NFKC = icu.Normalizer2.getNFKCInstance()
_SPOOF = icu.SpoofChecker()
_OTHER_SPACES = icu.UnicodeSet("[[:Zs:]-[\\u0020]]")


def _features() -> dict:
    from datasets import Value

    return {"ambiguous_with": Value("string"), "partner_pixel_distance": Value("float32")}


def plain_spaces(text: str) -> str:
    """Every space separator (NBSP, thin, ideographic...) as U+0020.

    >>> plain_spaces("a\\u00a0b\\u2009c")
    'a b c'
    """
    if _OTHER_SPACES.containsNone(text):
        return text
    return "".join(" " if _OTHER_SPACES.contains(c) else c for c in text)


def strip_invisible(text: str) -> str:
    """``text`` without its default-ignorable characters, bidi controls kept.

    >>> strip_invisible("tr\\u200bo\\u00adng\\u202e")
    'trong\\u202e'
    """
    return "".join(c for c in text if not is_default_ignorable(ord(c)) or is_bidi_control(ord(c)))


def strip_bidi(text: str) -> str:
    """``text`` without its bidi controls, in logical order.

    >>> strip_bidi("invoice\\u202efdp.exe")
    'invoicefdp.exe'
    """
    return "".join(c for c in text if not is_bidi_control(ord(c)))


def display_order(text: str) -> str:
    """The string as displayed: ICU's visual reordering, mirrored, bidi controls removed.

    >>> display_order("invoice\\u202efdp.exe")
    'invoiceexe.pdf'
    """
    bidi = icu.Bidi()
    bidi.setPara(icu.UnicodeString(text), icu.Bidi.DEFAULT_LTR)
    return str(bidi.writeReordered(icu.Bidi.DO_MIRRORING | icu.Bidi.REMOVE_BIDI_CONTROLS))


def has_bidi_control(text: str) -> bool:
    return any(is_bidi_control(ord(c)) for c in text)


@lru_cache(maxsize=1)
def _ascii_by_skeleton() -> dict[str, str]:
    """UTS #39 skeleton -> the printable ASCII characters that have it (``"l"`` -> ``"1Il|"``)."""
    out: dict[str, str] = {}
    for c in map(chr, range(0x21, 0x7F)):
        key = _SPOOF.getSkeleton(0, c)
        out[key] = out.get(key, "") + c
    return out


def reverts(text: str, partner: str, limit: int = MAX_REVERTS) -> list[str]:
    """``text`` with one of its differences from ``partner`` undone, for each difference.

    The differences are difflib's opcodes over code points, so insertions
    and deletions revert too. With one difference the revert is the partner.
    A single substituted character is also reverted to every other ASCII
    character with its skeleton: a Greek Ι standing for ``l`` draws like ``I``.

    >>> reverts("t\\u0435xt\\u0455", "texts")
    ['textѕ', 'tеxts']
    >>> reverts("\\u0399aw", "law")
    ['law', '1aw', 'Iaw', '|aw']
    """
    ops = [op for op in SequenceMatcher(None, text, partner, autojunk=False).get_opcodes() if op[0] != "equal"]
    out = []
    for _tag, i1, i2, j1, j2 in ops[:limit]:
        out.append(text[:i1] + partner[j1:j2] + text[i2:])
        if i2 - i1 == 1 and not text[i1].isascii():
            out += [text[:i1] + c + text[i2:] for c in _ascii_by_skeleton().get(_SPOOF.getSkeleton(0, text[i1]), "")
                    if c != partner[j1:j2]]
    return out


def candidates(text: str, partner: str | None) -> list[tuple[str, str]]:
    """The candidate readings of ``text``: ``(family, string)``, deduplicated, in :data:`FAMILIES` order."""
    found: list[tuple[str, str]] = []
    if partner:
        found.append(("partner", partner))
    found.append(("nfc", _NFC.normalize(text)))
    if partner:
        found += [("revert", r) for r in reverts(text, partner)]
    found += [("spaces", plain_spaces(text)), ("invisible", strip_invisible(text))]
    if has_bidi_control(text):
        found += [("bidi", display_order(text)), ("bidi", strip_bidi(text))]
    found += [("nfkc", _NFKC.normalize(text)), ("skeleton", _NFC.normalize(_SPOOF.getSkeleton(0, text)))]
    seen = {text}
    out = []
    for family, string in found:
        if string and string not in seen:
            seen.add(string)
            out.append((family, string))
    return out


def confusable_readings(truth: str, partner: str | None = None) -> set[str]:
    """Readings of ``truth`` that count as a confusion, not a plain error (the truth itself excluded).

    >>> sorted(confusable_readings("a\\u200bb\\u202ec", "abc"))
    ['abc', 'ab\\u202ec', 'a\\u200bbc']
    """
    readings = {strip_invisible(truth), strip_bidi(truth)}
    if has_bidi_control(truth):
        readings.add(display_order(truth))
    if partner:
        readings.add(partner)
    readings.discard(truth)
    return readings


def ink_distance(a, b) -> float:
    """The ink distance of two images, from 0 (alike within a pixel) to 1 (see the module doc).

    Computed in 8 and 16 bits, one neighbourhood shift at a time, with exact integer sums: a line
    of 9000 x 100 px in colour needs a few megabytes, not the hundred that nine shifted 64-bit
    copies would take.
    """
    import numpy as np

    mode = "RGB" if {"RGB", "RGBA"} & {a.mode, b.mode} else "L"
    pa, pb = (255 - np.asarray(im.convert(mode), dtype=np.uint8) for im in (a, b))
    h, w = max(pa.shape[0], pb.shape[0]), max(pa.shape[1], pb.shape[1])
    channels = [(0, 0)] * (pa.ndim - 2)
    ink_a, ink_b = (np.pad(p, [(0, h - p.shape[0]), (0, w - p.shape[1])] + channels) for p in (pa, pb))
    total = int(ink_a.sum(dtype=np.int64)) + int(ink_b.sum(dtype=np.int64))
    if not total:
        return 0.0

    def unmatched(ink, other) -> int:  # ink with no more ink within one pixel in ``other``
        padded = np.pad(other, [(1, 1), (1, 1)] + channels)
        near = padded[:h, :w].copy()  # the most ink within one pixel of each pixel
        for dy in range(3):
            for dx in range(3):
                if dy or dx:
                    np.maximum(near, padded[dy:dy + h, dx:dx + w], out=near)
        left = np.subtract(ink, near, dtype=np.int16)
        return int(np.maximum(left, 0, out=left).sum(dtype=np.int64))

    return (unmatched(ink_a, ink_b) + unmatched(ink_b, ink_a)) / total


def render_with(text: str, options: dict):
    """``text`` drawn with ``options`` as a :class:`~generator.render.Rendered` records them: a page
    (options with a canvas ``width``) through :func:`~generator.page.render_page`, else :func:`~generator.render.render`."""
    if "width" in options:
        from .page import render_page

        return render_page(text, **options)
    from .render import render

    return render(text, **options)


def render_alike(rendered, text: str):
    """``text`` rendered with exactly the options of ``rendered`` (on the same canvas, for a page);
    None when it cannot be drawn."""
    from .errors import PercelsError

    try:
        return render_with(text, rendered.options)
    except PercelsError:  # uncovered or refused characters, or a page it does not fit: nothing to compare
        return None


def ambiguity_columns(rendered, partner: str | None) -> dict:
    """``pixel_ambiguous``, ``ambiguous_with`` and ``partner_pixel_distance`` of a rendered sample.

    Candidates are rendered one by one and compared by size first, then
    pixel by pixel; the search stops at the first that renders alike.

    >>> from generator import render
    >>> ambiguity_columns(render("p\\u0430ypal", font_size=24), "paypal")
    {'pixel_ambiguous': True, 'ambiguous_with': 'partner', 'partner_pixel_distance': 0.0}
    >>> ambiguity_columns(render("hello", font_size=24), None)
    {'pixel_ambiguous': False, 'ambiguous_with': None, 'partner_pixel_distance': None}
    """
    from .metadata import images_ambiguous

    text = rendered.text
    is_nfc = _NFC.isNormalized(text)
    distance = match = None
    for family, string in candidates(text, partner):
        if not is_nfc and family != "partner":
            match = "nfc"  # canonically equivalent to its NFC form, whatever the pixels
            break
        twin = render_alike(rendered, string)
        if twin is None:
            continue
        if family == "partner":
            distance = ink_distance(rendered.image, twin.image)
        if images_ambiguous(rendered.image, twin.image):
            match = family
            break
    if match is None and not is_nfc:
        match = "nfc"
    return {"pixel_ambiguous": match is not None, "ambiguous_with": match, "partner_pixel_distance": distance}


@lru_cache(maxsize=1)
def _cached_features() -> dict:
    return _features()


def __getattr__(name: str):
    """``FEATURES``, built on first use, so that a build worker never imports ``datasets`` (as in metadata)."""
    if name == "FEATURES":
        return _cached_features()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
