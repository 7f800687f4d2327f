"""Contact sheets: one PNG per config, a grid of samples with their text, for people to look at.

``python -m generator preview DIR`` writes ``DIR/preview/<config>.png``
(pages: ``DIR/preview/pages-<group>.png``, see :mod:`generator.preview_pages`). Each
cell shows one sample image (scaled down to fit, never up), a line with its
id, size, style and language, and its text drawn by the renderer itself (so
every script shows, not tofu), cut to the cell at the end where the text
ends (the left for right-to-left text). The samples are the first
distinct texts of a split, each at another rung of the size ladder::

    >>> pick_rows([{"text_id": "a", "font_size": 16}, {"text_id": "a", "font_size": 32},
    ...            {"text_id": "b", "font_size": 16}, {"text_id": "b", "font_size": 32}], 2)
    [{'text_id': 'a', 'font_size': 16}, {'text_id': 'b', 'font_size': 32}]
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Callable, Iterable

import pyarrow.parquet as pq
from PIL import Image, ImageDraw, ImageFont

from .shards.manifest import MANIFEST_NAME, read_manifest
from .errors import PercelsError, VerifyError
from .outputs import output_errors

CELL_WIDTH, IMAGE_HEIGHT, CAPTION_SIZE, PAD = 360, 150, 15, 8
COLUMNS = 4
MAX_SCAN = 4000


def pick_rows(rows: Iterable[dict], count: int) -> list[dict]:
    """The first ``count`` distinct texts; the k-th shown at its k-th size (cycling), for variety."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["text_id"], []).append(row)
    picked = []
    for k, group in enumerate(list(groups.values())[:count]):
        ladder = sorted(group, key=lambda r: r["font_size"])
        picked.append(ladder[k % len(ladder)])
    return picked


def _scan(out: Path, paths: list[str], columns: list[str]) -> Iterable[dict]:
    from .verify import READ_ERRORS

    seen = 0
    for rel in paths:
        try:
            batches = list(pq.ParquetFile(out / rel).iter_batches(columns=columns, batch_size=256))
        except READ_ERRORS as exc:
            raise VerifyError(f"{rel}: unreadable ({type(exc).__name__}: {' '.join(str(exc).split())}); run "
                              "python -m generator verify, then rebuild the shard") from None
        for batch in batches:
            for row in batch.to_pylist():
                yield row
                seen += 1
                if seen >= MAX_SCAN:
                    return


def _caption(text: str, language: str | None, width: int) -> Image.Image:
    """The text drawn by the renderer on one line, cut to ``width``; an unrenderable one is shown escaped."""
    from .render import render
    from .ucd import graphemes

    flat = " ".join(text.split("\n")).replace("\t", " ")
    clusters = graphemes(flat)
    short = "".join(clusters[:60]) + ("…" if len(clusters) > 60 else "")
    try:
        image = render(short, font_size=CAPTION_SIZE, language=language).image.convert("RGB")
    except PercelsError:
        image = Image.new("RGB", (width, CAPTION_SIZE + 8), "white")
        ImageDraw.Draw(image).text((0, 2), ascii(short)[:80], fill="black", font=ImageFont.load_default(12))
    if image.width <= width:
        return image
    left = image.width - width if _right_to_left(short) else 0   # keep the start of the text
    return image.crop((left, 0, left + width, image.height))


def _right_to_left(text: str) -> bool:
    """Whether the first strong character is right-to-left (bidi rule P2)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("L", "R", "AL"):
            return kind != "L"
    return False


def _thumbnail(row: dict) -> Image.Image:
    with Image.open(io.BytesIO(row["image"]["bytes"])) as im:
        image = im.convert("RGB")
    scale = min(1.0, (CELL_WIDTH - 2 * PAD) / image.width, IMAGE_HEIGHT / image.height)
    if scale < 1:
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.LANCZOS)
    return image


def _cell(row: dict, image: Image.Image, image_height: int) -> Image.Image:
    caption = _caption(row["text"], row["language"], CELL_WIDTH - 2 * PAD)
    meta = f"{row['id']}  {row['font_size']}px {row['style']} {row['language']} {row['width']}x{row['height']}"
    if row.get("ambiguous_with"):  # which candidate reading draws the same pixels
        meta += f"  ambiguous: {row['ambiguous_with']}"
    height = PAD + image_height + 4 + 16 + caption.height + PAD
    cell = Image.new("RGB", (CELL_WIDTH, height), "white")
    cell.paste(image, (PAD, PAD))
    draw = ImageDraw.Draw(cell)
    draw.rectangle((PAD - 1, PAD - 1, PAD + image.width, PAD + image.height), outline=(200, 200, 230))
    draw.text((PAD, PAD + image_height + 4), meta, fill=(90, 90, 90), font=ImageFont.load_default(11))
    cell.paste(caption, (PAD, PAD + image_height + 20))
    draw.rectangle((0, 0, CELL_WIDTH - 1, height - 1), outline=(180, 180, 180))
    return cell


def contact_sheet(rows: list[dict], title: str) -> Image.Image:
    """A grid of :data:`COLUMNS` cells per line under a title."""
    thumbs = [_thumbnail(r) for r in rows]
    image_height = max((t.height for t in thumbs), default=1)
    cells = [_cell(r, t, image_height) for r, t in zip(rows, thumbs)]
    cell_h = max((c.height for c in cells), default=IMAGE_HEIGHT)
    lines = max(1, -(-len(cells) // COLUMNS))
    sheet = Image.new("RGB", (COLUMNS * CELL_WIDTH, 30 + lines * cell_h), "white")
    ImageDraw.Draw(sheet).text((PAD, 6), title, fill="black", font=ImageFont.load_default(16))
    for i, cell in enumerate(cells):
        sheet.paste(cell, ((i % COLUMNS) * CELL_WIDTH, 30 + (i // COLUMNS) * cell_h))
    return sheet


def _page_sheets(out: Path, paths: list[str], title: str, log: Callable[[str], None]) -> list[Path]:
    from .preview_pages import page_sheets

    written = []
    for group, sheet in page_sheets(out, paths, title).items():
        path = out / "preview" / f"pages-{group}.png"
        sheet.save(path, optimize=False)
        written.append(path)
        log(f"wrote {path}")
    return written


def preview(out: str | Path, *, per_config: int = 24, split: str | None = None,
            log: Callable[[str], None] = print) -> list[Path]:
    """Write ``out/preview/<config>.png`` for every config in the manifest; return the paths."""
    out = Path(out)
    manifest = read_manifest(out / MANIFEST_NAME)
    columns = ["id", "image", "text", "text_id", "language", "font_size", "style", "width", "height", "ambiguous_with"]
    written = []
    with output_errors():
        (out / "preview").mkdir(exist_ok=True)
    for config, splits in manifest["configs"].items():
        name = split if split in splits else ("test" if "test" in splits else next(iter(splits)))
        paths = [s["path"] for s in splits[name]["shards"] if s["rows"]]
        if config == "pages":  # a sheet per script group, a row per canvas (generator.preview_pages)
            written += _page_sheets(out, paths, f"{manifest.get('name', '')} {manifest.get('version', '')} - "
                                    f"{config} / {name}", log)
            continue
        rows = pick_rows(_scan(out, paths, columns), per_config)
        title = f"{manifest.get('name', '')} {manifest.get('version', '')} - {config} / {name} - {len(rows)} samples"
        path = out / "preview" / f"{config}.png"
        sheet = contact_sheet(rows, title)
        with output_errors():
            sheet.save(path, optimize=False)
        written.append(path)
        log(f"wrote {path}")
    return written
