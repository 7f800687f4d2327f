"""Font selection per script, style and language."""

from __future__ import annotations

import pytest

from generator.errors import RenderError
from generator.fonts import load_font
from generator.selection import STYLES, cjk_region, font_chain

SCRIPTS = {"Latn": 0x61, "Cyrl": 0x430, "Grek": 0x3B1, "Hani": 0x6F22, "Hira": 0x3042, "Kana": 0x30AB,
           "Hang": 0xAC00, "Thai": 0xE01, "Laoo": 0xE81, "Khmr": 0x1780, "Mymr": 0x1000, "Arab": 0x628,
           "Hebr": 0x5D0, "Deva": 0x915, "Beng": 0x995, "Taml": 0xB95, "Armn": 0x531, "Cher": 0x13A0}


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("style", STYLES)
def test_primary_face_covers_its_script(script, style):
    chain = font_chain(script, style, None)
    covering = [f for f in chain if load_font(f).covers(SCRIPTS[script])]
    assert covering, f"no font in the {style} chain covers {script}"
    if style != "mono" or script in ("Latn", "Cyrl", "Grek", "Hani", "Hira", "Kana", "Hang"):
        assert covering[0] == chain[0], f"{chain[0]} should be {script}'s primary {style} face"


@pytest.mark.parametrize("language,region", [("ja", "jp"), ("ko", "kr"), ("zh-Hans", "sc"), ("zh-Hant", "tc"),
                                             ("zh-TW", "tc"), ("zh", "sc"), (None, "sc")])
def test_cjk_region(language, region):
    assert cjk_region("Hani", language) == region


def test_urdu_serif_is_nastaliq():
    assert font_chain("Arab", "serif", "ur")[0] == "noto-nastaliq-urdu"
    assert font_chain("Arab", "serif", "ar")[0] == "noto-naskh-arabic"


def test_symbols_and_math_are_in_every_chain():
    for style in STYLES:
        chain = font_chain("Latn", style, "en")
        assert {"noto-sans-symbols", "noto-sans-symbols2", "noto-sans-math"} <= set(chain)


def test_unknown_style():
    with pytest.raises(RenderError, match="style 'italic'"):
        font_chain("Latn", "italic", None)
