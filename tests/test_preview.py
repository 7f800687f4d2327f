"""preview: one contact sheet per config, with images and their text drawn on it."""

from __future__ import annotations

import numpy as np
from PIL import Image

from generator.preview import pick_rows, preview


def test_one_sheet_per_config_with_ink(small_build_copy):
    out, manifest = small_build_copy
    paths = preview(out, per_config=4, log=lambda line: None)
    assert sorted(p.stem for p in paths) == sorted(manifest["configs"])
    for path in paths:
        with Image.open(path) as im:
            pixels = np.asarray(im.convert("L"))
        assert pixels.shape[1] >= 4 * 300
        assert (pixels < 100).mean() > 0.002, f"{path.name} shows no text"


def test_pick_rows_takes_distinct_texts_across_the_ladder():
    rows = [{"text_id": t, "font_size": s} for t in "abc" for s in (32, 16, 24)]
    assert [(r["text_id"], r["font_size"]) for r in pick_rows(rows, 3)] == [("a", 16), ("b", 24), ("c", 32)]
    assert len(pick_rows(rows, 10)) == 3
