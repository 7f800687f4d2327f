"""The text sources: offline, pinned, licence-clean, and drawable by the pinned fonts."""

from __future__ import annotations

import json
import re
import sysconfig
from pathlib import Path

import numpy as np
import pytest

from generator.sources import codegen, syllables
from generator.sources.cldr import cldr_line, cldr_name_lists, exemplars, line_script, list_separator, rarity
from generator.sources.coverage import drawable, uncovered
from generator.sources.languages import LANGUAGES
from generator.sources.stdlib_code import PYTHON_VERSION, python_blocks, python_lines, regex_literals
from generator.sources.udhr import pack, udhr_lines, udhr_sentences, udhr_words
from generator.ucd import graphemes, script_code


@pytest.mark.parametrize("tag", sorted(LANGUAGES))
def test_udhr_lines_are_natural_drawable_and_attributed(tag):
    lines = udhr_lines(tag)
    assert len(lines) >= 10, f"{tag}: only {len(lines)} lines"
    assert len({t.text for t in lines}) == len(lines)
    for t in lines:
        assert 3 <= len(graphemes(t.text)) <= 50
        assert t.text == t.text.strip() and "\n" not in t.text
        assert drawable(t.text), (tag, uncovered(t.text))
        assert t.source.startswith("gflanguages ") and "UDHR" in t.source
        assert "Apache-2.0" in t.license
    letters = {script_code(ord(c)) for t in lines for c in t.text} - {"Zyyy", "Zinh"}
    assert letters <= set(LANGUAGES[tag].chars), (tag, letters)


def test_pack_breaks_only_at_line_break_opportunities():
    assert pack("one two three four", 9, "en") == ["one two", "three", "four"]
    thai = "การไม่นำพาและการหมิ่นในคุณค่าของสิทธิมนุษยชน"
    parts = pack(thai, 10, "th")
    assert "".join(parts) == thai and len(parts) > 1  # dictionary breaks inside an unspaced Thai line


def test_udhr_words_and_sentences():
    assert "rights" in udhr_words("en")
    assert all(" " not in w for w in udhr_words("th"))
    assert all(len(s.text.split()) >= 3 for s in udhr_sentences("fr"))


def test_cldr_lines_are_in_the_locale_script():
    rng = np.random.default_rng(0)
    for tag, lo, hi in (("th", 0x0E00, 0x0E7F), ("km", 0x1780, 0x17FF), ("el", 0x0370, 0x1FFF)):
        texts = [cldr_line(rng, tag) for _ in range(10)]
        assert sum(any(lo <= ord(c) <= hi for c in t.text) for t in texts) >= 5
        assert all(t.license == "Unicode-3.0" and t.source.startswith("CLDR ") for t in texts)


def test_cldr_lines_are_tagged_with_a_script_only_where_its_letters_are():
    assert line_script("$98,398.55", "zh-Hans") == "Zyyy" and line_script("¥1,234", "ja") == "Zyyy"
    assert line_script("฿1,234.00", "th") == "Zyyy"  # the baht sign is a Thai symbol, not a letter
    assert line_script("1.234,50 €", "de") == "Zyyy" and line_script("12 Kilometer", "de") == "Latn"
    assert line_script("2024年1月1日", "ja") == "Jpan" and line_script("5 км", "ru") == "Cyrl"
    rng = np.random.default_rng(3)
    for tag in ("zh-Hans", "ja", "ko", "th", "ru"):
        for _ in range(30):
            t = cldr_line(rng, tag)
            assert t.script == line_script(t.text, tag), (tag, t.text, t.script)


def test_cjk_paragraphs_of_cldr_lines_keep_a_separator_between_amounts():
    from generator.subsets.base import Draft, Subset

    class Amounts(Subset):  # the paragraph logic of every subset, on lines that are amounts only
        name, languages, kinds = "amounts", ("zh-Hans", "ko"), (("cldr", 1.0),)

        def generate(self, kind, rng, language):
            return Draft(f"${int(rng.integers(1, 10**6)):,}.55", language, "Zyyy", kind, "example", "CC0-1.0")

    assert list_separator("zh-Hans") == list_separator("zh-Hant") == list_separator("ja") == "、"
    d = Amounts().paragraph(np.random.default_rng(0), "zh-Hans")
    parts = d.text.split("、")
    assert len(parts) >= 2 and all(re.fullmatch(r"\$[0-9,]+\.55", p) for p in parts), d.text
    assert d.script == "Zyyy"
    assert " " in Amounts().paragraph(np.random.default_rng(0), "ko").text  # Korean puts spaces between lines


def test_cldr_name_lists_are_a_fixed_pool_of_distinct_names():
    for tag in ("en", "de", "fr", "es", "pl", "vi", "ru"):
        lists = cldr_name_lists(tag)
        assert len(lists) > 250 and len({t.text for t in lists}) == len(lists)
        assert all(t.license == "Unicode-3.0" for t in lists)
    assert cldr_name_lists("de")[0].text == cldr_name_lists("de")[0].text
    assert any("Deutschland" in t.text for t in cldr_name_lists("de"))


def test_exemplars_and_rarity():
    ja = exemplars("ja")
    assert "あ" in ja and "ア" in ja and len(ja) > 2000
    assert rarity("的") < rarity("鬱") == 1.0


@pytest.mark.parametrize("tag", syllables.LANGUAGES)
def test_syllables_are_well_formed(tag):
    rng = np.random.default_rng(11)
    font = syllables.SCRIPT_FONT[tag]
    words = [syllables.syllable(rng, tag) for _ in range(200)]
    assert len(set(words)) > 100
    for s in words:
        assert not syllables.broken_cluster(s, tag), (tag, s)
        assert {script_code(ord(c)) for c in s} == {LANGUAGES[tag].script}
    assert syllables.broken_cluster("\u17b6", "km")  # a lone Khmer vowel sign is broken
    assert font.startswith("noto-sans-")


def test_syllable_runs_are_seeded():
    a = syllables.syllable_run(np.random.default_rng(5), "my", 6)
    assert a == syllables.syllable_run(np.random.default_rng(5), "my", 6)
    assert a != syllables.syllable_run(np.random.default_rng(6), "my", 6)


def test_stdlib_code_keeps_exact_whitespace():
    root = Path(sysconfig.get_paths()["stdlib"])
    for t in python_lines()[::4000] + python_blocks()[::700]:
        m = re.fullmatch(r"CPython (\S+) standard library, Lib/(.+):(\d+)", t.source)
        assert m and m.group(1) == PYTHON_VERSION and t.license == "PSF-2.0"
        lines = (root / m.group(2)).read_text(encoding="utf-8").splitlines()
        start = int(m.group(3)) - 1
        got = t.text.split("\n")
        assert [x.rstrip() for x in lines[start : start + len(got)]] == got


def test_regex_literals_compile():
    pats = regex_literals()
    assert len(pats) > 100
    for t in pats:
        re.compile(t.text)
        assert all(c.isprintable() or c == "\t" for c in t.text), t.text  # no NUL or other control character
        assert t.language == "zxx-x-regex"


@pytest.mark.parametrize("lang", codegen.LANGUAGES)
def test_codegen_is_seeded_and_valid(lang):
    lines = [codegen.generate(np.random.default_rng(i), lang, block=False) for i in range(30)]
    blocks = [codegen.generate(np.random.default_rng(i), lang, block=True) for i in range(10)]
    assert [t.text for t in lines] == [codegen.generate(np.random.default_rng(i), lang, block=False).text
                                       for i in range(30)]
    assert len({t.text for t in lines}) >= 20
    for t in lines + blocks:
        assert t.text.isascii() and drawable(t.text) and t.license == "CC0-1.0"
        assert t.language == codegen.TAGS[lang]
        if lang == "json":
            json.loads(t.text)
        if lang == "regex":
            re.compile(t.text)
    if lang not in ("regex", "json"):
        assert all(t.text.count("\n") >= 3 for t in blocks)
    if lang == "c":
        assert all("\n\t" in t.text for t in blocks)


def test_coverage_names_what_no_font_draws():
    assert uncovered("ok\U0001FAE9\uFFFF") == ["U+1FAE9", "U+FFFF"]
    assert drawable("\t\u200d\u202e")
