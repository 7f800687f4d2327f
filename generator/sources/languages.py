"""The natural languages percels draws text for, and their keys in each source.

A language is named by its BCP 47 tag; ``script`` is the ISO 15924 code of its
writing system (``Jpan`` and ``Kore`` for the mixed Japanese and Korean
systems); ``chars`` lists the ICU Script values its letters may have::

    >>> LANGUAGES["ja"].gflanguages_key, LANGUAGES["ja"].chars
    ('ja_Jpan', ('Hani', 'Hira', 'Kana'))
    >>> LANGUAGES["zh-Hant"].locale
    'zh_Hant'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    tag: str                     # BCP 47
    script: str                  # ISO 15924 of the writing system
    chars: tuple[str, ...]       # ICU Script values of its letters (Common/Inherited always allowed)
    gflanguages_key: str
    locale: str                  # ICU / babel locale id

    def __post_init__(self) -> None:
        if not self.tag or not self.chars:
            raise ValueError(f"language {self.tag!r} needs a tag and character scripts")


def _lang(tag: str, script: str, chars: tuple[str, ...] | None = None, key: str | None = None,
          locale: str | None = None) -> Language:
    base = tag.split("-")[0]
    return Language(tag, script, chars or (script,), key or f"{base}_{script}", locale or tag.replace("-", "_"))


_ALL = [
    _lang("zh-Hans", "Hans", ("Hani",), "zh_Hans", "zh_Hans"),
    _lang("zh-Hant", "Hant", ("Hani",), "zh_Hant", "zh_Hant"),
    _lang("ja", "Jpan", ("Hani", "Hira", "Kana"), "ja_Jpan"),
    _lang("ko", "Kore", ("Hang", "Hani"), "ko_Kore"),
    _lang("th", "Thai"), _lang("lo", "Laoo"), _lang("km", "Khmr"), _lang("my", "Mymr"),
    _lang("ar", "Arab"), _lang("fa", "Arab"), _lang("ur", "Arab"), _lang("he", "Hebr"),
    _lang("hi", "Deva"), _lang("bn", "Beng"), _lang("ta", "Taml"),
    _lang("ru", "Cyrl"), _lang("uk", "Cyrl"), _lang("el", "Grek"),
]
_ALL += [_lang(t, "Latn") for t in ("vi", "pl", "cs", "tr", "de", "fr", "en", "es", "ro", "hu", "is", "yo")]

LANGUAGES: dict[str, Language] = {lang.tag: lang for lang in _ALL}


def language(tag: str) -> Language:
    """The :class:`Language` for a BCP 47 tag; ``KeyError`` names the known tags."""
    try:
        return LANGUAGES[tag]
    except KeyError:
        raise KeyError(f"unknown language {tag!r}; known: {', '.join(LANGUAGES)}") from None
