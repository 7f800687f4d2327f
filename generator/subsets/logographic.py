"""``logographic``: Chinese (Simplified, Traditional), Japanese and Korean.

Natural UDHR lines and CLDR lines, mixed with random runs of characters that
no language model could predict: exemplar characters drawn with weights
that favour rare ones (``rarity`` from the cl100k_base vocabulary), plus
characters beyond the BMP -- CJK Extension B -- that both the sans and serif
pinned CJK faces draw. Korean draws rare Hangul syllables (those CLDR does
not list among the 11,172) and the auxiliary Hanja instead of Extension B::

    >>> import numpy as np
    >>> d = LOGOGRAPHIC.generate("rare_chars", np.random.default_rng(3), "zh-Hant")
    >>> d.kind, d.script, 4 <= len(d.text) <= 16
    ('rare_chars', 'Hant', True)
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..sources import GENERATED_LICENSE
from ..sources.cldr import EXEMPLAR_SOURCE, exemplars, rarity
from ..sources.coverage import font_coverage
from .base import Draft, Subset

#: Share of characters drawn from CJK Extension B in a random run (not for Korean).
EXT_B_SHARE = 0.15
_EXT_B = range(0x20000, 0x2A6E0)
_FACES = {"zh-Hans": "sc", "zh-Hant": "tc", "ja": "jp", "ko": "kr"}


@lru_cache(maxsize=8)
def ext_b(language: str) -> tuple[str, ...]:
    """CJK Extension B characters the language's sans and serif faces both draw."""
    region = _FACES[language]
    cov = font_coverage(f"noto-sans-cjk-{region}", f"noto-serif-cjk-{region}")
    return tuple(chr(cp) for cp in sorted(cov) if cp in _EXT_B)


@lru_cache(maxsize=8)
def weighted_pool(language: str) -> tuple[tuple[str, ...], np.ndarray]:
    """Characters and their draw probabilities, weight ``1 + 9 * rarity``."""
    chars = list(exemplars(language, "standard"))
    aux = [c for c in exemplars(language, "auxiliary") if c not in chars]
    if language == "ko":
        region = _FACES[language]
        cov = font_coverage(f"noto-sans-cjk-{region}", f"noto-serif-cjk-{region}")
        aux = [c for c in aux if "\u4e00" <= c <= "\u9fff" and ord(c) in cov]  # Hanja only
    pool = tuple(chars + aux)
    weights = np.array([1.0 + 9.0 * rarity(c) for c in pool])
    return pool, weights / weights.sum()


class Logographic(Subset):
    name = "logographic"
    languages = ("zh-Hans", "zh-Hant", "ja", "ko")
    kinds = (("natural", 0.45), ("cldr", 0.15), ("rare_chars", 0.40))

    def generate(self, kind: str, rng: np.random.Generator, language: str) -> Draft:
        if kind != "rare_chars":
            return self.natural_or_cldr(kind, rng, language)
        pool, p = weighted_pool(language)
        n = int(rng.integers(4, 17))
        picks = [pool[i] for i in rng.choice(len(pool), size=n, p=p)]
        source = f"random draw (seeded) from {EXEMPLAR_SOURCE}, weighted to rare characters"
        if language != "ko":
            extra = ext_b(language)
            for i in range(n):
                if rng.random() < EXT_B_SHARE:
                    picks[i] = extra[int(rng.integers(len(extra)))]
            source += ", with CJK Extension B"
        text = "".join(picks)
        if language == "ko" and n > 6:  # Korean writes spaces between words
            cut = int(rng.integers(2, n - 2))
            text = text[:cut] + " " + text[cut:]
        return Draft(text, language, self.script_of(language), kind, source, f"Unicode-3.0; {GENERATED_LICENSE}")


LOGOGRAPHIC = Logographic()
