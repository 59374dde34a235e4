"""Which steps stand between a person and a script: pure decisions from recorded state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pendulate.plan.build import build_plan
from pendulate.script.model import Script


@dataclass(frozen=True)
class SafetyState:
    intro_accepted: bool = False
    screened: str | None = None
    opted_in: bool = False
    resting: tuple[datetime, str] | None = None


def has_activation(script: Script) -> bool:
    return any(step.kind == "activation" for step in build_plan(script, bookend_checkins=False).steps)


def next_step(script: Script, state: SafetyState) -> str | None:
    """What must happen before ``script`` can start, or None when it can.

    "resting": activation is resting for today (no way around it until tomorrow);
    "screening": the short screening has not been answered yet;
    "recommend": the screening suggested a therapist and the person has not opted in;
    "therapist-script": a therapist-only script that was not assigned and not opted into.
    Assigned scripts skip the screening: the therapist has already decided.
    """
    activation = has_activation(script)
    assigned = script.origin == "assigned"
    if activation and state.resting is not None:
        return "resting"
    if assigned:
        return None
    if activation and state.screened is None:
        return "screening"
    if activation and state.screened == "recommend-therapist" and not state.opted_in:
        return "recommend"
    if script.requires_therapist and not state.opted_in:
        return "therapist-script"
    return None


def screening_outcome(answers: dict[str, bool]) -> str:
    return "recommend-therapist" if any(answers.values()) else "clear"


def end_of_local_day(now: datetime) -> datetime:
    """The next local midnight after ``now`` (an aware datetime), as an aware datetime."""
    local = now if now.tzinfo is not None else now.astimezone()
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight
