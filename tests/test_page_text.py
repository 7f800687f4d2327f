"""Page text sources: budgets, licensed word pools, whole functions, generated identifiers."""

from __future__ import annotations

import ast

import numpy as np
import pytest

from generator.errors import SourceError
from generator.sources.page_text import (GROUPS, budget_range, code_page, identifier_page, page_text,
                                         python_functions, word_pool)


@pytest.mark.parametrize("budget, expected", [(64, (49, 64)), (1024, (769, 1024)), (2048, (1537, 2048))])
def test_budget_range(budget, expected):
    assert budget_range(budget) == expected


@pytest.mark.parametrize("language", [lang for langs in GROUPS.values() for lang in langs])
def test_every_language_fills_the_smallest_and_a_large_budget(language):
    for budget in (64, 768):
        page = page_text(np.random.default_rng(budget), language, budget)
        lo, hi = budget_range(budget)
        assert lo <= page.tokens <= hi and page.text == page.text.strip()
        assert page.source and page.license and page.units


def test_word_pools_record_faker_only_where_it_has_real_words():
    words, source, license = word_pool("th")
    assert "Faker" in source and "MIT" in license and len(words) > 500
    words, source, license = word_pool("he")   # Faker's he_IL lorem is pseudo-Latin: not used
    assert "Faker" not in source and "MIT" not in license


def test_code_pages_are_whole_definitions_that_parse():
    page = code_page(np.random.default_rng(5), 512)
    assert page.kind == "natural_functions" and page.license == "PSF-2.0"
    tree = ast.parse(page.text)
    assert len(tree.body) == len(page.units) and all(
        isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) for n in tree.body)
    assert all(len(line) <= 88 for line in page.text.split("\n"))


def test_code_pages_skip_used_functions():
    first = code_page(np.random.default_rng(5), 512)
    again = code_page(np.random.default_rng(5), 512, used=set(first.units))
    assert not set(first.units) & set(again.units)


def test_identifier_pages_are_seeded():
    a, b = identifier_page(np.random.default_rng(1), 256), identifier_page(np.random.default_rng(1), 256)
    assert a == b and a.kind == "identifiers" and "CC0-1.0" in a.license
    assert identifier_page(np.random.default_rng(2), 256).text != a.text


def test_unknown_language_is_a_named_error():
    with pytest.raises(SourceError, match="pages have no language 'xx'"):
        page_text(np.random.default_rng(0), "xx", 64)


def test_python_functions_are_from_the_pinned_modules():
    funcs = python_functions()
    assert len({text for _, _, text in funcs}) > 1000


def test_docstring_examples():
    import doctest

    from generator.sources import page_text as module

    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
