"""Adherence per assignment, for the exports: sessions in each week of the schedule.

Said neutrally: a count of sessions beside the number suggested, week by week. Nothing is
counted "in a row" and no week is marked as short; the numbers are for the person and their
therapist to read together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pendulate.homework.model import Homework


@dataclass(frozen=True)
class WeekCount:
    monday: date
    sessions: int

    @property
    def label(self) -> str:
        year, week, _ = self.monday.isocalendar()
        return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Adherence:
    homework_id: str
    script_id: str
    therapist: str
    times_per_week: int | None
    start: date | None
    until: date | None
    weeks: tuple[WeekCount, ...]

    @property
    def sessions(self) -> int:
        return sum(week.sessions for week in self.weeks)

    def summary(self) -> str:
        """One neutral sentence, e.g. "5 sessions across 2 weeks; 3 a week suggested"."""
        weeks = len(self.weeks)
        text = (
            f"{self.sessions} session{'s' if self.sessions != 1 else ''} across {weeks} week{'s' if weeks != 1 else ''}"
        )
        if self.times_per_week:
            text += f"; {self.times_per_week} a week suggested"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "homework_id": self.homework_id,
            "script_id": self.script_id,
            "therapist": self.therapist,
            "times_per_week": self.times_per_week,
            "from": self.start.isoformat() if self.start else None,
            "until": self.until.isoformat() if self.until else None,
            "sessions": self.sessions,
            "weeks": [
                {
                    "week": w.label,
                    "monday": w.monday.isoformat(),
                    "sessions": w.sessions,
                    "suggested": self.times_per_week,
                }
                for w in self.weeks
            ],
        }


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def adherence(
    homework: Iterable[Homework], sessions: Iterable[tuple[date, str, str | None]], today: date
) -> list[Adherence]:
    """Per assigned script: sessions in each ISO week from the schedule's start to its end (or today).

    ``sessions`` are (local day, script id, homework id) of practice only: a rehearsal (a run at
    a faster speed) is not practice, and the caller leaves it out (see
    ``pendulate.export.collect.exported_adherence``). Without a start date the first
    session practised from the homework starts the count; an assignment with neither has no
    weeks yet.
    """
    days: dict[tuple[str, str], list[date]] = {}
    for day, script_id, homework_id in sessions:
        if homework_id:
            days.setdefault((homework_id, script_id), []).append(day)
    out: list[Adherence] = []
    for hw in homework:
        for item in hw.assigned:
            practised = sorted(days.get((hw.id, item.script.id), []))
            start = item.schedule.start or (practised[0] if practised else None)
            end = min(item.schedule.until or today, today)
            weeks: list[WeekCount] = []
            if start is not None and start <= end:
                monday = _monday(start)
                while monday <= end:
                    sunday = monday + timedelta(days=6)
                    weeks.append(WeekCount(monday, sum(1 for d in practised if monday <= d <= sunday)))
                    monday += timedelta(days=7)
            out.append(
                Adherence(
                    hw.id,
                    item.script.id,
                    hw.therapist.name,
                    item.schedule.times_per_week,
                    item.schedule.start,
                    item.schedule.until,
                    tuple(weeks),
                )
            )
    return out
