"""Fitting a plan to a client's parameters, and the between-session progression rule R4."""

from __future__ import annotations

from dataclasses import dataclass, replace

from pendulate.engine.titration import is_activation, is_settling
from pendulate.plan.build import Plan, Step
from pendulate.script.model import Params


@dataclass(frozen=True)
class Progress:
    """How far R4 has lengthened activation for a script: extra seconds per touch and extra cycles."""

    extra_touch: float = 0.0
    extra_cycles: int = 0
    message: str = ""


@dataclass(frozen=True)
class PastSession:
    completed: bool
    peak_suds: int | None
    within_window: bool  # no zone below/above was reported
    progress: Progress = Progress()


def activation_count(plan: Plan) -> int:
    return sum(1 for step in plan.steps if is_activation(step))


def next_progress(recent: list[PastSession], params: Params, base_touch: float, base_cycles: int) -> Progress:
    """R4: after two quiet sessions in a row, a little more next time, within the therapist's caps.

    ``recent`` is newest first. "Quiet" means completed, within the window, and peak SUDS at
    most ``quiet_peak``. Each touch grows by ``step_seconds``, but per session by at most
    ``step_pct`` percent of the current touch, never past ``touch_max``; once touches are at
    the cap, one more cycle, never past ``max_cycles``.
    """
    current = recent[0].progress if recent else Progress()
    if not base_cycles:
        return Progress()
    quiet = [
        s.completed and s.within_window and s.peak_suds is not None and s.peak_suds <= params.quiet_peak
        for s in recent[:2]
    ]
    if len(quiet) < 2 or not all(quiet):
        return replace(current, message="")
    touch = base_touch + current.extra_touch
    grow = min(float(params.step_seconds), touch * params.step_pct / 100.0, params.touch_max - touch)
    if grow >= 1.0:
        return Progress(
            current.extra_touch + grow,
            current.extra_cycles,
            f"The last two sessions felt settled, so each touch is {grow:.0f} seconds longer this time.",
        )
    if base_cycles + current.extra_cycles + 1 <= params.max_cycles:
        return Progress(
            current.extra_touch,
            current.extra_cycles + 1,
            "The last two sessions felt settled, so there is one more gentle cycle this time.",
        )
    return replace(current, message="")


def _last_cycle(steps: list[Step]) -> tuple[int, int] | None:
    """Start and end (exclusive) of the last activation cycle: the touch, its check-in, the return."""
    start = next((i for i in range(len(steps) - 1, -1, -1) if is_activation(steps[i])), None)
    if start is None:
        return None
    end = start + 1
    while end < len(steps) and steps[end].is_checkin:
        end += 1
    if end < len(steps) and is_settling(steps[end]):
        end += 1
        while end < len(steps) and steps[end].is_checkin:
            end += 1
    return start, end


def shape_plan(plan: Plan, params: Params, progress: Progress = Progress()) -> Plan:
    """The plan as this person will run it.

    At most ``max_cycles`` touches are kept (the last cycles go first). Each touch is fitted
    into ``touch_min``–``touch_max`` (after any R4 growth), and the settling phase that follows
    a touch lasts at least ``resource_ratio`` times the touch.
    """
    steps = list(plan.steps)
    # A therapist's cycle cap also trims a script that has more touches than it allows.
    while sum(1 for step in steps if is_activation(step)) > params.max_cycles:
        cycle = _last_cycle(steps)
        if cycle is None:  # cannot happen while a touch remains; keeps the loop finite
            break
        del steps[cycle[0] : cycle[1]]
    if progress.extra_cycles:
        cycle = _last_cycle(steps)
        if cycle is not None:
            start, end = cycle
            for _ in range(progress.extra_cycles):
                steps[end:end] = steps[start:end]
    shaped: list[Step] = []
    last_touch: float | None = None
    for step in steps:
        if is_activation(step) and step.duration is not None:
            touch = min(float(params.touch_max), max(float(params.touch_min), step.duration + progress.extra_touch))
            step = replace(step, duration=touch)
            last_touch = touch
        elif is_settling(step) and step.duration is not None and last_touch is not None:
            step = replace(step, duration=max(step.duration, round(last_touch * params.resource_ratio)))
            last_touch = None
        elif not step.is_checkin:
            last_touch = None
        shaped.append(step)
    return Plan(plan.script_id, tuple(shaped))
