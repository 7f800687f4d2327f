"""Seeded random orthographic syllables for Thai, Lao, Khmer and Myanmar.

Each script has a small grammar of its written syllable, in Unicode storage
order (leading vowel, initial consonant or cluster, above/below vowel, tone
mark, following vowel, final consonant). The result is a plausible-looking
but meaningless string: a reader's knowledge of words cannot fill gaps, yet
every cluster is well formed. Each syllable is also checked with HarfBuzz in
the script's pinned font: a syllable HarfBuzz would draw with a dotted
circle (a broken cluster) is rejected and redrawn::

    >>> import numpy as np
    >>> rng = np.random.default_rng(7)
    >>> s = syllable(rng, "th")
    >>> len(s) >= 2 and all("\\u0e00" <= c <= "\\u0e7f" for c in s)
    True
    >>> broken_cluster("\\u17b6", "km"), broken_cluster("កា", "km")    # a lone vowel sign
    (True, False)
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import uharfbuzz as hb

from ..fonts import load_font
from ..errors import SourceError

# Thai
_TH_C = "กขคฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
_TH_CLUSTER = {"ก": "รลว", "ข": "รลว", "ค": "รลว", "ป": "รล", "พ": "รล", "ต": "ร"}
_TH_FINAL = "กงดนบมยว"
_TH_TONE = "่้๊๋"
_TH_UPPER_LOWER = "ิีึืุู"
_TH_LEAD = "เแโใไ"
# Lao
_LO_C = "ກຂຄງຈສຊຍດຕຖທນບປຜຝພຟມຢຣລວຫອຮ"
_LO_FINAL = "ກງດນບມຍວ"
_LO_TONE = "່້໊໋"
_LO_UPPER_LOWER = "ິີຶືຸູ"
_LO_LEAD = "ເແໂໄໃ"
# Khmer
_KM_C = "កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអ"
_KM_SUB = "កខតទនមយរលវស"
_KM_V = ("", "ា", "ិ", "ី", "ឹ", "ឺ", "ុ", "ូ", "ួ", "ើ", "ឿ", "ៀ", "េ", "ែ", "ៃ", "ោ", "ៅ")
_KM_SIGN = {"": "ំះ", "ា": "ំះ", "ុ": "ំះ", "េ": "ះ", "ោ": "ះ", "ិ": "ះ"}
_KM_FINAL = "កងចញតនបមយលស"
# Myanmar
_MY_C = "ကခဂဃငစဆဇညတထဒဓနပဖဗဘမယရလဝသဟအ"
_MY_MEDIAL = ("", "", "ျ", "ြ", "ွ", "ှ", "ျွ", "ြွ", "ွှ")
_MY_V = ("", "ာ", "ိ", "ီ", "ု", "ူ", "ေ", "ဲ", "ော", "ို")
_MY_FINAL = "ကငစညတနပမ"

SCRIPT_FONT = {"th": "noto-sans-thai", "lo": "noto-sans-lao", "km": "noto-sans-khmer", "my": "noto-sans-myanmar"}
_HB_SCRIPT = {"th": "Thai", "lo": "Laoo", "km": "Khmr", "my": "Mymr"}


def _c(rng: np.random.Generator, chars: str) -> str:
    return chars[int(rng.integers(len(chars)))]


def _maybe(rng: np.random.Generator, p: float, chars: str) -> str:
    return _c(rng, chars) if rng.random() < p else ""


def _thai_lao(rng: np.random.Generator, t: dict[str, str]) -> str:
    """Thai and Lao share one syllable grammar over their own letters."""
    c = _c(rng, t["C"])
    if c in t["cluster"] and rng.random() < 0.25:
        c += _c(rng, t["cluster"][c])
    tone = _maybe(rng, 0.4, t["tone"])
    pattern = int(rng.integers(6))
    if pattern == 0:  # long a, optional final
        return c + tone + t["aa"] + _maybe(rng, 0.6, t["final"])
    if pattern == 1:  # short a
        return c + tone + t["a"]
    if pattern == 2:  # above or below vowel
        return c + _c(rng, t["upper_lower"]) + tone + _maybe(rng, 0.6, t["final"])
    if pattern == 3:  # short vowel sign that needs a final
        return c + _c(rng, t["closed"]) + tone + _c(rng, t["final"])
    if pattern == 4:  # am
        return c + tone + t["am"]
    lead = _c(rng, t["lead"])  # leading vowel, written before the consonant
    return lead + c + tone + (_maybe(rng, 0.5, t["final"]) if lead in t["lead_closed"] else "")


_THAI = {"C": _TH_C, "cluster": _TH_CLUSTER, "final": _TH_FINAL, "tone": _TH_TONE, "upper_lower": _TH_UPPER_LOWER,
         "lead": _TH_LEAD, "lead_closed": "เแโ", "aa": "า", "a": "ะ", "am": "ำ", "closed": "ั"}
_LAO = {"C": _LO_C, "cluster": {}, "final": _LO_FINAL, "tone": _LO_TONE, "upper_lower": _LO_UPPER_LOWER,
        "lead": _LO_LEAD, "lead_closed": "ເແໂ", "aa": "າ", "a": "ະ", "am": "ຳ", "closed": "ັົ"}


def _thai(rng: np.random.Generator) -> str:
    return _thai_lao(rng, _THAI)


def _lao(rng: np.random.Generator) -> str:
    return _thai_lao(rng, _LAO)


def _khmer(rng: np.random.Generator) -> str:
    s = _c(rng, _KM_C)
    if rng.random() < 0.3:
        s += "្" + _c(rng, _KM_SUB)
    vowel = _KM_V[int(rng.integers(len(_KM_V)))]
    s += vowel
    if vowel in _KM_SIGN and rng.random() < 0.3:
        return s + _c(rng, _KM_SIGN[vowel])
    return s + _maybe(rng, 0.5, _KM_FINAL)


def _myanmar(rng: np.random.Generator) -> str:
    s = _c(rng, _MY_C) + _MY_MEDIAL[int(rng.integers(len(_MY_MEDIAL)))]
    s += _MY_V[int(rng.integers(len(_MY_V)))]
    tone = _maybe(rng, 0.5, "့း")
    if rng.random() < 0.45:
        return s + _c(rng, _MY_FINAL) + ("့" if tone == "့" else "") + "်" + ("း" if tone == "း" else "")
    return s + tone


_GRAMMARS = {"th": _thai, "lo": _lao, "km": _khmer, "my": _myanmar}
LANGUAGES = tuple(_GRAMMARS)


@lru_cache(maxsize=4096)
def broken_cluster(text: str, tag: str) -> bool:
    """True when HarfBuzz, shaping ``text`` in the script's pinned font, draws a dotted circle or .notdef."""
    font = load_font(SCRIPT_FONT[tag])
    buf = hb.Buffer()
    buf.add_str(text)
    buf.script = _HB_SCRIPT[tag]
    buf.language = tag
    buf.direction = "ltr"
    hb.shape(font.font, buf)
    dotted = font.font.get_nominal_glyph(0x25CC)
    return any(i.codepoint == 0 or (dotted is not None and i.codepoint == dotted) for i in buf.glyph_infos)


def syllable(rng: np.random.Generator, tag: str, tries: int = 50) -> str:
    """One random well-formed written syllable of ``tag`` (th, lo, km, my)."""
    try:
        grammar = _GRAMMARS[tag]
    except KeyError:
        raise SourceError(f"no syllable grammar for language {tag!r}; have: {', '.join(_GRAMMARS)}") from None
    for _ in range(tries):
        s = grammar(rng)
        if not broken_cluster(s, tag):
            return s
    raise SourceError(f"the {tag!r} syllable grammar gave only broken clusters in {tries} tries")


def syllable_run(rng: np.random.Generator, tag: str, n: int) -> str:
    """``n`` random syllables written together, as these scripts write words (no spaces)."""
    return "".join(syllable(rng, tag) for _ in range(n))
