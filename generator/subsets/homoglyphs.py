"""``homoglyphs``: strings that look alike but differ in code points, each with its partner.

Every sample records the string it imitates (``partner``). For the confusable
kinds, text and partner share one UTS #39 skeleton (ICU's ``SpoofChecker``),
which is checked on every draw; the substitutes themselves are found by
scanning the candidate blocks for characters whose skeleton is a Latin
letter's:

- ``mixed_script``: 1 or 2 letters replaced by Cyrillic, Greek, Armenian or Cherokee look-alikes;
- ``idn_domain``: a domain name with a Cyrillic or Greek look-alike (an IDN homograph);
- ``fullwidth``, ``math_alnum``, ``letterlike``: full-width forms, mathematical alphanumerics, letterlike symbols;
- ``digit_letter``: 0/O and 1/l/I swaps;
- ``nfc_nfd``: the NFD form of a word, whose partner is its NFC form: same skeleton;

Two kinds have their own partner logic, as their skeletons differ:

- ``invisible``: ZWSP, ZWJ, ZWNJ, soft hyphen or word joiner inside a word; partner = the word without them;
- ``bidi_trojan``: bidi controls that reorder what is shown (the "Trojan Source" pattern, and
  right-to-left-override file names); partner = what is displayed: ICU's visual
  reordering with the controls removed.

    >>> visual_order("invoice\\u202efdp.exe")
    'invoiceexe.pdf'
    >>> import numpy as np
    >>> d = HOMOGLYPHS.generate("mixed_script", np.random.default_rng(0), "en")
    >>> d.text != d.partner and skeleton(d.text) == skeleton(d.partner)
    True
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import icu
import numpy as np

from ..errors import SourceError
from ..metadata import skeleton
from ..sources import GENERATED_LICENSE
from ..sources.coverage import drawable
from ..sources.udhr import GFLANGUAGES_VERSION, UDHR_LICENSE, udhr_words
from ..ucd import script_code
from .base import Draft, Subset, pick

#: Blocks scanned for look-alikes of Latin letters, per kind.
_BLOCKS = {
    "Cyrl": range(0x0400, 0x0530), "Grek": range(0x0370, 0x0400), "Armn": range(0x0530, 0x0590),
    "Cher": list(range(0x13A0, 0x13F6)) + list(range(0xAB70, 0xABC0)),
    "fullwidth": range(0xFF10, 0xFF5B), "letterlike": range(0x2100, 0x2150),
}
_INVISIBLES = ("\u200b", "\u200c", "\u200d", "\u00ad", "\u2060")
_TLDS = ("com", "org", "net", "io", "de", "fr", "app", "bank")
_FILE_EXTS = ("exe", "js", "scr", "bat", "sh")
_DOC_EXTS = ("pdf", "doc", "txt", "jpg", "png", "mp3")
CONFUSABLE_KINDS = ("mixed_script", "idn_domain", "fullwidth", "math_alnum", "letterlike", "digit_letter", "nfc_nfd")
KINDS = CONFUSABLE_KINDS + ("invisible", "bidi_trojan")
SOURCE = f"percels homoglyph generator (seeded), ICU {icu.ICU_VERSION} skeletons"


def visual_order(text: str) -> str:
    """The string as displayed: ICU bidi visual order, mirrored, bidi controls removed."""
    bidi = icu.Bidi()
    bidi.setPara(icu.UnicodeString(text), icu.Bidi.DEFAULT_LTR)
    return str(bidi.writeReordered(icu.Bidi.DO_MIRRORING | icu.Bidi.REMOVE_BIDI_CONTROLS))


_ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@lru_cache(maxsize=16)
def lookalikes(group: str) -> dict[str, tuple[str, ...]]:
    """ASCII letter or digit -> drawable characters of ``group`` with the same skeleton.

    >>> "а" in lookalikes("Cyrl")["a"], "І" in lookalikes("Cyrl")["l"]
    (True, True)
    """
    targets: dict[str, list[str]] = {}
    for c in _ASCII:
        targets.setdefault(skeleton(c), []).append(c)
    out: dict[str, list[str]] = {}
    for cp in _BLOCKS[group]:
        ch = chr(cp)
        if not icu.Char.isdefined(cp) or not drawable(ch) or ch.isascii():
            continue
        if group in ("Cyrl", "Grek", "Armn", "Cher") and script_code(cp) != group:
            continue
        for target in targets.get(skeleton(ch), ()):
            out.setdefault(target, []).append(ch)
    return {k: tuple(v) for k, v in sorted(out.items())}


#: The 13 letter styles of the Mathematical Alphanumeric Symbols block, 52 letters each.
MATH_STYLES = ("bold", "italic", "bold italic", "script", "bold script", "fraktur", "double-struck",
               "bold fraktur", "sans-serif", "sans-serif bold", "sans-serif italic", "sans-serif bold italic",
               "monospace")


@lru_cache(maxsize=16)
def math_style(style: int) -> dict[str, tuple[str, ...]]:
    """ASCII letter -> its mathematical alphanumeric of one style (holes of the block are left out)."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    out = {}
    for i, c in enumerate(letters):
        cp = 0x1D400 + 52 * style + i
        if icu.Char.isdefined(cp) and drawable(chr(cp)) and skeleton(chr(cp)) == skeleton(c):
            out[c] = (chr(cp),)
    return out


@lru_cache(maxsize=16)
def _words(language: str, ascii_only: bool) -> tuple[str, ...]:
    words = [w.lower() for w in udhr_words(language) if len(w) >= 4 and w.isalpha()]
    if ascii_only:
        words = [w for w in words if w.isascii()]
    return tuple(dict.fromkeys(words))


def _substitute(rng: np.random.Generator, word: str, table: dict[str, tuple[str, ...]], count: int) -> str:
    spots = [i for i, c in enumerate(word) if c in table]
    if not spots:
        return word
    chars = list(word)
    for i in rng.choice(spots, size=min(count, len(spots)), replace=False):
        chars[int(i)] = pick(rng, table[chars[int(i)]])
    return "".join(chars)


class Homoglyphs(Subset):
    name = "homoglyphs"
    keeps_normal_form = True  # the code points are the point (nfc_nfd, and letterlike's Kelvin sign)
    languages = ("en", "fr", "de", "vi")
    kinds = tuple((k, 1.0) for k in KINDS)
    styles = ("sans", "serif", "mono")

    def kinds_for(self, language: str) -> tuple[tuple[str, float], ...]:
        if language == "en":  # English words have no diacritics to decompose
            return tuple(k for k in self.kinds if k[0] != "nfc_nfd")
        return self.kinds

    def script_of(self, language: str) -> str:
        return "Latn"

    def char_scripts(self, language: str) -> frozenset[str]:
        return frozenset({"Latn", "Cyrl", "Grek", "Armn", "Cher"})

    def generate(self, kind: str, rng: np.random.Generator, language: str) -> Draft:
        for _ in range(20):
            text, partner = self._pair(kind, rng, language)
            if text == partner:
                continue
            if kind in CONFUSABLE_KINDS and skeleton(text) != skeleton(partner):
                continue
            source = f"{SOURCE}; words from gflanguages {GFLANGUAGES_VERSION} sample_text (UDHR)"
            return Draft(text, language, "Latn", kind, source, f"{UDHR_LICENSE}; {GENERATED_LICENSE}", partner)
        raise SourceError(f"homoglyphs: no {kind!r} pair with a shared skeleton for {language!r} in 20 tries")

    def _pair(self, kind: str, rng: np.random.Generator, language: str) -> tuple[str, str]:
        ascii_words = _words(language, True) or _words("en", True)
        words = _words(language, False)
        if kind == "mixed_script":
            word = " ".join(pick(rng, words) for _ in range(int(rng.integers(1, 3))))
            group = pick(rng, ("Cyrl", "Cyrl", "Grek", "Armn", "Cher"))
            return _substitute(rng, word, lookalikes(group), int(rng.integers(1, 3))), word
        if kind == "idn_domain":
            name = "-".join(pick(rng, ascii_words) for _ in range(int(rng.integers(1, 3))))
            domain = f"{pick(rng, ('', 'www.', 'https://', 'login.'))}{name}.{pick(rng, _TLDS)}"
            spoof = name[:0] + _substitute(rng, name, lookalikes(pick(rng, ("Cyrl", "Grek"))), 1)
            return domain.replace(name, spoof, 1), domain
        if kind in ("fullwidth", "math_alnum", "letterlike"):
            word = " ".join(pick(rng, ascii_words) for _ in range(int(rng.integers(1, 3))))
            if rng.random() < 0.5:
                word = word.capitalize()
            # one mathematical style for the whole word, as in "styled" social media text
            table = math_style(int(rng.integers(len(MATH_STYLES)))) if kind == "math_alnum" else lookalikes(kind)
            count = len(word) if kind != "letterlike" else int(rng.integers(1, 4))
            return _substitute(rng, word, table, count), word
        if kind == "digit_letter":
            word = pick(rng, [w for w in ascii_words if set(w) & set("oil")] or ascii_words)
            if rng.random() < 0.5:
                word = word.upper()
            table = {"O": ("0",), "0": ("O",), "l": ("1", "I"), "1": ("l",), "I": ("l", "1"), "i": ("1",)}
            table = {k: v for k, v in table.items() if all(skeleton(x) == skeleton(k) for x in v)}
            return _substitute(rng, word, table, int(rng.integers(1, 3))), word
        if kind == "nfc_nfd":
            word = pick(rng, [w for w in words if unicodedata.normalize("NFD", w) != w] or words)
            return unicodedata.normalize("NFD", word), unicodedata.normalize("NFC", word)
        if kind == "invisible":
            word = " ".join(pick(rng, words) for _ in range(int(rng.integers(1, 3))))
            chars = list(word)
            for _ in range(int(rng.integers(1, 3))):
                at = int(rng.integers(1, len(chars)))
                chars.insert(at, pick(rng, _INVISIBLES))
            return "".join(chars), word
        if kind == "bidi_trojan":
            return self._trojan(rng, ascii_words)
        raise SourceError(f"homoglyphs has no kind {kind!r}; kinds: {', '.join(KINDS)}")

    @staticmethod
    def _trojan(rng: np.random.Generator, words: tuple[str, ...]) -> tuple[str, str]:
        a, b = pick(rng, words), pick(rng, words)
        form = int(rng.integers(3))
        if form == 0:  # right-to-left override hides a file's real extension
            text = f"{a}_{b}\u202e{pick(rng, _DOC_EXTS)[::-1]}.{pick(rng, _FILE_EXTS)}"
        elif form == 1:  # "stretched string": a comment shown outside the string it is in
            text = f'if {a}_level != "{b}\u202e \u2066// check if {a}\u2069 \u2066" {{'
        else:  # "commenting out": code shown inside a comment still runs
            text = f"/*\u202e }} \u2066if ({a}_{b})\u2069 \u2066 begin {a} only */"
        return text, visual_order(text)


HOMOGLYPHS = Homoglyphs()
