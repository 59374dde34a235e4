"""Titration rules R1–R3, R5 and the closing rule R6, as pure functions (the urge-surfing
rules U1 and U2 are in :mod:`pendulate.engine.urges`, applied from here).

Each check-in goes through :func:`after_checkin`, which returns the new titration state, the
new remaining timeline and the changes made, each with one calm sentence for the person.
Every threshold comes from the script's :class:`~pendulate.script.model.Params`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from pendulate.engine import urges
from pendulate.engine.answers import CheckinAnswers
from pendulate.plan import inserts
from pendulate.plan.build import Step, checkin_step
from pendulate.script.model import RESOURCE_KINDS, Params

_SETTLE_MORE = (
    "Your body still feels stirred, so let's settle a little longer before we finish.",
    "settle block",
    inserts.closing_settle_block,
)
_CONTAIN = (
    "Some of this is still here, and that is okay. Let's hold it gently and then come back to the room.",
    "contain",
    inserts.closing_contain_block,
)


def closing_steps(params: Params) -> tuple[tuple[str, str, Callable[[], list[Step]]], ...]:
    """What a high ending adds, in turn (rule R6): up to ``max_closing_settle`` settle blocks, then holding."""
    return (_SETTLE_MORE,) * params.max_closing_settle + (_CONTAIN,)


@dataclass(frozen=True)
class TitrationState:
    baseline_suds: int | None = None
    baseline_settling: int | None = None
    peak_suds: int | None = None
    last_suds: int | None = None
    over_in_a_row: int = 0
    activation_closed: bool = False
    extra_resource_blocks: int = 0
    closing_blocks: int = 0
    hypoarousal: bool = False
    last_zone: str | None = None  # the last zone answered; None while never answered (unknown, not "within")
    last_urge: int | None = None  # the last urge rating given (urge surfing, 0-5); None while never given
    waves_closed: bool = False  # U1 ended the waves for this session


@dataclass(frozen=True)
class Change:
    rule: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    state: TitrationState
    remaining: tuple[Step, ...]
    changes: tuple[Change, ...] = ()
    crisis: str | None = None  # why the crisis panel should open, if it should


def is_activation(step: Step) -> bool:
    return step.kind == "activation"


def is_settling(step: Step) -> bool:
    return step.kind in RESOURCE_KINDS


def closing_index(steps: list[Step] | tuple[Step, ...]) -> int | None:
    """Index of the closing resource: the last resource-type phase before the final orient."""
    last_orient = next((i for i in range(len(steps) - 1, -1, -1) if steps[i].kind == "orient"), None)
    if last_orient is None:
        return None
    return next((i for i in range(last_orient - 1, -1, -1) if is_settling(steps[i])), None)


def without_activation(steps: list[Step]) -> list[Step]:
    """Drop every activation and the check-ins that would have followed them."""
    out: list[Step] = []
    dropping = False
    for step in steps:
        if is_activation(step):
            dropping = True
            continue
        if step.is_checkin and dropping:
            continue
        dropping = False
        out.append(step)
    return out


def _max(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def after_checkin(
    state: TitrationState,
    answers: CheckinAnswers,
    after: Step | None,
    remaining: tuple[Step, ...],
    params: Params,
    *,
    last_activation: float | None = None,
    grounding: bool = False,
    ended_touch: bool = False,
) -> Outcome:
    """Apply the rules to one confirmed check-in.

    ``after`` is the phase the check-in followed (None for an opening check-in);
    ``remaining`` is the timeline after the check-in; ``grounding`` is true inside the
    stop sequence, where only the crisis check (and R5) applies; ``ended_touch`` says the
    person ended the touch this check-in follows themselves, which counts for R1 and R2 as
    an over-threshold rating does, answered or not.
    """
    suds = answers.suds
    settling = answers.settling
    zone = answers.zone
    final = not remaining
    rem = list(remaining)
    changes: list[Change] = []

    state = replace(
        state,
        baseline_suds=state.baseline_suds if state.baseline_suds is not None else suds,
        baseline_settling=state.baseline_settling if state.baseline_settling is not None else settling,
        peak_suds=_max(state.peak_suds, suds),
        last_suds=suds if suds is not None else state.last_suds,
        last_zone=zone if zone is not None else state.last_zone,
        last_urge=answers.urge if answers.urge is not None else state.last_urge,
    )

    crisis = _crisis_reason(suds, zone, answers.okay, final, params.crisis_level)
    # R5 wherever the zone is asked, even inside the stop sequence: a skipped zone is unknown
    # and changes nothing, it is never taken as "within".
    if zone == "below":
        state, rem = _r5(state, rem, changes)
    if grounding:
        crisis = _u2(state, changes, crisis) if final else crisis
        return Outcome(state, tuple(rem), tuple(changes), crisis)

    touch = after is not None and is_activation(after)
    answered = suds is not None or zone == "above" or ended_touch
    if not final and not state.waves_closed and urges.rising_at_top(answers):
        # U1 comes before R1-R3: the waves end here, whatever else this check-in said.
        rem, change = urges.u1(rem, answers)
        changes.append(Change(*change))
        state = replace(state, waves_closed=True, activation_closed=True)
    elif touch and answered and after is not None and not state.activation_closed:
        last = last_activation or after.duration or 0.0
        state, rem = _r1_r2(state, rem, changes, suds, params, last, zone == "above", ended_touch)
    elif after is not None and not touch and not final and settling is not None:
        # R3 reads settling after a return or a resource, never the dip right after a touch.
        state, rem = _r3(state, rem, changes, settling, params)
    if final:
        state, rem = _r6(state, rem, changes, suds, params)
        crisis = _u2(state, changes, crisis)
    return Outcome(state, tuple(rem), tuple(changes), crisis)


def _u2(state: TitrationState, changes: list[Change], crisis: str | None) -> str | None:
    """U2 at the end: the urge still at the top opens crisis help (a reason already found stays)."""
    change = urges.u2(state.last_urge)
    if change is None:
        return crisis
    changes.append(Change(*change))
    return crisis or urges.U2_REASON


def _crisis_reason(suds: int | None, zone: str | None, okay: bool | None, final: bool, crisis_level: int) -> str | None:
    if okay is False:
        return "not okay"
    if final and suds is not None and suds >= crisis_level:
        return f"ending rating {suds}/10"
    if final and zone == "above":
        return "feeling flooded at the end"
    return None


def _r5(state: TitrationState, rem: list[Step], changes: list[Change]) -> tuple[TitrationState, list[Step]]:
    rem = [inserts.outward_orient()] + without_activation(rem)
    changes.append(
        Change(
            "R5",
            "It sounds like things feel a bit far away, so we'll stay with eyes open and gentle "
            "movement, and leave activation out for today.",
            {"zone": "below", "activation": "closed", "added": "orient with movement"},
        )
    )
    return replace(state, hypoarousal=True, activation_closed=True), rem


def _r1_r2(
    state: TitrationState,
    rem: list[Step],
    changes: list[Change],
    suds: int | None,
    params: Params,
    last: float,
    flooded: bool = False,
    ended: bool = False,
) -> tuple[TitrationState, list[Step]]:
    """R1 and R2 after a touch: rated over, "above" the window, or ended by the person."""
    baseline = state.baseline_suds
    rated_over = suds is not None and (
        suds > params.threshold or (baseline is not None and suds >= baseline + params.rise_over_first)
    )
    if not (rated_over or flooded or ended):
        return replace(state, over_in_a_row=0), rem
    in_a_row = state.over_in_a_row + 1
    if in_a_row >= 2:
        rem = inserts.settle_instead(rem)
        changes.append(
            Change(
                "R2",
                (
                    "Two touches in a row were enough for now, so we'll leave activation for today and settle: "
                    "feet, holding, then the room."
                    if ended
                    else "Two touches in a row felt strong, so we'll leave activation for today and settle: "
                    "feet, holding, then the room."
                ),
                {"activation": "closed", "next": "settle sequence"},
            )
        )
        return replace(state, over_in_a_row=in_a_row, activation_closed=True), rem

    details: dict[str, Any] = {"rating": suds, "threshold": params.threshold}
    if ended:
        details["ended"] = "by you"
    if flooded:
        details["zone"] = "above"
    nxt = next((i for i, s in enumerate(rem) if is_activation(s)), None)
    touch = rem[nxt].duration if nxt is not None else None
    if nxt is not None and touch:
        shorter = max(float(params.touch_min), min(touch, round(last * params.shorten_factor)))
        details["next_activation_s"] = [touch, shorter]
        rem[nxt] = replace(rem[nxt], duration=shorter)
    first_phase = next((i for i, s in enumerate(rem) if not s.is_checkin), None)
    if first_phase is None or not is_settling(rem[first_phase]):
        rem.insert(0, inserts.extra_resource(60))
        details["added"] = "resource"
    res = next((i for i, s in enumerate(rem) if is_settling(s)), None)
    settle = rem[res].duration if res is not None else None
    if res is not None and settle:
        longer = round(settle * params.lengthen_factor)
        details["next_resource_s"] = [settle, longer]
        rem[res] = replace(rem[res], duration=float(longer))
    changes.append(
        Change(
            "R1",
            (
                "You chose to stop that touch, so we'll stay longer with your resource and make the next touch shorter."
                if ended
                else "That touch was strong, so we'll stay longer with your resource and make the next touch shorter."
            ),
            details,
        )
    )
    return replace(state, over_in_a_row=in_a_row), rem


def _r3(
    state: TitrationState, rem: list[Step], changes: list[Change], settling: int, params: Params
) -> tuple[TitrationState, list[Step]]:
    baseline = state.baseline_settling
    if baseline is None or settling >= baseline - 1:
        return replace(state, extra_resource_blocks=0), rem
    if state.extra_resource_blocks < params.max_extra_resource:
        rem = [inserts.extra_resource(60), checkin_step(("settling",), "Settling", origin="titration")] + rem
        changes.append(
            Change(
                "R3",
                "Settling is still on its way back, so let's give your resource a little more time.",
                {"settling": settling, "baseline": baseline, "added": "resource 60 s"},
            )
        )
        return replace(state, extra_resource_blocks=state.extra_resource_blocks + 1), rem
    idx = closing_index(rem)
    rem = without_activation(rem[idx:] if idx is not None else []) or inserts.settle_sequence()
    if not rem[-1].is_checkin:
        rem += inserts.settle_sequence()[-1:]
    changes.append(
        Change(
            "R3",
            "Settling is taking its time today, which is okay. We'll move gently toward closing.",
            {"settling": settling, "baseline": baseline, "next": "closing"},
        )
    )
    return replace(state, activation_closed=True), rem


def _r6(
    state: TitrationState, rem: list[Step], changes: list[Change], suds: int | None, params: Params
) -> tuple[TitrationState, list[Step]]:
    start = state.baseline_suds
    if suds is None or start is None or not (suds > start and suds > params.threshold):
        return state, rem
    steps = closing_steps(params)
    if state.closing_blocks >= len(steps):
        return state, rem
    message, added, block = steps[state.closing_blocks]
    changes.append(Change("R6", message, {"end_suds": suds, "start_suds": start, "added": added}))
    return replace(state, closing_blocks=state.closing_blocks + 1), rem + block()
