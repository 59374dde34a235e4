"""Script commands: ``list``, ``validate``, ``show`` (``--effective``), ``voice`` and ``schema`` (``--homework``).

Their descriptions and examples for ``--help`` are in :mod:`pendulate.cli.helptext`.

Bad input is reported as located problems, never as a traceback.

Handlers import what they use: every command builds every parser, so the loader, the
catalogue and the plan builder imported at the top would be paid by every command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pendulate import paths
from pendulate.cli.effective import show_effective
from pendulate.cli.homework import cmd_homework_schema
from pendulate.cli.render import add_voice_model_option
from pendulate.cli.timeline import print_timeline
from pendulate.script.durations import format_seconds
from pendulate.script.errors import MAX_SHOWN, ScriptError, shown
from pendulate.script.model import Script
from pendulate.script.text import visible  # names and paths may hold escapes; show them inert

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
_THERAPIST_MARK = "*"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the script commands to the ``pendulate`` parser."""
    p = subparsers.add_parser(
        "list",
        help="list the practice scripts",
    )
    p.set_defaults(func=cmd_list)

    p = subparsers.add_parser(
        "validate",
        help="check script files for mistakes",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="a script file (.yaml)")
    p.set_defaults(func=cmd_validate)

    p = subparsers.add_parser(
        "show",
        help="show a script's timeline",
    )
    p.add_argument("script", metavar="SCRIPT", help="a script id (see 'pendulate list') or a .yaml file")
    p.add_argument(
        "--effective",
        action="store_true",
        help="the settings your next session would use, each with where it comes from (pendulate's "
        "default, this script, a homework override, R4 progression: gradual lengthening after "
        "settled sessions, explained below), and the timeline shaped with them",
    )
    p.set_defaults(func=cmd_show)

    p = subparsers.add_parser(
        "voice",
        help="list what will speak each phase of a script (a recording, espeak-ng, Piper) and for how long",
    )
    p.add_argument("script", metavar="SCRIPT", help="a script id (see 'pendulate list') or a .yaml file")
    add_voice_model_option(p)
    p.set_defaults(func=cmd_voice)

    p = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of the script format",
    )
    p.add_argument("--homework", action="store_true", help="the schema of homework files instead")
    p.set_defaults(func=cmd_schema)


def cmd_list(args: argparse.Namespace) -> int:
    from pendulate.catalogue.scripts import library
    from pendulate.plan.build import build_plan

    try:
        offered = library()
    except ScriptError as exc:
        print(f"pendulate: a built-in script is broken:\n{exc}", file=sys.stderr)
        return EXIT_INVALID
    scripts = offered.scripts  # in the library's order: assigned first, then the gentle default
    rows = []
    for script in scripts:
        plan = build_plan(script)
        length = format_seconds(plan.total) + ("+" if plan.has_open_end else "")
        kinds = list(dict.fromkeys(step.kind for step in plan.phases()))
        mark = f" {_THERAPIST_MARK}" if script.requires_therapist else ""
        rows.append((script.id + mark, script.title, length, " ".join(kinds), script.origin))
    header = ("ID", "TITLE", "TIME", "PHASES", "SOURCE")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(widths[i]) if i < 4 else cell for i, cell in enumerate(row)).rstrip())
    # A file of the person's own that is left out is said in the list, where they look for it.
    for line in [one.summary() for one in offered.skipped][:MAX_SHOWN]:
        print(line)
    if len(offered.skipped) > MAX_SHOWN:
        print(f"… and {len(offered.skipped) - MAX_SHOWN} more files that can't be read.")
    notes = []
    if any(script.requires_therapist for script in scripts):
        notes.append(f"{_THERAPIST_MARK} meant to be practised with a therapist (requires_therapist)")
    if any(row[2].endswith("+") for row in rows):
        notes.append("+ ends with an open phase: stay as long as you like")
    for note in notes:
        print(note)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from pendulate.script.loader import check_script

    status = EXIT_OK
    for name in args.files:
        path = Path(name)
        kind, _ = paths.look(path)
        if kind in ("missing", "folder"):
            reason = "is a folder, not a file" if kind == "folder" else "does not exist"
            print(f"pendulate validate: {visible(name)} {reason}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        # Anything else that is not a plain file (a pipe, a device, a looping link, a name
        # too long, a closed folder) is said by the reader, located, as show and run say it.
        script, problems = check_script(path)
        for line in shown(problems):
            print(line)
        if script is None:
            status = max(status, EXIT_INVALID)
        else:
            warnings = len(problems)
            print(f"{visible(name)}: ok" + (f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""))
    return status


def resolve_or_report(ref: str) -> Script | None:
    """The script ``ref`` names (an id or a path), or None after saying why on stderr."""
    from pendulate.catalogue.scripts import resolve

    try:
        return resolve(ref)
    except ScriptError as exc:
        print(exc, file=sys.stderr)
        return None


def cmd_show(args: argparse.Namespace) -> int:
    from pendulate.plan.build import build_plan

    script = resolve_or_report(args.script)
    if script is None:
        return EXIT_INVALID
    if args.effective:
        return show_effective(script)
    plan = build_plan(script)
    print(f"{script.id}: {script.title}")
    print(f"version {script.version}, {script.origin}" + (f", {visible(str(script.source))}" if script.source else ""))
    if script.requires_therapist:
        print("meant to be practised with a therapist (requires_therapist: true)")
    print()
    print_timeline(plan)
    return EXIT_OK


def cmd_voice(args: argparse.Namespace) -> int:
    from pendulate.cli.voice import cmd_voice as listing

    return listing(args)


def cmd_schema(args: argparse.Namespace) -> int:
    if args.homework:
        return cmd_homework_schema(args)
    from pendulate.script.schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK
