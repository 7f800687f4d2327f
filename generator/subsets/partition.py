"""Split-aware assignment of source texts: no source text is shared between splits.

A subset that derives several samples from one source text (``typos``
misspells one sentence many ways) would otherwise leak: a validation sample
and a test sample made from the same sentence. :func:`split_share` gives each
split its own part of the pool:

1. the pool is ordered by the SHA-256 of each item's text, so the assignment
   depends on the texts only, not on the order a source lists them in;
2. each split with a count above 0 gets a contiguous block of that order, of
   a size proportional to its count (largest remainders; a split whose share
   rounds to nothing still gets one item, from the largest), in the order the
   recipe lists the splits;
3. a split whose count is 0, or an empty context, gets nothing or everything.

    >>> pool = [f"sentence {i}" for i in range(12)]
    >>> test = split_share(pool, str, "test", {"test": 1000, "validation": 100})
    >>> val = split_share(pool, str, "validation", {"test": 1000, "validation": 100})
    >>> len(test), len(val), set(test) & set(val), sorted(test + val) == sorted(pool)
    (11, 1, set(), True)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from ..errors import SourceError

T = TypeVar("T")


def _order(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def quotas(n: int, counts: Mapping[str, int]) -> dict[str, int]:
    """How many of ``n`` items each split gets: proportional to its count, at least 1 when its count is > 0.

    >>> quotas(50, {"test": 1000, "validation": 100, "empty": 0})
    {'test': 45, 'validation': 5, 'empty': 0}
    """
    active = [s for s, c in counts.items() if c > 0]
    if n < len(active):
        raise SourceError(f"{n} source texts cannot be shared among {len(active)} splits without sharing one; "
                          "add source texts or use fewer splits")
    total = sum(counts[s] for s in active)
    out = {s: 0 for s in counts}
    if not active:
        return out
    exact = {s: n * counts[s] / total for s in active}
    for s in active:
        out[s] = int(exact[s])
    left = n - sum(out.values())
    for s in sorted(active, key=lambda s: (-(exact[s] - int(exact[s])), active.index(s)))[:left]:
        out[s] += 1
    for s in active:  # a split too small for its share still gets one, from the largest
        if out[s] == 0:
            out[max(active, key=lambda a: (out[a], -active.index(a)))] -= 1
            out[s] = 1
    return out


def split_share(pool: Sequence[T], text: Callable[[T], str], split: str | None,
                counts: Mapping[str, int]) -> list[T]:
    """The items of ``pool`` that belong to ``split`` (all of them when ``split`` is None), in hash order."""
    ordered = sorted(dict.fromkeys(pool), key=lambda item: _order(text(item)))
    if split is None:
        return ordered
    if split not in counts:
        raise SourceError(f"split {split!r} is not among the splits {', '.join(counts)}")
    start = 0
    for name, size in quotas(len(ordered), counts).items():
        if name == split:
            return ordered[start:start + size]
        start += size
    raise AssertionError("unreachable")
