"""Trends across sessions, read from the per-session summary columns (one pass, no joins).

Deliberately no streaks: the calendar shows the days practised, nothing counts "in a row".
Rehearsals (runs at a faster speed) are not practice: they are left out and only counted, so a
screen can say how many were left out.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from pendulate.store.queries import STATUS, session_filter


@dataclass(frozen=True)
class SessionTrend:
    id: int
    day: date  # local calendar day
    script_id: str
    status: str
    pre_suds: int | None
    peak_suds: int | None
    end_suds: int | None
    recovery_s: float | None  # mean seconds for settling to return within 1 point of baseline
    unrecovered: int  # activations after which settling had not returned before the next one
    tolerated_activation_s: float | None  # longest activation completed without R1/R2 firing
    active_s: float | None  # time practised


@dataclass(frozen=True)
class WeekTotal:
    year: int  # ISO year
    week: int  # ISO week number
    seconds: float
    sessions: int

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)


@dataclass(frozen=True)
class PracticeDay:
    day: date
    sessions: int
    seconds: float
    script_ids: tuple[str, ...]
    homework_ids: tuple[str, ...]


@dataclass(frozen=True)
class Trends:
    sessions: tuple[SessionTrend, ...] = ()  # oldest first
    weeks: tuple[WeekTotal, ...] = ()  # every ISO week from the first to the last practised, zeros included
    days: tuple[PracticeDay, ...] = ()  # only days with practice, oldest first
    # Assigned practice: homework id (or, without one, the assigned script's id) -> days practised.
    assigned: dict[str, tuple[date, ...]] = field(default_factory=dict)
    rehearsals: int = 0  # rehearsals in the same range, left out of everything above


def _weeks(per_week: dict[tuple[int, int], list[float]]) -> tuple[WeekTotal, ...]:
    if not per_week:
        return ()
    first, last = min(per_week), max(per_week)
    monday = date.fromisocalendar(first[0], first[1], 1)
    end = date.fromisocalendar(last[0], last[1], 1)
    out = []
    while monday <= end:
        year, week, _ = monday.isocalendar()
        totals = per_week.get((year, week), [])
        out.append(WeekTotal(year, week, round(sum(totals), 1), len(totals)))
        monday += timedelta(days=7)
    return tuple(out)


def trends(
    conn: sqlite3.Connection, since: date | None = None, until: date | None = None, script_id: str | None = None
) -> Trends:
    where, args = session_filter(since, until, script_id, rehearsal=False)
    rehearsal_where, rehearsal_args = session_filter(since, until, script_id, rehearsal=True)
    (rehearsals,) = conn.execute(f"SELECT count(*) FROM sessions {rehearsal_where}", rehearsal_args).fetchone()
    rows = conn.execute(
        f"SELECT id, local_day, script_id, {STATUS}, pre_suds, peak_suds, end_suds, recovery_s, unrecovered, "
        "tolerated_activation_s, active_s, homework_id, script_origin "
        f"FROM sessions {where} ORDER BY started_utc, id",
        args,
    ).fetchall()
    sessions = []
    per_week: dict[tuple[int, int], list[float]] = defaultdict(list)
    per_day: dict[date, list[tuple[float, str, str | None]]] = defaultdict(list)
    assigned: dict[str, set[date]] = defaultdict(set)
    for (
        sid,
        day_text,
        script,
        status,
        pre,
        peak,
        end,
        recovery,
        unrecovered,
        tolerated,
        active,
        homework,
        origin,
    ) in rows:
        day = date.fromisoformat(day_text)
        sessions.append(
            SessionTrend(sid, day, script, status, pre, peak, end, recovery, unrecovered, tolerated, active)
        )
        year, week, _ = day.isocalendar()
        per_week[(year, week)].append(active or 0.0)
        per_day[day].append((active or 0.0, script, homework))
        if homework or origin == "assigned":
            assigned[homework or script].add(day)
    days = tuple(
        PracticeDay(
            day=day,
            sessions=len(items),
            seconds=round(sum(a for a, _, _ in items), 1),
            script_ids=tuple(sorted({s for _, s, _ in items})),
            homework_ids=tuple(sorted({h for _, _, h in items if h})),
        )
        for day, items in sorted(per_day.items())
    )
    return Trends(
        sessions=tuple(sessions),
        weeks=_weeks(per_week),
        days=days,
        assigned={key: tuple(sorted(value)) for key, value in sorted(assigned.items())},
        rehearsals=rehearsals,
    )
