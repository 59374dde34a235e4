"""Effective parameters: pendulate's defaults, the script's own, homework overrides, R4 progression.

:func:`capped_progress` is the pure rule (history in, progress out); :func:`session_setup`
gathers what the app hands to ``prepare``; :func:`sources` says where each value came from,
for ``pendulate show SCRIPT --effective``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pendulate.catalogue.assignments import Assignment, assignment_for
from pendulate.catalogue.session_log import RecentSession, SessionLog
from pendulate.engine.progression import PastSession, Progress, activation_count, next_progress
from pendulate.engine.titration import is_activation
from pendulate.plan.build import build_plan
from pendulate.script.model import PARAM_NAMES, Params, Script, effective_params

R4_HISTORY = 2  # R4 looks at the last two sessions of the script

# Where a value comes from, as ``show --effective`` labels it (lowest first; each replaces the one before).
PENDULATE_DEFAULT = "pendulate's default"  # neither the script nor a homework sets it
SCRIPT_VALUE = "this script"  # written under the script's own `params:`
HOMEWORK_OVERRIDE = "homework override"  # set for this person in an imported homework file
R4_PROGRESSION = "R4 progression"  # grown from the practice log (touch length and cycles only)
SOURCE_MEANINGS: tuple[tuple[str, str], ...] = (
    (PENDULATE_DEFAULT, "the value pendulate uses when neither the script nor a homework file sets one"),
    (SCRIPT_VALUE, "written in the script's own params"),
    (HOMEWORK_OVERRIDE, "set for you by your therapist in an imported homework file"),
)
R4_MEANING = (
    "R4 progression is gradual lengthening: after two settled sessions of this script in a row "
    "(completed, within the window of tolerance, the highest rating at most quiet_peak), each touch "
    "of the next session is step_seconds longer, or one more cycle once touches reach touch_max; "
    "it grows by at most step_pct and never past touch_max or max_cycles"
)


def recorded_progress(params: dict[str, Any]) -> Progress:
    """The progression a past session ran with, read from its recorded params ("progression")."""
    recorded = params.get("progression") or {}
    try:
        return Progress(float(recorded.get("extra_touch_s", 0.0)), int(recorded.get("extra_cycles", 0)))
    except (TypeError, ValueError, AttributeError):
        return Progress()  # an unreadable old record starts the progression afresh


def past_sessions(recent: Sequence[RecentSession]) -> list[PastSession]:
    """Store rows (``Store.recent_for_script``, newest first) as the engine's :class:`PastSession`."""
    return [
        PastSession(
            completed=row.completed,
            peak_suds=row.peak_suds,
            # Within the window only when someone said so: a zone left unanswered is unknown.
            within_window=row.zone_within and not (row.zone_below or row.zone_above),
            progress=recorded_progress(row.params),
        )
        for row in recent
    ]


def base_dose(script: Script, params: Params) -> tuple[float, int]:
    """The longest touch as the script would run it (within touch_min–touch_max) and the cycle count."""
    plan = build_plan(script)
    touches = [step.duration for step in plan.steps if is_activation(step) and step.duration is not None]
    if not touches:
        return 0.0, 0
    longest = min(float(params.touch_max), max(float(params.touch_min), max(touches)))
    return longest, activation_count(plan)


def _dose(touch: float, cycles: int) -> float:
    return touch * cycles


def capped_progress(recent: list[PastSession], params: Params, base_touch: float, base_cycles: int) -> Progress:
    """R4 for the next session, never past the therapist's caps.

    ``next_progress`` proposes a step; this keeps the result within ``touch_max`` (extra
    seconds), ``max_cycles`` (extra cycles), and lets the whole activation time grow by at
    most ``step_pct`` percent over the last session (a 0 step means no growth at all). A cap
    lowered since the last session pulls the progression back under it.
    """
    if not base_cycles:
        return Progress()
    current = recent[0].progress if recent else Progress()
    room_touch = max(0.0, float(params.touch_max) - base_touch)
    room_cycles = max(0, params.max_cycles - base_cycles)
    current = Progress(min(current.extra_touch, room_touch), min(current.extra_cycles, room_cycles))
    proposed = next_progress(_with_current(recent, current), params, base_touch, base_cycles)
    extra_touch = min(proposed.extra_touch, room_touch)
    extra_cycles = min(proposed.extra_cycles, room_cycles)
    before = _dose(base_touch + current.extra_touch, base_cycles + current.extra_cycles)
    after = _dose(base_touch + extra_touch, base_cycles + extra_cycles)
    if after > before * (1 + params.step_pct / 100.0) + 1e-9 or (extra_touch, extra_cycles) == (
        current.extra_touch,
        current.extra_cycles,
    ):
        return current
    return Progress(extra_touch, extra_cycles, proposed.message)


def _with_current(recent: list[PastSession], current: Progress) -> list[PastSession]:
    if not recent:
        return []
    first = recent[0]
    return [PastSession(first.completed, first.peak_suds, first.within_window, current), *recent[1:]]


@dataclass(frozen=True)
class SessionSetup:
    """What the app passes to ``start_practice`` for one script, and the sentence R4 may say."""

    overrides: dict[str, Any] = field(default_factory=dict)
    progress: Progress = Progress()
    homework_id: str | None = None
    assignment: Assignment | None = None

    def options(self) -> dict[str, Any]:
        """Keyword arguments for ``start_practice`` / ``prepare``."""
        return {
            "overrides": dict(self.overrides),
            "progress": self.progress,
            "homework_id": self.homework_id,
            "targets": self.assignment.track if self.assignment else (),
        }

    @property
    def message(self) -> str:
        return self.progress.message


def session_setup(
    script: Script,
    store: SessionLog | None = None,
    today: date | None = None,
    assignment: Assignment | None | Literal[True] = True,
) -> SessionSetup:
    """Overrides and homework id from the imported homework, and R4 progression from the log.

    ``assignment=True`` looks the script up in the imported homework; pass an
    :class:`Assignment` (or None) to decide it yourself. ``store`` may be None (no log).
    """
    if assignment is True:
        chosen = assignment_for(script.id, store, today) if script.origin == "assigned" else None
    else:
        chosen = assignment
    overrides = dict(chosen.overrides) if chosen else {}
    params = effective_params(script, overrides)
    recent = store.recent_for_script(script.id, R4_HISTORY) if store is not None else []
    touch, cycles = base_dose(script, params)
    progress = capped_progress(past_sessions(recent), params, touch, cycles)
    return SessionSetup(overrides, progress, chosen.homework_id if chosen else None, chosen)


def source_of(script: Script, setup: SessionSetup, name: str) -> str:
    """Where the value of the parameter ``name`` comes from for this session."""
    if name in setup.overrides:
        return HOMEWORK_OVERRIDE
    return SCRIPT_VALUE if name in script.params_set else PENDULATE_DEFAULT


def sources(script: Script, setup: SessionSetup) -> list[tuple[str, Any, str]]:
    """(name, value, where it came from) for every parameter, in the script format's order."""
    params = effective_params(script, setup.overrides)
    return [(name, getattr(params, name), source_of(script, setup, name)) for name in PARAM_NAMES]
