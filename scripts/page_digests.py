#!/usr/bin/env python3
"""Equality check for page rendering: the chosen size and a SHA-256 of the PNG of every page of the bench
corpus and of the default recipe's ``pages`` plan, written to a JSON file or compared with one.

A change to the fit search or the layout that must not change output runs this before (``--write``) and
after (``--compare``)::

    python scripts/page_digests.py --write before.json [--only bench|plan] [--limit N]
    python scripts/page_digests.py --compare before.json

``--compare`` prints every page whose size or pixels changed and exits 1 if any did.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from generator import render_page  # noqa: E402
from generator.errors import PercelsError  # noqa: E402


def _bench_pages():
    from bench_pages import page_texts

    for side in (512, 640, 1024, 1280):
        for i, p in enumerate(page_texts(side)):
            yield f"bench-{side}-{i}", p["text"], dict(width=p["width"], height=p["height"],
                                                       language=p["language"], style=p["style"])


def _plan_pages():
    from generator.plan_pages import plan_for
    from generator.recipe import PAGES, load_recipe

    recipe = load_recipe(ROOT / "datasets" / "percels" / "recipe.toml")
    config = next(c for c in recipe.configs if c.name == PAGES)
    for split, samples in plan_for(config, recipe.master_seed).items():
        for s in samples:
            yield s.id, s.text, dict(width=s.canvas_width, height=s.canvas_height, language=s.language,
                                     style=s.style)


def digests(only: str | None, limit: int | None) -> dict[str, list]:
    out: dict[str, list] = {}
    sources = {"bench": _bench_pages, "plan": _plan_pages}
    for name, source in sources.items():
        if only and name != only:
            continue
        for n, (key, text, options) in enumerate(source()):
            if limit is not None and n >= limit:
                break
            try:
                r = render_page(text, **options)
                out[key] = [r.options["font_size"], hashlib.sha256(r.to_png()).hexdigest()]
            except PercelsError as exc:
                out[key] = [type(exc).__name__, str(exc)[:200]]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path)
    group.add_argument("--compare", type=Path)
    ap.add_argument("--only", choices=("bench", "plan"))
    ap.add_argument("--limit", type=int, help="pages per source")
    args = ap.parse_args()
    if args.write:
        got = digests(args.only, args.limit)
        args.write.write_text(json.dumps(got, indent=0, sort_keys=True))
        print(f"{len(got)} pages written to {args.write}")
        return 0
    want = json.loads(args.compare.read_text())
    only = args.only or ({k.split("-")[0] for k in want} == {"bench"} and "bench") or None
    got = digests(only, args.limit)
    changed = [k for k in want if k in got and got[k] != want[k]]
    for k in changed:
        print(f"{k}: {want[k][0]} -> {got[k][0]}" + ("" if want[k][0] != got[k][0] else " (pixels)"))
    print(f"{len(changed)} of {len(set(want) & set(got))} pages changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
