"""Word-level generators shared by the alphabetic subsets.

- ``word_salad``: real words of the language (from its UDHR sample texts) in
  a random order, so the sentence prior no longer helps;
- ``pseudo_words``: lowercase letter strings drawn from the language's CLDR
  exemplar characters, weighted to rare letters (many carry diacritics);
  auxiliary (borrowed-word) letters come in at a low weight;
- ``insert_at_break``: put a fragment at a random ICU line-break opportunity.

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> len(word_salad(rng, "vi").text.split()) >= 3
    True
    >>> insert_at_break(np.random.default_rng(1), "one two three", "X")
    'one X two three'
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..sources import GENERATED_LICENSE, SourceText
from ..sources.cldr import EXEMPLAR_SOURCE, exemplars, rarity
from ..sources.udhr import GFLANGUAGES_VERSION, UDHR_LICENSE, udhr_words
from ..sources.languages import language as lookup
from ..ucd import line_break_bounds


def word_salad(rng: np.random.Generator, tag: str) -> SourceText:
    """3 to 8 distinct real words of ``tag`` in random order."""
    words = udhr_words(tag)
    n = min(len(words), int(rng.integers(3, 9)))
    picked = [words[int(i)] for i in rng.choice(len(words), size=n, replace=False)]
    source = f"gflanguages {GFLANGUAGES_VERSION} sample_text words, shuffled (seeded)"
    return SourceText(" ".join(picked), tag, lookup(tag).script, source, UDHR_LICENSE)


#: Weight of an auxiliary (borrowed-word) letter against an everyday one.
AUXILIARY_WEIGHT = 0.2


@lru_cache(maxsize=64)
def _letters(tag: str) -> tuple[tuple[str, ...], np.ndarray]:
    standard = [c for c in exemplars(tag, "standard") if c.islower()]
    auxiliary = [c for c in exemplars(tag, "auxiliary") if c.islower() and c not in standard]
    w = np.array([1.0 + 4.0 * rarity(c) for c in standard] + [AUXILIARY_WEIGHT] * len(auxiliary))
    return tuple(standard + auxiliary), w / w.sum()


def pseudo_words(rng: np.random.Generator, tag: str) -> SourceText:
    """2 to 5 random words of 3 to 9 exemplar letters."""
    letters, p = _letters(tag)
    words = ["".join(letters[i] for i in rng.choice(len(letters), size=int(rng.integers(3, 10)), p=p))
             for _ in range(int(rng.integers(2, 6)))]
    return SourceText(" ".join(words), tag, lookup(tag).script,
                      f"random letters (seeded) from {EXEMPLAR_SOURCE}", f"Unicode-3.0; {GENERATED_LICENSE}")


def insert_at_break(rng: np.random.Generator, text: str, fragment: str, language: str | None = None) -> str:
    """``text`` with `` fragment `` inserted at a random inner line-break opportunity (or appended)."""
    inner = [b for b in line_break_bounds(text, language)[1:-1] if text[b - 1] == " "]
    if not inner:
        return f"{text} {fragment}"
    at = inner[int(rng.integers(len(inner)))]
    return f"{text[:at]}{fragment} {text[at:]}"
