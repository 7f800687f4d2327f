"""``complex``: right-to-left and Indic scripts whose rendering depends on shaping.

Arabic, Persian, Urdu, Hebrew, Hindi, Bengali and Tamil. Besides natural
UDHR and CLDR lines and shuffled real words, ``mixed_direction`` lines put
Latin words and numbers (in Latin or native digits) inside right-to-left
text; for the left-to-right Indic scripts the same kind is ``mixed_latin``::

    >>> import numpy as np
    >>> d = COMPLEX.generate("mixed_direction", np.random.default_rng(4), "ar")
    >>> d.kind, any("a" <= c.lower() <= "z" or c.isdigit() for c in d.text)
    ('mixed_direction', True)
"""

from __future__ import annotations

import numpy as np

from ..sources.udhr import udhr_lines
from .base import Draft, Subset, pick
from .words import insert_at_break, word_salad

#: Latin words and codes met inside right-to-left and Indic text.
LATIN_FRAGMENTS = ("Python 3.11", "COVID-19", "Wi-Fi", "GPS", "UNESCO", "iPhone 15", "USB-C", "HTML5", "PDF",
                   "Unicode 15.1", "ISO 9001", "www.un.org", "e-mail", "DNA", "NASA", "Linux", "A4", "UTF-8")
RTL = ("ar", "fa", "ur", "he")
_NATIVE_DIGITS = {"ar": "٠١٢٣٤٥٦٧٨٩", "fa": "۰۱۲۳۴۵۶۷۸۹", "ur": "۰۱۲۳۴۵۶۷۸۹", "hi": "०१२३४५६७८९",
                  "bn": "০১২৩৪৫৬৭৮৯", "ta": "௦௧௨௩௪௫௬௭௮௯"}


def number(rng: np.random.Generator, language: str) -> str:
    """A number, a percentage or a year, in Latin or (half the time) the language's native digits."""
    form = int(rng.integers(3))
    text = (f"{int(rng.integers(1, 10**6)):,}" if form == 0 else
            f"{int(rng.integers(1, 100))}.{int(rng.integers(0, 10))}%" if form == 1 else str(int(rng.integers(1900, 2100))))
    digits = _NATIVE_DIGITS.get(language)
    if digits and rng.random() < 0.5:
        text = text.translate(str.maketrans("0123456789", digits))
    return text


class Complex(Subset):
    name = "complex"
    languages = ("ar", "fa", "ur", "he", "hi", "bn", "ta")
    kinds = (("natural", 0.40), ("cldr", 0.15), ("mixed_direction", 0.30), ("word_salad", 0.15))

    def char_scripts(self, language: str) -> frozenset[str]:
        return super().char_scripts(language) | {"Latn"}  # the Latin words of mixed-direction lines

    def generate(self, kind: str, rng: np.random.Generator, language: str) -> Draft:
        if kind == "word_salad":
            return Draft.of(word_salad(rng, language), kind)
        if kind == "mixed_direction":
            base = pick(rng, udhr_lines(language))
            text = base.text
            for _ in range(int(rng.integers(1, 3))):
                fragment = pick(rng, LATIN_FRAGMENTS) if rng.random() < 0.6 else number(rng, language)
                text = insert_at_break(rng, text, fragment, language)
            return Draft.of(base, kind if language in RTL else "mixed_latin", text=text)
        return self.natural_or_cldr(kind, rng, language)


COMPLEX = Complex()
