"""The pages plan: balance, budgets, canvases that fit, no sentence or function shared between pages or splits."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from generator.compression import text_token_count
from generator.errors import RecipeError
from generator.plan_pages import GROUP_ORDER, PlannedPage, fitting_canvases, plan_pages
from generator.sources.page_text import GROUPS, budget_range

CANVASES = ((256, 256), (512, 512), (640, 480))
BUDGETS = {g: (64, 256) for g in GROUPS} | {"code": (64, 128)}
ARGS = dict(canvases=CANVASES, budgets=BUDGETS, canvases_per_text=2, styles=None, master_seed=3)
_SENTENCE_END = re.compile(r"(?<=[.。।។။])\s*|\n")


@pytest.fixture(scope="module")
def plan():
    return plan_pages(splits={"test": 24, "validation": 12}, **ARGS)


def _units(page: PlannedPage) -> list[str]:
    """What no two pages may share: whole definitions (code), lines (identifiers), sentences (prose)."""
    if page.script_group == "code":
        return page.text.split("\n\n")
    if page.script_group == "identifiers":
        return page.text.split("\n")
    if page.language in ("th", "lo"):  # no end mark: a space ends a sentence
        return re.split(r"[ \n]", page.text)
    return [s for s in _SENTENCE_END.split(page.text) if s.strip()]


def test_groups_budgets_and_languages_are_balanced(plan):
    firsts = {}
    for s in plan["test"]:
        firsts.setdefault(s.text_id, s)
    texts = list(firsts.values())
    assert [s.script_group for s in texts[:6]] == list(GROUP_ORDER)
    assert Counter(s.script_group for s in texts) == {g: 4 for g in GROUPS}
    for s in texts:
        assert s.budget_tokens in BUDGETS[s.script_group] and s.language in GROUPS[s.script_group]
        lo, hi = budget_range(s.budget_tokens)
        assert lo <= text_token_count(s.text) <= hi
    latin = [s for s in texts if s.script_group == "latin"]
    assert [(s.budget_tokens, s.language) for s in latin] == [(64, "en"), (256, "en"), (64, "fr"), (256, "fr")]


def test_ids_canvases_and_text_ids(plan):
    for split, samples in plan.items():
        assert [s.index for s in samples] == list(range(len(samples)))
        by_text: dict[str, list[PlannedPage]] = {}
        for s in samples:
            assert s.id == f"pages-{split}-{s.index:06d}" and s.layout == "page" and s.font_size == 0
            by_text.setdefault(s.text_id, []).append(s)
        for pages in by_text.values():
            canvases = [(p.canvas_width, p.canvas_height) for p in pages]
            assert 1 <= len(pages) <= 2 and len(set(canvases)) == len(pages)
            assert set(canvases) <= set(fitting_canvases(pages[0].text, pages[0].language, pages[0].style, CANVASES))
            assert len({(p.text, p.seed) for p in pages}) == len(pages)


def test_no_two_pages_share_a_unit_within_or_across_splits(plan):
    owner: dict[str, str] = {}
    for samples in plan.values():
        for s in samples:
            for unit in dict.fromkeys(u.strip() for u in _units(s) if u.strip()):
                assert owner.setdefault(unit, s.text_id) == s.text_id, f"{unit!r} on {owner[unit]} and {s.text_id}"


def test_the_plan_is_deterministic(plan):
    again = plan_pages(splits={"test": 24, "validation": 12}, **ARGS)
    assert again == plan
    other = plan_pages(splits={"test": 6}, **{**ARGS, "master_seed": 4})
    assert [s.text for s in other["test"]] != [s.text for s in plan["test"][:len(other["test"])]]


def test_a_budget_no_canvas_can_hold_is_a_named_recipe_error():
    with pytest.raises(RecipeError, match=r"group 'latin' .*budget 2048.*fits none of the canvases 128x128"):
        plan_pages(splits={"test": 1}, canvases=((128, 128),), budgets={g: (2048,) for g in GROUPS},
                   canvases_per_text=1, styles=None, master_seed=1)


def test_code_pages_are_mono_and_fit_unwrapped(plan):
    code = [s for s in plan["test"] if s.script_group == "code"]
    assert code and {s.style for s in code} == {"mono"}
    line = "x = 1  # " + "word " * 60   # one long line: wrapped as prose it fits, unwrapped as code it does not
    assert fitting_canvases(line, "zxx-x-python", "mono", [(256, 256)]) == []
    assert fitting_canvases(line, "en", "sans", [(256, 256)]) == [(256, 256)]


def test_docstring_examples():
    import doctest

    from generator import plan_pages as module

    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
