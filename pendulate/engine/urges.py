"""The urge-surfing rules U1 and U2, beside R1–R6 (:mod:`pendulate.engine.titration` calls them).

Only check-ins that ask ``urge`` (0–5, the DBT diary's scale) and ``wave`` (rising, steady,
easing) give them anything to read; a script without those check-ins never meets them.

- U1: an urge at the top of the scale (5) and still rising → no more waves this session; the
  settle sequence follows (the same as R2's), and its closing check-in asks the urge again.
- U2: at the end, the last urge rating given is still at the top → crisis help opens, safety
  plan first, with the same care as a hard ending (R6): activation rests for the day.

Each says one calm sentence. These are pure functions: they return what changes, and the
titration module records it.
"""

from __future__ import annotations

from typing import Any

from pendulate.engine.answers import URGE_MAX, CheckinAnswers
from pendulate.plan import inserts
from pendulate.plan.build import Step

U1_MESSAGE = (
    "The urge is at its strongest and still rising, so we'll leave the waves for today and settle: "
    "feet, holding, then the room."
)
U2_MESSAGE = (
    "The urge is still very strong as we finish. You don't have to carry it alone: "
    "let's open your safety plan and the people you can reach, first."
)
U2_REASON = f"urge still at {URGE_MAX}/{URGE_MAX} at the end"
# What the settle sequence's closing check-in asks after U1, beside the script's own questions.
U1_ALSO_ASK = ("urge", "wave")


def rising_at_top(answers: CheckinAnswers) -> bool:
    """U1's reading: the urge at the top of the scale, and still rising."""
    return answers.urge == URGE_MAX and answers.wave == "rising"


def u1(remaining: list[Step], answers: CheckinAnswers) -> tuple[list[Step], tuple[str, str, dict[str, Any]]]:
    """No more waves: the settle sequence in place of what remained, and the change (rule, message, details)."""
    details: dict[str, Any] = {"urge": answers.urge, "wave": answers.wave, "waves": "closed", "next": "settle sequence"}
    return inserts.settle_instead(remaining, U1_ALSO_ASK), ("U1", U1_MESSAGE, details)


def u2(last_urge: int | None) -> tuple[str, str, dict[str, Any]] | None:
    """At the end: the change when the last urge rating given is still at the top, else None."""
    if last_urge != URGE_MAX:
        return None
    return ("U2", U2_MESSAGE, {"end_urge": last_urge, "next": "safety plan, crisis help"})
