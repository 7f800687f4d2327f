"""Natural lines from the UDHR sample texts shipped with ``gflanguages``.

``gflanguages`` (Google Fonts language data, Apache-2.0) carries, per
language, sample texts taken from the Universal Declaration of Human Rights.
Each distinct text is split into sentences (ICU sentence breaks), and each
sentence is packed greedily into lines at ICU line-break opportunities (the
dictionary breaker for Thai, Lao, Khmer and Myanmar), at two widths, so that
both short and long natural lines exist. Only lines every pinned font chain
can draw are kept::

    >>> lines = udhr_lines("th")
    >>> len(lines) > 40, lines[0].source.startswith("gflanguages ")
    (True, True)
    >>> all(len(graphemes(t.text)) <= 50 for t in lines)
    True
    >>> "การ" in udhr_words("th")
    True
"""

from __future__ import annotations

from functools import lru_cache

import gflanguages
import icu

from ..ucd import graphemes, line_break_bounds
from . import SourceText
from .coverage import drawable
from .languages import language

GFLANGUAGES_VERSION = gflanguages.__version__ if hasattr(gflanguages, "__version__") else "unknown"
UDHR_LICENSE = "Apache-2.0 (gflanguages data); UDHR text: OHCHR, free to reproduce"

#: Maximum graphemes per line, at the two widths; CJK lines are half as long.
WIDTHS = (24, 50)
_WIDE = {"Hans", "Hant", "Jpan", "Kore"}


@lru_cache(maxsize=1)
def _languages():
    return gflanguages.LoadLanguages()


@lru_cache(maxsize=None)
def _language_entry(key: str):
    """``gflanguages``' entry for one language id, or None.

    Its own file (``<id>.textproto``) is parsed alone: loading all some 1,700
    languages takes a second of a build's planning. A file that is missing or
    names another id falls back to the full table, so the entry is the same.
    """
    from importlib.resources import files

    from gfmetadata import LanguageProto, text_format

    source = files("gflanguages.data").joinpath("languages").joinpath(f"{key}.textproto")
    if source.is_file():
        entry = text_format.Parse(source.read_text(encoding="utf-8"), LanguageProto())
        if entry.id == key:
            return entry
    return _languages().get(key)


_NFC = icu.Normalizer2.getNFCInstance()
#: Sample-text fields holding running text (the others are letter pairs and single words).
_FIELDS = ("tester",)


def sample_texts(tag: str) -> list[str]:
    """The distinct running sample texts (``tester``, ``specimen_*``) of a language, longest first, in NFC.

    Some are stored in other forms (Hindi U+0958, which NFC writes as ka + nukta; decomposed Vietnamese;
    Myanmar): NFC is what a reader writes.
    """
    lang = language(tag)
    entry = _language_entry(lang.gflanguages_key)
    if entry is None:
        raise KeyError(f"gflanguages has no language {lang.gflanguages_key!r} (for {tag!r})")
    texts = {_NFC.normalize(v) for f, v in entry.sample_text.ListFields()
             if f.name in _FIELDS or f.name.startswith("specimen_")}
    return sorted(texts, key=lambda s: (-len(s), s))


def _sentences(text: str, locale: str) -> list[str]:
    it = icu.BreakIterator.createSentenceInstance(icu.Locale(locale))
    out = []
    for para in text.split("\n"):
        ustr = icu.UnicodeString(para)
        it.setText(ustr)
        bounds = [0] + list(it)
        out += [str(ustr[a:b]).strip() for a, b in zip(bounds, bounds[1:])]
    return [s for s in out if s]


def pack(sentence: str, max_graphemes: int, tag: str) -> list[str]:
    """Greedy packing of a sentence into lines of at most ``max_graphemes`` at line breaks.

    >>> pack("one two three four", 9, "en")
    ['one two', 'three', 'four']
    """
    bounds = line_break_bounds(sentence, tag)
    lines: list[str] = []
    start = 0
    prev = 0
    for b in bounds[1:]:
        if len(graphemes(sentence[start:b].rstrip())) > max_graphemes and prev > start:
            lines.append(sentence[start:prev].strip())
            start = prev
        prev = b
    lines.append(sentence[start:].strip())
    return [line for line in lines if line]


def _source(tag: str) -> str:
    return f"gflanguages {GFLANGUAGES_VERSION} sample_text {language(tag).gflanguages_key} (UDHR)"


def _texts(tag: str, texts) -> tuple[SourceText, ...]:
    lang = language(tag)
    return tuple(SourceText(t, tag, lang.script, _source(tag), UDHR_LICENSE) for t in dict.fromkeys(texts))


@lru_cache(maxsize=64)
def udhr_lines(tag: str) -> tuple[SourceText, ...]:
    """Distinct natural lines of a language's UDHR sample texts, in a stable order."""
    lang = language(tag)
    wide = lang.script in _WIDE
    lines = (line for text in sample_texts(tag) for sentence in _sentences(text, lang.locale)
             for width in WIDTHS for line in pack(sentence, width // 2 if wide else width, tag))
    return _texts(tag, (line for line in lines if len(graphemes(line)) >= 3 and drawable(line)))


@lru_cache(maxsize=64)
def udhr_sentences(tag: str) -> tuple[SourceText, ...]:
    """Whole sentences (unsplit) of the sample texts: the typos subset misspells these."""
    lang = language(tag)
    sentences = (s for text in sample_texts(tag) for s in _sentences(text, lang.locale))
    return _texts(tag, (s for s in sentences if len(s.split()) >= 3 and drawable(s)))


@lru_cache(maxsize=64)
def udhr_words(tag: str) -> tuple[str, ...]:
    """Distinct words (ICU word breaks, letters only) of a language's sample texts."""
    lang = language(tag)
    it = icu.BreakIterator.createWordInstance(icu.Locale(lang.locale))
    words: dict[str, None] = {}
    for text in sample_texts(tag):
        ustr = icu.UnicodeString(text)
        it.setText(ustr)
        bounds = [0] + list(it)
        for a, b in zip(bounds, bounds[1:]):
            w = str(ustr[a:b])
            if w.strip() and all(icu.Char.isUAlphabetic(c) or icu.Char.charType(c) in _MARKS for c in w) and drawable(w):
                words.setdefault(w, None)
    return tuple(words)


_MARKS = {icu.UCharCategory.NON_SPACING_MARK, icu.UCharCategory.COMBINING_SPACING_MARK,
          icu.UCharCategory.ENCLOSING_MARK}
