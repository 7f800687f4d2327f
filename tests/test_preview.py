"""preview: one contact sheet per config, with images and their text drawn on it."""

from __future__ import annotations

import numpy as np
import pytest
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


def test_a_missing_shard_or_a_file_in_the_way_is_a_named_error(small_build_copy):
    from generator.errors import OutputError, VerifyError
    from generator.shards.manifest import manifest_shards

    out, manifest = small_build_copy
    (out / "preview").write_text("in the way")
    with pytest.raises(OutputError, match=rf"^cannot write {out / 'preview'}: a file of that name is in the way"):
        preview(out, log=lambda line: None)
    (out / "preview").unlink()
    victim = next(s for s in manifest_shards(manifest) if s["rows"])["path"]
    (out / victim).unlink()
    with pytest.raises(VerifyError, match=rf"^{victim}: unreadable \(FileNotFoundError.*run python -m generator verify"):
        preview(out, log=lambda line: None)
