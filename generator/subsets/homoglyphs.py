"""``homoglyphs``: strings that look alike but differ in code points, each with its partner.

Every sample records the string it imitates (``partner``). The substitutions
come from :mod:`.lookalike_table`, where each was measured in the pinned fonts;
a sample uses only those that look alike in its own style (at most
``lookalike_table.THRESHOLD`` ems apart). For the confusable kinds, text and
partner share one UTS #39 skeleton (ICU's ``SpoofChecker``), checked on every draw:

- ``mixed_script``: 1 or 2 letters replaced by Cyrillic, Greek, Armenian or Cherokee look-alikes;
- ``idn_domain``: a domain name with a Cyrillic or Greek look-alike (an IDN homograph);
- ``math_alnum``: a word in one style of mathematical alphanumerics; ``letterlike``: letterlike symbols;
- ``digit_letter``: 0/O and 1/l/I/| swaps;
- ``multi_char``: UTS #39's confusables of several letters: rn/m, ligatures (ﬁ/fi), Ы/bl, ...;
- ``nfc_nfd``: the NFD form of a word, whose partner is its NFC form: same skeleton;

Four kinds have their own partner logic, as their skeletons differ:

- ``fullwidth``: a word written wholly in full-width forms (spaces as U+3000), its NFKC form the partner
  (ICU's skeleton keeps most full-width letters); offered only where every letter of some word has a
  full-width form that looks alike: in the pinned fonts, nowhere today (the forms come from the CJK
  faces), so the kind goes;

- ``beyond_uts39``: look-alikes UTS #39 leaves out (S/$, 5/S, B/8, Z/2, o/0, g/9, cl/d, vv/w, ...), in
  words and in numbers;
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
    >>> sans = HOMOGLYPHS.within(DrawContext(style="sans"))
    >>> d = sans.generate("beyond_uts39", np.random.default_rng(2), "en")
    >>> d.text != d.partner and skeleton(d.text) != skeleton(d.partner)
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
from ..sources.udhr import GFLANGUAGES_VERSION, UDHR_LICENSE, udhr_words
from .base import Draft, DrawContext, Subset, pick  # noqa: F401 (DrawContext: in the doctest)
from .lookalike_table import MATH_STYLES, table

_INVISIBLES = ("\u200b", "\u200c", "\u200d", "\u00ad", "\u2060")
_TLDS = ("com", "org", "net", "io", "de", "fr", "app", "bank")
_FILE_EXTS = ("exe", "js", "scr", "bat", "sh")
_DOC_EXTS = ("pdf", "doc", "txt", "jpg", "png", "mp3")
CONFUSABLE_KINDS = ("mixed_script", "idn_domain", "math_alnum", "letterlike", "digit_letter", "multi_char", "nfc_nfd")
KINDS = CONFUSABLE_KINDS[:2] + ("fullwidth",) + CONFUSABLE_KINDS[2:] + ("beyond_uts39", "invisible", "bidi_trojan")
SOURCE = f"percels homoglyph generator (seeded), ICU {icu.ICU_VERSION} skeletons"


def visual_order(text: str) -> str:
    """The string as displayed: ICU bidi visual order, mirrored, bidi controls removed."""
    bidi = icu.Bidi()
    bidi.setPara(icu.UnicodeString(text), icu.Bidi.DEFAULT_LTR)
    return str(bidi.writeReordered(icu.Bidi.DO_MIRRORING | icu.Bidi.REMOVE_BIDI_CONTROLS))


@lru_cache(maxsize=16)
def _words(language: str, ascii_only: bool) -> tuple[str, ...]:
    words = [w.lower() for w in udhr_words(language) if len(w) >= 4 and w.isalpha()]
    if ascii_only:
        words = [w for w in words if w.isascii()]
    return tuple(dict.fromkeys(words))


def _substitute(rng: np.random.Generator, word: str, table: dict[str, tuple[str, ...]], count: int) -> str:
    """Replace up to ``count`` non-overlapping occurrences of ``table``'s originals by one of their substitutes."""
    spots = [(i, original) for original in table for i in range(len(word)) if word.startswith(original, i)]
    chosen: list[tuple[int, str]] = []
    for j in rng.permutation(len(spots)):
        i, original = spots[int(j)]
        if len(chosen) < count and all(i + len(original) <= k or k + len(o) <= i for k, o in chosen):
            chosen.append((i, original))
    for i, original in sorted(chosen, reverse=True):
        word = word[:i] + pick(rng, table[original]) + word[i + len(original):]
    return word


def _convert(word: str, table: dict[str, tuple[str, ...]], space: str) -> str | None:
    """``word`` with every character replaced by its (first) substitute, or None if one has none."""
    out = [space if c == " " else table.get(c, (None,))[0] for c in word]
    return None if None in out else "".join(out)


def _contexts(words: tuple[str, ...]) -> tuple[str, ...]:
    """Each word in lower case, capitalized and in capitals (for upper-case look-alikes: S/$, B/8)."""
    return tuple(dict.fromkeys(v for w in words for v in (w, w.capitalize(), w.upper())))


@lru_cache(maxsize=256)
def _convertible(group: str, style: str | None, words: tuple[str, ...]) -> tuple[str, ...]:
    """The words every letter of which has a look-alike in ``group``'s table for ``style``."""
    subs = table(group, style)
    return tuple(w for w in words if all(c in subs for c in w))


@lru_cache(maxsize=64)
def _with_spots(group: str, style: str | None, words: tuple[str, ...]) -> tuple[str, ...]:
    """The words (lower case, capitalized or in capitals) holding an original of ``group``'s table for ``style``."""
    subs = table(group, style)
    return tuple(w for w in _contexts(words) if any(o in w for o in subs))


@lru_cache(maxsize=64)
def _math_styles(style: str | None, words: tuple[str, ...]) -> tuple[str, ...]:
    """The mathematical styles in which some word can be written wholly."""
    return tuple(m for m in MATH_STYLES if _convertible(m, style, words))


@lru_cache(maxsize=64)
def _usable(kind: str, style: str | None, words: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The (original, substitute) pairs of a kind's table whose original occurs in ``words`` (or is a digit or $)."""
    contexts = _contexts(words)
    return tuple(sorted((o, s) for o, alts in table(kind, style).items() for s in alts
                        if not o.isalpha() or any(o in c for c in contexts)))


def _number(rng: np.random.Generator, original: str) -> str:
    """A price or a grouped code that contains ``original`` (a digit or '$')."""
    digits = [str(int(d)) for d in rng.integers(0, 10, size=int(rng.integers(4, 9)))]
    if original.isdigit():
        digits[int(rng.integers(len(digits)))] = original
    body = "".join(digits)
    if original == "$" or rng.random() < 0.3:
        return f"${int(body[:-2] or '0'):,}.{body[-2:]}"
    return "-".join(body[i:i + 4] for i in range(0, len(body), 4))


class Homoglyphs(Subset):
    name = "homoglyphs"
    keeps_normal_form = True  # the code points are the point (nfc_nfd, and letterlike's Kelvin sign)
    languages = ("en", "fr", "de", "vi")
    kinds = tuple((k, 1.0) for k in KINDS)
    styles = ("sans", "serif", "mono")

    def kinds_for(self, language: str) -> tuple[tuple[str, float], ...]:
        """The kinds, less ``nfc_nfd`` for English (no diacritics to decompose) and the kinds none of whose
        substitutions look alike in the context's style (e.g. ``fullwidth`` where the full-width forms come
        from a sans face into serif text)."""
        ascii_words = _words(language, True) or _words("en", True)
        style = self.context.style
        drop = {"nfc_nfd"} if language == "en" else set()
        if not _convertible("fullwidth", style, ascii_words):
            drop.add("fullwidth")
        if not _math_styles(style, ascii_words):
            drop.add("math_alnum")
        for kind, words in (("multi_char", _words(language, False)), ("beyond_uts39", ascii_words)):
            if not _usable(kind, style, words):
                drop.add(kind)
        drop |= {k for k in ("letterlike", "digit_letter") if not _with_spots(k, style, ascii_words)}
        return tuple(k for k in self.kinds if k[0] not in drop)

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
            if kind == "fullwidth" and unicodedata.normalize("NFKC", text) != partner:
                continue
            source = f"{SOURCE}; words from gflanguages {GFLANGUAGES_VERSION} sample_text (UDHR)"
            return Draft(text, language, "Latn", kind, source, f"{UDHR_LICENSE}; {GENERATED_LICENSE}", partner)
        raise SourceError(f"homoglyphs: no {kind!r} pair with a shared skeleton for {language!r} in style "
                          f"{self.context.style!r} in 20 tries")

    def _pair(self, kind: str, rng: np.random.Generator, language: str) -> tuple[str, str]:
        ascii_words = _words(language, True) or _words("en", True)
        words = _words(language, False)
        style = self.context.style
        if kind == "mixed_script":
            word = " ".join(pick(rng, words) for _ in range(int(rng.integers(1, 3))))
            group = pick(rng, [g for g in ("Cyrl", "Cyrl", "Grek", "Armn", "Cher") if table(g, style)])
            return _substitute(rng, word, table(group, style), int(rng.integers(1, 3))), word
        if kind == "idn_domain":
            name = "-".join(pick(rng, ascii_words) for _ in range(int(rng.integers(1, 3))))
            domain = f"{pick(rng, ('', 'www.', 'https://', 'login.'))}{name}.{pick(rng, _TLDS)}"
            spoof = _substitute(rng, name, table(pick(rng, ("Cyrl", "Grek")), style), 1)
            return domain.replace(name, spoof, 1), domain
        if kind in ("fullwidth", "math_alnum"):
            # wholly converted, one mathematical style for the whole word as in "styled" social media text
            group = "fullwidth" if kind == "fullwidth" else pick(rng, _math_styles(style, ascii_words) or MATH_STYLES)
            space = "\u3000" if kind == "fullwidth" else " "
            words_ok = _convertible(group, style, ascii_words)
            if not words_ok:
                raise SourceError(f"homoglyphs: no word can be written wholly in look-alike {group!r} forms in "
                                  f"style {style!r}; the kind {kind!r} is not offered there")
            word = " ".join(pick(rng, words_ok) for _ in range(int(rng.integers(1, 3))))
            if rng.random() < 0.5 and _convert(word.capitalize(), table(group, style), space):
                word = word.capitalize()
            return _convert(word, table(group, style), space) or word, word
        if kind in ("letterlike", "digit_letter"):
            word = pick(rng, _with_spots(kind, style, ascii_words))
            return _substitute(rng, word, table(kind, style), int(rng.integers(1, 3))), word
        if kind in ("multi_char", "beyond_uts39"):
            return self._look_alike(kind, rng, words if kind == "multi_char" else ascii_words, style)
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
    def _look_alike(kind: str, rng: np.random.Generator, words: tuple[str, ...], style: str | None) -> tuple[str, str]:
        """One substitution of the kind's table, in a word (or a number) that contains its original."""
        contexts = _contexts(words)
        usable = _usable(kind, style, words)
        if not usable:
            raise SourceError(f"homoglyphs: no {kind!r} substitution looks alike in style {style!r}; "
                              "see lookalike_table.THRESHOLD")
        original, substitute = pick(rng, usable)
        if original.isalpha():
            word = pick(rng, [c for c in contexts if original in c])
        else:
            word = _number(rng, original)
        return _substitute(rng, word, {original: (substitute,)}, 1), word

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
