"""Commands ``render`` (one string to a PNG) and ``fonts`` (check the pinned fonts)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .fonts import verify_all
from .outputs import write_file
from .render import render
from .selection import STYLES


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("render", help="render one string to a PNG file")
    p.add_argument("text", help="the text to render (use $'...' in a shell for escapes)")
    p.add_argument("--out", required=True, type=_out_path, help="PNG file to write")
    p.add_argument("--font-size", type=int, default=32, help="pixels per em (default 32)")
    p.add_argument("--language", default=None, help="BCP 47 language, e.g. th, zh-Hant, fa")
    p.add_argument("--style", choices=STYLES, default="sans")
    p.add_argument("--max-width", type=int, default=None, help="wrap into a paragraph this wide (px)")
    p.add_argument("--direction", choices=("ltr", "rtl"), default=None, help="base direction (default: from the text)")
    p.set_defaults(func=_render)

    f = sub.add_parser("fonts", help="list the pinned fonts and verify each against the lock")
    f.add_argument("--check", action="store_true", help="only verify; print one line")
    f.set_defaults(func=_fonts)


def _out_path(value: str) -> Path:
    if not value:
        raise argparse.ArgumentTypeError("--out is empty: give a PNG file path, like out.png")
    return Path(value)


def _render(args: argparse.Namespace) -> int:
    r = render(args.text, font_size=args.font_size, language=args.language, style=args.style,
               max_width=args.max_width, direction=args.direction)
    write_file(args.out, r.to_png())
    w, h = r.size
    runs = ", ".join(f"{run.script}/{run.direction}/{run.font_id}" for run in r.runs)
    print(f"wrote {args.out}: {w}x{h} {r.image.mode}, {r.glyph_count} glyphs; runs: {runs}")
    return 0


def _fonts(args: argparse.Namespace) -> int:
    entries = verify_all()
    if args.check:
        print(f"{len(entries)} pinned fonts verified")
        return 0
    for e in entries:
        print(f"{e.font_id:24} {e.package}={e.version}  {e.file}#{e.face_index}  {e.license}")
    return 0
