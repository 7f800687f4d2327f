#!/usr/bin/env python3
"""Write scripts/bench_corpus.tsv: the fixed multiscript corpus of single lines for benchmarks and sheets.

Each line is ``category<TAB>language<TAB>text`` (tabs inside code are written as ``\\t``). Natural lines are
cut from the UDHR sample texts of gflanguages at ICU word boundaries; code lines come from this Python's
standard library; emoji, identifier and look-alike lines are built from fixed lists. The file is committed so
that every benchmark run measures exactly the same lines.
"""

from __future__ import annotations

import inspect
import json
import textwrap
from pathlib import Path

import gflanguages
import icu

OUT = Path(__file__).with_name("bench_corpus.tsv")
PER_LANGUAGE = 19
MAX_CHARS = 48

NATURAL = {
    "logographic": ["zh_Hans", "zh_Hant", "ja_Jpan", "ko_Kore"],
    "unsegmented": ["th_Thai", "lo_Laoo", "km_Khmr", "my_Mymr"],
    "latin": ["en_Latn", "vi_Latn", "pl_Latn", "tr_Latn", "ru_Cyrl", "el_Grek"],
    "complex": ["ar_Arab", "fa_Arab", "ur_Arab", "he_Hebr", "hi_Deva", "bn_Beng", "ta_Taml"],
}
LANGUAGE_TAG = {"zh_Hans": "zh-Hans", "zh_Hant": "zh-Hant", "ko_Kore": "ko"}
EMOJI = [
    "I ❤️ percels 👍🏽", "🇯🇵 🇹🇭 🇫🇷 🏴󠁧󠁢󠁳󠁣󠁴󠁿", "👩🏽‍🚀 👨‍👩‍👧‍👦 🧑🏿‍💻", "1️⃣ 2️⃣ #️⃣ *️⃣", "☺︎ ☺️ ✌︎ ✌️",
    "สวัสดี 😀 ครับ", "مرحبا 🌍 بالعالم", "今日は☀️です", "🎉 Party at 8pm 🕗", "🐍 Python 🦀 Rust",
]
IDENTIFIERS = [
    "https://example.org/a/b?q=1&r=%20x#frag", "user.name+tag@example.co.uk", "550e8400-e29b-41d4-a716-446655440000",
    "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b", "aGVsbG8gd29ybGQ=", "GB82 WEST 1234 5698 7654 32",
    "+44 20 7946 0958", "1,234,567.89", "2026-11-23T01:08:44Z", "v3.11.7-rc.2+build.5",
]
LOOKALIKES = [
    "paypal.com pаypal.com", "0O0O 1lI1 lI1l", "ｐａｙｐａｌ 𝐩𝐚𝐲𝐩𝐚𝐥", "café café", "Ꭺmazon Аmazon",
    "g\u200boogle g\u2060oogle", "admin\u202e\u2066 resu\u2069", "ꓑayPal ΡayPal", "ℌello ℍello", "ԁоmаіn.соm",
]


def natural_lines(key: str) -> list[str]:
    sample = gflanguages.LoadLanguages()[key].sample_text
    fields = ("specimen_16", "specimen_21", "specimen_32", "specimen_36", "specimen_48", "tester")
    text = " ".join(dict.fromkeys(getattr(sample, f).replace("\n", " ") for f in fields))
    words = icu.BreakIterator.createWordInstance(icu.Locale(key.split("_")[0]))
    words.setText(text)
    bounds = [0] + list(words)
    lines, start = [], 0
    for a, b in zip(bounds, bounds[1:]):
        if b - start > MAX_CHARS:
            line = text[start:a].strip()
            if line:
                lines.append(line)
            start = a
    tail = text[start:].strip()
    if tail:
        lines.append(tail)
    return lines


def code_lines() -> list[str]:
    lines = []
    for module in (textwrap, json.decoder, inspect):
        for line in inspect.getsource(module).splitlines():
            if 12 <= len(line) <= 70 and line.strip() and not line.strip().startswith("#"):
                lines.append(line)
    return lines[:: max(1, len(lines) // 80)][:80]


def main() -> None:
    rows = []
    for category, keys in NATURAL.items():
        for key in keys:
            lang = LANGUAGE_TAG.get(key, key.split("_")[0])
            for line in list(dict.fromkeys(natural_lines(key)))[:PER_LANGUAGE]:
                rows.append((category, lang, line))
    rows += [("code", "en", line) for line in code_lines()]
    for category, items in (("emoji", EMOJI), ("identifiers", IDENTIFIERS), ("homoglyphs", LOOKALIKES)):
        rows += [(category, "en", line) for line in (items * 8)[:80]]
    with OUT.open("w", encoding="utf-8") as f:
        for category, lang, text in rows:
            f.write(f"{category}\t{lang}\t{text.replace(chr(9), chr(92) + 't')}\n")
    print(f"wrote {OUT.name}: {len(rows)} lines")


if __name__ == "__main__":
    main()
