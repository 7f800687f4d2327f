"""Scoring one prediction against its truth, and summing scores over a group.

All metrics count grapheme clusters as ICU defines them
(:func:`generator.ucd.graphemes`), the unit a reader sees. For Thai ``ก่า``
(ko kai, mai ek, sara aa) a reader sees two clusters, not three code points:

    >>> s = score_sample("ก่า", "กา")            # the tone mark dropped
    >>> s.edits, s.truth_graphemes                # 1 of 2 clusters wrong: CER 0.5 (code points: 1/3)
    (1, 2)
    >>> score_sample("paypal", "pаypal").confusion   # Cyrillic а: same UTS #39 skeleton
    True
    >>> score_sample("paypal", "paypa1").confusion   # '1' and 'l' share a skeleton too
    True
    >>> score_sample("paypal", "paypa").confusion    # a plain error
    False
    >>> score_sample("a\\u200bb", "ab").invisible_found, score_sample("a\\u200bb", "ab").invisible_total
    (0, 1)
    >>> score_sample("a\\u200bb", "ab").confusion      # the invisible character left out: a confusion too
    True
    >>> score_sample("tham khai", "tham kbai", partner="tham kbai").confusion   # the partner was read
    True
    >>> score_sample("cu\\u031b\\u0309a", "cửa").pixel_exact     # canonically equivalent: the same text
    True
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, fields

import icu
from rapidfuzz.distance import Levenshtein

from ..ambiguity import confusable_readings
from ..ucd import INVISIBLE, graphemes, nfc, nfkc

_SPOOF = icu.SpoofChecker()


def skeleton(text: str) -> str:
    """The UTS #39 skeleton of ``text`` (ICU), the form look-alikes share.

    >>> skeleton("pаypal") == skeleton("paypal")
    True
    """
    return _SPOOF.getSkeleton(0, text)


_WHITESPACE_RUN = re.compile(r"\s+")
_TRAILING_SPACE = re.compile(r"[^\S\n]+$", re.MULTILINE)


def layout_free(text: str, *, code: bool = False) -> str:
    """``text`` with its layout taken out, as the layout-insensitive CER compares it.

    Prose: every run of whitespace (spaces, tabs, newlines) becomes one space, and
    the ends are stripped, so a line break where a page wraps costs nothing.
    Code: line breaks and indentation are kept; only spaces at the end of a line,
    and blank lines at the end of the text, are dropped (``\\r\\n`` counts as ``\\n``).

    >>> layout_free("The cat\\nsat  on\\n\\n the mat. ")
    'The cat sat on the mat.'
    >>> layout_free("def f():  \\r\\n    return 1\\n\\n", code=True)
    'def f():\\n    return 1'
    """
    if code:
        return _TRAILING_SPACE.sub("", text.replace("\r\n", "\n")).rstrip("\n")
    return _WHITESPACE_RUN.sub(" ", text).strip()


@dataclass(frozen=True)
class SampleScore:
    """The score of one sample. ``missing`` samples were not predicted and count as wrong."""

    exact: bool
    pixel_exact: bool
    nfkc_exact: bool
    confusion: bool
    edits: int
    truth_graphemes: int
    invisible_total: int
    invisible_found: int
    missing: bool = False
    layout_edits: int = 0
    layout_truth_graphemes: int = 0


def score_sample(truth: str, prediction: str | None, *, partner: str | None = None,
                 renders_alike: bool = False, code: bool = False) -> SampleScore:
    """Score ``prediction`` (None when missing) against ``truth``.

    - ``exact``: the code points are identical;
    - ``pixel_exact``: exact, or equal in NFC, or ``renders_alike`` (the prediction, rendered with the
      sample's options, gives the sample's image: :mod:`generator.evaluate.pixel` finds out);
    - ``nfkc_exact``: identical after NFKC normalisation of both (ICU, :func:`generator.ucd.nfkc`);
    - ``confusion``: not exact, but a look-alike reading: the UTS #39 skeletons are equal, or the
      prediction is the sample's ``partner``, or the truth with its invisible characters or bidi
      controls removed (:func:`generator.ambiguity.confusable_readings`);
    - ``edits``: Levenshtein distance between the grapheme-cluster lists (rapidfuzz);
    - ``invisible_*``: of the truth's invisible characters (``generator.ucd.INVISIBLE``),
      counted with multiplicity, how many the prediction also has;
    - ``layout_edits``: the grapheme edit distance between :func:`layout_free` forms
      (``code`` keeps line breaks), over ``layout_truth_graphemes``.

    >>> s = score_sample("one two\\nthree", "one\\ntwo three")
    >>> (s.edits, s.truth_graphemes), (s.layout_edits, s.layout_truth_graphemes)
    ((2, 13), (0, 13))
    """
    missing = prediction is None
    pred = "" if prediction is None else prediction
    truth_g = graphemes(truth)
    exact = not missing and pred == truth
    truth_free = graphemes(layout_free(truth, code=code))
    truth_inv = Counter(c for c in truth if ord(c) in INVISIBLE)
    pred_inv = Counter(c for c in pred if ord(c) in INVISIBLE)
    return SampleScore(
        exact=exact,
        pixel_exact=exact or (not missing and (renders_alike or nfc(pred) == nfc(truth))),
        nfkc_exact=not missing and nfkc(pred) == nfkc(truth),
        confusion=not missing and not exact and (skeleton(pred) == skeleton(truth)
                                                 or pred in confusable_readings(truth, partner)),
        edits=Levenshtein.distance(truth_g, graphemes(pred)),
        truth_graphemes=len(truth_g),
        invisible_total=sum(truth_inv.values()),
        invisible_found=sum(min(n, pred_inv[c]) for c, n in truth_inv.items()),
        missing=missing,
        layout_edits=Levenshtein.distance(truth_free, graphemes(layout_free(pred, code=code))),
        layout_truth_graphemes=len(truth_free),
    )


@dataclass
class Totals:
    """Sums of :class:`SampleScore` over a group; :meth:`summary` gives the rates.

    >>> t = Totals()
    >>> t.add(score_sample("ab", "ab")); t.add(score_sample("ab", None))
    >>> t.summary()["exact_match"], t.summary()["cer"], t.summary()["missing"]
    (0.5, 0.5, 1)
    """

    n: int = 0
    missing: int = 0
    exact: int = 0
    pixel_exact: int = 0
    nfkc_exact: int = 0
    confusion: int = 0
    edits: int = 0
    truth_graphemes: int = 0
    invisible_total: int = 0
    invisible_found: int = 0
    layout_edits: int = 0
    layout_truth_graphemes: int = 0

    def add(self, score: SampleScore) -> None:
        self.n += 1
        for f in fields(SampleScore):
            setattr(self, f.name, getattr(self, f.name) + int(getattr(score, f.name)))

    def summary(self) -> dict:
        """Rates over the group. CER = total grapheme edits / total truth graphemes (micro average)."""
        n = self.n
        return {
            "n": n,
            "missing": self.missing,
            "exact_match": self.exact / n if n else None,
            "pixel_exact": self.pixel_exact / n if n else None,
            "exact_match_nfkc": self.nfkc_exact / n if n else None,
            "cer": self.edits / self.truth_graphemes if self.truth_graphemes else None,
            "cer_layout_insensitive": (self.layout_edits / self.layout_truth_graphemes
                                       if self.layout_truth_graphemes else None),
            "confusion_rate": self.confusion / n if n else None,
            "invisible_recall": self.invisible_found / self.invisible_total if self.invisible_total else None,
            "invisible_chars": self.invisible_total,
        }
