"""Commands ``build``, ``verify`` and ``preview``: argv to :mod:`generator.shards`, :mod:`generator.verify`
and :mod:`generator.preview`. The recipe TOML is read here, at the edge."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .shards.dispatch import available_cores
from .shards.executors import DEFAULT_RETRIES

DEFAULT_RECIPE = Path("datasets/percels/recipe.toml")


def _workers(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"--workers must be at least 1, got {n}")
    return n


def _retries(value: str) -> int:
    n = int(value)
    if n < 0:
        raise argparse.ArgumentTypeError(f"--retries must be 0 or more, got {n}")
    return n


def add_parser(sub: argparse._SubParsersAction) -> None:
    cpus = available_cores()
    b = sub.add_parser("build", help="build a dataset folder from a recipe (resumes an interrupted build)")
    b.add_argument("--recipe", type=Path, default=DEFAULT_RECIPE, help=f"TOML recipe (default {DEFAULT_RECIPE})")
    b.add_argument("--out", default=None,
                   help="dataset folder or fsspec URL, e.g. s3://bucket/percels (default: the recipe's folder)")
    b.add_argument("--workers", type=_workers, default=cpus,
                   help=f"local render processes, or the size of --dask local (default: {cpus}, the CPUs)")
    b.add_argument("--dask", default=None, metavar="ADDRESS",
                   help="run the shard tasks on the Dask scheduler at ADDRESS (tcp://host:8786), or on a "
                        "LocalCluster of --workers processes with 'local'")
    b.add_argument("--retries", type=_retries, default=DEFAULT_RETRIES,
                   help=f"with --dask: times a failed shard task is run again, e.g. after its worker died "
                        f"(default {DEFAULT_RETRIES})")
    b.add_argument("--fresh", action="store_true", help="delete existing shards first instead of resuming")
    b.add_argument("--quiet", action="store_true", help="no progress bars")
    b.set_defaults(func=_build)

    v = sub.add_parser("verify", help="check a dataset folder against its manifest; names every bad shard")
    v.add_argument("dir", type=Path, help="dataset folder")
    v.add_argument("--manifest", type=Path, default=None, help="manifest to check against (default DIR/MANIFEST.json)")
    v.add_argument("--workers", type=_workers, default=cpus, help=f"processes (default {cpus})")
    v.add_argument("--no-load", action="store_true", help="skip the load_dataset check")
    v.set_defaults(func=_verify)

    p = sub.add_parser("preview", help="write a contact sheet PNG per config into DIR/preview/")
    p.add_argument("dir", type=Path, help="dataset folder")
    p.add_argument("--samples", type=int, default=24, help="samples per sheet (default 24)")
    p.add_argument("--split", default=None, help="split to show (default test)")
    p.set_defaults(func=_preview)


def _build(args: argparse.Namespace) -> int:
    from .shards import build
    from .recipe import load_recipe

    recipe = load_recipe(args.recipe)
    out = args.out if args.out is not None else str(args.recipe.parent)
    build(recipe, out, workers=args.workers, dask=args.dask, retries=args.retries,
          progress=not args.quiet and sys.stderr.isatty(), fresh=args.fresh)
    return 0


def _verify(args: argparse.Namespace) -> int:
    from .verify import verify

    verify(args.dir, manifest_path=args.manifest, workers=args.workers, load=not args.no_load)
    return 0


def _preview(args: argparse.Namespace) -> int:
    from .preview import preview

    preview(args.dir, per_config=args.samples, split=args.split)
    return 0
