"""``code``: source code as lines and short blocks, rendered in a mono font.

Python and regular expressions are real code from the running Python's
standard library (PSF licence); JavaScript, Rust, C, SQL, shell and JSON come
from percels' seeded generators, and half of the regexes too. Indentation,
tabs (C blocks, tab-indented JSON) and every space are kept exactly. In the
``paragraph`` layout a sample is a block whose own line breaks are kept: code
paragraphs are never re-wrapped (``wraps = False``)::

    >>> import numpy as np
    >>> d = CODE.draw(np.random.default_rng(0), "zxx-x-python", "paragraph")
    >>> d.kind, d.text.count("\\n") >= 2, d.license
    ('natural_block', True, 'PSF-2.0')
"""

from __future__ import annotations

import numpy as np

from ..sources.codegen import TAGS, generate
from ..sources.stdlib_code import python_blocks, python_lines, regex_literals
from .base import Draft, Subset, pick

_LANG_OF_TAG = {tag: name for name, tag in TAGS.items()}


class Code(Subset):
    name = "code"
    languages = tuple(TAGS.values())
    kinds = (("generated", 1.0),)
    styles = ("mono",)
    wraps = False

    def kinds_for(self, language: str) -> tuple[tuple[str, float], ...]:
        if language == TAGS["python"]:
            return (("natural", 1.0),)
        if language == TAGS["regex"]:
            return (("natural", 0.5), ("generated", 0.5))
        return self.kinds

    def script_of(self, language: str) -> str:
        return "Latn"

    def char_scripts(self, language: str) -> frozenset[str]:
        return frozenset({"Latn"})

    def joiner(self, language: str) -> str:
        return "\n"

    def generate(self, kind: str, rng: np.random.Generator, language: str) -> Draft:
        name = _LANG_OF_TAG[language]
        if kind == "natural":
            return Draft.of(pick(rng, python_lines() if name == "python" else regex_literals()), kind)
        return Draft.of(generate(rng, name, block=False), kind)

    def paragraph(self, rng: np.random.Generator, language: str) -> Draft:
        name = _LANG_OF_TAG[language]
        if name == "python":
            return Draft.of(pick(rng, python_blocks()), "natural_block")
        if name == "regex":  # a short list of patterns, one per line
            return super().paragraph(rng, language)
        return Draft.of(generate(rng, name, block=True), "generated_block")


CODE = Code()
