"""render_page(): fixed canvas, the fit search, alignment, line breaks, code, errors and determinism."""

from __future__ import annotations

import doctest
import hashlib
import re
import subprocess
import sys

import numpy as np
import pytest
from babel import Locale

import generator.page
from generator import MissingGlyphError, PageFitError, RenderError, TextError, render_page
from generator.page import MIN_FONT_SIZE, default_margin
from generator.ucd import grapheme_bounds, line_break_bounds

EN = ("Everyone has the right to freedom of thought, conscience and religion; this right includes freedom to "
      "change his religion or belief, and freedom to manifest his religion or belief in teaching and practice.")
JA = "すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。「かっこ」の中、ぎゃっと言った。"
TH = "ผู้ใหญ่ลี้ได้ยินข่าวนั้นแล้วก็รีบเดินทางไปบ้านของเพื่อนที่อยู่อีกฟากหนึ่งของหมู่บ้าน เขาเดินไปตามทางเล็กๆ ริมคลอง"
KM = "មនុស្សទាំងអស់កើតមកមានសេរីភាពនិងភាពស្មើៗគ្នាក្នុងសិទ្ធិនិងសេចក្ដីថ្លៃថ្នូរ។ មនុស្សគ្រប់រូបសុទ្ធតែមានវិចារណញ្ញាណ"
AR = "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق، وقد وهبوا عقلاً وضميرًا وعليهم أن يعامل بعضهم بعضًا بروح الإخاء 1948"
HE = "כל בני אדם נולדו בני חורין ושווים בערכם ובזכויותיהם. כולם חוננו בתבונה ובמצפון, לפיכך חובה עליהם לנהוג איש ברעהו"
HI = "सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता और समानता प्राप्त है। उन्हें बुद्धि और अन्तरात्मा"
CODE = ('def wrap(text, width=70):\n    """Wrap a paragraph."""\n    lines, line = [], ""\n'
        '    for word in text.split():\n        if len(line) + len(word) + 1 > width:\n'
        '            lines.append(line)\n            line = word\n        else:\n'
        '            line = f"{line} {word}".strip()\n    return lines + [line]')
IDS = ("https://example.org/a/b?id=42 3f2b9c1e-77aa-4c1d-9e0f-1234567890ab "
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 +1-202-555-0143 0x7ffe_1234 12,345.67")

PAGES = [("en", EN * 3, "sans"), ("ja", JA * 3, "sans"), ("th", TH * 2, "sans"), ("km", KM * 2, "sans"),
         ("ar", AR * 2, "sans"), ("he", HE * 2, "sans"), ("hi", HI * 2, "sans"), ("en", CODE, "mono"),
         ("en", IDS * 2, "sans")]
PAGE_IDS = ["en", "ja", "th", "km", "ar", "he", "hi", "code", "identifiers"]


def _lines(r):
    """Clusters grouped by line (by top edge), each line's clusters in logical order."""
    by_top: dict[int, list] = {}
    for c in r.clusters:
        if c.box[2] > c.box[0]:
            by_top.setdefault(c.box[1], []).append(c)
    return [by_top[t] for t in sorted(by_top)]


def _paragraph_line_starts(r):
    """(paragraph text, paragraph offset, [line starts in the paragraph]) per paragraph."""
    out, pos = [], 0
    for para in r.text.split("\n"):
        starts = sorted({min(c.start for c in line) - pos for line in _lines(r)
                         if pos <= min(c.start for c in line) < pos + len(para)})
        out.append((para, pos, starts))
        pos += len(para) + 1
    return out


def test_doctests():
    assert doctest.testmod(generator.page).failed == 0


@pytest.mark.parametrize("language,text,style", PAGES, ids=PAGE_IDS)
@pytest.mark.parametrize("canvas", [(512, 512), (640, 900)], ids=["512", "640x900"])
def test_chosen_size_is_the_largest_that_fits(language, text, style, canvas):
    w, h = canvas
    r = render_page(text, width=w, height=h, language=language, style=style)
    size = r.options["font_size"]
    assert r.size == (w, h) and r.image.size == (w, h)
    assert MIN_FONT_SIZE <= size
    same = render_page(text, width=w, height=h, language=language, style=style, font_size=size)
    assert same.to_png() == r.to_png()
    with pytest.raises(PageFitError, match=f"font_size={size + 1}"):
        render_page(text, width=w, height=h, language=language, style=style, font_size=size + 1)


@pytest.mark.parametrize("language,text,style", PAGES, ids=PAGE_IDS)
def test_nothing_leaves_the_canvas_and_ink_stays_inside_the_margin(language, text, style):
    w, h = 600, 400
    r = render_page(text, width=w, height=h, language=language, style=style)
    m = r.options["margin"]
    assert m == default_margin(w, h)
    gray = r.pixels() if r.image.mode == "L" else r.pixels().min(axis=2)
    assert gray.min() < 100, "something must be drawn"
    inner = np.full(gray.shape, False)
    inner[m:h - m, m:w - m] = True
    assert (gray[~inner] == 255).all(), "ink in the margin"
    for c in r.clusters:
        x0, y0, x1, y1 = c.box
        assert 0 <= x0 <= x1 <= w and 0 <= y0 <= y1 <= h, c
    for run, *_ in r._records[0]:  # no glyph is .notdef
        assert run.glyphs.all()


@pytest.mark.parametrize("language,text", [("ar", AR * 2), ("he", HE * 2)], ids=["ar", "he"])
def test_right_to_left_pages_are_right_aligned(language, text):
    r = render_page(text, width=512, height=400, language=language)
    m = r.options["margin"]
    lines = _lines(r)
    assert len(lines) >= 3
    rights = [max(c.box[2] for c in line) for line in lines]
    lefts = [min(c.box[0] for c in line) for line in lines]
    assert all(512 - m - 3 <= x <= 512 - m for x in rights), rights
    assert lefts[-1] > lefts[0] + 50, "the last line is short and ragged on the left"
    first = lines[0]
    xs = [(c.box[0] + c.box[2]) / 2 for c in sorted(first, key=lambda c: c.start)]
    assert xs[0] > xs[-1], "logical order runs right to left"


def test_left_to_right_pages_are_left_aligned():
    r = render_page(EN * 3, width=512, height=400)
    m = r.options["margin"]
    assert all(m <= min(c.box[0] for c in line) <= m + 3 for line in _lines(r))


@pytest.mark.parametrize("language,text", [("th", TH * 3), ("km", KM * 3)], ids=["th", "km"])
def test_thai_and_khmer_break_only_at_icu_breaks(language, text):
    r = render_page(text, width=400, height=400, language=language)
    assert r.line_count >= 4
    for para, _, starts in _paragraph_line_starts(r):
        allowed = set(line_break_bounds(para, language))
        assert len(starts) >= 4 and set(starts) <= allowed, (starts, sorted(allowed))
        assert set(starts) <= set(grapheme_bounds(para))


def test_japanese_lines_keep_kinsoku():
    r = render_page(JA * 4, width=400, height=400, language="ja")
    firsts = [r.text[min(c.start for c in line)] for line in _lines(r)]
    assert len(firsts) >= 5
    assert not set(firsts) & set("。、」っゃ）"), firsts


def test_code_keeps_its_line_breaks_and_is_never_wrapped():
    r = render_page(CODE, width=512, height=512, style="mono")
    assert r.line_count == CODE.count("\n") + 1
    starts = [min(c.start for c in line) for line in _lines(r)]
    assert starts == [0] + [m.end() for m in re.finditer("\n", CODE)], "each line starts at its indentation"
    prose = render_page(CODE, width=512, height=512, style="sans")
    assert prose.line_count == r.line_count, "the same lines fit without wrapping in sans too"
    one_long_line = "x = " + " + ".join(f"value_{i}" for i in range(60))
    with pytest.raises(PageFitError, match=r"does not fit a 512x512 px canvas"):
        render_page(one_long_line, width=512, height=512, style="mono")
    assert render_page(one_long_line, width=512, height=512).line_count > 1, "prose of the same text wraps"


def test_paragraphs_flow_top_to_bottom_with_blank_lines_kept():
    r = render_page("First paragraph.\n\nThird, after a blank one.", width=400, height=300, font_size=16)
    assert r.line_count == 3
    tops = [line[0].box[1] for line in _lines(r)]
    assert len(tops) == 2 and tops[1] - tops[0] > 2 * r.options["font_size"]


def test_trailing_white_space_does_not_push_a_line_out():
    text = ("word " + " " * 30) * 40
    r = render_page(text, width=300, height=300)
    assert all(c.box[2] <= 300 for c in r.clusters)


def test_a_text_that_cannot_fit_is_a_named_error():
    text = EN * 40
    with pytest.raises(PageFitError) as err:
        render_page(text, width=128, height=128)
    msg = str(err.value)
    assert f"{len(text)} code points" in msg and "128x128" in msg and f"{MIN_FONT_SIZE} px" in msg
    assert "shorten the text" in msg and isinstance(err.value, RenderError)


def test_a_prediction_re_renders_with_the_recorded_options():
    r = render_page(EN, width=512, height=512)
    again = render_page(EN, **r.options)
    assert again.to_png() == r.to_png() and again.options == r.options
    other = render_page(EN.replace("freedom", "liberty"), **r.options)
    assert other.size == (512, 512) and other.options["font_size"] == r.options["font_size"]


def test_same_call_twice_and_in_a_fresh_process_gives_identical_bytes():
    text = AR + "\n" + TH + "\nmixed 😀 עולם 123"
    png = render_page(text, width=512, height=512).to_png()
    assert render_page(text, width=512, height=512).to_png() == png
    code = ("import sys, hashlib; from generator import render_page; sys.stdout.write(hashlib.sha256("
            f"render_page({text!r}, width=512, height=512).to_png()).hexdigest())")
    other = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert other == hashlib.sha256(png).hexdigest()


LO = "ມະນຸດທຸກຄົນເກີດມາມີກຽດສັກສີ ແລະ ສິດເທົ່າທຽມກັນ ມີສະຕິປັນຍາ ແລະ ມະໂນທຳ ແລະ ຄວນປະພຶດຕໍ່ກັນດ້ວຍເຈດຕະນາດີ"
HISTORY = [("km", KM * 2, "sans", 320), ("lo", LO * 2, "serif", 320), ("en", CODE.replace("    ", "\t"), "mono", 400),
           ("th", TH * 2, "serif", 256), ("km", KM, "serif", 200)]


def _page_digest(language, text, style, side) -> str:
    r = render_page(text, width=side, height=side, language=language, style=style)
    return hashlib.sha256(r.image.mode.encode() + repr(r.size).encode() + r.image.tobytes()).hexdigest()


def test_a_long_lived_process_draws_every_page_as_a_fresh_one(monkeypatch):
    """What a build worker draws does not depend on what it drew before: pages rendered one after another,
    in two orders, with the glyph cache and the shaping memo starting afresh every few glyphs and the caches
    forgotten between the orders, are the pixels a fresh interpreter draws for each page alone."""
    from generator import raster, shaping
    from generator.render import forget_caches

    fresh = []
    for page in HISTORY:
        code = f"import sys; from test_page import _page_digest; sys.stdout.write(_page_digest(*{page!r}))"
        fresh.append(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                                    cwd=str(__import__("pathlib").Path(__file__).parent)).stdout)
    monkeypatch.setattr(raster, "CACHE_BYTES", 4 << 10)
    monkeypatch.setattr(shaping, "_SHAPED_BYTES_LIMIT", 2 << 10)
    for order in (range(len(HISTORY)), reversed(range(len(HISTORY)))):
        for k in order:
            assert _page_digest(*HISTORY[k]) == fresh[k], HISTORY[k][:1] + HISTORY[k][2:]
        forget_caches()


def test_colour_emoji_stay_inside_the_margin():
    r = render_page("colour 🍎 👩🏽‍🚀 🇯🇵 " * 20, width=300, height=300)
    assert r.image.mode == "RGB"
    px = r.pixels()
    m = r.options["margin"]
    assert (px[:m] == 255).all() and (px[-m:] == 255).all() and (px[:, :m] == 255).all() and (px[:, -m:] == 255).all()


@pytest.mark.parametrize("kwargs,needle", [
    (dict(width=10, height=512), "width must be an int from 32"),
    (dict(width=512, height=99999), "height must be an int from 32 to 16384 px"),
    (dict(width=16384, height=4096), "a page of 16384x4096 px needs a canvas of 16384x4096 = 67,108,864 px, over"),
    (dict(width=512.0, height=512), "width must be an int"),
    (dict(width=512, height=512, font_size=3), "font_size must be None"),
    (dict(width=512, height=512, margin=300), "margin must be None or an int from 0 to 250"),
    (dict(width=512, height=512, style="bold"), "style 'bold'"),
    (dict(width=512, height=512, language="not a tag"), "language must be a BCP 47 tag"),
], ids=["narrow", "tall", "pixels", "float", "size", "margin", "style", "language"])
def test_bad_options_are_named(kwargs, needle):
    with pytest.raises(RenderError, match=re.escape(needle)):
        render_page("text", **kwargs)


def test_bad_text_is_a_text_error():
    with pytest.raises(TextError, match="control character"):
        render_page("a\x07b", width=128, height=128)
    with pytest.raises(TextError, match="over the limit of 20000"):
        render_page("x" * 20001, width=4096, height=4096)
    with pytest.raises(MissingGlyphError, match="U\\+18B00"):
        render_page("Khitan \U00018B00", width=128, height=128)


# Held-out text: CLDR's names of territories and months, in each language's own script (from babel, not from
# this repository or the dataset's sources), as running text.
HELD_OUT = ["en", "de", "vi", "pl", "ru", "el", "zh_Hans", "zh_Hant", "ja", "ko", "th", "lo", "km", "my", "ar",
            "fa", "ur", "he", "hi", "bn", "ta", "hy"]


def _held_out_text(tag: str) -> str:
    loc = Locale.parse(tag)
    names = sorted(v for k, v in loc.territories.items() if k.isalpha())[:120]
    months = " ".join(loc.months["format"]["wide"].values())
    return "\n".join([", ".join(names[:60]) + ".", months + " 2026", ", ".join(names[60:]) + "."])


@pytest.mark.parametrize("tag", HELD_OUT)
def test_held_out_multiscript_text_renders_without_errors(tag):
    text = _held_out_text(tag)
    language = tag.replace("_", "-")
    for w, h in ((512, 512), (1024, 1024)):
        r = render_page(text, width=w, height=h, language=language)
        assert r.size == (w, h) and r.line_count >= 3
        gray = r.pixels() if r.image.mode == "L" else r.pixels().min(axis=2)
        m = r.options["margin"]
        assert (gray[:m] == 255).all() and (gray[h - m:] == 255).all()
        assert (gray[:, :m] == 255).all() and (gray[:, w - m:] == 255).all()


@pytest.mark.parametrize("language,text,style", PAGES, ids=PAGE_IDS)
def test_line_height_floor_never_exceeds_the_line_height(language, text, style):
    from generator.layout import break_prepared, shape_lines
    from generator.page import LINE_SPACING, TAB_SIZE, _prepare

    text += "\n(12) “quoted” 😀 " + text[:80]
    for size in (9, 17):
        min_line = round(LINE_SPACING * size * 64)
        for p in _prepare(text, style, language):
            runs, spans = break_prepared(p.prepared, size=size, max_width=None if style == "mono" else 300,
                                         tab_size=TAB_SIZE)
            for (a, b), line in zip(spans, shape_lines(p.prepared, runs, spans, size=size, tab_size=TAB_SIZE)):
                assert p.height_floor(a, b, size, min_line) <= max(min_line, line.ascent + line.descent)


@pytest.mark.parametrize("language,text,style", PAGES, ids=PAGE_IDS)
def test_a_size_ruled_out_by_scaled_widths_does_not_fit(language, text, style):
    # the fit search rules a size out from the widths at another size, scaled, without shaping at it; every
    # size it rules out must fail the real layout, or the search would choose a smaller size than fits
    from generator.page import _Flow, _lay_out, _overflows_scaled, _prepare, _shaped_widths, default_margin
    from generator.layout import shape_paragraph

    text = "\n".join([text] * 3)
    ruled_out = 0
    for w, h in ((300, 300), (512, 700)):
        margin = default_margin(w, h)
        content = (w - 2 * margin, h - 2 * margin)
        paras = _prepare(text, style, language)
        flow = _Flow(paras)
        runs = {s: [shape_paragraph(p.prepared, size=s, tab_size=4) for p in paras] for s in range(6, 40)}
        measured = {s: _shaped_widths(flow, runs[s]) for s in (8, 14, 20)}
        for size in range(6, 40):
            fits = _lay_out(paras, runs[size].__getitem__, size, content, margin, style) is not None
            for ref, (widths, glyphs) in measured.items():
                for strong in (False, True):
                    if _overflows_scaled(flow, widths, glyphs, ref, size, content, style, strong):
                        ruled_out += 1
                        assert not fits, (w, h, ref, size, strong)
    assert ruled_out > 20, "the scaled widths rule out the sizes far too large"


def test_settled_runs_are_what_itemization_calls_settled():
    from generator.itemize import first_settled
    from generator.page import _SETTLED_RUNS

    for cp in range(0x20, 0x30000, 7):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        assert bool(_SETTLED_RUNS.fullmatch(ch)) == (first_settled(ch, 0, 1) == 0), hex(cp)
