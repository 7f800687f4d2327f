"""``emoji``: single emoji, skin tones, ZWJ sequences, flags, keycaps, VS15/VS16 and emoji in sentences.

Emoji come from the ``emoji`` package's ``EMOJI_DATA``, keeping only fully
qualified entries of Emoji version 15.1 or older -- the version of the pinned
colour font, in which each of them is one glyph. Pure emoji samples have the
language ``zxx`` (no linguistic content) and the script ``Zsye``; sentences
are natural UDHR lines of several languages with emoji inserted at line-break
opportunities::

    >>> len(by_kind()["flag"]) > 200, len(by_kind()["tag_flag"])
    (True, 3)
    >>> import numpy as np
    >>> d = EMOJI.generate("keycap", np.random.default_rng(0), "zxx")
    >>> "\\u20e3" in d.text, d.script
    (True, 'Zsye')
"""

from __future__ import annotations

from functools import lru_cache

import emoji as emoji_pkg
import numpy as np

from ..sources import GENERATED_LICENSE
from ..sources.coverage import drawable, font_coverage
from ..sources.udhr import udhr_lines
from ..ucd import graphemes, is_emoji_modifier, is_regional_indicator, is_tag, line_break_bounds
from .base import Draft, Subset, pick

#: Emoji version of the pinned colour font (Noto Color Emoji 2.042).
MAX_EMOJI_VERSION = 15.1
EMOJI_SOURCE = f"emoji {emoji_pkg.__version__} EMOJI_DATA (Emoji <= {MAX_EMOJI_VERSION}), seeded draw"
EMOJI_LICENSE = f"BSD-3-Clause (emoji package); Unicode-3.0 (emoji data); {GENERATED_LICENSE}"
KINDS = ("single", "skin_tone", "zwj_sequence", "flag", "tag_flag", "keycap", "presentation")
_TEXT_FONTS = ("noto-sans-symbols", "noto-sans-symbols2", "dejavu-sans", "noto-sans")


def _kind_of(e: str) -> str:
    cps = [ord(c) for c in e]
    if 0x200D in cps:
        return "zwj_sequence"
    if any(is_emoji_modifier(cp) for cp in cps):
        return "skin_tone"
    if 0x20E3 in cps:
        return "keycap"
    if any(is_tag(cp) for cp in cps):
        return "tag_flag"
    if is_regional_indicator(cps[0]):
        return "flag"
    return "single"


@lru_cache(maxsize=1)
def by_kind() -> dict[str, tuple[str, ...]]:
    """Fully qualified emoji (Emoji <= 15.1, drawable, one grapheme) grouped by kind, sorted."""
    groups: dict[str, list[str]] = {k: [] for k in KINDS}
    data = emoji_pkg.EMOJI_DATA
    text_cov = set().union(*(font_coverage(f) for f in _TEXT_FONTS))
    for e, info in sorted(data.items()):
        if info["status"] != emoji_pkg.STATUS["fully_qualified"] or info["E"] > MAX_EMOJI_VERSION:
            continue
        if len(graphemes(e)) != 1 or not drawable(e):
            continue
        groups[_kind_of(e)].append(e)
        base = e[:-1]
        if e.endswith("\ufe0f") and len(base) == 1 and base in data and ord(base) in text_cov:
            groups["presentation"].append(base)  # has both a text and an emoji presentation
    return {k: tuple(v) for k, v in groups.items()}


def any_emoji(rng: np.random.Generator) -> str:
    kinds = by_kind()
    kind = pick(rng, ("single", "single", "skin_tone", "zwj_sequence", "flag", "keycap"))
    return pick(rng, kinds[kind])


def insert_emoji(rng: np.random.Generator, text: str, e: str, language: str) -> str:
    """``e`` inserted at a random line-break opportunity of ``text`` (spaced where the text uses spaces)."""
    inner = line_break_bounds(text, language)[1:-1]
    if not inner:
        return f"{text} {e}"
    b = inner[int(rng.integers(len(inner)))]
    return f"{text[:b]}{e} {text[b:]}" if text[b - 1] == " " else f"{text[:b]}{e}{text[b:]}"


class Emoji(Subset):
    name = "emoji"
    languages = ("zxx", "en", "ja", "ar", "th", "hi", "ru")
    kinds = tuple((k, 1.0) for k in KINDS)
    styles = ("sans",)
    layouts = ("line",)  # emoji sequences and short sentences: a "paragraph" would be one short line

    def kinds_for(self, language: str) -> tuple[tuple[str, float], ...]:
        return self.kinds if language == "zxx" else (("sentence", 1.0),)

    def script_of(self, language: str) -> str:
        return "Zsye" if language == "zxx" else super().script_of(language)

    def char_scripts(self, language: str) -> frozenset[str]:
        return frozenset() if language == "zxx" else super().char_scripts(language)

    def language_cycle(self, languages):
        """Two pure-emoji texts for each sentence, so every kind of emoji is well represented."""
        others = [lang for lang in languages if lang != "zxx"]
        if "zxx" not in languages:
            return others
        return [x for lang in others for x in ("zxx", "zxx", lang)] or ["zxx"]

    def joiner(self, language: str) -> str:
        return "" if language == "ja" else " "

    def generate(self, kind: str, rng: np.random.Generator, language: str) -> Draft:
        if kind == "sentence":
            base = pick(rng, udhr_lines(language))
            text = base.text
            for _ in range(int(rng.integers(1, 4))):
                text = insert_emoji(rng, text, any_emoji(rng), language)
            return Draft(text, language, self.script_of(language), kind, f"{base.source}; {EMOJI_SOURCE}",
                         f"{base.license}; {EMOJI_LICENSE}")
        pool = by_kind()[kind]
        items = [pick(rng, pool) for _ in range(int(rng.integers(1, 4)))]
        if kind == "presentation":
            items = [e + ("\ufe0e" if rng.random() < 0.5 else "\ufe0f") for e in items]
        sep = " " if rng.random() < 0.5 else ""
        return Draft(sep.join(items), language, "Zsye", kind, EMOJI_SOURCE, EMOJI_LICENSE)


EMOJI = Emoji()
