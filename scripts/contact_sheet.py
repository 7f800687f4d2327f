#!/usr/bin/env python3
"""Write a PNG contact sheet of every script the renderer covers, for a person to look at.

Each row is labelled with its language and style, then the line rendered by ``render``; a wrapped Thai
and a wrapped Arabic paragraph close the sheet.

    python scripts/contact_sheet.py --out sheet.png [--font-size 32]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from generator import render  # noqa: E402
from samples import CASES, IDS  # noqa: E402

PARAGRAPHS = [
    ("th", "ผู้ใหญ่ลี้ได้ยินข่าวนั้นแล้วก็รีบเดินทางไปบ้านของเพื่อนที่อยู่อีกฟากหนึ่งของหมู่บ้าน", 420),
    ("ar", "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق، وقد وهبوا عقلاً وضميرًا 1948", 420),
    ("ja", "すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。", 420),
]


def sheet(font_size: int) -> Image.Image:
    rows = []
    for (language, text, style), name in zip(CASES, IDS):
        rows.append((render(f"{name} · {style}", font_size=14, language="en"), render(text, font_size=font_size,
                                                                                      language=language, style=style)))
    for language, text, width in PARAGRAPHS:
        rows.append((render(f"{language} · wrapped at {width}px", font_size=14),
                     render(text, font_size=font_size, language=language, max_width=width)))
    label_w = max(label.size[0] for label, _ in rows)
    width = label_w + max(r.size[0] for _, r in rows) + 2
    height = sum(max(label.size[1], r.size[1]) + 1 for label, r in rows)
    out = Image.new("RGB", (width, height), "white")
    y = 0
    for label, r in rows:
        out.paste(label.image.convert("RGB"), (0, y))
        out.paste(r.image.convert("RGB"), (label_w + 2, y))
        y += max(label.size[1], r.size[1])
        out.paste((210, 210, 210), (0, y, width, y + 1))
        y += 1
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--font-size", type=int, default=32)
    args = parser.parse_args()
    img = sheet(args.font_size)
    img.save(args.out)
    print(f"wrote {args.out}: {img.size[0]}x{img.size[1]}, {len(CASES) + len(PARAGRAPHS)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
