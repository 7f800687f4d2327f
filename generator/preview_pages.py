"""Contact sheets of pages: one PNG per script group, one row per canvas, for people to look at.

``python -m generator preview DIR`` writes, for a dataset with a ``pages``
config, ``DIR/preview/pages-<group>.png`` for every script group. Each row of
a sheet is one canvas; its cells are pages of the smallest, a middle and the
largest budget drawn on that canvas. A cell shows the whole page scaled down,
beside a crop of it at full resolution (the top of the text, from the side
the text starts on) so the glyphs themselves can be checked, and a caption
with the page's id, canvas, chosen font size, budget and DeepSeek-OCR Tiny
compression ratio::

    >>> rows = [{"script_group": "code", "canvas_width": 512, "canvas_height": 512, "budget_tokens": b, "i": b}
    ...         for b in (64, 256, 1024, 2048)]
    >>> [r["budget_tokens"] for r in pick_pages(rows, "code", (512, 512))]
    [64, 1024, 2048]
"""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow.parquet as pq
from PIL import Image, ImageDraw, ImageFont

THUMB, CROP, PAD, CAPTION = 300, 300, 8, 30
PER_CANVAS = 3
_COLUMNS = ["id", "script_group", "canvas_width", "canvas_height", "budget_tokens", "font_size", "language",
            "style", "compression_ratio_deepseek_ocr_tiny", "text"]


def pick_pages(rows: list[dict], group: str, canvas: tuple[int, int]) -> list[dict]:
    """Pages of ``group`` on ``canvas``: the smallest, a middle and the largest budget (by budget order)."""
    found = sorted((r for r in rows if r["script_group"] == group
                    and (r["canvas_width"], r["canvas_height"]) == canvas), key=lambda r: r["budget_tokens"])
    if len(found) <= PER_CANVAS:
        return found
    picks = {0, len(found) // 2, len(found) - 1}
    return [found[i] for i in sorted(picks)]


def _crop(image: Image.Image, rtl: bool) -> Image.Image:
    """A full-resolution crop of the page's top corner where the text starts."""
    w, h = image.size
    side = min(CROP, w, h)
    left = w - side if rtl else 0
    return image.crop((left, 0, left + side, side))


def _cell(row: dict, image: Image.Image) -> Image.Image:
    from .preview import _right_to_left

    image = image.convert("RGB")
    scale = THUMB / max(image.size)
    thumb = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.LANCZOS)
    crop = _crop(image, _right_to_left(row["text"]))
    cell = Image.new("RGB", (THUMB + CROP + 3 * PAD, THUMB + CAPTION + 2 * PAD), "white")
    cell.paste(thumb, (PAD, PAD))
    cell.paste(crop, (2 * PAD + THUMB, PAD))
    draw = ImageDraw.Draw(cell)
    draw.rectangle((PAD - 1, PAD - 1, PAD + thumb.width, PAD + thumb.height), outline=(200, 200, 230))
    draw.rectangle((2 * PAD + THUMB - 1, PAD - 1, 2 * PAD + THUMB + crop.width, PAD + crop.height),
                   outline=(230, 180, 180))
    ratio = row.get("compression_ratio_deepseek_ocr_tiny")
    meta = (f"{row['id']}  {row['canvas_width']}x{row['canvas_height']}  {row['font_size']}px {row['style']} "
            f"{row['language']}  budget {row['budget_tokens']}" + (f"  {ratio:.1f}x tiny" if ratio else ""))
    draw.text((PAD, PAD + THUMB + 6), meta, fill=(60, 60, 60), font=ImageFont.load_default(12))
    draw.rectangle((0, 0, cell.width - 1, cell.height - 1), outline=(180, 180, 180))
    return cell


def _images(out: Path, paths: list[str], ids: set[str]) -> dict[str, Image.Image]:
    found = {}
    for rel in paths:
        table = pq.read_table(out / rel, columns=["id", "image"])
        for sample_id, image in zip(table.column("id").to_pylist(), table.column("image").to_pylist()):
            if sample_id in ids:
                with Image.open(io.BytesIO(image["bytes"])) as im:
                    im.load()
                    found[sample_id] = im.copy()
    return found


def page_sheets(out: str | Path, paths: list[str], title: str) -> dict[str, Image.Image]:
    """``{group: sheet}`` for the pages shards ``paths`` (relative to ``out``)."""
    out = Path(out)
    rows = [r for rel in paths for r in pq.read_table(out / rel, columns=_COLUMNS).to_pylist()]
    groups = list(dict.fromkeys(r["script_group"] for r in rows))
    canvases = sorted({(r["canvas_width"], r["canvas_height"]) for r in rows}, key=lambda c: (c[0] * c[1], c))
    chosen = {g: [pick_pages(rows, g, c) for c in canvases] for g in groups}
    images = _images(out, paths, {r["id"] for lines in chosen.values() for line in lines for r in line})
    sheets = {}
    for group, lines in chosen.items():
        cells = [[_cell(r, images[r["id"]]) for r in line] for line in lines]
        cw = THUMB + CROP + 3 * PAD
        ch = THUMB + CAPTION + 2 * PAD
        sheet = Image.new("RGB", (PER_CANVAS * cw, 30 + len(cells) * ch), "white")
        ImageDraw.Draw(sheet).text((PAD, 6), f"{title} - group {group}: one row per canvas, page and "
                                   "full-size crop per cell", fill="black", font=ImageFont.load_default(16))
        for i, line in enumerate(cells):
            for j, cell in enumerate(line):
                sheet.paste(cell, (j * cw, 30 + i * ch))
        sheets[group] = sheet
    return sheets
