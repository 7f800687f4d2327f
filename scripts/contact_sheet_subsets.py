#!/usr/bin/env python3
"""Write one PNG contact sheet per subset: planned samples rendered, each under its caption.

Each sheet plans a few texts per language of one subset (and at least one
more than it has kinds of text, so rare kinds show up) exactly as a build
would (``plan_config``: lines and wrapped paragraphs, the subset's styles),
renders them with ``render``, and writes ``<subset>.png`` into the folder.
A caption gives the language, kind, style and layout, and the text itself
with invisible and bidi characters spelled out as ``<U+XXXX>``; a homoglyph
or typo sample's partner is shown on the caption's second line.

``--per-kind N`` writes ``<subset>-kinds.png`` instead: the first N planned
lines of every kind in every style, each with its partner rendered beneath it
in the same style, so that a person can judge whether a look-alike looks alike.

    python scripts/contact_sheet_subsets.py OUT_DIR [--per-language 3] [--font-size 28] [--seed 0]
    python scripts/contact_sheet_subsets.py OUT_DIR --subset homoglyphs --per-kind 4
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator import render  # noqa: E402
from generator.plan import plan_config  # noqa: E402
from generator.subsets import SUBSETS  # noqa: E402
from generator.ucd import is_default_ignorable  # noqa: E402

CAPTION_SIZE = 13
MAX_CAPTION = 110
GAP = 6


def spelled(text: str) -> str:
    """``text`` with default-ignorables and the keycap mark shown as <U+XXXX>, newlines as ⏎, cut to fit."""
    out = "".join(f"<U+{ord(c):04X}>" if is_default_ignorable(ord(c)) or c == "\u20e3" else ("⏎" if c == "\n" else c)
                  for c in text)
    return out if len(out) <= MAX_CAPTION else out[: MAX_CAPTION - 1] + "…"


def caption(lines: list[str]) -> Image.Image:
    images = [render(line, font_size=CAPTION_SIZE, style="mono").image.convert("RGB") for line in lines]
    out = Image.new("RGB", (max(i.size[0] for i in images), sum(i.size[1] for i in images)), (235, 240, 250))
    y = 0
    for img in images:
        out.paste(img, (0, y))
        y += img.size[1]
    return out


def sheet(name: str, per_language: int, font_size: int, seed: int, paragraph_width: int) -> tuple[Image.Image, int]:
    subset = SUBSETS[name]
    kinds = {k for lang in subset.languages for k, _w in subset.kinds_for(lang)}
    count = max(per_language * len(subset.language_cycle(list(subset.languages))), len(kinds) + 4)
    plan = plan_config(name, splits={"preview": count}, languages=None, sizes=(font_size,), styles=None,
                       layouts=("line", "paragraph"), paragraph_width=paragraph_width, master_seed=seed)
    cells = []
    for s in plan["preview"]:
        head = f"{s.language} · {s.kind} · {s.style} · {s.layout} | {spelled(s.text)}"
        lines = [head] + ([f"partner: {spelled(s.partner)}"] if s.partner else [])
        r = render(s.text, font_size=s.font_size, language=s.language, style=s.style, max_width=s.max_width)
        cells.append((caption(lines), r.image.convert("RGB")))
    width = max(max(c.size[0], i.size[0]) for c, i in cells)
    height = sum(c.size[1] + i.size[1] + GAP for c, i in cells)
    out = Image.new("RGB", (width, height), "white")
    y = 0
    for cap, img in cells:
        out.paste(cap, (0, y))
        out.paste(img, (0, y + cap.size[1]))
        y += cap.size[1] + img.size[1] + GAP
        out.paste((200, 200, 200), (0, y - GAP // 2, width, y - GAP // 2 + 1))
    return out, len(cells)


def kind_sheet(name: str, per_kind: int, font_size: int, seed: int) -> tuple[Image.Image, int]:
    """``per_kind`` lines of every (kind, style) of a subset, each above its partner."""
    subset = SUBSETS[name]
    kinds = sorted({k for k, _w in subset.kinds})  # each style offers its own (see Subset.kinds_for)
    styles = sorted({s for lang in subset.languages for s in subset.styles_for(lang)})
    count = 3 * per_kind * len(kinds) * len(styles) * len(subset.languages)
    plan = plan_config(name, splits={"preview": count}, languages=None, sizes=(font_size,), styles=None,
                       layouts=("line",), paragraph_width=640, master_seed=seed)
    chosen: dict[tuple[str, str], list] = {(k, st): [] for k in kinds for st in styles}
    for s in plan["preview"]:
        group = chosen.get((s.kind, s.style))
        if group is not None and len(group) < per_kind:
            group.append(s)
    cells = []
    for (kind, style), samples in chosen.items():
        for s in samples:
            lines = [f"{kind} · {style} · {s.language} | {spelled(s.text)}"]
            images = [render(s.text, font_size=font_size, language=s.language, style=style).image.convert("RGB")]
            if s.partner:
                lines.append(f"partner (below): {spelled(s.partner)}")
                images.append(render(s.partner, font_size=font_size, language=s.language, style=style).image.convert("RGB"))
            cells.append((caption(lines), images))
    width = max(max([c.size[0]] + [i.size[0] for i in imgs]) for c, imgs in cells)
    height = sum(c.size[1] + sum(i.size[1] for i in imgs) + GAP for c, imgs in cells)
    out = Image.new("RGB", (width, height), "white")
    y = 0
    for cap, imgs in cells:
        out.paste(cap, (0, y))
        y += cap.size[1]
        for img in imgs:
            out.paste(img, (0, y))
            y += img.size[1]
        y += GAP
        out.paste((200, 200, 200), (0, y - GAP // 2, width, y - GAP // 2 + 1))
    return out, len(cells)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--per-language", type=int, default=3)
    parser.add_argument("--font-size", type=int, default=28)
    parser.add_argument("--paragraph-width", type=int, default=560)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--subset", choices=list(SUBSETS), action="append", help="only these (repeatable)")
    parser.add_argument("--per-kind", type=int, default=0,
                        help="write <subset>-kinds.png: this many lines of every kind and style, each above its partner")
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for name in args.subset or SUBSETS:
        if args.per_kind:
            img, n = kind_sheet(name, args.per_kind, args.font_size, args.seed)
            path = args.out_dir / f"{name}-kinds.png"
            img.save(path)
            print(f"wrote {path}: {img.size[0]}x{img.size[1]}, {n} samples")
            continue
        img, n = sheet(name, args.per_language, args.font_size, args.seed, args.paragraph_width)
        path = args.out_dir / f"{name}.png"
        img.save(path)
        print(f"wrote {path}: {img.size[0]}x{img.size[1]}, {n} samples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
