"""Which pinned font draws which script, per style and language.

For a run of one script the renderer tries its primary face for the style
first, then the style's fallback chain, cluster by cluster::

    >>> font_chain("Thai", "sans", "th")[:2]
    ('noto-sans-thai', 'noto-sans')
    >>> font_chain("Hani", "sans", "ja")[0], font_chain("Hani", "sans", "zh-Hant")[0]
    ('noto-sans-cjk-jp', 'noto-sans-cjk-tc')
    >>> font_chain("Latn", "mono", "en")[0]
    'jetbrains-mono'

The language picks the CJK face (JP, KR, SC, TC); HarfBuzz then applies that
face's ``locl`` forms for the language the renderer passes it.
"""

from __future__ import annotations

from functools import lru_cache

from .errors import RenderError
from .fonts import lock

STYLES = ("sans", "serif", "mono")

# script -> style -> primary fonts (tried in order before the fallback chain)
_PRIMARY: dict[str, dict[str, tuple[str, ...]]] = {
    "Latn": {"sans": ("noto-sans",), "serif": ("noto-serif",), "mono": ("jetbrains-mono", "noto-sans-mono")},
    "Thai": {"sans": ("noto-sans-thai",), "serif": ("noto-serif-thai",)},
    "Laoo": {"sans": ("noto-sans-lao",), "serif": ("noto-serif-lao",)},
    "Khmr": {"sans": ("noto-sans-khmer",), "serif": ("noto-serif-khmer",)},
    "Mymr": {"sans": ("noto-sans-myanmar",), "serif": ("noto-serif-myanmar",)},
    "Arab": {"sans": ("noto-sans-arabic",), "serif": ("noto-naskh-arabic",)},
    "Hebr": {"sans": ("noto-sans-hebrew",), "serif": ("noto-serif-hebrew",)},
    "Deva": {"sans": ("noto-sans-devanagari",), "serif": ("noto-serif-devanagari",)},
    "Beng": {"sans": ("noto-sans-bengali",), "serif": ("noto-serif-bengali",)},
    "Taml": {"sans": ("noto-sans-tamil",), "serif": ("noto-serif-tamil",)},
    "Armn": {"sans": ("noto-sans-armenian",), "serif": ("noto-serif-armenian",)},
    "Cher": {"sans": ("noto-sans-cherokee",)},
}
_PRIMARY["Cyrl"] = _PRIMARY["Grek"] = _PRIMARY["Latn"]

#: Scripts whose primary face comes from the CJK collection, chosen by language.
CJK_SCRIPTS = frozenset({"Hani", "Hira", "Kana", "Hang", "Bopo"})
_CJK_REGION = {"ja": "jp", "ko": "kr", "zh-hans": "sc", "zh-cn": "sc", "zh-sg": "sc", "zh": "sc",
               "zh-hant": "tc", "zh-tw": "tc", "zh-hk": "tc", "zh-mo": "tc"}
_CJK_DEFAULT_FOR_SCRIPT = {"Hira": "jp", "Kana": "jp", "Hang": "kr", "Bopo": "tc", "Hani": "sc"}
_CJK_FAMILY = {"sans": "noto-sans-cjk", "serif": "noto-serif-cjk", "mono": "noto-sans-mono-cjk"}

# fallbacks tried after the primary, per style
_FALLBACK: dict[str, tuple[str, ...]] = {
    "sans": ("noto-sans", "dejavu-sans", "noto-sans-symbols", "noto-sans-symbols2", "noto-sans-math"),
    "serif": ("noto-serif", "dejavu-serif", "noto-sans", "noto-sans-symbols", "noto-sans-symbols2", "noto-sans-math"),
    "mono": ("jetbrains-mono", "noto-sans-mono", "dejavu-sans-mono", "noto-sans", "dejavu-sans",
             "noto-sans-symbols", "noto-sans-symbols2", "noto-sans-math"),
}
# every script font, as a last resort for a script met outside its own run
_LAST_RESORT = tuple(dict.fromkeys(f for by_style in _PRIMARY.values() for f in by_style.get("sans", ())))


@lru_cache(maxsize=1)
def _lock_by_script() -> dict[str, tuple[str, ...]]:
    """Locked fonts whose main script is each script: sans before serif, then the shortest id.

    >>> _lock_by_script()["Geor"][:2]
    ('noto-sans-georgian', 'noto-serif-georgian')
    """
    by: dict[str, list[str]] = {}
    for e in lock().values():
        if e.scripts:
            by.setdefault(e.scripts[0], []).append(e.font_id)
    rank = lambda fid: ("serif" in fid, len(fid), fid)  # noqa: E731
    return {script: tuple(sorted(ids, key=rank)) for script, ids in by.items()}


@lru_cache(maxsize=1)
def _other_fonts() -> tuple[str, ...]:
    """Every other locked font, in a fixed order: the very last resort."""
    return tuple(sorted(fid for fid in lock() if fid != EMOJI_FONT))

EMOJI_FONT = "noto-color-emoji"

#: Default language per script, used for shaping when the caller gives none.
DEFAULT_LANGUAGE = {
    "Latn": "en", "Cyrl": "ru", "Grek": "el", "Thai": "th", "Laoo": "lo", "Khmr": "km", "Mymr": "my",
    "Arab": "ar", "Hebr": "he", "Deva": "hi", "Beng": "bn", "Taml": "ta", "Armn": "hy", "Cher": "chr",
    "Hani": "zh-Hans", "Hira": "ja", "Kana": "ja", "Hang": "ko", "Bopo": "zh-Hant",
}


def cjk_region(script: str, language: str | None) -> str:
    """The CJK face region (jp, kr, sc, tc) for a script and language."""
    if language:
        lang = language.lower().replace("_", "-")
        for key in (lang, "-".join(lang.split("-")[:2]), lang.split("-")[0]):
            if key in _CJK_REGION:
                return _CJK_REGION[key]
    return _CJK_DEFAULT_FOR_SCRIPT.get(script, "sc")


def check_style(style: str) -> str:
    if style not in STYLES:
        raise RenderError(f"style {style!r} is not one of {', '.join(STYLES)}")
    return style


@lru_cache(maxsize=1024)
def font_chain(script: str, style: str, language: str | None) -> tuple[str, ...]:
    """Font ids to try, in order, for text of ``script`` in ``style`` and ``language``."""
    check_style(style)
    region = cjk_region(script, language)
    cjk = f"{_CJK_FAMILY[style]}-{region}"
    chain: list[str] = []
    if script in CJK_SCRIPTS:
        chain.append(cjk)
    elif script in _PRIMARY:
        by_style = _PRIMARY[script]
        chain += by_style.get(style, ()) or by_style.get("sans", ())
        if script == "Arab" and style == "serif" and language and language.lower().startswith("ur"):
            chain.insert(0, "noto-nastaliq-urdu")
    else:  # a script outside the dataset's: the locked fonts made for it, serif first for serif
        fonts = _lock_by_script().get(script, ())
        chain += sorted(fonts, key=lambda fid: style == "serif" and "serif" not in fid)
    chain += _FALLBACK[style]
    chain.append(cjk)
    chain += _LAST_RESORT
    chain += _other_fonts()
    return tuple(dict.fromkeys(chain))
