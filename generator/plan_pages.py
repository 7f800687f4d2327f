"""The plan of the ``pages`` config: texts in token budgets, each drawn on several canvases.

Text ``t`` of a split goes to script group ``GROUP_ORDER[t % 6]``; the
group's ``k``-th text (``k = t // 6``) takes budget ``budgets[k % n_budgets]``
and language ``languages[(k // n_budgets) % n_languages]``, so groups,
budgets and languages stay balanced. Its text is filled to the budget's
bucket (:func:`generator.sources.page_text.budget_range`).

**Fit, by design.** A page's font size is the largest at which its text fits
its canvas (:func:`generator.render_page`); a text that does not fit at the
renderer's smallest size (:data:`generator.page.MIN_FONT_SIZE`) is an error.
The planner therefore plans only (text, canvas) pairs that fit with room to
spare (:class:`PageFit`): it shapes each text once at ``PLAN_FONT_SIZE``, one
pixel above the smallest size; the renderer's fit estimate names the canvases
it may fit; in an order drawn with the text's own seed, each is confirmed with
the renderer's own layout (what ``render_page`` checks, without drawing, at the
full line width only, so stricter) until
``canvases_per_text`` are found (all it fits, when it fits fewer). A text that fits no
canvas is redrawn from the next seed; a (group, budget) that no draw can fit
is a :class:`RecipeError`, naming them, before anything is rendered (lower the
group's budget with ``group_budgets``, or add a larger canvas). So no
planned page fails for want of room, and none is dropped silently.

No two pages share a unit (a sentence, a whole function, an identifier):
a text with a unit of any earlier page, of any split, is redrawn::

    >>> plan = plan_pages(splits={"test": 6, "validation": 6}, canvases=((512, 512), (1024, 1024)),
    ...                   budgets={g: (64,) for g in GROUPS}, canvases_per_text=2, styles=None, master_seed=1)
    >>> [s.script_group for s in plan["test"][::2]]
    ['latin', 'logographic', 'unsegmented', 'complex', 'code', 'identifiers']
    >>> s = plan["test"][0]
    >>> s.id, s.text_id, (s.canvas_width, s.canvas_height), s.budget_tokens, s.layout
    ('pages-test-000000', 'pages-test-t000000', (512, 512), 64, 'page')
    >>> plan["test"][1].text_id == s.text_id, plan["test"][1].canvas_width
    (True, 1024)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import RecipeError, SourceError
from .page import MIN_FONT_SIZE
from .plan import PlannedSample, plan_config, sample_seed
from .recipe import PAGES
from .sources.page_text import GROUPS, budget_range, page_text

#: The script groups in plan order.
GROUP_ORDER = tuple(GROUPS)
#: Draws per text before a (group, budget) counts as not fitting the recipe's canvases.
MAX_PAGE_DRAWS = 12
#: The size at which the planner asks whether a text fits: one pixel of slack above the renderer's minimum.
PLAN_FONT_SIZE = MIN_FONT_SIZE + 1
#: Styles per group when the recipe names none. Code is always monospaced; the renderer never wraps mono
#: text, so the other groups, identifiers included, alternate sans and serif and wrap.
_STYLES = {"code": ("mono",)}
_DEFAULT_STYLES = ("sans", "serif")


@dataclass(frozen=True)
class PlannedPage(PlannedSample):
    """A planned page: a :class:`PlannedSample` with a canvas, a budget and a script group.

    Its ``font_size`` is 0 (the renderer chooses it); ``layout`` is ``"page"``.
    """

    canvas_width: int = 0
    canvas_height: int = 0
    budget_tokens: int = 0
    script_group: str = ""

    def __post_init__(self) -> None:
        if self.id != f"{self.config}-{self.split}-{self.index:06d}":
            raise ValueError(f"sample id {self.id!r} must be '{self.config}-{self.split}-{self.index:06d}'")
        if self.layout != "page" or self.font_size != 0 or self.max_width is not None:
            raise ValueError(f"page {self.id}: layout 'page', font_size 0 (chosen by fit) and no max_width")
        if self.canvas_width <= 0 or self.canvas_height <= 0 or self.budget_tokens <= 0:
            raise ValueError(f"page {self.id}: canvas and budget must be positive")
        if self.script_group not in GROUPS:
            raise ValueError(f"page {self.id}: script group {self.script_group!r} is not one of {', '.join(GROUPS)}")
        if not self.text or not self.source or not self.license:
            raise ValueError(f"page {self.id}: text, source and license are required")


def group_styles(group: str, styles: Sequence[str] | None) -> tuple[str, ...]:
    """The styles a group's pages cycle through: the recipe's (code: mono only; others: not mono), else the group's own.

    >>> group_styles("identifiers", None), group_styles("code", ("sans",)), group_styles("latin", ("sans", "mono"))
    (('sans', 'serif'), ('mono',), ('sans',))
    """
    own = _STYLES.get(group, _DEFAULT_STYLES)
    if styles is None or group == "code":
        return own
    wrapped = tuple(s for s in styles if s != "mono")
    if not wrapped:
        raise RecipeError(f"recipe key configs.pages.styles: bad value {list(styles)!r}; allowed: a list with sans "
                          f"or serif: mono pages are never wrapped, so only code uses it")
    return wrapped


class PageFit:
    """One text measured for the planner: shaped once at :data:`PLAN_FONT_SIZE`, then asked about canvases.

    ``estimate`` is the renderer's own cheap fit estimate (the text's shaped widths,
    greedy breaks at ICU opportunities, the fonts' line heights); ``exact`` is the
    layout ``render_page(..., font_size=PLAN_FONT_SIZE)`` makes, without drawing::

        >>> fit = PageFit("word " * 400, "en", "sans")
        >>> [fit.estimate(c) for c in [(128, 128), (512, 512)]], fit.exact((512, 512))
        ([False, True], True)
    """

    def __init__(self, text: str, language: str | None, style: str) -> None:
        from . import page

        self._page, self._style = page, style
        self._paras = page._prepare(text, style, language)
        self._shaped = [page.shape_paragraph(p.prepared, size=PLAN_FONT_SIZE, tab_size=page.TAB_SIZE)
                        for p in self._paras]
        flow = page._Flow(self._paras)
        self._measure = page._Measure(flow, page._shaped_widths(flow, self._shaped)[0], PLAN_FONT_SIZE)

    def _content(self, canvas: tuple[int, int]) -> tuple[tuple[int, int], int]:
        margin = self._page.default_margin(*canvas)
        return (canvas[0] - 2 * margin, canvas[1] - 2 * margin), margin

    def estimate(self, canvas: tuple[int, int]) -> bool:
        content, _ = self._content(canvas)
        return self._page._estimate_fits(self._measure, PLAN_FONT_SIZE, content, self._style == "mono")

    def exact(self, canvas: tuple[int, int]) -> bool:
        content, margin = self._content(canvas)
        # the full line width only: stricter than render_page, which may also break lines narrower, so every
        # planned page fits, and the plan is the one made before render_page learnt to narrow lines
        return self._page._lay_out(self._paras, self._shaped.__getitem__, PLAN_FONT_SIZE, content, margin,
                                   self._style, narrowing=False) is not None


def fitting_canvases(text: str, language: str | None, style: str,
                     canvases: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The canvases on which ``text`` fits at :data:`PLAN_FONT_SIZE` by the renderer's exact layout.

    >>> fitting_canvases("word " * 400, "en", "sans", [(128, 128), (512, 512)])
    [(512, 512)]
    """
    fit = PageFit(text, language, style)
    return [c for c in canvases if fit.estimate(c) and fit.exact(c)]


def choose_canvases(rng: np.random.Generator, fit: PageFit, canvases: Sequence[tuple[int, int]],
                    per_text: int) -> list[tuple[int, int]]:
    """Up to ``per_text`` canvases, in recipe order: candidates the estimate passes, in a seeded order,
    each confirmed by the exact layout."""
    candidates = [c for c in canvases if fit.estimate(c)]
    chosen = []
    for i in rng.permutation(len(candidates)).tolist():
        if fit.exact(candidates[i]):
            chosen.append(candidates[i])
            if len(chosen) == per_text:
                break
    return sorted(chosen, key=list(canvases).index)


def plan_pages(*, splits: Mapping[str, int], canvases: Sequence[tuple[int, int]],
               budgets: Mapping[str, Sequence[int]], canvases_per_text: int, styles: Sequence[str] | None,
               master_seed: int, config: str = "pages") -> dict[str, list[PlannedPage]]:
    """Plan every page: ``{split: [PlannedPage, ...]}``; ``budgets`` maps each script group to its budgets."""
    used: set[str] = set()
    plan: dict[str, list[PlannedPage]] = {}
    for split, count in splits.items():
        samples: list[PlannedPage] = []
        for t in range(count):
            group = GROUP_ORDER[t % len(GROUP_ORDER)]
            k = t // len(GROUP_ORDER)
            ladder = budgets[group]
            budget = ladder[k % len(ladder)]
            languages = GROUPS[group]
            language = languages[(k // len(ladder)) % len(languages)]
            group_style = group_styles(group, styles)
            style = group_style[(k // (len(ladder) * len(languages))) % len(group_style)]
            text_seed = sample_seed(master_seed, config, f"{split}/text", t)
            page, chosen = _draw(text_seed, group, language, style, budget, canvases, canvases_per_text, used, split)
            used.update(page.units)
            for width, height in chosen:
                index = len(samples)
                samples.append(PlannedPage(
                    id=f"{config}-{split}-{index:06d}", config=config, split=split, index=index,
                    text_id=f"{config}-{split}-t{t:06d}", seed=sample_seed(master_seed, config, split, index),
                    text=page.text, language=page.language, script=page.script, kind=page.kind,
                    source=page.source, license=page.license, partner=None, style=style, font_size=0,
                    layout="page", max_width=None, canvas_width=width, canvas_height=height,
                    budget_tokens=budget, script_group=group))
        plan[split] = samples
    return plan


def plan_for(config, master_seed: int) -> dict[str, list[PlannedSample]]:
    """The plan of one :class:`~generator.recipe.ConfigRecipe`: pages here, the other configs by ``plan_config``."""
    if config.name == PAGES:
        return plan_pages(splits=dict(config.splits), canvases=config.canvases,
                          budgets={g: config.budgets_of(g) for g in GROUPS},
                          canvases_per_text=config.canvases_per_text, styles=config.styles,
                          master_seed=master_seed, config=config.name)
    return plan_config(config.name, splits=dict(config.splits), languages=config.languages, sizes=config.sizes,
                       styles=config.styles, layouts=config.layouts, paragraph_width=config.paragraph_width,
                       master_seed=master_seed)


def _draw(text_seed, group, language, style, budget, canvases, per_text, used, split):
    """A page text with no used unit that fits at least ``per_text`` canvases, and the canvases chosen."""
    lo, hi = budget_range(budget)
    reason = ""
    for attempt in range(MAX_PAGE_DRAWS):
        rng = np.random.default_rng([text_seed, attempt])
        try:
            page = page_text(rng, language, budget, used)
        except SourceError as exc:
            reason = str(exc)
            continue
        if used.intersection(page.units):
            reason = "every draw shared a sentence or function with an earlier page"
            continue
        chosen = choose_canvases(rng, PageFit(page.text, language, style), canvases, per_text)
        if not chosen:
            reason = (f"a text of {page.tokens} tokens fits none of the canvases "
                      f"{', '.join(f'{w}x{h}' for w, h in canvases)} at {PLAN_FONT_SIZE} px")
            continue
        return page, chosen
    raise RecipeError(
        f"recipe key configs.pages: group {group!r} ({language}, {style}), split {split!r}, budget {budget} "
        f"({lo}..{hi} tokens): no page in {MAX_PAGE_DRAWS} draws; {reason}. Lower the budget, add a larger "
        "canvas, or lower canvases_per_text")
