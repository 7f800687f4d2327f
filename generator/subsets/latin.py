"""``latin``: Latin-script languages with heavy diacritics, plus Cyrillic and Greek.

Natural UDHR and CLDR lines mixed with real words in random order and with
pseudo-words of exemplar letters (rare, accented letters favoured)::

    >>> import numpy as np
    >>> d = LATIN.draw(np.random.default_rng(2), "vi", "line")
    >>> d.language, d.script
    ('vi', 'Latn')
"""

from __future__ import annotations

import numpy as np

from .base import Draft, Subset
from .words import pseudo_words, word_salad


class Latin(Subset):
    name = "latin"
    languages = ("vi", "pl", "cs", "tr", "de", "fr", "en", "es", "ro", "hu", "is", "yo", "ru", "uk", "el")
    kinds = (("natural", 0.40), ("cldr", 0.20), ("word_salad", 0.25), ("pseudo_words", 0.15))
    styles = ("sans", "serif")

    def generate(self, kind: str, rng: np.random.Generator, language: str) -> Draft:
        if kind == "word_salad":
            return Draft.of(word_salad(rng, language), kind)
        if kind == "pseudo_words":
            return Draft.of(pseudo_words(rng, language), kind)
        return self.natural_or_cldr(kind, rng, language)


LATIN = Latin()
