#!/usr/bin/env python3
"""Held-out campaign: real multiscript text that is not in this repository, through ``render_page``.

Text comes from files any Debian machine has, none of them a source of the dataset:

* translated message catalogs (``/usr/share/locale/LANG/LC_MESSAGES/*.mo``, read with :mod:`gettext`) for
  every non-English language of the page groups: real UI sentences, with their own newlines, tabs, quotes
  and placeholders (Lao has only country names there; CLDR's names of languages and currencies, from
  babel, are added as running lists);
* English prose from the licence texts in ``/usr/share/common-licenses``;
* code: whole functions of the Python standard library's own sources;
* identifiers: URLs from ``/usr/share/doc/*/copyright``, with generated UUIDs, hashes,
  IP addresses and numbers.

Each text is then dressed as real text is (seeded, so the campaign is the same every run): its paragraphs
joined by CR LF, CR, LF, U+2028 or U+2029, with blank lines, leading and trailing white space, tabs, NBSP,
soft hyphens, ZWJ/ZWNJ, curly quotes, dashes, ellipses, bullets, fullwidth punctuation (CJK), a Latin word or
brand inside other scripts, the script's own digits, emoji (ZWJ sequences, flags, skin tones) and a very
long URL. Every text is cut to several lengths (``--tokens``, cl100k tokens, up to a 2,048-token page) and
rendered on every canvas of the ``pages`` config with ``font_size=None``, with and without ``language=``.

A :class:`~generator.errors.PageFitError` is legitimate only when the text is too long for the canvas even
at the smallest size: laid out at :data:`generator.page.MIN_FONT_SIZE`, its lines are taller than the canvas
(or a code line wider). A :class:`~generator.errors.TextError` for a control character that a catalog holds
(a terminal bell) is counted apart, as invalid input, with the message that names it.
Any other error is counted against the renderer. The report gives the count per outcome with an example,
and the exit status is 1 when anything but ``ok`` and legitimate ``too long`` occurred::

    python scripts/heldout_pages.py [--tokens 64 --tokens 2048] [--canvas 512x512] [--only th] [--png DIR]
"""

from __future__ import annotations

import argparse
import gettext
import hashlib
import re
import sys
import sysconfig
import time
import uuid
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator import render_page  # noqa: E402
from generator.compression import text_token_count  # noqa: E402
from generator.errors import PageFitError, PercelsError, TextError  # noqa: E402

#: The languages of the page groups, with the locale directory their catalogs are under.
LOCALES = {"de": "de", "fr": "fr", "es": "es", "ru": "ru", "el": "el", "vi": "vi", "pl": "pl", "tr": "tr",
           "zh-Hans": "zh_CN", "zh-Hant": "zh_TW", "ja": "ja", "ko": "ko", "th": "th", "lo": "lo", "km": "km",
           "my": "my", "ar": "ar", "fa": "fa", "he": "he", "hi": "hi", "bn": "bn", "ta": "ta"}
#: The ``pages`` config's canvases.
CANVASES = ((512, 512), (640, 640), (1024, 1024), (1280, 1280), (1240, 1754))
TOKENS = (64, 512, 2048)
#: Zero of each script's own digits.
ZERO = {"th": 0x0E50, "lo": 0x0ED0, "km": 0x17E0, "my": 0x1040, "ar": 0x0660, "fa": 0x06F0, "hi": 0x0966,
        "bn": 0x09E6, "ta": 0x0BE6, "zh-Hans": 0xFF10, "zh-Hant": 0xFF10, "ja": 0xFF10}
EMOJI = ["\U0001F600", "\U0001F44D\U0001F3FD", "\U0001F469\u200D\U0001F4BB", "\U0001F1EF\U0001F1F5",
         "\U0001F3F3\uFE0F\u200D\U0001F308", "\u2764\uFE0F", "\U0001F9D1\U0001F3FF\u200D\U0001F680", "\u2615"]
LATIN_WORDS = ["Linux", "USB-C", "Wi\u2011Fi", "PDF", "GitHub", "iPhone 15", "COVID-19", "UTF-8", "e-mail"]
CJK = {"zh-Hans", "zh-Hant", "ja", "ko"}
_PLACEHOLDER = re.compile(r"%(\d+\$)?[-#0 +']*\d*(\.\d+)?[hlLqjzt]*[sdiufFeEgGxXoOcp%]|&(?=\w)|_(?=\w)")


def catalog_paragraphs(locale: str) -> list[str]:
    """Translated messages of every catalog of ``locale``, longest first kept to sentences (not menu labels)."""
    out: list[str] = []
    for mo in sorted(Path("/usr/share/locale", locale, "LC_MESSAGES").glob("*.mo")):
        try:
            with open(mo, "rb") as f:
                catalog = gettext.GNUTranslations(f)._catalog  # the msgid -> msgstr table
        except (OSError, ValueError, UnicodeDecodeError):
            continue
        for key, value in catalog.items():
            if key and isinstance(value, str):
                out.append(_PLACEHOLDER.sub("", value).strip(" "))
    out = list(dict.fromkeys(p for p in out if p))
    sentences = [p for p in out if len(p) >= 24]
    if len(sentences) >= 200:
        return sentences
    # a language with few translated messages (only country names, say): its names as running lists, with
    # CLDR's names of languages and currencies in that language (from babel) when the catalogs hold little
    if sum(map(len, out)) < 20_000:
        from babel import Locale

        loc = Locale.parse(locale)
        out += list(dict.fromkeys([*loc.languages.values(), *loc.currencies.values()]))
    return sentences + ["، ".join(out[i:i + 12]) if locale in ("ar", "fa") else ", ".join(out[i:i + 12])
                        for i in range(0, len(out), 12)]


def english_paragraphs() -> list[str]:
    """Paragraphs of the licence texts Debian ships."""
    out = []
    for path in sorted(Path("/usr/share/common-licenses").iterdir()):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            out += [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if len(p.split()) > 12]
    return list(dict.fromkeys(out))


def code_paragraphs() -> list[str]:
    """Whole top-level functions of the standard library's sources (as written: tabs, blank lines, comments)."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    out = []
    for name in ("textwrap.py", "heapq.py", "bisect.py", "shlex.py", "fnmatch.py", "colorsys.py", "calendar.py"):
        source = (stdlib / name).read_text(encoding="utf-8")
        out += [m.group(0).rstrip() for m in re.finditer(r"^def .*?(?=^\S)", source, re.S | re.M)]
    return out


def identifier_paragraphs(rng: np.random.Generator) -> list[str]:
    """URLs from the packages' copyright files, and generated identifiers and numbers."""
    found: list[str] = []
    for path in sorted(Path("/usr/share/doc").glob("*/copyright"))[:400]:
        found += re.findall(r"https?://[^\s<>()\"']+",
                            path.read_text(encoding="utf-8", errors="replace"))
    found = list(dict.fromkeys(found))
    out = []
    for i in range(0, len(found), 6):
        extra = [str(uuid.UUID(bytes=rng.bytes(16))), hashlib.sha256(rng.bytes(8)).hexdigest(),
                 f"{rng.integers(1, 255)}.{rng.integers(0, 255)}.{rng.integers(0, 255)}.{rng.integers(1, 255)}",
                 f"{rng.integers(-10**9, 10**9):,}", f"{rng.random() * 1e6:.4f}", f"0x{rng.integers(0, 2**48):012x}"]
        out.append(" ".join(found[i:i + 6] + extra))
    return out


def dress(paragraphs: list[str], language: str, rng: np.random.Generator) -> list[str]:
    """The paragraphs with what real text carries, a few of each, at seeded places."""
    out = []
    for i, p in enumerate(paragraphs):
        roll = rng.random(12)
        if roll[0] < 0.3 and " " in p:  # a no-break space
            k = p.index(" ")
            p = p[:k] + "\u00a0" + p[k + 1:]
        if roll[1] < 0.3:
            p = f"\u201c{p}\u201d" if language not in CJK else f"\u300c{p}\u300d"
        if roll[2] < 0.25:
            p = p + (" \u2014 " if language not in CJK else "\u2014\u2014") + rng.choice(LATIN_WORDS)
        if roll[3] < 0.25:
            p = p + rng.choice(EMOJI)
        if roll[4] < 0.2:
            p = "\u2022 " + p
        if roll[5] < 0.2:
            p = "\t" + p
        if roll[6] < 0.2 and language in ZERO:
            zero = ZERO[language]
            p = p + " " + "".join(chr(zero + int(d)) for d in str(rng.integers(10, 10**6)))
        if roll[7] < 0.15:
            p = p + "\u2026"
        if roll[8] < 0.15:  # a soft hyphen inside the longest word
            words = p.split(" ")
            w = max(range(len(words)), key=lambda k: len(words[k]))
            if len(words[w]) > 6:
                words[w] = words[w][:3] + "\u00ad" + words[w][3:]
            p = " ".join(words)
        if roll[9] < 0.1:
            p = p + " https://www.example.org/" + "/".join(f"segment{k}-{rng.integers(10**6)}" for k in range(12))
        if roll[10] < 0.1 and language == "fa":
            p = p.replace(" ", "\u200c", 1)
        if roll[11] < 0.08:
            p = p + "\u200d"
        if language in CJK:
            p = p.replace(",", "\uff0c").replace("!", "\uff01").replace("?", "\uff1f")
        out.append(p)
        if rng.random() < 0.15:
            out.append("")  # a blank line
    return out


def join(paragraphs: list[str], rng: np.random.Generator, code: bool) -> str:
    """Paragraphs joined by one kind of line end (code: LF, CR LF or CR), with white space around the text."""
    sep = rng.choice(["\n", "\r\n", "\r"] if code else ["\n", "\r\n", "\r", "\u2028", "\u2029", "\n\n"])
    lead = "" if code else rng.choice(["", " ", "  ", "\n", "\t"])
    return lead + str(sep).join(paragraphs) + rng.choice(["", " ", "\n", "\r\n", "  \n"])


def cut(text: str, tokens: int) -> str:
    """The longest prefix of ``text`` of at most ``tokens`` cl100k tokens, ending at a code point boundary."""
    if text_token_count(text) <= tokens:
        return text
    lo, hi = 1, len(text)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if text_token_count(text[:mid]) <= tokens else (lo, mid)
    return text[:lo]


def texts(seed: int, only: str | None) -> dict[str, tuple[str, str]]:
    """``{language: (style, text)}``: a long dressed text per language, code and identifiers, each drawn
    with its own generator (``seed`` and the name), so ``--only`` gives the same text as a full run."""
    out = {}
    sources = {"en": english_paragraphs, **{lang: (lambda rng, loc=loc: catalog_paragraphs(loc))
                                           for lang, loc in LOCALES.items()},
               "code": code_paragraphs, "identifiers": identifier_paragraphs}
    for name, source in sources.items():
        if only and name != only:
            continue
        rng = np.random.default_rng([seed, zlib.crc32(name.encode())])
        paragraphs = source(rng) if name not in ("en", "code") else source()
        order = rng.permutation(len(paragraphs))
        chosen = [paragraphs[i] for i in order[:400]]
        if name == "code":
            out[name] = ("mono", join(chosen[:40], rng, code=True))
        else:
            language = name if name != "identifiers" else "en"
            out[name] = ("sans" if rng.random() < 0.6 else "serif", join(dress(chosen, language, rng), rng, False))
    return out


def too_long(text: str, width: int, height: int, language: str | None, style: str) -> bool:
    """Whether ``text`` is too long for the canvas even at the smallest size: laid out there at the full
    line width, its lines (with their ink) are taller than the canvas, or a code line is wider."""
    from generator import page
    from generator.layout import shape_paragraph

    size = page.MIN_FONT_SIZE
    margin = page.default_margin(width, height)
    content = (width - 2 * margin, height - 2 * margin)
    paras = page._prepare(page.normalize_line_breaks(text), style, language)
    shaped = lambda i: shape_paragraph(paras[i].prepared, size=size, tab_size=page.TAB_SIZE)  # noqa: E731
    return page._lay_out_at(paras, shaped, size, content, margin, style, 0) is None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tokens", type=int, action="append", help=f"text lengths in cl100k tokens (default {TOKENS})")
    ap.add_argument("--canvas", action="append", help="WxH (default: the pages config's five canvases)")
    ap.add_argument("--only", help="one language, 'code' or 'identifiers'")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--png", type=Path, help="write every page rendered with language= here")
    args = ap.parse_args()
    canvases = [tuple(map(int, c.split("x"))) for c in args.canvas] if args.canvas else CANVASES
    outcomes: Counter = Counter()
    examples: dict[str, str] = {}
    t0 = time.perf_counter()
    if args.png:
        args.png.mkdir(parents=True, exist_ok=True)
    for name, (style, full) in texts(args.seed, args.only).items():
        for tokens in args.tokens or TOKENS:
            text = cut(full, tokens)
            for width, height in canvases:
                for language in (None, "en" if name in ("code", "identifiers") else name):
                    where = f"{name} {style} {tokens} tok ({len(text)} cp) {width}x{height} language={language!r}"
                    try:
                        r = render_page(text, width=width, height=height, language=language, style=style)
                        outcome = "ok"
                        if args.png and language:
                            r.image.save(args.png / f"{name}-{tokens}-{width}x{height}.png")
                    except PageFitError as exc:
                        legit = too_long(text, width, height, language, style)
                        outcome = "too long (legitimate PageFitError)" if legit else "PageFitError (renderer)"
                        examples.setdefault(outcome, f"{where}: {exc}")
                    except TextError as exc:
                        control = "control character" in str(exc)
                        outcome = "invalid input (TextError: control character)" if control else "TextError"
                        examples.setdefault(outcome, f"{where}: {exc}")
                    except PercelsError as exc:
                        outcome = type(exc).__name__
                        examples.setdefault(outcome, f"{where}: {exc}")
                    outcomes[outcome] += 1
    total = sum(outcomes.values())
    print(f"{total} pages in {time.perf_counter() - t0:.0f} s")
    for outcome, n in outcomes.most_common():
        print(f"  {outcome}: {n}" + (f"\n    e.g. {examples[outcome][:400]}" if outcome in examples else ""))
    bad = total - outcomes["ok"] - outcomes["too long (legitimate PageFitError)"] - outcomes[
        "invalid input (TextError: control character)"]
    print(f"errors against the renderer: {bad}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
