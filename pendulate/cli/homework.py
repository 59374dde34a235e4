"""Therapist commands: ``new`` (scaffold a script) and ``homework add|list|remove``.

Like the script commands, problems are printed as ``FILE:LINE:COL: message`` with a hint,
never as a traceback. Wording stays neutral: a schedule is a suggestion, not a score.

Handlers import what they use: every command builds every parser, so the homework loader and
the catalogue imported at the top would be paid by every command.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

from pendulate import paths
from pendulate.cli.log import open_log
from pendulate.script.errors import ScriptError, shown
from pendulate.script.text import visible

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``new`` and ``homework`` to the ``pendulate`` parser."""
    p = subparsers.add_parser(
        "new",
        help="start a new script from a template or a built-in",
    )
    p.add_argument("path", metavar="PATH", help="the new .yaml file")
    p.add_argument("--from", dest="from_id", metavar="ID", help="copy a built-in script (see 'pendulate list')")
    p.set_defaults(func=cmd_new)

    hw = subparsers.add_parser(
        "homework",
        help="homework a therapist assigned",
    )
    sub = hw.add_subparsers(dest="homework_command", metavar="ACTION")
    p = sub.add_parser(
        "add",
        help="import a homework file",
    )
    p.add_argument("file", metavar="FILE", help="the homework .yaml file")
    p.set_defaults(func=cmd_add)
    p = sub.add_parser(
        "list",
        help="show the imported homework",
    )
    p.set_defaults(func=cmd_list)
    p = sub.add_parser(
        "remove",
        help="remove an imported homework",
    )
    p.add_argument("homework_id", metavar="ID", help="the homework id (see 'pendulate homework list')")
    p.set_defaults(func=cmd_remove)
    hw.set_defaults(func=cmd_list)


def cmd_new(args: argparse.Namespace) -> int:
    from pendulate.homework.scaffold import write_new_script

    path = Path(args.path)
    if path.suffix.lower() not in (".yaml", ".yml"):
        print(f"pendulate new: {visible(str(path))} needs to end in .yaml", file=sys.stderr)
        return EXIT_USAGE
    kind, reason = paths.look(path)
    if kind == "unreachable":
        print(f"pendulate new: cannot write {visible(str(path))}: {reason}.", file=sys.stderr)
        return EXIT_INVALID
    if kind != "missing":
        print(
            f"pendulate new: {visible(str(path))} already exists; it was left as it is. Choose another name.",
            file=sys.stderr,
        )
        return EXIT_INVALID
    try:
        write_new_script(path, args.from_id)
    except ScriptError as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    except FileExistsError:
        print(f"pendulate new: {path} already exists; it was left as it is.", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        print(f"pendulate new: cannot write {visible(str(path))}: {paths.os_error_reason(exc)}.", file=sys.stderr)
        return EXIT_INVALID
    origin = f"a copy of {args.from_id}, with its own id and title" if args.from_id else "the template"
    print(f"Wrote {visible(str(path))} ({origin}).")
    _schema_beside(path)
    print(f"Next: fill in the author and edit it, then check it with 'pendulate validate {visible(str(path))}'.")
    return EXIT_OK


def _schema_beside(path: Path) -> None:
    """Write the schema the new script's first line names, beside it, unless one is there."""
    from pendulate.homework.scaffold import SCHEMA_NAME, write_schema_beside

    try:
        written = write_schema_beside(path)
    except OSError as exc:
        print(
            f"(the editor schema could not be written beside it: {paths.os_error_reason(exc)}; "
            f"make it with 'pendulate schema > {SCHEMA_NAME}')",
            file=sys.stderr,
        )
        return
    if written is not None:
        print(f"Wrote {visible(str(written))} beside it, for completion in your editor (keep the two together).")


def _params_text(overrides: Mapping[str, object]) -> str:
    return ", ".join(f"{k} {v:g}" if isinstance(v, float) else f"{k} {v}" for k, v in overrides.items())


def cmd_add(args: argparse.Namespace) -> int:
    from pendulate.homework.install import add_homework

    path = Path(args.file)
    kind, _ = paths.look(path)
    if kind in ("missing", "folder"):
        reason = "is a folder, not a file" if kind == "folder" else "does not exist"
        print(f"pendulate homework add: {visible(str(path))} {reason}", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = add_homework(path)
    except ScriptError as exc:
        # Everything read (the homework, its scripts and their sounds) is reported here, located.
        for line in shown(exc.problems):
            print(line, file=sys.stderr)
        print(f"{visible(str(path))}: not imported; nothing was changed.", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        # Only writing into pendulate's own homework folder is left to fail here.
        print(
            f"pendulate homework add: cannot write the homework folder ({paths.homework_dir()}): "
            f"{paths.os_error_reason(exc)}. Nothing was imported.",
            file=sys.stderr,
        )
        return EXIT_INVALID
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    hw = result.homework
    verb = "Updated" if result.replaced else "Imported"
    print(
        f"{verb} homework '{hw.id}' from {hw.therapist.name}"
        + (f" ({hw.therapist.contact})" if hw.therapist.contact else "")
        + "."
    )
    for item in hw.assigned:
        where = "built-in" if item.source_file is None else f"copied from {item.ref}"
        print(f"  {item.script.id}: {item.script.title} ({where})")
        print(f"    {item.schedule.describe()}")
        if item.overrides:
            print(f"    settings for you: {_params_text(item.overrides)}")
    if hw.track:
        from pendulate.homework.model import describe_track

        print(f"  asked by name in the diary check-in: {describe_track(hw.track)}")
    if result.copied:
        print(f"Copied {len(result.copied)} file(s) into {result.folder}.")
    print("The scripts now appear first in the library, marked as assigned.")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from pendulate.catalogue.assignments import assignments
    from pendulate.homework.install import scan_installed

    homework, problems = scan_installed()
    for line in shown(problems):  # a file of thousands of mistakes is twenty lines and a count
        print(line if line.startswith("…") else f"skipped: {line}", file=sys.stderr)
    if not homework:
        print("No homework imported yet. A therapist's homework file is added with 'pendulate homework add FILE'.")
        return EXIT_OK
    from pendulate.store.db import StoreError

    store = open_log(create=False, required=False)  # never created just to count sessions
    try:
        current = assignments(store, homework=homework)
    except StoreError as error:
        print(f"(the practice log can't be read, so sessions are not counted: {error})", file=sys.stderr)
        current = assignments(None, homework=homework)
    finally:
        if store is not None:
            store.close()
    for hw in homework:
        contact = f" · {hw.therapist.contact}" if hw.therapist.contact else ""
        print(f"{hw.id} · assigned by {hw.therapist.name}{contact}" + (f" · for {hw.client}" if hw.client else ""))
        if hw.note:
            print(f"  note: {hw.note}")
        for item in hw.assigned:
            chosen = current.get(item.script.id)
            if chosen is not None and chosen.homework_id == hw.id:
                progress = chosen.progress_text()
            else:
                progress = "listed under another homework"
            print(f"  {item.script.id}: {item.script.title}")
            print(f"    {item.schedule.describe()} · {progress}")
            if item.overrides:
                print(f"    settings for you: {_params_text(item.overrides)}")
        if hw.track:
            from pendulate.homework.model import describe_track

            print(f"  asked by name in the diary check-in: {describe_track(hw.track)}")
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    from pendulate.homework.install import remove_homework

    if remove_homework(args.homework_id):
        print(f"Removed homework '{args.homework_id}'. Sessions practised with it stay in your log.")
        return EXIT_OK
    print(f"pendulate homework remove: no imported homework with the id '{args.homework_id}'", file=sys.stderr)
    return EXIT_INVALID


def cmd_homework_schema(args: argparse.Namespace) -> int:
    """``pendulate schema --homework``: the JSON Schema of homework files."""
    from pendulate.homework.schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK
