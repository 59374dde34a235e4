"""Phases the engine adds on its own when titration changes the plan.

Their wording follows the same invitational tone as the built-in scripts.
"""

from __future__ import annotations

from dataclasses import replace

from pendulate.plan.build import CLOSING_SCALES, Step, checkin_step
from pendulate.script.model import Prompt, default_cue


def _step(kind: str, title: str, seconds: float, *texts: str, origin: str = "titration") -> Step:
    gap = seconds / max(len(texts), 1)
    prompts = tuple(Prompt(at=round(i * gap, 1), text=text) for i, text in enumerate(texts))
    return Step(kind=kind, title=title, duration=float(seconds), prompts=prompts, cue=default_cue(kind), origin=origin)


def extra_resource(seconds: float = 60) -> Step:
    return _step(
        "resource",
        "A little more time with your resource",
        seconds,
        "If it feels okay, come back to whatever felt a little easier: a place in the body, "
        "a person, a place you like.",
        "There is no hurry. Notice anything that softens, even slightly.",
    )


def outward_orient(seconds: float = 60) -> Step:
    """Eyes-open, outward anchors and gentle movement, for when things feel far away (R5)."""
    return _step(
        "orient",
        "Eyes open, looking around",
        seconds,
        "Let your eyes open if they were closed, and let them wander the room.",
        "You might name a few colours you can see, or gently move your hands and feet.",
        "Feel the support under you. You are here, in this room.",
    )


def settle_sequence() -> list[Step]:
    """Ground, hold, and come back to the room: used when activation ends for the session (R2)."""
    return [
        _step(
            "ground",
            "Feet and seat",
            45,
            "Feel your feet on the floor. If it feels okay, press them down a little.",
            "Notice the seat holding you up.",
        ),
        _step(
            "contain",
            "Holding",
            90,
            "You might rest one hand on your chest or belly, or cross your arms in a gentle hold.",
            "Whatever is unfinished can wait in a safe place for now.",
        ),
        _step("orient", "Back to the room", 60, "Let your eyes take in the room, slowly, one thing at a time."),
        checkin_step(CLOSING_SCALES, "As we close", origin="titration"),
    ]


def settle_instead(remaining: list[Step], also_ask: tuple[str, ...] = ()) -> list[Step]:
    """The settle sequence in place of what remained (R2, U1).

    The script's closing questions (the zone, say) are still asked at the end, and so is
    whatever ``also_ask`` names (U1: the urge, so its ending is the person's own word).
    """
    closing = remaining[-1] if remaining and remaining[-1].is_checkin else None
    steps = settle_sequence()
    asked = steps[-1].scales + (closing.scales if closing is not None else ()) + also_ask
    steps[-1] = replace(steps[-1], scales=tuple(dict.fromkeys(asked)))
    return steps


def closing_settle_block() -> list[Step]:
    """One more settling block before the end (R6)."""
    return [
        extra_resource(60),
        _step("orient", "Back to the room", 20, "When you are ready, let your eyes rest on something easy to look at."),
        checkin_step(CLOSING_SCALES, "How is it now?", origin="closing"),
    ]


def closing_contain_block() -> list[Step]:
    """The last closing step when settling takes longer (R6): hold what is still here."""
    return [
        _step(
            "contain",
            "Holding what is still here",
            90,
            "Some of this may still be with you, and that is okay.",
            "If it helps, imagine a container with a lid for what is left, to come back to another time.",
        ),
        _step("orient", "Back to the room", 30, "Let your eyes find the room again, and something easy to look at."),
        checkin_step(CLOSING_SCALES, "As we close", origin="closing"),
    ]


FALLBACK_GROUNDING: tuple[Step, ...] = (
    _step("orient", "Eyes open", 30, "Let your eyes open and name, quietly, five things you can see.", origin="stop"),
    _step("ground", "Press your feet down", 45, "Press your feet into the floor and feel it push back.", origin="stop"),
    _step(
        "contain", "Hold yourself", 60, "Cross your arms or rest a hand on your chest, as feels right.", origin="stop"
    ),
    _step("orient", "The room", 20, "Take in the room around you, slowly.", origin="stop"),
)
