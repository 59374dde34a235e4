"""The ``pendulate`` command. Each sub-command lives in a small module that registers itself.

Exit codes: 0 success, 1 the input was wrong or the action failed, 2 usage error.

The command modules and the practice app are imported only when needed: with no arguments
``pendulate`` opens the library without loading argparse or building any sub-command's parser.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING

from pendulate import __version__, collector

if TYPE_CHECKING:
    import argparse

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
    import argparse  # start-up: `pendulate` with no arguments never parses any

    parser = argparse.ArgumentParser(prog="pendulate")  # its description is in pendulate.cli.helptext
    parser.add_argument("--version", action="version", version=f"pendulate {__version__}")
    from pendulate.cli.practice import add_practice_options

    add_practice_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    from pendulate.cli.helptext import finish

    finish(parser)  # every command's one-line description and examples, from one table
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return _run(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # the last line of defence: every known problem is said where it happens
        return _unexpected(error)


def _run(argv: list[str]) -> int:
    func: Callable[[argparse.Namespace | SimpleNamespace], int]
    args: argparse.Namespace | SimpleNamespace
    if not argv:
        # Nothing to parse: open the library without first loading every command's module.
        # Until its first frame is drawn, nothing made is garbage (see pendulate.collector).
        collector.hold()
        func, args = _open_library, SimpleNamespace()
    else:
        args = build_parser().parse_args(argv)
        func = getattr(args, "func", None) or _open_library
    try:
        return int(func(args) or 0)
    finally:
        collector.release()  # the app releases it at its first frame; this is for every other end


UNEXPECTED = "pendulate stopped because something unexpected went wrong ({what})."


def _unexpected(error: Exception) -> int:
    """Keep the traceback in the diagnostic log and say one calm line; exit status 1.

    A problem pendulate already explains (a script's, the log's) that reached here unhandled is
    still said in its own words.
    """
    from pendulate.logsetup import record_crash
    from pendulate.script.errors import ScriptError
    from pendulate.store.db import StoreError

    log = record_crash(error)
    kept = f"The details are kept in {log}." if log is not None else "The details could not be kept."
    if isinstance(error, (ScriptError, StoreError)):
        print(f"{error}\n{kept}", file=sys.stderr)
    else:
        print(f"{UNEXPECTED.format(what=type(error).__name__)} {kept}", file=sys.stderr)
    return 1


def _open_library(args: argparse.Namespace | SimpleNamespace) -> int:
    from pendulate.cli.practice import open_library

    return open_library(args)
