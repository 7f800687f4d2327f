"""The fixed benchmark corpus (bench_corpus.tsv), read with the standard library alone.

Shared by bench_render.py (the project's environment) and bench_pango.py (Debian's python3).
"""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).with_name("bench_corpus.tsv")


def load_corpus() -> list[tuple[str, str, str]]:
    """``(category, language, text)`` per line; ``\\t`` in the file stands for a tab in code."""
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        category, language, text = line.split("\t", 2)
        rows.append((category, language, text.replace("\\t", "\t")))
    return rows
