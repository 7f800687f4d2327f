"""The command line: ``python -m generator COMMAND ...``.

Argument parsing lives here and in each command's ``add_parser``; the
library below never sees argv. Each command module exposes
``add_parser(subparsers)``, which registers a parser whose ``func`` takes the
parsed namespace and returns an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .errors import PercelsError

#: Modules that provide a command, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "generator.commands_render",
    "generator.commands_evaluate",
    "generator.commands_build",
    "generator.commands_baseline",
    "generator.commands_exchange",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description="percels: text rendered to pixels, measured.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except PercelsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
