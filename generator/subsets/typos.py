"""``typos``: natural sentences with controlled misspellings a reader's prior would "correct".

The truth of each sample is the misspelled text; its ``partner`` is the
source sentence as written. One kind of edit is applied 1 to 3 times, inside
words and on grapheme clusters (ICU), so a letter and its accents move
together:

- ``swap``: two neighbouring letters change places ("form" -> "from");
- ``drop``: a letter is left out;
- ``double``: a letter is written twice;
- ``scramble``: a word's interior letters are shuffled, first and last kept.

Source texts are whole UDHR sentences and lines (``gflanguages``: 12 to 40
per language) and CLDR name lists (``cldr_name_lists``: territory and
language names in threes, 270 to 300 per language), drawn uniformly.
**No source text is shared between splits**: the pool is cut among the
splits by :func:`.partition.split_share` (hash order; 10% for each split
after the first, the rest for the first), and a line or a shorter sentence contained in a longer
sentence goes with that sentence (``source_roots``), so a validation sample
never misspells a sentence a test sample misspells.

The edit is redrawn until the result differs from the source::

    >>> import numpy as np
    >>> d = TYPOS.generate("swap", np.random.default_rng(0), "en")
    >>> d.text != d.partner, len(d.text) == len(d.partner)
    (True, True)
"""

from __future__ import annotations

import numpy as np

from ..errors import SourceError
from functools import lru_cache

from ..sources import SourceText
from ..sources.cldr import cldr_name_lists
from ..sources.udhr import udhr_lines, udhr_sentences
from ..ucd import graphemes
from .base import Draft, Subset, pick
from .partition import split_share

KINDS = ("swap", "drop", "double", "scramble")


def _words(clusters: list[str], min_len: int) -> list[tuple[int, int]]:
    """(start, end) cluster spans of alphabetic words with at least ``min_len`` clusters."""
    spans, start = [], None
    for i, c in enumerate(clusters + [" "]):
        if c[0].isalpha():
            start = i if start is None else start
        else:
            if start is not None and i - start >= min_len:
                spans.append((start, i))
            start = None
    return spans


def misspell(rng: np.random.Generator, text: str, kind: str) -> str:
    """Apply one edit of ``kind`` to a random word of ``text``; may return ``text`` unchanged."""
    cl = graphemes(text)
    spans = _words(cl, 4 if kind == "scramble" else 2)
    if not spans:
        return text
    a, b = spans[int(rng.integers(len(spans)))]
    if kind == "swap":
        i = int(rng.integers(a, b - 1))
        cl[i], cl[i + 1] = cl[i + 1], cl[i]
    elif kind == "drop":
        del cl[int(rng.integers(a, b))]
    elif kind == "double":
        i = int(rng.integers(a, b))
        cl.insert(i, cl[i])
    elif kind == "scramble":
        inner = cl[a + 1 : b - 1]
        cl[a + 1 : b - 1] = [inner[int(j)] for j in rng.permutation(len(inner))]
    else:
        raise SourceError(f"typos has no kind {kind!r}; kinds: {', '.join(KINDS)}")
    return "".join(cl)


@lru_cache(maxsize=16)
def source_pool(language: str) -> tuple[SourceText, ...]:
    """Every source text of a language: UDHR sentences, UDHR lines of 3 words or more, CLDR name lists."""
    lines = tuple(t for t in udhr_lines(language) if len(t.text.split()) >= 3)
    return tuple(dict.fromkeys(udhr_sentences(language) + lines + cldr_name_lists(language)))


@lru_cache(maxsize=16)
def source_roots(language: str) -> dict[str, str]:
    """Source text -> the longest source text that contains it (itself if none does): the unit of the split.

    >>> roots = source_roots("en")
    >>> all(text in root for text, root in roots.items())
    True
    """
    texts = sorted({t.text for t in source_pool(language)}, key=lambda t: (-len(t), t))
    roots: dict[str, str] = {}
    for i, text in enumerate(texts):
        roots[text] = next((longer for longer in texts[:i] if text in longer and roots[longer] == longer), text)
    return roots


class Typos(Subset):
    name = "typos"
    languages = ("en", "de", "fr", "es", "pl", "vi", "ru")
    kinds = tuple((k, 1.0) for k in KINDS)

    def generate(self, kind: str, rng: np.random.Generator, language: str) -> Draft:
        roots = source_roots(language)
        mine = set(split_share(sorted(set(roots.values())), str, self.context.split, list(self.context.counts)))
        pool = [t for t in source_pool(language) if roots[t.text] in mine]
        base = pick(rng, pool)
        for _ in range(20):
            text = base.text
            for _ in range(int(rng.integers(1, 4))):
                text = misspell(rng, text, kind)
            if text != base.text:
                return Draft(text, language, base.script, kind, f"{base.source}, misspelled (seeded)", base.license,
                             partner=base.text)
        raise SourceError(f"typos: {kind!r} left {base.text[:30]!r} ({language}) unchanged 20 times")


TYPOS = Typos()
