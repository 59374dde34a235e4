"""The timeline table of ``pendulate show``, with or without ``--effective``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pendulate.script.durations import format_seconds

if TYPE_CHECKING:
    from pendulate.plan.build import Plan


def print_timeline(plan: Plan) -> None:
    """Each step's start, kind, length and title, then the total and the counts."""
    print(f"{'START':>7}  {'KIND':<10}  {'LENGTH':>6}  TITLE")
    for start, step in zip(plan.starts, plan.steps, strict=False):
        if step.is_checkin:
            kind, length, title = "check-in", "gate", f"{step.title} ({', '.join(step.scales)})"
        else:
            kind, title = step.kind, step.title
            length = "open" if step.duration is None else format_seconds(step.duration)
        print(f"{format_seconds(start):>7}  {kind:<10}  {length:>6}  {title}")
    phases = len(plan.phases())
    total = f"total {format_seconds(plan.total)}" + (" plus an open-ended phase" if plan.has_open_end else "")
    print(f"\n{total} ({phases} phases, {len(plan.steps) - phases} check-ins)")
