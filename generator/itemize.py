"""Itemization: split a paragraph into runs of one bidi level, one script and one font.

Three passes, each over whole grapheme clusters so that no cluster is ever
split between fonts:

1. bidi levels from ICU (``BidiParagraph``);
2. the script of each cluster, with Common and Inherited characters resolved
   to their neighbours (so digits inside Thai belong to the Thai run);
3. the first font of the run's fallback chain that covers every visible code
   point of the cluster; emoji clusters go to the colour emoji font first,
   and Common characters (spaces, digits, punctuation) stay in the font
   before them when it has them, so runs are not broken at every space.

    >>> bidi = BidiParagraph("สวัสดี 123", None)
    >>> [(i.start, i.end, i.script, i.font_id) for i in itemize("สวัสดี 123", bidi.levels, style="sans", language="th")]
    [(0, 7, 'Thai', 'noto-sans-thai'), (7, 10, 'Thai', 'noto-sans')]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import icu

from .errors import MissingGlyphError, RenderError
from .fonts import load_font
from .selection import DEFAULT_LANGUAGE, EMOJI_FONT, font_chain
from .ucd import cp_to_utf16_offsets, grapheme_bounds, is_default_ignorable, is_emoji_cluster, script_code

_UNRESOLVED = ("Zyyy", "Zinh", "Zzzz")
_LOCALE_SCRIPTS = {"Jpan": {"Hani", "Hira", "Kana"}, "Kore": {"Hang", "Hani"}, "Hans": {"Hani", "Bopo"},
                   "Hant": {"Hani", "Bopo"}}


@dataclass(frozen=True)
class Item:
    """A run of one bidi level, script, font and language: ``text[start:end]`` in code points."""

    start: int
    end: int
    level: int
    script: str
    font_id: str
    language: str | None

    @property
    def direction(self) -> str:
        return "rtl" if self.level & 1 else "ltr"


class BidiParagraph:
    """ICU's bidi analysis of one paragraph, with levels per code point.

    ``direction`` is ``"ltr"``, ``"rtl"`` or None to take it from the first
    strong character (left to right if there is none).

    >>> b = BidiParagraph("Hello עולם 123", None)
    >>> b.base_level, b.levels[:6], b.levels[6:10]
    (0, [0, 0, 0, 0, 0, 0], [1, 1, 1, 1])
    >>> b.visual_runs(0, 14)
    [(0, 6, 'ltr'), (11, 14, 'ltr'), (6, 11, 'rtl')]
    """

    _PARA_LEVEL = {"ltr": 0, "rtl": 1}

    def __init__(self, text: str, direction: str | None):
        if direction is not None and direction not in self._PARA_LEVEL:
            raise RenderError(f"direction {direction!r} is not one of 'ltr', 'rtl' or None (automatic)")
        self.text = text
        self._bidi = icu.Bidi()
        level = self._PARA_LEVEL[direction] if direction else icu.Bidi.DEFAULT_LTR
        self._bidi.setPara(icu.UnicodeString(text), level)
        self.base_level = self._bidi.getParaLevel()
        self._bmp = len(text.encode("utf-16-le")) == 2 * len(text)
        self._u16 = range(len(text) + 1) if self._bmp else cp_to_utf16_offsets(text)
        units = self._bidi.getLevels() if text else ()
        self.levels = list(units) if self._bmp else [units[u] for u in self._u16[:-1]]
        self._last_line: tuple = (None, None)
        self._u16_to_cp: dict[int, int] | None = None

    def _line(self, start: int, end: int):
        """ICU's bidi object for ``text[start:end]`` as one line, and its UTF-16 start (the last one is kept)."""
        if start == 0 and end == len(self.text):
            return self._bidi, 0
        if self._last_line[0] != (start, end):
            self._last_line = ((start, end), self._bidi.setLine(self._u16[start], self._u16[end]))
        return self._last_line[1], self._u16[start]

    def line_levels(self, start: int, end: int) -> list[int]:
        """Levels of ``text[start:end]`` laid out as one line (rule L1 applied)."""
        if start == 0 and end == len(self.text):
            return self.levels
        line, _ = self._line(start, end)
        units = line.getLevels()
        if self._bmp:
            return list(units)
        base = self._u16[start]
        return [units[self._u16[i] - base] for i in range(start, end)]

    def visual_runs(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """``(start, end, direction)`` of each directional run of a line, in visual order."""
        if start == end:
            return []
        bidi, base = self._line(start, end)
        runs = []
        for k in range(bidi.countRuns()):
            s, n, d = bidi.getVisualRun(k)
            runs.append((base + s, base + s + n, "rtl" if d else "ltr"))
        if not self._bmp:
            if self._u16_to_cp is None:  # once per paragraph, not per line: a paragraph may have 4,000 lines
                self._u16_to_cp = {u: i for i, u in enumerate(self._u16)}
            runs = [(self._u16_to_cp[a], self._u16_to_cp[b], d) for a, b, d in runs]
        return runs


@lru_cache(maxsize=256)
def language_scripts(language: str | None) -> frozenset[str]:
    """Scripts a language is written in, from CLDR likely subtags (``ja`` -> Hani, Hira, Kana)."""
    if not language:
        return frozenset()
    loc = icu.Locale(language.replace("-", "_"))
    script = icu.Locale.addLikelySubtags(loc).getScript()
    return frozenset(_LOCALE_SCRIPTS.get(script, {script}))


@lru_cache(maxsize=1024)
def run_language(script: str, language: str | None) -> str | None:
    """The language to shape a run of ``script`` with: the caller's when it fits the script."""
    if language and (script == "Zyyy" or script in language_scripts(language)):
        return language
    return DEFAULT_LANGUAGE.get(script, language)


@lru_cache(maxsize=65536)
def _cluster_script(cluster: str) -> str:
    for ch in cluster:
        s = script_code(ord(ch))
        if s not in _UNRESOLVED:
            return s
    return ""


def resolve_scripts(clusters: Sequence[str], language: str | None) -> list[str]:
    """Script per cluster, Common and Inherited taking their neighbours' script."""
    raw = [_cluster_script(c) for c in clusters]
    first = next((s for s in raw if s), "")
    if not first:
        scripts = language_scripts(language)
        first = sorted(scripts)[0] if len(scripts) == 1 else "Zyyy"
        if scripts & {"Hani", "Hang", "Hira"}:
            first = "Hani"
    out, prev = [], first
    for s in raw:
        prev = s or prev
        out.append(prev)
    return out


@lru_cache(maxsize=65536)
def _font_for(cluster: str, script: str, style: str, language: str | None) -> str | None:
    if all(is_default_ignorable(ord(c)) for c in cluster):
        return ""
    chain = font_chain(script, style, language)
    if is_emoji_cluster(cluster):
        chain = (EMOJI_FONT,) + chain
    return next((font_id for font_id in chain if _covers(font_id, cluster)), None)


@lru_cache(maxsize=65536)
def _covers(font_id: str, cluster: str) -> bool:
    coverage = load_font(font_id).coverage
    return all(ord(c) in coverage or is_default_ignorable(ord(c)) for c in cluster.replace("\t", " "))


def starts_alike(cluster: str) -> bool:
    """Whether :func:`itemize` treats ``cluster`` at the start of a text as it does after any other text.

    True when the cluster has a script of its own, is not emoji and draws
    something: then neither the Common-character rule nor the fill of
    default-ignorables looks back, so a line starting with it gets the same
    runs as the paragraph has there (with the same bidi levels).

    >>> starts_alike("ก"), starts_alike("1"), starts_alike("😀"), starts_alike("\u200d")
    (True, False, False, False)
    """
    return (bool(_cluster_script(cluster)) and not is_emoji_cluster(cluster)
            and not all(is_default_ignorable(ord(c)) for c in cluster))


def first_settled(text: str, start: int, end: int) -> int:
    """The first index of ``text[start:end]`` (``end`` if none) whose character has a script of its own and draws.

    From there on :func:`itemize` picks the same fonts for the characters of
    ``text[start:end]`` itemized alone as for the whole text: no earlier
    character can change them.

    >>> first_settled("  (12) abc", 0, 10), first_settled("abc", 1, 3)
    (7, 1)
    """
    for i in range(start, end):
        cp = ord(text[i])
        if script_code(cp) not in _UNRESOLVED and not is_default_ignorable(cp):
            return i
    return end


_decided: dict[tuple, str | None] = {}  # (cluster, script, font before, style, language) -> font id
_DECIDED_LIMIT = 200_000


def _decide(cluster: str, script: str, before: str | None, style: str, language: str | None) -> str | None:
    """The font of ``cluster`` after a cluster drawn with ``before``: "" for default-ignorables, None if none has it."""
    key = (cluster, script, before, style, language)
    font_id = _decided.get(key, key)
    if font_id is not key:
        return font_id
    lang = run_language(script, language)
    if (before and before != EMOJI_FONT and not _cluster_script(cluster)
            and not is_emoji_cluster(cluster) and _covers(before, cluster)):
        font_id = before  # Common characters stay in the font before them when it has them
    else:
        font_id = _font_for(cluster, script, style, lang)
    if len(_decided) >= _DECIDED_LIMIT:
        _decided.clear()
    _decided[key] = font_id
    return font_id


def itemize(text: str, levels: Sequence[int], *, style: str, language: str | None) -> list[Item]:
    """Split ``text`` into :class:`Item` runs; raise :class:`MissingGlyphError` for an uncovered cluster."""
    bounds = grapheme_bounds(text)
    clusters = [text[a:b] for a, b in zip(bounds, bounds[1:])]
    scripts = resolve_scripts(clusters, language)
    fonts: list[str] = []
    before = None
    decided = _decided
    for cluster, script in zip(clusters, scripts):
        key = (cluster, script, before, style, language)
        font_id = decided.get(key, key)  # _decide's memo read here: this loop runs once per cluster of a page
        if font_id is key:
            font_id = _decide(cluster, script, before, style, language)
        if font_id is None:
            i = len(fonts)
            lang = run_language(scripts[i], language)
            tried = font_chain(scripts[i], style, lang)
            cps = tuple(f"U+{ord(c):04X}" for c in cluster if not is_default_ignorable(ord(c)))
            raise MissingGlyphError(
                f"no pinned font draws the cluster {cluster!r} ({' '.join(cps)}) at index {bounds[i]}: "
                f"tried {', '.join(tried[:6])}{f' and {len(tried) - 6} more' if len(tried) > 6 else ''}; "
                "remove the character or add a font that covers it to the font lock",
                codepoints=cps,
                fonts_tried=tried,
            )
        fonts.append(font_id)
        before = font_id
    # clusters of only default-ignorables (ZWJ, ZWNJ, bidi controls) join their neighbours' font
    fill = next((f for f in fonts if f), font_chain(scripts[0], style, run_language(scripts[0], language))[0])
    for i, f in enumerate(fonts):
        fill = f or fill
        fonts[i] = fill
    spans: list[list] = []  # [start, end, level, script, font]
    last = None
    for a, b, script, font_id in zip(bounds, bounds[1:], scripts, fonts):
        key = (levels[a], script, font_id)
        if key == last:
            spans[-1][1] = b
        else:
            spans.append([a, b, *key])
            last = key
    return [Item(a, b, lv, sc, f, run_language(sc, language)) for a, b, lv, sc, f in spans]
