"""The text plan: which text, in which language, style, size and layout, each sample gets.

``plan_config`` draws every text of a config (subset) for every split from
the subset's generators, each text from its own seed, and expands it over
the resolution ladder (``sizes``). Planning is single-process and
deterministic: the same arguments give the same plan, text for text.

No text appears twice, and no text of one split in another: a text is
refused when it equals a text planned before, or when its exact form, its
NFKC form or its UTS #39 skeleton equals one of those of a text of another
split. (Within a split, look-alikes of one word may coexist: a Cyrillic and a
full-width spoof of "rights" test different things.) A refused text is redrawn from a derived seed
(``[text_seed, attempt]``), at most ``MAX_DRAWS`` times; then the pool is
exhausted and :class:`SourceError` names the config, language and split::

    >>> plan = plan_config("unsegmented", splits={"test": 4}, languages=None, sizes=(24, 48),
    ...                    styles=None, layouts=("line",), paragraph_width=600, master_seed=0)
    >>> [s.id for s in plan["test"]][:3]
    ['unsegmented-test-000000', 'unsegmented-test-000001', 'unsegmented-test-000002']
    >>> [s.language for s in plan["test"][::2]], plan["test"][0].text == plan["test"][1].text
    (['th', 'lo', 'km', 'my'], True)
    >>> sample_seed(0, "latin", "test", 0) == sample_seed(0, "latin", "test", 0) < 2**63
    True

Allocation is round-robin: text ``t`` goes to language ``cycle[t % len(cycle)]``
(the subset's ``language_cycle``); that language's ``k``-th text
(``k = t // len(cycle)``) takes layout ``layouts[k % len(layouts)]`` and
style ``styles[(k // len(layouts)) % len(styles)]``, so languages, layouts
and styles stay balanced.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import RecipeError, SourceError
from .metadata import skeleton
from .selection import STYLES
from .subsets import LAYOUTS, SUBSETS, Subset

#: Draws per text before its pool counts as exhausted.
MAX_DRAWS = 64


@dataclass(frozen=True)
class PlannedSample:
    """One sample of the plan: a text and how to render it (see the module doc)."""

    id: str
    config: str
    split: str
    index: int
    text_id: str
    seed: int
    text: str
    language: str
    script: str
    kind: str
    source: str
    license: str
    partner: str | None
    style: str
    font_size: int
    layout: str
    max_width: int | None

    def __post_init__(self) -> None:
        if self.id != f"{self.config}-{self.split}-{self.index:06d}":
            raise ValueError(f"sample id {self.id!r} must be '{self.config}-{self.split}-{self.index:06d}'")
        if self.layout not in LAYOUTS:
            raise ValueError(f"sample {self.id}: layout {self.layout!r} is not one of {LAYOUTS}")
        if self.style not in STYLES:
            raise ValueError(f"sample {self.id}: style {self.style!r} is not one of {STYLES}")
        if self.font_size <= 0 or (self.max_width is not None and self.max_width <= 0):
            raise ValueError(f"sample {self.id}: font_size and max_width must be positive")
        if not self.text or not self.source or not self.license:
            raise ValueError(f"sample {self.id}: text, source and license are required")


def sample_seed(master_seed: int, config: str, split: str, index: int) -> int:
    """A stable 63-bit seed from SHA-256 of the master seed, config, split and index."""
    digest = hashlib.sha256(f"{master_seed}\x1f{config}\x1f{split}\x1f{index}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def dedup_keys(text: str) -> frozenset[str]:
    """The forms under which two texts count as the same: exact, NFKC and skeleton."""
    return frozenset({text, unicodedata.normalize("NFKC", text), skeleton(text)})


def plan_config(config: str, *, splits: Mapping[str, int], languages: Sequence[str] | None,
                sizes: Sequence[int], styles: Sequence[str] | None, layouts: Sequence[str],
                paragraph_width: int, master_seed: int) -> dict[str, list[PlannedSample]]:
    """Plan every sample of ``config``: ``{split: [PlannedSample, ...]}``, ``count * len(sizes)`` per split."""
    if config not in SUBSETS:
        raise RecipeError(f"unknown config {config!r}; the subsets are: {', '.join(SUBSETS)}")
    return plan_subset(SUBSETS[config], splits=splits, languages=languages, sizes=sizes, styles=styles,
                       layouts=layouts, paragraph_width=paragraph_width, master_seed=master_seed)


def _check_args(subset: Subset, splits, languages, sizes, styles, layouts, paragraph_width) -> None:
    name = subset.name
    if not splits or any(not isinstance(n, int) or n < 0 for n in splits.values()):
        raise RecipeError(f"config {name!r}: splits must map split names to counts >= 0, got {dict(splits)!r}")
    bad = [lang for lang in (languages or ()) if lang not in subset.languages]
    if bad or (languages is not None and not languages):
        raise RecipeError(f"config {name!r}: languages {bad or list(languages)!r} are not among its languages "
                          f"{', '.join(subset.languages)}")
    if not sizes or any(not isinstance(s, int) or s <= 0 for s in sizes) or len(set(sizes)) != len(sizes):
        raise RecipeError(f"config {name!r}: sizes must be distinct positive integers, got {list(sizes)!r}")
    if not layouts or any(layout not in subset.layouts for layout in layouts):
        raise RecipeError(f"config {name!r}: layouts {list(layouts)!r} must be among {', '.join(subset.layouts)}")
    if styles is not None and (not styles or any(s not in STYLES for s in styles)):
        raise RecipeError(f"config {name!r}: styles {list(styles)!r} must be among {', '.join(STYLES)}")
    if not isinstance(paragraph_width, int) or paragraph_width <= 0:
        raise RecipeError(f"config {name!r}: paragraph_width must be a positive integer, got {paragraph_width!r}")


def _styles(subset: Subset, language: str, styles: Sequence[str] | None) -> tuple[str, ...]:
    own = subset.styles_for(language)
    chosen = tuple(s for s in (styles or own) if s in own)
    if not chosen:
        raise RecipeError(f"config {subset.name!r}: none of the styles {list(styles or ())!r} exists for "
                          f"language {language!r}; it renders in {', '.join(own)}")
    return chosen


def plan_subset(subset: Subset, *, splits: Mapping[str, int], languages: Sequence[str] | None,
                sizes: Sequence[int], styles: Sequence[str] | None, layouts: Sequence[str],
                paragraph_width: int, master_seed: int) -> dict[str, list[PlannedSample]]:
    """``plan_config`` for a :class:`Subset` object (tests plan tiny subsets through this)."""
    _check_args(subset, splits, languages, sizes, styles, layouts, paragraph_width)
    config = subset.name
    cycle = subset.language_cycle(list(languages or subset.languages))
    texts: set[str] = set()
    form_split: dict[str, str] = {}  # exact, NFKC and skeleton forms -> the split that used them first
    plan: dict[str, list[PlannedSample]] = {}
    for split, count in splits.items():
        samples: list[PlannedSample] = []
        for t in range(count):
            language = cycle[t % len(cycle)]
            k = t // len(cycle)
            layout = layouts[k % len(layouts)]
            lang_styles = _styles(subset, language, styles)
            style = lang_styles[(k // len(layouts)) % len(lang_styles)]
            text_seed = sample_seed(master_seed, config, f"{split}/text", t)
            draft = None
            for attempt in range(MAX_DRAWS):
                try:
                    candidate = subset.draw(np.random.default_rng([text_seed, attempt]), language, layout)
                except SourceError as exc:
                    raise SourceError(f"config {config!r}, language {language!r}, split {split!r}: {exc}") from exc
                keys = dedup_keys(candidate.text)
                if candidate.text not in texts and all(form_split.get(k, split) == split for k in keys):
                    texts.add(candidate.text)
                    form_split.update(dict.fromkeys(keys - form_split.keys(), split))
                    draft = candidate
                    break
            if draft is None:
                raise SourceError(
                    f"config {config!r}, language {language!r}, split {split!r}: text {t} found no text unused by "
                    f"this split and unlike every text of the other splits in {MAX_DRAWS} draws; the pool is "
                    "exhausted. Lower the split's count, "
                    "or add languages or layouts")
            max_width = paragraph_width if layout == "paragraph" and subset.wraps else None
            for j, size in enumerate(sizes):
                index = t * len(sizes) + j
                samples.append(PlannedSample(
                    id=f"{config}-{split}-{index:06d}", config=config, split=split, index=index,
                    text_id=f"{config}-{split}-t{t:06d}", seed=sample_seed(master_seed, config, split, index),
                    text=draft.text, language=draft.language, script=draft.script, kind=draft.kind,
                    source=draft.source, license=draft.license, partner=draft.partner, style=style,
                    font_size=size, layout=layout, max_width=max_width))
        plan[split] = samples
    return plan
