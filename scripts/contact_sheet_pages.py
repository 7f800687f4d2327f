#!/usr/bin/env python3
"""Write PNG contact sheets of pages drawn by ``render_page``, one sheet per canvas, for a person to look at.

Pages of Latin, Chinese, Japanese, Thai, Khmer, Arabic, Hebrew and Hindi text (UDHR sample texts from
gflanguages, cycled to a budget), Python code (standard-library blocks, mono style) and identifiers (URLs,
UUIDs, hashes and numbers from a seeded generator), each labelled with its language, font size and lines.

    python scripts/contact_sheet_pages.py --out-dir sheets/ [--canvas 512 --canvas 1024] [--columns 5]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator import render, render_page  # noqa: E402
from generator.sources.stdlib_code import python_blocks  # noqa: E402
from generator.sources.udhr import sample_texts  # noqa: E402

NATURAL = ("en", "zh-Hans", "ja", "th", "km", "ar", "he", "hi")
#: Characters per page at each canvas side: about 600 cl100k tokens of English at 1024.
BUDGET = {512: 700, 640: 1000, 1024: 2500, 1280: 3500}


def natural_text(tag: str, budget: int) -> str:
    texts = sample_texts(tag)
    out, k = [], 0
    while sum(len(t) + 1 for t in out) < budget:
        out.append(texts[k % len(texts)])
        k += 1
    return "\n".join(out)[:budget].rstrip()


def code_text(budget: int) -> str:
    out, k, blocks = [], 0, python_blocks()
    while sum(len(t) + 2 for t in out) < budget:
        out.append(blocks[k].text)
        k += 7
    return "\n\n".join(out)


def identifiers_text(budget: int, seed: int = 8) -> str:
    rng = np.random.default_rng(seed)
    hexd = "0123456789abcdef"
    items = []
    while sum(len(t) + 1 for t in items) < budget:
        kind = int(rng.integers(4))
        if kind == 0:
            items.append("-".join("".join(rng.choice(list(hexd), n)) for n in (8, 4, 4, 4, 12)))
        elif kind == 1:
            items.append("".join(rng.choice(list(hexd), 40)))
        elif kind == 2:
            path = "/".join("".join(rng.choice(list("abcdefghijklmnopqrstuvwxyz"), int(rng.integers(3, 9))))
                            for _ in range(int(rng.integers(1, 4))))
            items.append(f"https://example.org/{path}?id={int(rng.integers(10**6))}")
        else:
            items.append(f"{int(rng.integers(10**9)):,}.{int(rng.integers(100)):02d}")
    return " ".join(items)


def pages(side: int) -> list[tuple[str, str, str | None, str]]:
    """``(label, text, language, style)`` per page."""
    budget = BUDGET.get(side, side * 2)
    out = [(tag, natural_text(tag, budget), tag, "sans") for tag in NATURAL]
    out.append(("code", code_text(budget), "en", "mono"))
    out.append(("identifiers", identifiers_text(budget), "en", "sans"))
    return out


def sheet(side: int, columns: int) -> Image.Image:
    tiles = []
    for label, text, language, style in pages(side):
        r = render_page(text, width=side, height=side, language=language, style=style)
        caption = render(f"{label} · {side}x{side} · {r.options['font_size']} px · {r.line_count} lines · "
                         f"{len(text)} chars", font_size=14, language="en")
        tiles.append((caption.image.convert("RGB"), r.image.convert("RGB")))
    cap_h = max(c.size[1] for c, _ in tiles)
    rows = -(-len(tiles) // columns)
    gap = 6
    out = Image.new("RGB", (columns * (side + gap), rows * (side + cap_h + gap)), (170, 170, 170))
    for i, (caption, page) in enumerate(tiles):
        x, y = (i % columns) * (side + gap), (i // columns) * (side + cap_h + gap)
        out.paste((255, 255, 255), (x, y, x + side, y + cap_h))
        out.paste(caption, (x, y))
        out.paste(page, (x, y + cap_h))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, required=True)
    parser.add_argument("--canvas", type=int, action="append", help="square canvas side (repeatable)")
    parser.add_argument("--columns", type=int, default=5)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for side in args.canvas or [512, 1024]:
        img = sheet(side, args.columns)
        path = args.out_dir / f"pages-{side}.png"
        img.save(path)
        print(f"wrote {path}: {img.size[0]}x{img.size[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
