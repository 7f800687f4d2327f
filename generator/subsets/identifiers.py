"""``identifiers``: random, unpredictable strings that must be read exactly.

URLs and e-mail addresses, UUIDs, hex hashes and base64, IBAN-like and
phone-number-like strings, numbers with separators, dates and version
strings. All are generated from the sample's seed; numbers and dates are
formatted with CLDR patterns of a random locale (through babel), the
natural part of this subset. IBANs carry valid ISO 13616 check digits::

    >>> import numpy as np
    >>> iban_check("GB", "WEST12345698765432")
    '82'
    >>> d = IDENTIFIERS.generate("uuid", np.random.default_rng(0), "zxx")
    >>> len(d.text), d.text.count("-")
    (36, 4)
"""

from __future__ import annotations

import base64
import datetime
import uuid

import babel.dates
import babel.numbers
import numpy as np

from ..sources import GENERATED_LICENSE
from ..sources.cldr import CLDR_LICENSE, CLDR_SOURCE
from .base import Draft, Subset, pick

KINDS = ("url", "email", "uuid", "hex_hash", "base64", "iban", "phone", "number", "date", "version")
SOURCE = "percels identifier generator (seeded)"
_WORDS = ("data", "cloud", "shop", "mail", "news", "api", "docs", "login", "static", "cdn", "user", "files",
          "media", "blog", "status", "pay", "id", "dev", "eu", "app")
_TLDS = ("com", "org", "net", "io", "de", "co.uk", "fr", "jp", "dev", "edu")
_IBAN = {"DE": 18, "FR": 23, "GB": 18, "NL": 14, "ES": 20, "IT": 23, "CH": 17, "PL": 24, "BE": 12, "SE": 20}
#: Locales whose decimal and date patterns number and date samples use (Latin digits).
LOCALES = ("en_US", "de_DE", "fr_FR", "en_IN", "de_CH", "es_ES", "pt_BR", "it_IT", "sv_SE", "ja_JP", "pl_PL", "en_GB")
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _s(rng: np.random.Generator, alphabet: str, n: int) -> str:
    return "".join(alphabet[int(i)] for i in rng.integers(len(alphabet), size=n))


def iban_check(country: str, bban: str) -> str:
    """ISO 13616 (mod 97-10) check digits of an IBAN."""
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(digits) % 97:02d}"


def _host(rng: np.random.Generator) -> str:
    parts = [pick(rng, _WORDS) for _ in range(int(rng.integers(1, 3)))]
    if rng.random() < 0.4:
        parts[-1] += str(int(rng.integers(2, 99)))
    return ".".join(parts) + "." + pick(rng, _TLDS)


def _text(kind: str, rng: np.random.Generator) -> str:
    lower = "abcdefghijklmnopqrstuvwxyz0123456789"
    if kind == "url":
        path = "/".join(_s(rng, lower + "-_", int(rng.integers(2, 9))) for _ in range(int(rng.integers(1, 4))))
        query = f"?{pick(rng, _WORDS)}={_s(rng, lower, int(rng.integers(3, 12)))}" if rng.random() < 0.5 else ""
        return f"{pick(rng, ('https', 'https', 'http', 'ftp'))}://{_host(rng)}/{path}{query}"
    if kind == "email":
        local = _s(rng, lower, int(rng.integers(2, 8))) + pick(rng, (".", "_", "+", "")) + _s(rng, lower, int(rng.integers(1, 8)))
        return f"{local}@{_host(rng)}"
    if kind == "uuid":
        u = str(uuid.UUID(bytes=rng.bytes(16), version=4))
        return u.upper() if rng.random() < 0.2 else u
    if kind == "hex_hash":
        n = pick(rng, (7, 12, 32, 40, 64))
        h = rng.bytes(32).hex()[:n]
        return pick(rng, ("", "sha256:", "0x", "commit ")) + h if n > 12 else h
    if kind == "base64":
        raw = rng.bytes(int(rng.integers(6, 40)))
        return (base64.urlsafe_b64encode(raw) if rng.random() < 0.3 else base64.b64encode(raw)).decode()
    if kind == "iban":
        country = pick(rng, sorted(_IBAN))
        bban = _s(rng, _ALNUM[:26] if country == "GB" else "0123456789", 4) + _s(rng, "0123456789", _IBAN[country] - 4)
        iban = country + iban_check(country, bban) + bban
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)) if rng.random() < 0.5 else iban
    if kind == "phone":
        d = lambda n: _s(rng, "0123456789", n)  # noqa: E731
        return pick(rng, (f"+1 ({d(3)}) {d(3)}-{d(4)}", f"+49 {d(3)} {d(7)}", f"+33 {d(1)} {d(2)} {d(2)} {d(2)} {d(2)}",
                          f"+81 {d(2)}-{d(4)}-{d(4)}", f"+44 20 {d(4)} {d(4)}", f"0{d(2)}.{d(3)}.{d(2)}.{d(2)}"))
    if kind == "version":
        a, b, c = (int(x) for x in rng.integers(0, 40, size=3))
        return pick(rng, (f"v{a}.{b}.{c}", f"{a}.{b}.{c}-rc.{c % 5 + 1}", f"{a}.{b}.{c}+build.{int(rng.integers(1, 9999))}",
                          f"{a}.{b}.{c}.post{c % 3 + 1}", f"{a}.{b}a{c % 4 + 1}", f"release-{a}.{b}"))
    raise ValueError(kind)


def _cldr(kind: str, rng: np.random.Generator) -> str:
    locale = pick(rng, LOCALES)
    if kind == "number":
        value = float(rng.integers(1, 10**9)) / pick(rng, (1, 100, 1000))
        return babel.numbers.format_decimal(value, locale=locale, decimal_quantization=False)
    day = datetime.date(1950, 1, 1) + datetime.timedelta(days=int(rng.integers(40000)))
    if rng.random() < 0.3:
        return day.isoformat()
    return babel.dates.format_date(day, pick(rng, ("short", "medium")), locale=locale)


class Identifiers(Subset):
    name = "identifiers"
    languages = ("zxx",)
    kinds = tuple((k, 1.0) for k in KINDS)
    styles = ("sans", "serif", "mono")

    def script_of(self, language: str) -> str:
        return "Latn"

    def char_scripts(self, language: str) -> frozenset[str]:
        return frozenset({"Latn", "Hani"})  # ja_JP medium dates write 年月日

    def generate(self, kind: str, rng: np.random.Generator, language: str) -> Draft:
        if kind in ("number", "date"):
            return Draft(_cldr(kind, rng), language, "Latn", kind, CLDR_SOURCE + ", random value (seeded)",
                         f"{CLDR_LICENSE}; {GENERATED_LICENSE}")
        return Draft(_text(kind, rng), language, "Latn", kind, SOURCE, GENERATED_LICENSE)


IDENTIFIERS = Identifiers()
