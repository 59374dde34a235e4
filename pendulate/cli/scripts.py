"""Script commands: ``list``, ``validate``, ``show`` and ``schema``.

The loader is imported inside the handlers so ``pendulate --help`` stays fast. Bad input
is reported as located problems, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
_THERAPIST_MARK = "*"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the script commands to the ``pendulate`` parser."""
    p = subparsers.add_parser("list", help="list the practice scripts",
                              description="List the built-in scripts and your own, with their length and phases.")
    p.set_defaults(func=cmd_list)

    p = subparsers.add_parser("validate", help="check script files for mistakes",
                              description="Check script files. Prints each problem as FILE:LINE:COL. "
                              "Exit status: 0 all valid (warnings allowed), 1 a file has errors, "
                              "2 a file is missing.")
    p.add_argument("files", nargs="+", metavar="FILE", help="a script file (.yaml)")
    p.set_defaults(func=cmd_validate)

    p = subparsers.add_parser("show", help="show a script's timeline",
                              description="Show the expanded timeline of a script: start times, "
                              "kinds, lengths and titles, with check-ins, and the total.")
    p.add_argument("script", metavar="SCRIPT", help="a script id (see 'pendulate list') or a .yaml file")
    p.set_defaults(func=cmd_show)

    p = subparsers.add_parser("schema", help="print the JSON Schema of the script format",
                              description="Print the JSON Schema of the script format, for editors.")
    p.set_defaults(func=cmd_schema)


def _clock(seconds: float) -> str:
    from pendulate.script.durations import format_seconds

    return format_seconds(seconds)


def cmd_list(args: argparse.Namespace) -> int:
    from pendulate.plan.build import build_plan
    from pendulate.script.errors import ScriptError
    from pendulate.catalogue.scripts import assigned_scripts, merged
    from pendulate.script.library import builtin_scripts, scan_user_scripts

    own, problems = scan_user_scripts()
    try:
        scripts = merged(builtin_scripts(), assigned_scripts(), own)
    except ScriptError as exc:
        print(f"pendulate: a built-in script is broken:\n{exc}", file=sys.stderr)
        return EXIT_INVALID
    rows = []
    for script in scripts:
        plan = build_plan(script)
        length = _clock(plan.total) + ("+" if plan.has_open_end else "")
        kinds = list(dict.fromkeys(step.kind for step in plan.phases()))
        mark = f" {_THERAPIST_MARK}" if script.requires_therapist else ""
        rows.append((script.id + mark, script.title, length, " ".join(kinds), script.origin))
    header = ("ID", "TITLE", "TIME", "PHASES", "SOURCE")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(widths[i]) if i < 4 else cell for i, cell in enumerate(row)).rstrip())
    notes = []
    if any(script.requires_therapist for script in scripts + own):
        notes.append(f"{_THERAPIST_MARK} meant to be practised with a therapist (requires_therapist)")
    if any(row[2].endswith("+") for row in rows):
        notes.append("+ ends with an open phase: stay as long as you like")
    for note in notes:
        print(note)
    for problem in problems:
        print(f"skipped: {problem}", file=sys.stderr)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from pendulate.script.loader import check_script
    from pendulate.script.text import visible  # file names may hold escapes; show them inert

    status = EXIT_OK
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            reason = "is a folder, not a file" if path.is_dir() else "does not exist"
            print(f"pendulate validate: {visible(name)} {reason}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        script, problems = check_script(path)
        for problem in problems:
            print(problem)
        if script is None:
            status = max(status, EXIT_INVALID)
        else:
            warnings = len(problems)
            print(f"{visible(name)}: ok" + (f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""))
    return status


def resolve_or_report(ref: str):
    """The script ``ref`` names (an id or a path), or None after saying why on stderr."""
    from pendulate.script.errors import ScriptError
    from pendulate.catalogue.scripts import resolve

    try:
        return resolve(ref)
    except ScriptError as exc:
        print(exc, file=sys.stderr)
        return None


def cmd_show(args: argparse.Namespace) -> int:
    from pendulate.plan.build import build_plan
    from pendulate.script.text import visible  # the file's own path may hold escapes

    script = resolve_or_report(args.script)
    if script is None:
        return EXIT_INVALID
    plan = build_plan(script)
    print(f"{script.id}: {script.title}")
    print(f"version {script.version}, {script.origin}" + (f", {visible(str(script.source))}" if script.source else ""))
    if script.requires_therapist:
        print("meant to be practised with a therapist (requires_therapist: true)")
    print()
    print(f"{'START':>7}  {'KIND':<10}  {'LENGTH':>6}  TITLE")
    for start, step in zip(plan.starts, plan.steps):
        if step.is_checkin:
            length, title = "gate", f"{step.title} ({', '.join(step.scales)})"
            kind = "check-in"
        else:
            length = "open" if step.duration is None else _clock(step.duration)
            title, kind = step.title, step.kind
        print(f"{_clock(start):>7}  {kind:<10}  {length:>6}  {title}")
    phases = len(plan.phases())
    gates = len(plan.steps) - phases
    total = f"total {_clock(plan.total)}" + (" plus an open-ended phase" if plan.has_open_end else "")
    print(f"\n{total} ({phases} phases, {gates} check-ins)")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from pendulate.script.schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK
