"""``pendulate show SCRIPT --effective``: the settings a session would really run with, and why.

Each value is labelled with where it came from (script default, homework override, R4
progression), followed by the timeline shaped with them, as ``prepare`` would shape it.
"""

from __future__ import annotations

import argparse
import sys

from pendulate.script.model import Script

EXIT_OK, EXIT_INVALID = 0, 1


def extend(subparsers: argparse._SubParsersAction) -> None:
    """Add ``show --effective`` and ``schema --homework`` to the script commands.

    The script commands stay unaware of homework: the options are attached to their parsers
    here, and the original handler still runs whenever the option is not given.
    """
    show = subparsers.choices.get("show")
    if show is not None:
        show.add_argument("--effective", action="store_true",
                          help="the settings your next session would use (script defaults, homework "
                          "overrides, R4 progression) and the timeline shaped with them")
        plain_show = show.get_default("func")
        show.set_defaults(func=lambda args: cmd_show_effective(args) if args.effective else plain_show(args))
    schema = subparsers.choices.get("schema")
    if schema is not None:
        schema.add_argument("--homework", action="store_true", help="the schema of homework files instead")
        plain_schema = schema.get_default("func")
        schema.set_defaults(func=lambda args: cmd_homework_schema(args) if args.homework else plain_schema(args))


def cmd_homework_schema(args: argparse.Namespace) -> int:
    from pendulate.homework.schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def cmd_show_effective(args: argparse.Namespace) -> int:
    from pendulate.cli.scripts import resolve_or_report

    script = resolve_or_report(args.script)
    if script is None:
        return EXIT_INVALID
    print(f"{script.id}: {script.title}")
    print(f"version {script.version}, {script.origin}")
    print_effective(script, print_timeline)
    return EXIT_OK


def print_timeline(plan) -> None:
    """The timeline table, as ``pendulate show`` prints it."""
    from pendulate.script.durations import format_seconds

    print(f"{'START':>7}  {'KIND':<10}  {'LENGTH':>6}  TITLE")
    for start, step in zip(plan.starts, plan.steps):
        if step.is_checkin:
            kind, length, title = "check-in", "gate", f"{step.title} ({', '.join(step.scales)})"
        else:
            kind, title = step.kind, step.title
            length = "open" if step.duration is None else format_seconds(step.duration)
        print(f"{format_seconds(start):>7}  {kind:<10}  {length:>6}  {title}")
    phases = len(plan.phases())
    total = f"total {format_seconds(plan.total)}" + (" plus an open-ended phase" if plan.has_open_end else "")
    print(f"\n{total} ({phases} phases, {len(plan.steps) - phases} check-ins)")


def print_effective(script: Script, timeline) -> None:
    """Print the effective parameters of ``script`` and its shaped plan via ``timeline(plan)``."""
    from pendulate.cli.homework import _open_store
    from pendulate.plan.build import build_plan
    from pendulate.engine.progression import shape_plan
    from pendulate.catalogue.effective import R4_PROGRESSION, base_dose, session_setup, sources
    from pendulate.script.model import effective_params

    store = _open_store()
    try:
        setup = session_setup(script, store)
    finally:
        if store is not None:
            store.close()
    params = effective_params(script, setup.overrides)
    assignment = setup.assignment
    if assignment is not None:
        print(f"assigned by {assignment.therapist} (homework {assignment.homework_id}) · "
              f"{assignment.schedule.describe()} · {assignment.progress_text()}")
    if store is None:
        print("no practice log yet, so no R4 progression")
    print()
    print(f"{'SETTING':<15}  {'VALUE':>6}  FROM")
    for name, value, source in sources(script, setup):
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        print(f"{name:<15}  {shown:>6}  {source}")
    touch, cycles = base_dose(script, params)
    progress = setup.progress
    if cycles:
        grown = f" + {progress.extra_touch:g} s {R4_PROGRESSION}" if progress.extra_touch else ""
        print(f"{'touch length':<15}  {touch + progress.extra_touch:>5g}s  script {touch:g} s{grown} "
              f"(cap touch_max {params.touch_max} s)")
        more = f" + {progress.extra_cycles} {R4_PROGRESSION}" if progress.extra_cycles else ""
        print(f"{'cycles':<15}  {cycles + progress.extra_cycles:>6}  script {cycles}{more} "
              f"(cap max_cycles {params.max_cycles})")
    else:
        print("no activation in this script, so R4 progression does not apply")
    if progress.message:
        print(f"\nnext time: {progress.message}")
    print()
    timeline(shape_plan(build_plan(script), params, progress))
    sys.stdout.flush()
