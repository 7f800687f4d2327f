"""Text for pages: a text budget in cl100k_base tokens, filled from licensed sources.

A page text is built from *units* (a sentence with what follows it, a whole
Python function, one identifier) until its token count lies in its budget
bucket: ``budget_range(B)`` is ``(floor(0.75 B) + 1, B)``, so bucket 64 holds
49 to 64 tokens and bucket 1024 holds 769 to 1024. Tokens are counted as
:func:`generator.compression.text_token_count` counts them, on the whole text.

- **language-like text** (``kind = "word_salad"``): real words of the language
  in random order, cut into sentences and paragraphs with the language's own
  punctuation. The words come from the UDHR sample texts of ``gflanguages``
  (Apache-2.0) and, where Faker ships a real word list for the language, from
  Faker's ``lorem`` provider (MIT);
- **code** (``kind = "natural_functions"``): whole top-level functions and
  classes of the running Python's standard library (PSF-2.0), consecutive in
  one module;
- **identifiers** (``kind = "identifiers"``): URLs, hashes, UUIDs, numbers and
  the other identifier kinds, generated from the page's own seed.

Every builder returns a :class:`PageText` whose ``units`` are the pieces a
page may not share with another page (sentences, functions, identifiers)::

    >>> import numpy as np
    >>> p = page_text(np.random.default_rng(0), "th", 128)
    >>> lo, hi = budget_range(128)
    >>> lo <= p.tokens <= hi, p.kind, p.script
    (True, 'word_salad', 'Thai')
    >>> budget_range(64)
    (49, 64)
"""

from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..compression import text_token_count
from ..errors import SourceError
from . import GENERATED_LICENSE
from .coverage import drawable
from .languages import language as lookup
from .stdlib_code import MODULES, PSF_LICENSE, PYTHON_VERSION, ascii_drawable, stdlib_dir
from .udhr import GFLANGUAGES_VERSION, UDHR_LICENSE, udhr_words

#: Script groups of the pages config and their languages (BCP 47; zxx-x-python is Python code, zxx identifiers).
GROUPS: dict[str, tuple[str, ...]] = {
    "latin": ("en", "fr", "de", "vi"),
    "logographic": ("zh-Hans", "zh-Hant", "ja", "ko"),
    "unsegmented": ("th", "lo", "km", "my"),
    "complex": ("ar", "fa", "he", "hi", "bn", "ta"),
    "code": ("zxx-x-python",),
    "identifiers": ("zxx",),
}
GROUP_OF = {lang: group for group, langs in GROUPS.items() for lang in langs}

#: Faker lorem word lists that hold real words of the language (he_IL's are pseudo-Latin: not used).
FAKER_LOCALES = {"en": "en_US", "fr": "fr_FR", "de": "de_DE", "vi": "vi_VN", "th": "th_TH", "ja": "ja_JP",
                 "zh-Hans": "zh_CN", "zh-Hant": "zh_TW", "ar": "ar_AA", "fa": "fa_IR", "bn": "bn_BD"}
FAKER_LICENSE = "MIT (Faker lorem word list)"
#: How each language joins words, ends a sentence, and whether it capitalizes the first word.
_NO_SPACE = {"zh-Hans", "zh-Hant", "ja", "th", "lo", "km", "my"}
_SENTENCE_END = {"zh-Hans": "。", "zh-Hant": "。", "ja": "。", "hi": "।", "bn": "।", "km": "។", "my": "။",
                 "th": "", "lo": "", "ar": ".", "fa": "."}
_NO_SPACE_AFTER_END = {"zh-Hans", "zh-Hant", "ja"}
#: Longest code line kept on a page (characters), so that code fits the narrowest canvas unwrapped.
MAX_CODE_LINE = 88


def budget_range(budget: int) -> tuple[int, int]:
    """The token counts of bucket ``budget``: above three quarters of it, up to it."""
    return budget * 3 // 4 + 1, budget


@dataclass(frozen=True)
class PageText:
    """A page's text, its provenance and the units it is made of."""

    text: str
    language: str
    script: str
    kind: str
    source: str
    license: str
    tokens: int
    units: tuple[str, ...]


@lru_cache(maxsize=64)
def word_pool(tag: str) -> tuple[tuple[str, ...], str, str]:
    """(words, source, licence) of a language: UDHR words, plus Faker's word list when it has one.

    >>> words, source, lic = word_pool("fr")
    >>> len(words) > 1000, "Faker" in source, lic
    (True, True, 'Apache-2.0 (gflanguages data); UDHR text: OHCHR, free to reproduce; MIT (Faker lorem word list)')
    """
    words = dict.fromkeys(udhr_words(tag))
    source = f"gflanguages {GFLANGUAGES_VERSION} sample_text words"
    license = UDHR_LICENSE
    locale = FAKER_LOCALES.get(tag)
    if locale:
        import faker

        module = importlib.import_module(f"faker.providers.lorem.{locale}")
        allowed = _letters(tag)
        for w in module.Provider.word_list:
            if w and " " not in w and drawable(w) and _in_script(w, allowed):
                words.setdefault(w, None)
        source += f" and Faker {faker.VERSION} lorem {locale} word list"
        license += f"; {FAKER_LICENSE}"
    return tuple(words), source + ", shuffled (seeded)", license


def _letters(tag: str) -> frozenset[str]:
    return frozenset(lookup(tag).chars)


def _in_script(word: str, allowed: frozenset[str]) -> bool:
    from ..ucd import script_code

    return all(script_code(ord(c)) in allowed | {"Zyyy", "Zinh"} for c in word)


def _sentence_units(rng: np.random.Generator, tag: str):
    """Endless sentences of language-like text: 2 to 14 words, the end mark, then a space or a paragraph break."""
    words, _source, _license = word_pool(tag)
    end = _SENTENCE_END.get(tag, ".")
    joiner = "" if tag in _NO_SPACE else " "
    capital = lookup(tag).script in ("Latn", "Cyrl", "Grek")
    while True:
        n_sentences = int(rng.integers(2, 7))
        for s in range(n_sentences):
            chosen = [words[int(i)] for i in rng.integers(len(words), size=int(rng.integers(2, 15)))]
            if capital:
                chosen[0] = chosen[0][:1].upper() + chosen[0][1:]
            after = "\n" if s == n_sentences - 1 else ("" if tag in _NO_SPACE_AFTER_END else " ")
            yield joiner.join(chosen) + end + after


def _fill(rng: np.random.Generator, units, budget: int, what: str, *, costs=None,
          max_skips: int = 200) -> tuple[str, tuple[str, ...], int]:
    """Take units until the whole text's tokens lie in the bucket of ``budget``.

    ``costs`` maps a unit to its token count when known in advance; a unit that
    would overshoot is skipped, at most ``max_skips`` times.
    """
    lo, hi = budget_range(budget)
    target = int(rng.integers(lo, hi + 1))
    parts: list[str] = []
    estimate = skipped = 0
    for unit in units:
        cost = costs[unit] if costs is not None else text_token_count(unit)
        if estimate + cost > hi:
            skipped += 1
            if skipped > max_skips:
                break
            continue
        parts.append(unit)
        estimate += cost
        if estimate >= target:
            estimate = _exact(parts, hi)
            if estimate >= target:
                break
    if parts and lo <= _exact(parts, hi) <= hi:
        text = "".join(parts).rstrip()
        return text, tuple(parts), text_token_count(text)
    raise SourceError(f"could not fill {what} to {lo}..{hi} cl100k_base tokens; its source ran out of units "
                      "that fit: lower this budget")


def _exact(parts: list[str], hi: int) -> int:
    """The exact token count of the joined parts, dropping parts from the end while it is over ``hi``."""
    exact = text_token_count("".join(parts).rstrip())
    while exact > hi and len(parts) > 1:
        parts.pop()
        exact = text_token_count("".join(parts).rstrip())
    return exact


def word_salad_page(rng: np.random.Generator, tag: str, budget: int) -> PageText:
    """Language-like text of ``tag`` within the bucket of ``budget``."""
    _words, source, license = word_pool(tag)
    text, parts, tokens = _fill(rng, _sentence_units(rng, tag), budget, f"a {tag} page", max_skips=2000)
    return PageText(text, tag, lookup(tag).script, "word_salad", source, license, tokens,
                    tuple(p.strip() for p in parts))


@lru_cache(maxsize=1)
def python_functions() -> tuple[tuple[str, str, str], ...]:
    """(module, first line, source) of each whole top-level function or class of the pinned modules.

    Only definitions whose every line is printable ASCII, at most ``MAX_CODE_LINE``
    characters and drawable are kept; trailing spaces are removed, indentation kept.

    >>> funcs = python_functions()
    >>> len(funcs) > 500, funcs[0][2].split("(")[0].split()[0] in ("def", "class", "@")
    (True, True)
    """
    out = []
    root = stdlib_dir()
    drawable_ascii = ascii_drawable()
    for rel in MODULES:
        path = root / f"{rel}.py"
        if not path.is_file():
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.parse("\n".join(lines)).body:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            block = [line.rstrip() for line in lines[first - 1:node.end_lineno]]
            if all(len(line) <= MAX_CODE_LINE and line.isascii() and line.isprintable()
                   and drawable_ascii.issuperset(line) for line in block):
                out.append((rel, str(first), "\n".join(block)))
    return tuple(out)


@lru_cache(maxsize=1)
def _function_tokens() -> dict[str, int]:
    return {f[2] + "\n\n": text_token_count(f[2] + "\n\n") for f in python_functions()}


def code_page(rng: np.random.Generator, budget: int, used: frozenset[str] | set[str] = frozenset()) -> PageText:
    """Consecutive whole functions and classes of the standard library, from a random one on, within the budget.

    Definitions too long for what is left of the budget, or in ``used`` (the
    units of earlier pages), are skipped; the source names each module used.
    """
    funcs = python_functions()
    start = int(rng.integers(len(funcs)))
    run = [f for f in funcs[start:] + funcs[:start] if f[2] not in used]
    costs = _function_tokens()
    text, parts, tokens = _fill(rng, (f[2] + "\n\n" for f in run), budget, "a code page", costs=costs,
                                max_skips=len(run))
    where = {f[2] + "\n\n": f for f in run}
    modules = dict.fromkeys(f"Lib/{where[p][0]}.py:{where[p][1]}" for p in parts)
    source = f"CPython {PYTHON_VERSION} standard library, {len(parts)} whole definitions from " + ", ".join(modules)
    return PageText(text, "zxx-x-python", "Latn", "natural_functions", source, PSF_LICENSE, tokens,
                    tuple(p.strip() for p in parts))


def _identifier_units(rng: np.random.Generator, sources: dict):
    from ..subsets.identifiers import IDENTIFIERS, KINDS

    while True:
        n = int(rng.integers(2, 9))
        for k in range(n):
            draft = IDENTIFIERS.generate(KINDS[int(rng.integers(len(KINDS)))], rng, "zxx")
            sources.setdefault(draft.source, draft.license)
            yield draft.text + ("\n" if k == n - 1 else " ")


def identifier_page(rng: np.random.Generator, budget: int) -> PageText:
    """Generated identifiers, a few per paragraph, within the budget."""
    sources: dict[str, str] = {}
    text, parts, tokens = _fill(rng, _identifier_units(rng, sources), budget, "an identifier page")
    licenses = dict.fromkeys(x.strip() for lic in sources.values() for x in lic.split(";"))
    licenses.setdefault(GENERATED_LICENSE, None)
    return PageText(text, "zxx", "Latn", "identifiers", "; ".join(sources), "; ".join(licenses), tokens,
                    tuple(p.strip() for p in parts))


def page_text(rng: np.random.Generator, language: str, budget: int,
              used: frozenset[str] | set[str] = frozenset()) -> PageText:
    """A page text for ``language`` (a language of :data:`GROUPS`) in the bucket of ``budget``.

    Code pages skip the functions in ``used``; the other kinds are random enough
    that the planner's check of ``units`` against ``used`` suffices.
    """
    if language not in GROUP_OF:
        raise SourceError(f"pages have no language {language!r}; they have: {', '.join(GROUP_OF)}")
    if language == "zxx-x-python":
        return code_page(rng, budget, used)
    if language == "zxx":
        return identifier_page(rng, budget)
    return word_salad_page(rng, language, budget)
