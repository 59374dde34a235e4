"""Whole-script checks: size of the expanded session, and the safety lint (rule R6 and friends).

They run on the phases as written even when some could not be read: an item that could not be
built is a *stand-in* (see :mod:`pendulate.script.phases`), and no check starts from a stand-in
or from a guess about it, so a typo never cascades into a confusing safety complaint, while a
missing closing orient is still said in the same run as the typo. Counts and lengths over a
list with stand-ins are lower bounds: when even they pass a limit, the limit is passed.
"""

from __future__ import annotations

from collections.abc import Iterator

from pendulate.script.durations import format_seconds
from pendulate.script.errors import ScriptProblem
from pendulate.script.fields import MAX_STEPS, MAX_TOTAL_SECONDS
from pendulate.script.model import RESOURCE_KINDS, CheckinItem, Item, Phase, Repeat, Script
from pendulate.script.phases import UNKNOWN_KIND
from pendulate.script.yamlnodes import Pos

ACTIVATION_WARN_SECONDS = 60.0


def lint(
    script: Script,
    filename: str,
    phases_pos: Pos,
    where: dict[int, Pos],
    duration_pos: dict[int, Pos],
    stand_ins: frozenset[int] | set[int] = frozenset(),
) -> list[ScriptProblem]:
    """Errors and warnings about the script as a whole; ``where`` locates model objects.

    ``stand_ins`` holds the ids of phases standing in for items that could not be built (their
    kind is known only when it could be read, their length never) and of repeat blocks whose
    count could not be read (counted once).
    """
    found: list[ScriptProblem] = []

    def report(pos: Pos, message: str, hint: str = "", severity: str = "error") -> None:
        found.append(ScriptProblem(filename, pos.line, pos.col, message, hint, severity))

    # Count before expanding: nested repeats could otherwise build a huge list.
    if _count_steps(script.phases) > MAX_STEPS:
        report(
            phases_pos,
            f"the session would have more than {MAX_STEPS} steps once repeats are expanded",
            "use fewer repeats, or split the practice into several scripts",
        )
        return found
    at_least = "at least " if stand_ins else ""  # what could not be read counts as little as it can
    steps = _session_steps(script.phases)
    if steps > MAX_STEPS:
        report(
            phases_pos,
            f"the session would have {at_least}{steps} steps (the limit is {MAX_STEPS})",
            "use fewer repeats, or split the practice into several scripts",
        )
    total = sum(phase.duration or 0.0 for phase in _expanded(script.phases))
    if total > MAX_TOTAL_SECONDS:
        report(
            phases_pos,
            f"the session would last {at_least}{format_seconds(total)} "
            f"(the limit is {format_seconds(MAX_TOTAL_SECONDS)})",
            "shorten phases or use fewer repeats",
        )

    phases = list(_expanded(script.phases))
    last_pos = where.get(id(phases[-1]), phases_pos) if phases else phases_pos
    ending_unknown = any(phase.kind == UNKNOWN_KIND for phase in phases[-2:])
    if not ending_unknown and (len(phases) < 2 or phases[-2].kind not in RESOURCE_KINDS or phases[-1].kind != "orient"):
        report(
            last_pos,
            "the script needs to end with a settling phase followed by an orient phase (rule R6)",
            "finish with, for example, '- kind: resource' and then '- kind: orient', so the person "
            "comes back to the room from a settled place",
        )
    for index, phase in enumerate(phases):
        if phase.duration is None and index != len(phases) - 2:
            report(
                duration_pos.get(id(phase), phases_pos),
                "only the closing settling phase, just before the final orient, can be open-ended",
                "give this phase a length",
            )

    warned: set[int] = set()  # a phase inside a repeat appears several times; warn once
    for index, phase in enumerate(phases):
        if phase.kind != "activation" or id(phase) in warned or phase.duration is None or id(phase) in stand_ins:
            continue
        warned.add(id(phase))
        pos = duration_pos.get(id(phase), phases_pos)
        if phase.duration > ACTIVATION_WARN_SECONDS:
            report(
                pos,
                f"this activation lasts {format_seconds(phase.duration, words=True)}, longer than "
                f"{format_seconds(ACTIVATION_WARN_SECONDS, words=True)}",
                "small doses: 10 to 30 seconds (3 to 5 breaths) is usual",
                "warning",
            )
        after = phases[index + 1] if index + 1 < len(phases) else None
        if (
            after is not None
            and id(after) not in stand_ins
            and after.kind in RESOURCE_KINDS
            and after.duration is not None
            and phase.duration > after.duration
        ):
            report(
                pos,
                f"this activation ({format_seconds(phase.duration, words=True)}) is longer than the "
                f"{after.kind} phase after it ({format_seconds(after.duration, words=True)})",
                f"resource time is usually at least {script.params.resource_ratio:g} times the activation time",
                "warning",
            )
    return found


def _count_steps(items: tuple[Item, ...]) -> int:
    total = 0
    for item in items:
        if isinstance(item, Repeat):
            total += item.times * _count_steps(item.items)
        elif isinstance(item, CheckinItem):
            total += 1
        else:
            total += 1 + (item.checkin is not None)
    return total


def _in_order(items: tuple[Item, ...]) -> Iterator[Phase | CheckinItem]:
    """Phases and check-ins in session order, repeats unrolled; a phase's own check-in follows it."""
    for item in items:
        if isinstance(item, Repeat):
            for _ in range(item.times):
                yield from _in_order(item.items)
        else:
            yield item
            if isinstance(item, Phase) and item.checkin is not None:
                yield CheckinItem(item.checkin, item.line)


def _session_steps(items: tuple[Item, ...]) -> int:
    """Steps of the session as it runs: the script's own, plus the opening and closing check-ins
    the plan adds when the script does not begin or end with one (see ``plan.build.build_plan``)."""
    flat = list(_in_order(items))
    opening = not flat or not isinstance(flat[0], CheckinItem)
    closing = bool(flat) and not isinstance(flat[-1], CheckinItem)
    return len(flat) + opening + closing


def _expanded(items: tuple[Item, ...]) -> Iterator[Phase]:
    """The timed phases in session order, repeats unrolled, check-ins left out."""
    for item in items:
        if isinstance(item, Repeat):
            for _ in range(item.times):
                yield from _expanded(item.items)
        elif isinstance(item, Phase):
            yield item
