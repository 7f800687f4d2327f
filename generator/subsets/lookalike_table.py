"""The homoglyph substitution tables, each entry measured in the pinned fonts.

Every candidate substitution is a :class:`Substitution`: in the sample's
text, ``original`` (ASCII, the partner's) is written as ``substitute``. The
candidates are derived, not typed, except for one curated kind:

- ``Cyrl``, ``Grek``, ``Armn``, ``Cher``, ``letterlike`` (groups of the
  ``mixed_script``, ``idn_domain`` and ``letterlike`` kinds): the characters of
  those blocks whose UTS #39 skeleton (ICU) is an ASCII letter's or digit's;
- ``fullwidth``: every ASCII letter and digit and its full-width form
  (U+FF01..U+FF5E, whose NFKC form it is);
- the 13 ``math_alnum`` styles: each ASCII letter and its mathematical alphanumeric;
- ``digit_letter``: ordered pairs of printable ASCII characters with one
  skeleton (0/O, 1/l/I/|);
- ``multi_char``: UTS #39 confusables whose skeleton is several ASCII
  letters: ``m`` and ``rn``, ligatures (``ﬁ`` and ``fi``), ``Ы`` and ``bl``, ...
  found by scanning every code point's skeleton;
- ``beyond_uts39``: :data:`CURATED`, look-alikes UTS #39 leaves out (S/$, B/8, cl/d, ...).

Each substitution's **shape distance** (:func:`generator.shape_distance.shape_distance`,
in ems, worst over the recipe's sizes) was measured per style by
``scripts/measure_lookalikes.py`` into ``lookalikes.tsv`` beside this module.
A substitution is used in a style only when its distance there is at most
its group's :func:`threshold`::

    >>> "\\u0430" in table("Cyrl", "sans")["a"], "\\u037a" in table("Grek", "sans").get("i", ())
    (True, False)
    >>> table("multi_char", "sans")["m"], "m" in table("multi_char", "mono")   # m for rn, not in one mono cell
    (('rn',), False)
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import icu

from ..errors import SourceError
from ..metadata import skeleton
from ..sources.coverage import drawable
from ..ucd import script_code

#: Largest shape distance (ems) at which a single-character substitute counts as a homoglyph: the same
#: outline and weight up to about a pixel. Chosen from the measured table: it keeps identical and
#: near-identical glyphs (а/a, ϲ/c, Ａ/A in sans) and drops tails, hooks and weight a reader sees
#: (σ/o 0.042, ҽ/e, ͺ/i, ι/i, ℹ/i in serif 0.032, bold mathematical letters).
THRESHOLD = 0.03
#: The same for the resemblance kinds (``digit_letter``, ``multi_char``, ``beyond_uts39``), whose pairs never
#: share an outline (0/O, rn/m, S/$) but are mixed up at a glance: O/0 0.062, rn/m 0.042 in sans, S/$ 0.072 in
#: serif. Above it, and so dropped after a look at the contact sheet: o/0 and E/3 (0.104: the figures are
#: taller than o, E is flat), S/$ in sans (0.101: the bar stands out), g/9 (0.127), vv/w, and most strings of
#: several letters in the monospaced style (one cell per letter: rn against ⅿ is 0.104).
RESEMBLANCE_THRESHOLD = 0.1
RESEMBLANCE_GROUPS = ("digit_letter", "multi_char", "beyond_uts39")
TABLE_PATH = Path(__file__).with_name("lookalikes.tsv")
STYLES = ("sans", "serif", "mono")

_BLOCKS = {
    "Cyrl": range(0x0400, 0x0530), "Grek": range(0x0370, 0x0400), "Armn": range(0x0530, 0x0590),
    "Cher": list(range(0x13A0, 0x13F6)) + list(range(0xAB70, 0xABC0)), "letterlike": range(0x2100, 0x2150),
}
SCRIPT_GROUPS = ("Cyrl", "Grek", "Armn", "Cher")
_ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

#: The 13 letter styles of the Mathematical Alphanumeric Symbols block, 52 letters each.
MATH_STYLES = ("bold", "italic", "bold italic", "script", "bold script", "fraktur", "double-struck",
               "bold fraktur", "sans-serif", "sans-serif bold", "sans-serif italic", "sans-serif bold italic",
               "monospace")

#: Look-alikes UTS #39 leaves out, as (original, substitute) pairs, each also used the other way round.
#: Curated: letters and digits or symbols that readers and OCR engines mix up (A/4 was taken out after a
#: look at the contact sheet: under the threshold in mono, but not alike).
CURATED = (("S", "$"), ("S", "5"), ("s", "5"), ("B", "8"), ("Z", "2"), ("z", "2"), ("o", "0"), ("g", "9"),
           ("q", "9"), ("G", "6"), ("b", "6"), ("T", "7"), ("E", "3"), ("cl", "d"), ("vv", "w"),
           ("VV", "W"), ("nn", "m"), ("ri", "n"), ("li", "h"), ("lo", "b"), ("ii", "u"))


@dataclass(frozen=True)
class Substitution:
    """In a sample's text, ``original`` (from its partner) is written as ``substitute``."""

    group: str
    original: str
    substitute: str

    def __post_init__(self) -> None:
        if not self.original or not self.substitute or self.original == self.substitute:
            raise ValueError(f"substitution {self!r} must replace a non-empty string by another")


def _skeleton_scan(group: str) -> list[Substitution]:
    targets: dict[str, list[str]] = {}
    for c in _ASCII:
        targets.setdefault(skeleton(c), []).append(c)
    out = []
    for cp in _BLOCKS[group]:
        ch = chr(cp)
        if not icu.Char.isdefined(cp) or not drawable(ch) or ch.isascii():
            continue
        if group in SCRIPT_GROUPS and script_code(cp) != group:
            continue
        out += [Substitution(group, t, ch) for t in targets.get(skeleton(ch), ())]
    return out


def _fullwidth() -> list[Substitution]:
    return [Substitution("fullwidth", c, chr(ord(c) + 0xFEE0)) for c in _ASCII]


def _math() -> list[Substitution]:
    out = []
    for style, name in enumerate(MATH_STYLES):
        for i, c in enumerate(_LETTERS):
            cp = 0x1D400 + 52 * style + i
            if icu.Char.isdefined(cp) and drawable(chr(cp)) and skeleton(chr(cp)) == skeleton(c):
                out.append(Substitution(name, c, chr(cp)))
    return out


def _digit_letter() -> list[Substitution]:
    printable = [chr(cp) for cp in range(0x21, 0x7F)]
    by_skeleton: dict[str, list[str]] = {}
    for c in printable:
        by_skeleton.setdefault(skeleton(c), []).append(c)
    return [Substitution("digit_letter", a, b) for group in by_skeleton.values() if len(group) > 1
            for a in group for b in group if a != b and (a.isalnum() or b.isalnum())]


def _multi_char() -> list[Substitution]:
    out = []
    for cp in range(0x20, 0x20000):
        if 0xD800 <= cp < 0xE000 or 0x1D400 <= cp < 0x1D800 or not icu.Char.isdefined(cp):
            continue  # the mathematical alphanumerics are the math_alnum kind's
        ch = chr(cp)
        s = skeleton(ch)
        if len(s) > 1 and s.isascii() and s.isalpha() and drawable(ch):
            out.append(Substitution("multi_char", s, ch))
            if ch.isascii():
                out.append(Substitution("multi_char", ch, s))
    return out


def _curated() -> list[Substitution]:
    return [Substitution("beyond_uts39", a, b) for pair in CURATED for a, b in (pair, pair[::-1])]


@lru_cache(maxsize=1)
def candidates() -> tuple[Substitution, ...]:
    """Every candidate substitution of every group, in a fixed order."""
    out: list[Substitution] = []
    for group in SCRIPT_GROUPS + ("letterlike",):
        out += _skeleton_scan(group)
    return tuple(out + _fullwidth() + _math() + _digit_letter() + _multi_char() + _curated())


@lru_cache(maxsize=1)
def measured() -> dict[Substitution, dict[str, float]]:
    """The committed distances: substitution -> {style: shape distance in ems}."""
    with open(TABLE_PATH, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))
    out = {}
    for row in rows:
        sub = Substitution(row["group"], _unescape(row["original"]), _unescape(row["substitute"]))
        out[sub] = {style: float(row[style]) for style in STYLES}
    missing = set(candidates()) - out.keys()
    if missing:
        example = sorted(missing, key=repr)[0]
        raise SourceError(f"{TABLE_PATH.name} has no distance for {len(missing)} candidate substitutions (e.g. "
                          f"{example}); ICU or the fonts changed: run scripts/measure_lookalikes.py")
    return out


def threshold(group: str) -> float:
    """The largest distance at which a substitution of ``group`` is used.

    >>> threshold("Cyrl"), threshold("beyond_uts39")
    (0.03, 0.1)
    """
    return RESEMBLANCE_THRESHOLD if group in RESEMBLANCE_GROUPS else THRESHOLD


@lru_cache(maxsize=256)
def table(group: str, style: str | None = None) -> dict[str, tuple[str, ...]]:
    """``original -> substitutes`` of ``group`` that look alike in ``style`` (in every style when None)."""
    styles = STYLES if style is None else (style,)
    out: dict[str, list[str]] = {}
    dist = measured()
    for sub in candidates():
        if sub.group == group and all(dist[sub][s] <= threshold(group) for s in styles):
            out.setdefault(sub.original, []).append(sub.substitute)
    return {k: tuple(v) for k, v in sorted(out.items())}


def escape(text: str) -> str:
    """A table cell: printable ASCII as is, anything else as ``U+XXXX`` joined by spaces.

    >>> escape("rn"), escape("\\u0430"), _unescape(escape("a\\u0430"))
    ('rn', 'U+0430', 'aа')
    """
    if text.isascii() and text.isprintable() and " " not in text and not text.startswith("U+"):
        return text
    return " ".join(f"U+{ord(c):04X}" for c in text)


def _unescape(cell: str) -> str:
    if not cell.startswith("U+"):
        return cell
    return "".join(chr(int(part[2:], 16)) for part in cell.split(" "))
