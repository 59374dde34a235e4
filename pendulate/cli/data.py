"""``pendulate history``, ``pendulate export`` and ``pendulate data path|delete|check|set-aside``.

Everything here reads or writes the local practice log only. Problems are explained in a
sentence or two, never shown as a traceback.

Handlers import what they use: every command builds every parser, so the store and the
exporters loaded at the top of this module would be paid by every command.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from pendulate import paths
from pendulate.cli.ask import confirm
from pendulate.cli.log import SET_ASIDE_HINT, open_log, report_store_error
from pendulate.store.formatting import duration

EXPORT_FORMATS = ("csv", "html", "json")  # checked against the exporters by a test
REHEARSAL_MARK = "rehearsal"
REHEARSAL_NOTE = (
    "Rehearsals (a script run with --speed to try it out) are listed in real time and never counted as practice."
)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024-05-31") from None


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", type=_day, metavar="DATE", help="first day to include (YYYY-MM-DD)")
    parser.add_argument("--until", type=_day, metavar="DATE", help="last day to include (YYYY-MM-DD)")
    parser.add_argument("--script", metavar="ID", help="only sessions of this script")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    history = subparsers.add_parser("history", help="list your sessions, newest first")
    history.add_argument("--json", action="store_true", help="machine-readable output")
    history.add_argument("--limit", type=int, metavar="N", help="show only the N most recent")
    _filters(history)
    history.set_defaults(func=cmd_history)

    exporter = subparsers.add_parser("export", help="write your sessions to a CSV, JSON or HTML file")
    exporter.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    exporter.add_argument("-o", "--output", required=True, type=Path, metavar="PATH")
    exporter.add_argument("--no-notes", action="store_true", help="leave your personal notes out")
    _filters(exporter)
    exporter.set_defaults(func=cmd_export)

    data = subparsers.add_parser("data", help="where your data lives; delete it")
    actions = data.add_subparsers(dest="data_command", metavar="ACTION")
    where = actions.add_parser("path", help="show where pendulate keeps your data")
    where.set_defaults(func=cmd_path)
    delete = actions.add_parser("delete", help="delete everything pendulate keeps (it lists it all and asks first)")
    delete.add_argument("--yes", action="store_true", help="do not ask: delete the practice data, keep the settings")
    delete.add_argument(
        "--include-settings", action="store_true", help="also delete the settings: crisis contacts and safety plan"
    )
    delete.set_defaults(func=cmd_delete)
    check = actions.add_parser("check", help="check the practice log for damage")
    check.set_defaults(func=cmd_check)
    aside = actions.add_parser("set-aside", help="keep a damaged log aside and start a new one")
    aside.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    aside.set_defaults(func=cmd_set_aside)
    data.set_defaults(func=cmd_path)


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _confirm(question: str, assume_yes: bool) -> bool | None:
    """True/False from the person; None when nobody can be asked (no TTY and no --yes)."""
    return confirm(question, assume_yes)


def cmd_history(args: argparse.Namespace) -> int:
    from pendulate.store.db import StoreError

    store = open_log(create=True, required=True)
    if store is None:
        return 1
    with store:
        try:
            if args.json:
                rows = store.history(limit=args.limit, since=args.since, until=args.until, script_id=args.script)
            else:
                table = store.history_table(limit=args.limit, since=args.since, until=args.until, script_id=args.script)
        except StoreError as error:
            _err(str(error))
            return 1
    if args.json:
        out = [
            {
                "id": r.id,
                "started_local": r.started_local.isoformat(),
                "script_id": r.script_id,
                "script_version": r.script_version,
                "status": r.status,
                "active_s": r.duration_s,
                "pre_suds": r.pre_suds,
                "peak_suds": r.peak_suds,
                "end_suds": r.end_suds,
                "checkins": r.checkin_count,
                # A run at a faster speed: listed, never counted as practice; real seconds.
                "rehearsal": r.rehearsal,
                "speed": r.speed,
            }
            for r in rows
        ]
        print(json.dumps(out, indent=2))
        return 0
    if not table:
        from pendulate.export import ExportFilter

        selection = ExportFilter(args.since, args.until, args.script).selection()
        print(f"No sessions {selection} are in your log." if selection else "No sessions recorded yet.")
        return 0
    width = max(len("script"), *(len(row[2]) for row in table))
    lines = [f"{'date':16}  {'script':{width}}  {'time':>12}  {'status':11}  pre peak end"]
    lines += [
        f"{started}  {script:{width}}  {duration(active):>12}  {status:11}  "
        f"{_cell(pre):>3} {_cell(peak):>4} {_cell(end):>3}" + (f"  {REHEARSAL_MARK}" if rehearsal else "")
        for _, started, script, _, status, active, pre, peak, end, _, rehearsal in table
    ]
    if any(row[-1] for row in table):
        lines.append(REHEARSAL_NOTE)
    # One write, not a print per session: a lifetime is 20,000 lines.
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _cell(value: int | None) -> str:
    return "–" if value is None else str(value)


def cmd_export(args: argparse.Namespace) -> int:
    output: Path = args.output
    kind, reason = paths.look(output)
    if kind == "folder":
        _err(f"{output} is a folder; give a file name, for example {output / ('pendulate.' + args.format)}")
        return 1
    if kind == "unreachable":
        _err(f"The export could not be written to {output}: {reason}.")
        return 1
    store = open_log(create=True, required=True)
    if store is None:
        return 1
    from pendulate.export import ExportFilter, NothingToExport, export, preview
    from pendulate.homework.install import installed_homework
    from pendulate.store.db import StoreError

    filt = ExportFilter(since=args.since, until=args.until, script_id=args.script, include_notes=not args.no_notes)
    with store:
        try:
            found = preview(store, filt)
            if not found.sessions:
                print(found.nothing())
                return 1
            print(f"Exporting {found.describe()}")
            written = export(store, args.format, output, filt, installed_homework())
        except NothingToExport as nothing:  # the log changed between the preview and the export
            print(nothing)
            return 1
        except StoreError as error:
            _err(str(error))
            return 1
        except OSError as error:
            _err(f"The export could not be written to {output}: {paths.os_error_reason(error)}.")
            return 1
    print(f"Written to {written} (readable only by you).")
    return 0


def cmd_path(args: argparse.Namespace) -> int:
    print(f"Your data folder:  {paths.data_dir()}")
    print(f"Practice log:      {paths.database_path()}")
    print(f"Settings:          {paths.config_path()}")
    if paths.look(paths.database_path())[0] != "missing":
        from pendulate.store.db import StoreError

        store = open_log(create=True, required=True)
        if store is None:
            return 1
        with store:
            try:
                counts = store.counts()
            except StoreError as error:
                report_store_error(error)
                return 1
        span = f", {counts['first_day']} to {counts['last_day']}" if counts["sessions"] else ""
        print(f"It holds {counts['sessions']} sessions and {counts['checkins']} check-ins{span}.")
    else:
        print("No practice log yet: nothing has been recorded.")
    print("Nothing is ever sent anywhere; files are readable only by you.")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    from pendulate.cli.delete import delete_everything

    return delete_everything(args)


def cmd_check(args: argparse.Namespace) -> int:
    from pendulate.store.db import StoreError

    store = open_log(create=True, required=True)
    if store is None:
        return 1
    with store:
        try:
            problems = store.integrity_problems()
        except StoreError as error:
            report_store_error(error)
            return 1
    if problems:
        _err("The practice log has damage:\n  " + "\n  ".join(problems[:10]))
        _err(SET_ASIDE_HINT)
        return 1
    print("The practice log is in good order.")
    return 0


def cmd_set_aside(args: argparse.Namespace) -> int:
    from pendulate.store.db import StoreError, set_aside_corrupt
    from pendulate.store.store import Store

    path = paths.database_path()
    if not path.exists():
        print("There is no practice log to set aside.")
        return 0
    # A probe, not open_log: whether the log opens decides what happens, and a damaged log
    # is what this command is for, so it is not reported as a problem.
    try:
        with Store.open(path) as store:
            store.quick_check()  # damage the app would refuse to write into counts too
        print("The practice log opens fine, so nothing was set aside.")
        return 0
    except StoreError as error:
        if not error.can_set_aside:
            _err(str(error))
            return 1
    agreed = _confirm(f"Rename the damaged log at {path} (kept, not deleted) and start a new, empty one?", args.yes)
    if agreed is None:
        _err("Nothing changed: run it in a terminal to confirm, or add --yes.")
        return 1
    if not agreed:
        print("Nothing changed.")
        return 0
    moved = set_aside_corrupt(path)
    print(f"The damaged log is kept at {moved}. A new log starts with your next session.")
    return 0
