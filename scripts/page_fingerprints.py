#!/usr/bin/env python3
"""Fingerprints of the benchmark pages and lines: the equality check run before and after a speed change.

For every page of scripts/bench_pages.py (each canvas) it records the size the fit search chose and a SHA-256
of the pixels, and for every line of the corpus a SHA-256 of ``render``'s pixels. A change that makes the
renderer faster must leave all of them as they were:

    python scripts/page_fingerprints.py --write before.json     # on the commit before the change
    python scripts/page_fingerprints.py --check before.json     # after it: exit status 1 on any difference

With ``--plan`` it also fingerprints every page of the default recipe's ``pages`` plan (1,409 pages, about a
minute), which a change to the fit search or the planner must leave alone too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_corpus import load_corpus  # noqa: E402
from bench_pages import page_texts  # noqa: E402
from generator import render, render_page  # noqa: E402
from generator.errors import PercelsError  # noqa: E402


def _pixels(r) -> str:
    return hashlib.sha256(r.image.mode.encode() + repr(r.size).encode() + r.image.tobytes()).hexdigest()[:20]


def plan_fingerprints() -> dict[str, str]:
    """``name -> fingerprint`` of every page the default recipe plans for the ``pages`` config."""
    from generator.plan_pages import plan_for
    from generator.recipe import PAGES, load_recipe

    recipe = load_recipe(Path(__file__).resolve().parent.parent / "datasets" / "percels" / "recipe.toml")
    config = next(c for c in recipe.configs if c.name == PAGES)
    out = {}
    for samples in plan_for(config, recipe.master_seed).values():
        for s in samples:
            try:
                r = render_page(s.text, width=s.canvas_width, height=s.canvas_height, language=s.language,
                                style=s.style)
                out[f"plan {s.id}"] = f"{r.options['font_size']}px {_pixels(r)}"
            except PercelsError as e:
                out[f"plan {s.id}"] = type(e).__name__
    return out


def fingerprints(canvases: list[int]) -> dict[str, str]:
    """``name -> fingerprint`` of every benchmark page and corpus line (errors are fingerprinted by name)."""
    out = {}
    for side in canvases:
        for k, p in enumerate(page_texts(side)):
            try:
                r = render_page(p["text"], width=side, height=side, language=p["language"], style=p["style"])
                out[f"page {side} {k} {p['language']}"] = f"{r.options['font_size']}px {_pixels(r)}"
            except PercelsError as e:
                out[f"page {side} {k} {p['language']}"] = type(e).__name__
    for k, (category, language, text) in enumerate(load_corpus()):
        try:
            out[f"line {k} {category}"] = _pixels(render(text, language=language or None,
                                                         style="mono" if category == "code" else "sans"))
        except PercelsError as e:
            out[f"line {k} {category}"] = type(e).__name__
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the fingerprints to this JSON file")
    group.add_argument("--check", type=Path, help="compare with the fingerprints in this JSON file")
    parser.add_argument("--canvas", type=int, action="append", help="square canvas side (repeatable)")
    parser.add_argument("--plan", action="store_true", help="also every page of the default pages plan")
    args = parser.parse_args()
    now = fingerprints(args.canvas or [512, 1024])
    if args.plan:
        now.update(plan_fingerprints())
    if args.write:
        args.write.write_text(json.dumps(now, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{len(now)} fingerprints written to {args.write}")
        return 0
    before = json.loads(args.check.read_text(encoding="utf-8"))
    differ = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    for k in differ:
        print(f"DIFFERS {k}: {before.get(k)} -> {now.get(k)}")
    print(f"{len(now) - len(differ)} of {len(now)} identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
