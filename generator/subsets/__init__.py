"""The nine subsets (``datasets`` configs) of percels, by name.

    >>> list(SUBSETS)
    ['logographic', 'unsegmented', 'latin', 'complex', 'code', 'emoji', 'homoglyphs', 'identifiers', 'typos']
    >>> SUBSETS["unsegmented"].languages
    ('th', 'lo', 'km', 'my')

Each is a :class:`~generator.subsets.base.Subset`: ``draw(rng, language,
layout)`` returns a checked :class:`~generator.subsets.base.Draft`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .base import LAYOUTS, Draft, Subset
from .code import CODE
from .complex import COMPLEX
from .emoji import EMOJI
from .homoglyphs import HOMOGLYPHS
from .identifiers import IDENTIFIERS
from .latin import LATIN
from .logographic import LOGOGRAPHIC
from .typos import TYPOS
from .unsegmented import UNSEGMENTED

SUBSETS: Mapping[str, Subset] = MappingProxyType({s.name: s for s in (
    LOGOGRAPHIC, UNSEGMENTED, LATIN, COMPLEX, CODE, EMOJI, HOMOGLYPHS, IDENTIFIERS, TYPOS)})

__all__ = ["SUBSETS", "LAYOUTS", "Draft", "Subset"]
