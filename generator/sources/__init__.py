"""Offline, pinned and licence-clean text sources.

Every text the dataset holds comes from one of these modules, and carries
where it came from and under which licence, as a :class:`SourceText`::

    >>> from generator.sources import SourceText
    >>> t = SourceText("สวัสดี", "th", "Thai", "example", "CC0-1.0")
    >>> t.language, t.license
    ('th', 'CC0-1.0')

- :mod:`.languages` -- the languages the subsets use and their keys in each source;
- :mod:`.udhr` -- natural lines from the UDHR sample texts of ``gflanguages``;
- :mod:`.cldr` -- CLDR data (exemplar characters through ICU; names, dates,
  numbers and lists through ``babel``);
- :mod:`.syllables` -- seeded random orthographic syllables (Thai, Lao, Khmer, Myanmar);
- :mod:`.stdlib_code` -- lines, blocks and regular expressions of the running
  Python's standard library;
- :mod:`.codegen` -- seeded generators of realistic JavaScript, Rust, C, SQL,
  shell and JSON;
- :mod:`.coverage` -- which characters the pinned fonts can draw.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Licence recorded for text produced by percels' own seeded generators
#: (random syllables, identifiers, generated code): no third-party content.
GENERATED_LICENSE = "CC0-1.0"


@dataclass(frozen=True)
class SourceText:
    """One text with its provenance: language (BCP 47), script (ISO 15924), source and licence."""

    text: str
    language: str
    script: str
    source: str
    license: str

    def __post_init__(self) -> None:
        if not self.text:
            raise ValueError(f"empty text from source {self.source!r}")
        if not self.source or not self.license:
            raise ValueError(f"text {self.text[:20]!r} lacks a source or a licence")
