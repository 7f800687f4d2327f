"""The small protocol every subset follows (a template method, like fontTools pens).

A subset declares its languages, the scripts each may contain and the kinds
of text it mixes, with weights. It implements one hook, ``generate(kind,
rng, language)``, returning a :class:`Draft`; the base class does the rest:
it picks the kind from the sample's own ``numpy.random.Generator``, builds
paragraphs out of lines, and refuses any text a pinned font cannot draw::

    >>> import numpy as np
    >>> class Echo(Subset):
    ...     name, languages, kinds = "echo", ("en",), (("natural", 1.0),)
    ...     def generate(self, kind, rng, language):
    ...         return Draft("hello", language, "Latn", kind, "example", "CC0-1.0")
    >>> Echo().draw(np.random.default_rng(0), "en", "line").text
    'hello'
    >>> 2 <= Echo().draw(np.random.default_rng(0), "en", "paragraph").text.split().count("hello") <= 4
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..errors import SourceError, TextError
from ..sources import SourceText
from ..sources.cldr import cldr_line
from ..sources.coverage import uncovered
from ..sources.udhr import udhr_lines
from ..textcheck import check_text

LAYOUTS = ("line", "paragraph")


@dataclass(frozen=True)
class Draft:
    """One drawn text with its provenance; ``partner`` is its look-alike (homoglyphs, typos)."""

    text: str
    language: str
    script: str
    kind: str
    source: str
    license: str
    partner: str | None = None

    def __post_init__(self) -> None:
        if not self.text:
            raise ValueError(f"empty {self.kind!r} text for {self.language!r} from {self.source!r}")

    @classmethod
    def of(cls, st: SourceText, kind: str, *, text: str | None = None, partner: str | None = None) -> Draft:
        """A draft from a :class:`SourceText`, optionally with its text changed."""
        return cls(st.text if text is None else text, st.language, st.script, kind, st.source, st.license, partner)


def pick(rng: np.random.Generator, items: Sequence):
    """One item of ``items``, uniformly."""
    if not items:
        raise SourceError("cannot pick from an empty pool")
    return items[int(rng.integers(len(items)))]


def _unique_join(parts: Sequence[str]) -> str:
    return "; ".join(dict.fromkeys(parts))


class Subset:
    """Base of the nine subsets. Subclasses set the class attributes and ``generate``."""

    name: ClassVar[str]
    #: Declared languages (BCP 47), in their default order.
    languages: ClassVar[tuple[str, ...]]
    #: (kind, weight) pairs the subset mixes; ``kinds_for`` may narrow them per language.
    kinds: ClassVar[tuple[tuple[str, float], ...]]
    #: Styles the subset renders in, when the recipe gives none.
    styles: ClassVar[tuple[str, ...]] = ("sans", "serif")
    #: Layouts the subset makes texts for (a recipe asking for another is refused).
    layouts: ClassVar[tuple[str, ...]] = LAYOUTS
    #: Whether paragraphs wrap at the recipe's width (code keeps its own line breaks).
    wraps: ClassVar[bool] = True
    #: Lines per paragraph, inclusive bounds.
    paragraph_lines: ClassVar[tuple[int, int]] = (2, 4)

    # ---- hooks -----------------------------------------------------------------
    def generate(self, kind: str, rng: np.random.Generator, language: str) -> Draft:
        raise NotImplementedError

    def kinds_for(self, language: str) -> tuple[tuple[str, float], ...]:
        return self.kinds

    def styles_for(self, language: str) -> tuple[str, ...]:
        return self.styles

    def script_of(self, language: str) -> str:
        """The sample-level script (ISO 15924) of a language's texts."""
        from ..sources.languages import language as lookup

        return lookup(language).script

    def char_scripts(self, language: str) -> frozenset[str]:
        """ICU Script values the texts of ``language`` may contain besides Common and Inherited."""
        from ..sources.languages import language as lookup

        return frozenset(lookup(language).chars)

    def language_cycle(self, languages: Sequence[str]) -> list[str]:
        """The order in which texts are assigned to languages (weights by repetition)."""
        return list(languages)

    def joiner(self, language: str) -> str:
        return "" if self.script_of(language) in ("Hans", "Hant", "Jpan") else " "

    # ---- template methods ----------------------------------------------------
    def draw(self, rng: np.random.Generator, language: str, layout: str) -> Draft:
        """One checked text for ``language`` in ``layout`` ("line" or "paragraph")."""
        if language not in self.languages:
            raise SourceError(f"subset {self.name!r} has no language {language!r}; it has: {', '.join(self.languages)}")
        if layout == "line":
            draft = self.line(rng, language)
        elif layout == "paragraph":
            draft = self.paragraph(rng, language)
        else:
            raise SourceError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")
        return self.check(draft)

    def pick_kind(self, rng: np.random.Generator, language: str) -> str:
        kinds = self.kinds_for(language)
        weights = np.array([w for _k, w in kinds], dtype=float)
        return kinds[int(rng.choice(len(kinds), p=weights / weights.sum()))][0]

    def line(self, rng: np.random.Generator, language: str) -> Draft:
        return self.generate(self.pick_kind(rng, language), rng, language)

    def paragraph(self, rng: np.random.Generator, language: str) -> Draft:
        """2 to 4 lines of one kind, joined as the language joins sentences."""
        lo, hi = self.paragraph_lines
        kind = self.pick_kind(rng, language)
        parts = [self.generate(kind, rng, language) for _ in range(int(rng.integers(lo, hi + 1)))]
        return self.combine(parts, self.joiner(language))

    @staticmethod
    def combine(parts: Sequence[Draft], joiner: str) -> Draft:
        """Join drafts into one; a part without partner contributes its own text to the partner."""
        kinds = {p.kind for p in parts}
        partner = None
        if any(p.partner is not None for p in parts):
            partner = joiner.join(p.partner if p.partner is not None else p.text for p in parts)
        first = parts[0]
        return Draft(joiner.join(p.text for p in parts), first.language, first.script,
                     first.kind if len(kinds) == 1 else "mixed", _unique_join([p.source for p in parts]),
                     _unique_join([p.license for p in parts]), partner)

    def check(self, draft: Draft) -> Draft:
        """Refuse a text the renderer would refuse, or that a pinned font cannot draw."""
        for text in (draft.text, draft.partner):
            if text is None:
                continue
            try:
                check_text(text)
            except TextError as exc:
                raise SourceError(f"subset {self.name!r} made an unrenderable {draft.kind!r} text: {exc}") from exc
            missing = uncovered(text)
            if missing:
                raise SourceError(f"subset {self.name!r} made a {draft.kind!r} text ({draft.language}) no pinned "
                                  f"font draws: {', '.join(missing)} in {text[:40]!r}; its source needs a filter")
        return draft

    # ---- shared kinds ----------------------------------------------------------
    def natural_or_cldr(self, kind: str, rng: np.random.Generator, language: str) -> Draft:
        """The two natural kinds every language subset mixes: a UDHR line, or a CLDR line."""
        if kind == "natural":
            return Draft.of(pick(rng, udhr_lines(language)), "natural")
        if kind == "cldr":
            return Draft.of(cldr_line(rng, language), "cldr")
        raise SourceError(f"subset {self.name!r} has no kind {kind!r}")
