"""``unsegmented``: Thai, Lao, Khmer and Myanmar, written without spaces between words.

Natural UDHR and CLDR lines are mixed with runs of random but well-formed
orthographic syllables (:mod:`generator.sources.syllables`), never random
code points: every cluster is one a writer could type, but the words are
not words, so the image alone must carry the text::

    >>> import numpy as np
    >>> d = UNSEGMENTED.generate("syllables", np.random.default_rng(1), "km")
    >>> d.kind, d.script
    ('syllables', 'Khmr')
"""

from __future__ import annotations

import numpy as np

from ..sources import GENERATED_LICENSE
from ..sources.syllables import syllable_run
from .base import Draft, Subset


class Unsegmented(Subset):
    name = "unsegmented"
    languages = ("th", "lo", "km", "my")
    kinds = (("natural", 0.45), ("cldr", 0.15), ("syllables", 0.40))

    def generate(self, kind: str, rng: np.random.Generator, language: str) -> Draft:
        if kind != "syllables":
            return self.natural_or_cldr(kind, rng, language)
        words = [syllable_run(rng, language, int(rng.integers(2, 6))) for _ in range(int(rng.integers(1, 4)))]
        return Draft(" ".join(words), language, self.script_of(language), kind,
                     f"percels syllable grammar (seeded), {language}", GENERATED_LICENSE)


UNSEGMENTED = Unsegmented()
