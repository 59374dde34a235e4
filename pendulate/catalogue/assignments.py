"""What an imported homework means for one script: overrides, who assigned it, this week's practice.

The library, ``pendulate homework list``, ``show --effective`` and the app's session start all
ask here, so they agree on which homework a script belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pendulate.catalogue.session_log import SessionLog
from pendulate.homework.install import installed_homework
from pendulate.homework.model import AssignedScript, Homework, Schedule, Target
from pendulate.script.model import Script


@dataclass(frozen=True)
class Assignment:
    script: Script
    homework_id: str
    therapist: str
    contact: str = ""
    note: str = ""
    overrides: dict[str, Any] = field(default_factory=dict)
    schedule: Schedule = Schedule()
    this_week: int = 0  # sessions of this script from this homework, Monday to Sunday
    track: tuple[Target, ...] = ()  # the homework's targets, asked by name in the diary check-in

    @classmethod
    def of(cls, homework: Homework, item: AssignedScript, this_week: int = 0) -> Assignment:
        """What ``homework`` says about one of the scripts it assigns."""
        return cls(
            script=item.script,
            homework_id=homework.id,
            therapist=homework.therapist.name,
            contact=homework.therapist.contact,
            note=homework.note,
            overrides=dict(item.overrides),
            schedule=item.schedule,
            this_week=this_week,
            track=homework.track,
        )

    def progress_text(self) -> str:
        """This week's practice, said gently: "2 of 3 this week", never a shortfall."""
        n = self.this_week
        wanted = self.schedule.times_per_week
        if wanted:
            return f"{n} of {wanted} this week"
        if n:
            return f"{n} this week"
        return "not yet this week"


def week_bounds(day: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def sessions_this_week(store: SessionLog | None, script_id: str, homework_id: str, today: date) -> int:
    """How many practice sessions of ``script_id`` from ``homework_id`` the log holds for this week."""
    if store is None:
        return 0
    monday, sunday = week_bounds(today)
    # A rehearsal (a run at a faster speed) is not practice: it never counts toward the week.
    return sum(
        1
        for s in store.history(since=monday, until=sunday, script_id=script_id)
        if s.homework_id == homework_id and not s.rehearsal
    )


def _preference(homework: Homework, item: AssignedScript, today: date) -> tuple[bool, int, str]:
    # When two homework files assign the same script, the one whose dates cover today wins,
    # then the one that started most recently.
    start = item.schedule.start or date.min
    return (not item.schedule.covers(today), -start.toordinal(), homework.id)


def assignments(
    store: SessionLog | None = None, today: date | None = None, homework: list[Homework] | None = None
) -> dict[str, Assignment]:
    """Every assigned script id → its :class:`Assignment` (with this week's count when ``store``)."""
    today = today or date.today()
    chosen: dict[str, tuple[tuple[bool, int, str], Homework, AssignedScript]] = {}
    for hw in installed_homework() if homework is None else homework:
        for item in hw.assigned:
            rank = _preference(hw, item, today)
            current = chosen.get(item.script.id)
            if current is None or rank < current[0]:
                chosen[item.script.id] = (rank, hw, item)
    out: dict[str, Assignment] = {}
    for script_id, (_, hw, item) in sorted(chosen.items()):
        out[script_id] = Assignment.of(hw, item, sessions_this_week(store, script_id, hw.id, today))
    return out


def assignment_for(script_id: str, store: SessionLog | None = None, today: date | None = None) -> Assignment | None:
    """The assignment of ``script_id`` from the imported homework, or None when it is not assigned."""
    return assignments(store, today).get(script_id)


def assigned_scripts() -> list[Script]:
    """The assigned scripts (``origin="assigned"``), one per id, sorted by id."""
    return [a.script for a in assignments().values()]
