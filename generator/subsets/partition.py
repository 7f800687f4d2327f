"""Split-aware assignment of source texts: no source text is shared between splits.

A subset that derives several samples from one source text (``typos``
misspells one sentence many ways) would otherwise leak: a validation sample
and a test sample made from the same sentence. :func:`split_share` gives each
split its own part of the pool:

1. the pool is ordered by the SHA-256 of each item's text, so the assignment
   depends on the texts only, not on the order a source lists them in;
2. every split after the first, in the recipe's order, takes a contiguous
   block of :data:`LATER_SHARE` (10%) of that order, at least one item; the
   first split (``test`` in the default recipe) takes the rest. The shares do
   not depend on the split counts, so that (as everywhere in the plan) the
   size of a later split never changes an earlier one;
3. an empty context (no split) gets everything.

    >>> pool = [f"sentence {i}" for i in range(12)]
    >>> test = split_share(pool, str, "test", ["test", "validation"])
    >>> val = split_share(pool, str, "validation", ["test", "validation"])
    >>> len(test), len(val), set(test) & set(val), sorted(test + val) == sorted(pool)
    (11, 1, set(), True)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TypeVar

from ..errors import SourceError

T = TypeVar("T")


def _order(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


#: The share of the pool each split after the first receives.
LATER_SHARE = 0.1


def quotas(n: int, splits: Sequence[str]) -> dict[str, int]:
    """How many of ``n`` items each split gets: 10% (at least 1) for each split after the first, the rest first.

    >>> quotas(50, ["test", "validation"]), quotas(300, ["test", "validation", "extra"])
    ({'test': 45, 'validation': 5}, {'test': 240, 'validation': 30, 'extra': 30})
    """
    later = max(1, round(n * LATER_SHARE))
    first = n - later * (len(splits) - 1)
    if not splits or first < 1:
        raise SourceError(f"{n} source texts cannot be shared among {len(splits)} splits without sharing one; "
                          "add source texts or use fewer splits")
    return {name: first if i == 0 else later for i, name in enumerate(splits)}


def split_share(pool: Sequence[T], text: Callable[[T], str], split: str | None,
                splits: Sequence[str]) -> list[T]:
    """The items of ``pool`` that belong to ``split`` (all of them when ``split`` is None), in hash order."""
    ordered = sorted(dict.fromkeys(pool), key=lambda item: _order(text(item)))
    if split is None:
        return ordered
    if split not in splits:
        raise SourceError(f"split {split!r} is not among the splits {', '.join(splits)}")
    start = 0
    for name, size in quotas(len(ordered), list(splits)).items():
        if name == split:
            return ordered[start:start + size]
        start += size
    raise AssertionError("unreachable")
