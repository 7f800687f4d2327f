"""The nine subsets: declared languages and scripts, provenance, every kind, and rendering without tofu."""

from __future__ import annotations

import base64
import re
import unicodedata
import uuid

import numpy as np
import pytest

from generator import render
from generator.metadata import precision_columns, skeleton
from generator.subsets import SUBSETS
from generator.subsets.emoji import MAX_EMOJI_VERSION, by_kind
from generator.subsets.homoglyphs import CONFUSABLE_KINDS, HOMOGLYPHS, visual_order
from generator.subsets.identifiers import IDENTIFIERS
from generator.subsets.logographic import LOGOGRAPHIC
from generator.subsets.typos import TYPOS
from generator.sources.udhr import udhr_lines, udhr_sentences
from generator.ucd import INVISIBLE, graphemes, is_bidi_control

EXPECTED = {
    "logographic": {"zh-Hans", "zh-Hant", "ja", "ko"},
    "unsegmented": {"th", "lo", "km", "my"},
    "complex": {"ar", "fa", "ur", "he", "hi", "bn", "ta"},
    "code": {f"zxx-x-{x}" for x in ("python", "js", "rust", "c", "sql", "shell", "json", "regex")},
}


def drafts(subset, per_language, layout, seed=0):
    for i, language in enumerate(subset.languages):
        for j in range(per_language):
            yield subset.draw(np.random.default_rng([seed, i, j]), language, layout)


def test_the_nine_subsets_and_their_languages():
    assert list(SUBSETS) == ["logographic", "unsegmented", "latin", "complex", "code", "emoji", "homoglyphs",
                             "identifiers", "typos"]
    for name, langs in EXPECTED.items():
        assert set(SUBSETS[name].languages) == langs
    assert {"vi", "pl", "cs", "tr", "de", "fr", "en", "ru", "el"} <= set(SUBSETS["latin"].languages)


@pytest.mark.parametrize("name", list(SUBSETS))
def test_subset_yields_its_declared_languages_scripts_and_kinds(name):
    subset = SUBSETS[name]
    seen_languages, seen_kinds = set(), set()
    for layout in ("line", "paragraph"):
        for d in drafts(subset, 6, layout):
            seen_languages.add(d.language)
            seen_kinds.add(d.kind)
            assert d.script == subset.script_of(d.language)
            present = set(precision_columns(d.text)["scripts"])
            assert present <= subset.char_scripts(d.language), (name, d.language, d.text, present)
            assert d.source and d.license
            if layout == "line" and name != "code":
                assert "\n" not in d.text
    assert seen_languages == set(subset.languages)
    declared = {k for lang in subset.languages for k, _w in subset.kinds_for(lang)}
    assert seen_kinds <= declared | {"natural_block", "generated_block", "mixed_direction", "mixed_latin"}


@pytest.mark.parametrize("name", list(SUBSETS))
def test_every_kind_can_be_generated(name):
    subset = SUBSETS[name]
    for language in subset.languages:
        for kind, _w in subset.kinds_for(language):
            d = subset.check(subset.generate(kind, np.random.default_rng(3), language))
            assert d.language == language and d.text


@pytest.mark.parametrize("name", list(SUBSETS))
def test_samples_render_without_tofu(name):
    """A bounded sample of each subset, in each of its styles, renders: the renderer raises on any .notdef."""
    subset = SUBSETS[name]
    for k, d in enumerate(drafts(subset, 3, "line", seed=7)):
        style = subset.styles_for(d.language)[k % len(subset.styles_for(d.language))]
        r = render(d.text, font_size=20, language=d.language, style=style)
        assert r.glyph_count > 0 or not d.text.strip()
    for d in drafts(subset, 1, "paragraph", seed=8):
        r = render(d.text, font_size=16, language=d.language, style=subset.styles_for(d.language)[0],
                   max_width=480 if subset.wraps else None)
        assert r.image.size[0] > 0


def test_homoglyph_pairs_differ_in_code_points_and_share_a_skeleton():
    rng = np.random.default_rng(1)
    for language in HOMOGLYPHS.languages:
        for kind, _w in HOMOGLYPHS.kinds_for(language):
            for _ in range(5):
                d = HOMOGLYPHS.generate(kind, rng, language)
                assert d.partner is not None and d.text != d.partner
                if kind in CONFUSABLE_KINDS:
                    assert skeleton(d.text) == skeleton(d.partner), (kind, d.text, d.partner)
                if kind == "nfc_nfd":
                    assert unicodedata.is_normalized("NFD", d.text) and unicodedata.is_normalized("NFC", d.partner)
                    assert unicodedata.normalize("NFC", d.text) == d.partner
                if kind == "invisible":
                    assert "".join(c for c in d.text if ord(c) not in INVISIBLE) == d.partner
                if kind == "bidi_trojan":
                    assert any(is_bidi_control(ord(c)) for c in d.text)
                    assert d.partner == visual_order(d.text)
                if kind == "mixed_script":
                    assert precision_columns(d.text)["mixed_script"]


def test_trojan_source_partner_is_what_is_displayed():
    assert visual_order("report\u202efdp.exe") == "reportexe.pdf"


def test_typo_samples_differ_from_their_source_sentence():
    rng = np.random.default_rng(2)
    for language in TYPOS.languages:
        sources = {t.text for t in udhr_sentences(language) + udhr_lines(language)}
        for kind, _w in TYPOS.kinds:
            for _ in range(8):
                d = TYPOS.generate(kind, rng, language)
                assert d.partner in sources and d.text != d.partner
                if kind in ("swap", "scramble"):
                    assert sorted(graphemes(d.text)) == sorted(graphemes(d.partner))


def test_logographic_random_runs_reach_beyond_the_bmp():
    rng = np.random.default_rng(4)
    for language in ("zh-Hans", "zh-Hant", "ja"):
        runs = [LOGOGRAPHIC.generate("rare_chars", rng, language).text for _ in range(30)]
        assert any(ord(c) > 0xFFFF for t in runs for c in t), language
        r = render(max(runs, key=lambda t: max(map(ord, t))), font_size=24, language=language)
        assert r.fonts[0].startswith("noto-sans-cjk-")


def test_emoji_pool_is_limited_to_the_font_version_and_renders_in_colour():
    import emoji

    for kind, pool in by_kind().items():
        assert pool, kind
        for e in pool[:: max(1, len(pool) // 20)]:
            if kind != "presentation":
                assert emoji.EMOJI_DATA[e]["E"] <= MAX_EMOJI_VERSION
                r = render(e, font_size=24)
                assert r.image.mode == "RGB" and r.fonts == ("noto-color-emoji",) and r.glyph_count == 1, e


def test_identifiers_are_well_formed():
    rng = np.random.default_rng(9)
    for _ in range(20):
        iban = IDENTIFIERS.generate("iban", rng, "zxx").text.replace(" ", "")
        digits = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4])
        assert int(digits) % 97 == 1
        assert uuid.UUID(IDENTIFIERS.generate("uuid", rng, "zxx").text)
        base64.b64decode(IDENTIFIERS.generate("base64", rng, "zxx").text, altchars=b"-_", validate=True)
        assert re.fullmatch(r"[a-z]+://\S+", IDENTIFIERS.generate("url", rng, "zxx").text)
        assert re.fullmatch(r"[^@\s]+@[a-z0-9.]+", IDENTIFIERS.generate("email", rng, "zxx").text)


@pytest.mark.parametrize("name", [n for n in SUBSETS if n != "homoglyphs"])
def test_natural_text_and_partners_are_nfc(name):
    subset = SUBSETS[name]
    assert not subset.keeps_normal_form
    for layout in ("line", "paragraph"):
        for d in drafts(subset, 6, layout):
            assert unicodedata.is_normalized("NFC", d.text), (name, d.language, d.text)
            assert d.partner is None or unicodedata.is_normalized("NFC", d.partner), (name, d.partner)


def test_sources_stored_in_other_forms_come_out_in_nfc():
    # the Hindi sample text writes क़ with U+0958, a composition exclusion; NFC writes it as ka + nukta
    hindi = " ".join(t.text for t in udhr_lines("hi"))
    assert "\u0958" not in hindi and "\u0915\u093c" in hindi
    for lang in ("hi", "vi", "my", "fa"):
        assert all(unicodedata.is_normalized("NFC", t.text) for t in udhr_lines(lang) + udhr_sentences(lang))


def test_subset_check_puts_drafts_in_nfc_unless_the_form_is_the_point():
    from generator.subsets.base import Draft

    draft = Draft("cu\u031b\u0309a", "vi", "Latn", "natural", "example", "CC0-1.0", partner="ca\u0301")
    checked = TYPOS.check(draft)
    assert (checked.text, checked.partner) == ("c\u1eeda", "c\u00e1")
    nfd = Draft("vie\u0323\u0302c", "vi", "Latn", "nfc_nfd", "example", "CC0-1.0", partner="vi\u1ec7c")
    assert HOMOGLYPHS.keeps_normal_form and HOMOGLYPHS.check(nfd) == nfd
