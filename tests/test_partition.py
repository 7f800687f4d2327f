"""Split-aware assignment of source texts: disjoint, complete, proportional, order-independent."""

from __future__ import annotations

import doctest

import pytest

from generator.errors import SourceError
from generator.subsets import partition
from generator.subsets.partition import quotas, split_share

SPLITS = ["test", "validation"]


def test_doctests():
    assert doctest.testmod(partition).failed == 0


def test_quotas_give_a_tenth_to_each_later_split_and_the_rest_to_the_first():
    assert quotas(11, SPLITS) == {"test": 10, "validation": 1}
    assert quotas(2, SPLITS) == {"test": 1, "validation": 1}
    assert quotas(300, ["a", "b", "c"]) == {"a": 240, "b": 30, "c": 30}
    assert quotas(5, ["test"]) == {"test": 5}


def test_too_few_texts_for_the_splits_is_a_clear_error():
    with pytest.raises(SourceError, match="cannot be shared among 2 splits"):
        quotas(1, SPLITS)


def test_shares_are_disjoint_cover_the_pool_and_ignore_its_order():
    pool = [f"Sentence number {i}." for i in range(40)]
    test = split_share(pool, str, "test", SPLITS)
    val = split_share(pool, str, "validation", SPLITS)
    assert not set(test) & set(val) and sorted(test + val) == sorted(pool)
    assert (len(test), len(val)) == (36, 4)
    assert split_share(pool[::-1], str, "validation", SPLITS) == val
    assert split_share(pool, str, None, SPLITS) == sorted(pool, key=lambda t: partition._order(t))


def test_unknown_split_is_refused():
    with pytest.raises(SourceError, match="'train' is not among the splits"):
        split_share(["a", "b"], str, "train", SPLITS)
