"""``pendulate show SCRIPT --effective``: the settings a session would really run with, and why.

Each value is labelled with where it came from (pendulate's default, this script, a homework
override, R4 progression), each label is said in words, and the timeline shaped with them
follows, as ``prepare`` would shape it.

Handlers import what they use: this module is loaded with the script commands, and every
command builds every parser, so the catalogue, the plan builder and the store imported at the
top would be paid by every command.
"""

from __future__ import annotations

import sys
import textwrap

from pendulate import paths
from pendulate.cli.log import session_setup_from_log
from pendulate.cli.timeline import print_timeline
from pendulate.script.model import PARAM_NAMES, Script, effective_params

EXIT_OK = 0
NAME_WIDTH = max(len(name) for name in PARAM_NAMES)  # every setting name fits its column
LEGEND_WIDTH = 88


def show_effective(script: Script) -> int:
    """``pendulate show SCRIPT --effective`` once SCRIPT is resolved."""
    print(f"{script.id}: {script.title}")
    print(f"version {script.version}, {script.origin}")
    print_effective(script)
    return EXIT_OK


def print_effective(script: Script) -> None:
    """Print the effective parameters of ``script``, then the timeline of its shaped plan."""
    from pendulate.catalogue.effective import R4_MEANING, R4_PROGRESSION, SOURCE_MEANINGS, base_dose, sources
    from pendulate.engine.progression import shape_plan
    from pendulate.plan.build import build_plan

    setup = session_setup_from_log(script)
    params = effective_params(script, setup.overrides)
    assignment = setup.assignment
    if assignment is not None:
        print(
            f"assigned by {assignment.therapist} (homework {assignment.homework_id}) · "
            f"{assignment.schedule.describe()} · {assignment.progress_text()}"
        )
    if paths.look(paths.database_path())[0] == "missing":
        print(f"no practice log yet, so no {R4_PROGRESSION} (gradual lengthening) yet")
    print()
    print(f"{'SETTING':<{NAME_WIDTH}}  {'VALUE':>6}  FROM")
    labelled = sources(script, setup)
    for name, value, source in labelled:
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        print(f"{name:<{NAME_WIDTH}}  {shown:>6}  {source}")
    touch, cycles = base_dose(script, params)
    progress = setup.progress
    if cycles:
        grown = f" + {progress.extra_touch:g} s from {R4_PROGRESSION}" if progress.extra_touch else ""
        print(
            f"{'touch length':<{NAME_WIDTH}}  {touch + progress.extra_touch:>5g}s  "
            f"this script's {touch:g} s{grown} (at most touch_max, {params.touch_max} s)"
        )
        more = f" + {progress.extra_cycles} from {R4_PROGRESSION}" if progress.extra_cycles else ""
        print(
            f"{'cycles':<{NAME_WIDTH}}  {cycles + progress.extra_cycles:>6}  "
            f"this script's {cycles}{more} (at most max_cycles, {params.max_cycles})"
        )
    print()
    used = {source for _, _, source in labelled}
    for label, meaning in SOURCE_MEANINGS:  # each label in words, once, for the ones used above
        if label in used:
            _say(f"{label}: {meaning}.")
    if cycles:
        _say(f"{R4_MEANING}.")
    else:
        _say(f"This script has no activation, so {R4_PROGRESSION} (gradual lengthening of touches) does not apply.")
    if progress.message:
        print(f"\nnext time: {progress.message}")
    print()
    print_timeline(shape_plan(build_plan(script), params, progress))
    sys.stdout.flush()


def _say(text: str) -> None:
    print(textwrap.fill(text, width=LEGEND_WIDTH, subsequent_indent="  "))
