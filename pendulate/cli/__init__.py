"""The ``pendulate`` command. Each sub-command lives in a small module that registers itself.

Exit codes: 0 success, 1 the input was wrong or the action failed, 2 usage error.

The command modules and the practice app are imported only when needed: with no arguments
``pendulate`` opens the library without building every sub-command's parser.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable

from pendulate import __version__

# Each module defines ``register(subparsers)`` and sets ``func`` on its parsers.
COMMAND_MODULES: tuple[str, ...] = (
    "pendulate.cli.scripts",
    "pendulate.cli.audio",
    "pendulate.cli.practice",
    "pendulate.cli.data",
    "pendulate.cli.homework",
    "pendulate.cli.simulate",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pendulate",
        description="A calm terminal companion for pendulation practice. "
        "With no command it opens the practice library.",
    )
    parser.add_argument("--version", action="version", version=f"pendulate {__version__}")
    from pendulate.cli.practice import add_practice_options

    add_practice_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    func: Callable[[argparse.Namespace], int]
    if not argv:
        # Nothing to parse: open the library without first loading every command's module.
        func, args = _open_library, argparse.Namespace()
    else:
        args = build_parser().parse_args(argv)
        func = getattr(args, "func", None) or _open_library
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _open_library(args: argparse.Namespace) -> int:
    from pendulate.cli.practice import open_library

    return open_library(args)
