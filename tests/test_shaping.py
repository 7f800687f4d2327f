"""Glyph ids and clusters of every run equal hb-shape's for the same font, text, script and context."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from generator import render
from generator.fonts import entry, locate
from generator.itemize import Item
from generator.shaping import MONO_FEATURES, shape_run
from samples import CASES, IDS

HB_SHAPE = shutil.which("hb-shape")

def _hex(text: str) -> str:
    return ",".join(f"{ord(c):X}" for c in text)


def hb_shape(font_id: str, text: str, start: int, end: int, script: str, language: str | None, direction: str,
             features: dict | None = None):
    """(glyph id, cluster) pairs from the hb-shape command, clusters relative to ``start``."""
    e = entry(font_id)
    shaped = text.replace("\t", " ")
    cmd = [HB_SHAPE, f"--face-index={e.face_index}", "--output-format=json", "--no-glyph-names",
           f"--direction={direction}", f"--unicodes={_hex(shaped[start:end])}"]
    if script != "Zyyy":
        cmd.append(f"--script={script}")
    if language:
        cmd.append(f"--language={language}")
    if features:
        cmd.append("--features=" + ",".join(("" if on else "-") + tag for tag, on in features.items()))
    if start:
        cmd.append(f"--unicodes-before={_hex(shaped[:start])}")
    if end < len(shaped):
        cmd.append(f"--unicodes-after={_hex(shaped[end:])}")
    cmd.append(str(locate(e)))
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env={**os.environ, "LANG": "C"}).stdout
    return [(g["g"], g["cl"]) for g in json.loads(out)]


@pytest.mark.skipif(HB_SHAPE is None, reason="hb-shape (Debian libharfbuzz-bin) is installed by scripts/setup")
@pytest.mark.parametrize("language,text,style", CASES, ids=IDS)
def test_runs_match_hb_shape(language, text, style):
    r = render(text, language=language, style=style)
    assert r.runs, "no runs"
    for run in r.runs:
        item = Item(run.start, run.end, 1 if run.direction == "rtl" else 0, run.script, run.font_id, run.language)
        features = MONO_FEATURES if style == "mono" else None
        ours = shape_run(text, item, 32, features=features)
        got = [(int(g), int(c) - run.start) for g, c in zip(ours.glyphs, ours.clusters)]
        want = hb_shape(run.font_id, text, run.start, run.end, run.script, run.language, run.direction, features)
        assert want
        assert got == want, f"{run.font_id} {run.script} {text[run.start:run.end]!r}"
        visible = [c for g, c in got if g == 0 and not text[run.start + c] in "\u200d\ufe0f"]
        assert not visible, f".notdef in {run.font_id} for {text[run.start:run.end]!r}"


def test_thai_shaping_exact():
    """A fixed expectation for the pinned NotoSansThai: marks stay in their base's cluster."""
    run = shape_run("สวัสดี", Item(0, 6, 0, "Thai", "noto-sans-thai", "th"), 32)
    assert [(int(g), int(c)) for g, c in zip(run.glyphs, run.clusters)] == [
        (110, 0), (134, 1), (45, 1), (110, 3), (12, 4), (94, 4)]


def test_arabic_joins_differ_from_isolated_forms():
    joined = shape_run("بب", Item(0, 2, 1, "Arab", "noto-sans-arabic", "ar"), 32)
    alone = shape_run("ب", Item(0, 1, 1, "Arab", "noto-sans-arabic", "ar"), 32)
    assert alone.glyphs[0] not in set(joined.glyphs.tolist()), "joining forms were not applied"


def test_context_across_runs_keeps_arabic_joining():
    """Shaping the second half alone, with the first as context, gives the joined (final) form."""
    text = "بب"
    whole = shape_run(text, Item(0, 2, 1, "Arab", "noto-sans-arabic", "ar"), 32)
    second = shape_run(text, Item(1, 2, 1, "Arab", "noto-sans-arabic", "ar"), 32)
    # right-to-left output is visual: the logically second letter comes first
    assert int(second.glyphs[0]) == int(whole.glyphs[0])


def test_tab_advances_tab_size_spaces():
    space = shape_run("a b", Item(0, 3, 0, "Latn", "jetbrains-mono", "en"), 32)
    tab = shape_run("a\tb", Item(0, 3, 0, "Latn", "jetbrains-mono", "en"), 32, tab_size=4)
    assert tab.x_advance[1] == 4 * space.x_advance[1]


def test_mono_style_draws_no_programming_ligatures():
    """In code, "!=" and "->" keep one glyph per character, as in an editor without ligatures."""
    item = Item(0, 5, 0, "Latn", "jetbrains-mono", "en")
    plain = shape_run("a!=->", item, 32, features=MONO_FEATURES)
    fancy = shape_run("a!=->", item, 32)
    assert plain.glyphs.tolist() != fancy.glyphs.tolist(), "the font's ligatures are on by default"
    singles = [int(shape_run(c, Item(0, 1, 0, "Latn", "jetbrains-mono", "en"), 32).glyphs[0]) for c in "a!=->"]
    assert plain.glyphs.tolist() == singles


def _full_context_arrays(text: str, item: Item, size: int):
    """The run shaped with the whole text as context, as HarfBuzz gets it without any window."""
    import numpy as np
    import uharfbuzz as hb

    from generator.fonts import load_font

    buf = hb.Buffer()
    buf.add_str(text, item.start, item.end - item.start)
    buf.direction = item.direction
    if item.script != "Zyyy":
        buf.script = item.script
    if item.language:
        buf.language = item.language
    hb.shape(load_font(item.font_id).at_size(size), buf, None)
    return (np.array([i.codepoint for i in buf.glyph_infos]), np.array([i.cluster for i in buf.glyph_infos]),
            np.array([p.x_advance for p in buf.glyph_positions]), np.array([p.x_offset for p in buf.glyph_positions]),
            np.array([p.y_offset for p in buf.glyph_positions]))


@pytest.mark.parametrize("text,language", [
    ("يولد جميع الناس أحرارًا (1948) متساوين في الكرامة والحقوق، وقد وهبوا عقلاً وضميرًا abc وعليهم", "ar"),
    ("ผู้ใหญ่ลี้ได้ยินข่าว 2567 นั้นแล้วก็รีบเดินทางไปบ้าน (ของเพื่อน) ที่อยู่", "th"),
    ("सभी मनुष्यों को गौरव और 😀 अधिकारों के मामले में 12 जन्मजात ✓ स्वतन्त्रता", "hi"),
    ("Office ﬃ 😀 👩🏽‍🚀 naïve café — “quoted” ᾅ ﬁnal", "en"),
], ids=["ar", "th", "hi", "en"])
def test_context_window_gives_what_the_whole_text_gives(text, language):
    from generator.itemize import BidiParagraph, itemize

    items = itemize(text, BidiParagraph(text, None).levels, style="sans", language=language)
    assert len(items) >= 2
    for item in items:
        run = shape_run(text, item, 19)
        expected = _full_context_arrays(text, item, 19)
        for got, want in zip((run.glyphs, run.clusters, run.x_advance, run.x_offset, run.y_offset), expected):
            assert got.tolist() == want.tolist(), item


def _shape_many(count: int, size: int = 24):
    for i in range(count):
        text = f"สวัสดี {i} ครับ"
        shape_run(text, Item(0, len(text), 0, "Thai", "noto-sans-thai", "th"), size)


def test_the_shaping_memo_counts_at_least_what_it_holds(monkeypatch):
    import gc
    import tracemalloc

    from generator import shaping

    _shape_many(300)  # fonts, HarfBuzz plans and every other cache warmed up
    shaping.forget_shaped()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        _shape_many(300)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(shaping._shaped) == 300 and 0 < held <= shaping._shaped_bytes


def test_the_shaping_memo_never_passes_its_byte_limit(monkeypatch):
    from generator import shaping

    monkeypatch.setattr(shaping, "_SHAPED_BYTES_LIMIT", 20_000)
    shaping.forget_shaped()
    sizes = []
    for i in range(200):
        _shape_many(1, size=12 + i)
        sizes.append(shaping._shaped_bytes)
    assert max(sizes) <= 20_000 and 0 < len(shaping._shaped) < 200
    shaping.forget_shaped()
