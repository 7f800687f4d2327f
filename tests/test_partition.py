"""Split-aware assignment of source texts: disjoint, complete, proportional, order-independent."""

from __future__ import annotations

import doctest

import pytest

from generator.errors import SourceError
from generator.subsets import partition
from generator.subsets.partition import quotas, split_share

COUNTS = {"test": 1000, "validation": 100}


def test_doctests():
    assert doctest.testmod(partition).failed == 0


def test_quotas_are_proportional_with_at_least_one_each():
    assert quotas(11, COUNTS) == {"test": 10, "validation": 1}
    assert quotas(2, COUNTS) == {"test": 1, "validation": 1}
    assert quotas(3, {"test": 1000, "validation": 100, "extra": 10}) == {"test": 1, "validation": 1, "extra": 1}
    assert quotas(300, {"a": 1, "b": 1, "c": 1}) == {"a": 100, "b": 100, "c": 100}
    assert quotas(5, {"test": 3, "none": 0}) == {"test": 5, "none": 0}
    assert sum(quotas(97, {"a": 7, "b": 5, "c": 1}).values()) == 97


def test_too_few_texts_for_the_splits_is_a_clear_error():
    with pytest.raises(SourceError, match="cannot be shared among 2 splits"):
        quotas(1, COUNTS)


def test_shares_are_disjoint_cover_the_pool_and_ignore_its_order():
    pool = [f"Sentence number {i}." for i in range(40)]
    test = split_share(pool, str, "test", COUNTS)
    val = split_share(pool, str, "validation", COUNTS)
    assert not set(test) & set(val) and sorted(test + val) == sorted(pool)
    assert (len(test), len(val)) == (36, 4)
    assert split_share(pool[::-1], str, "validation", COUNTS) == val
    assert split_share(pool, str, None, COUNTS) == sorted(pool, key=lambda t: partition._order(t))


def test_unknown_split_is_refused():
    with pytest.raises(SourceError, match="'train' is not among the splits"):
        split_share(["a", "b"], str, "train", COUNTS)
