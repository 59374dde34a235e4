"""Read queries over the practice log, returning small frozen dataclasses.

History reads only the ``sessions`` table: pre/peak/end SUDS and the trend measures are kept
on each session row as check-ins arrive, so a lifetime of practice lists in milliseconds.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, NamedTuple


@dataclass(frozen=True)
class SessionSummary:
    id: int
    script_id: str
    script_version: str
    started_utc: datetime
    utc_offset_min: int
    status: str  # running, completed, stopped, interrupted
    duration_s: float | None  # active seconds practised (pauses left out)
    pre_suds: int | None
    peak_suds: int | None
    end_suds: int | None
    checkin_count: int
    homework_id: str | None
    # A run on a scaled clock (``--speed``): listed, never counted as practice. Its times are
    # real seconds (the engine's scaled seconds divided by ``speed``).
    rehearsal: bool = False
    speed: float = 1.0

    @property
    def started_local(self) -> datetime:
        """The start in the time zone the person was in when practising."""
        return self.started_utc.astimezone(timezone(timedelta(minutes=self.utc_offset_min)))


@dataclass(frozen=True)
class PhaseRecord:
    seq: int
    index: int
    kind: str
    title: str
    origin: str
    planned_start_s: float | None
    planned_duration_s: float | None
    start_s: float  # session time (pauses included), for charts
    end_s: float | None
    active_start_s: float  # pauses left out, comparable with the plan
    active_end_s: float | None
    end_reason: str | None


@dataclass(frozen=True)
class CheckinRecord:
    number: int  # 0-based order within the session
    phase_index: int
    after_kind: str | None
    t_s: float
    active_s: float
    suds: int | None
    settling: int | None
    zone: str | None
    location: str | None
    quality: str | None
    valence: str | None
    note: str | None
    diary: Any
    extra: dict[str, Any]
    confirmed_utc: datetime
    waited_s: float | None = None  # seconds before the first key; None: not measured


@dataclass(frozen=True)
class EventRecord:
    seq: int
    t_s: float
    active_s: float
    type: str  # titration, paused, resumed, grounding, extended, skipped, crisis
    rule: str | None
    message: str | None
    data: dict[str, Any]


@dataclass(frozen=True)
class SessionDetail:
    summary: SessionSummary
    content_hash: str
    script_origin: str
    params: dict[str, Any]
    ended_utc: datetime | None
    end_phase_index: int | None
    end_phase_kind: str | None
    end_reason: str | None
    planned_total_s: float | None
    elapsed_s: float | None
    note: str | None
    recovery_s: float | None
    tolerated_activation_s: float | None
    phases: tuple[PhaseRecord, ...]
    checkins: tuple[CheckinRecord, ...]
    events: tuple[EventRecord, ...]


@dataclass(frozen=True)
class RecentSession:
    id: int
    started_utc: datetime
    status: str
    completed: bool
    peak_suds: int | None
    zone_below: bool
    zone_above: bool
    zone_within: bool  # some check-in said "within"; an unanswered zone is unknown, not within
    tolerated_activation_s: float | None
    params: dict[str, Any]


# A session still "running" in the log whose live lock nobody holds was cut short (a kill, a
# closed terminal): it reads as interrupted everywhere at once, before the next start of the
# app writes it so. ``live_status`` is on every connection a ``Store`` reads through
# (``db.add_functions``); it is asked only about running rows and never removes a lock file.
STATUS = "(CASE status WHEN 'running' THEN live_status(id) ELSE status END)"

SUMMARY_COLUMNS = (
    f"id, script_id, script_version, started_utc, utc_offset_min, {STATUS} AS status, active_s, "
    "pre_suds, peak_suds, end_suds, checkin_count, homework_id, rehearsal, speed"
)


def _utc(text: str | None) -> datetime | None:
    if text is None:
        return None
    # fromisoformat reads the trailing "Z" (Python 3.11+) and is far faster than strptime.
    return datetime.fromisoformat(text)


def summary_from_row(row: tuple) -> SessionSummary:
    return SessionSummary(
        id=row[0],
        script_id=row[1],
        script_version=row[2],
        started_utc=_utc(row[3]),  # type: ignore[arg-type]
        utc_offset_min=row[4],
        status=row[5],
        duration_s=row[6],
        pre_suds=row[7],
        peak_suds=row[8],
        end_suds=row[9],
        checkin_count=row[10],
        homework_id=row[11],
        rehearsal=bool(row[12]),
        speed=row[13],
    )


def session_filter(
    since: date | None,
    until: date | None,
    script_id: str | None,
    alias: str = "",
    rehearsal: bool | None = None,
) -> tuple[str, list[Any]]:
    """A WHERE clause (starting with ``WHERE`` or empty) for the shared export/history filters.

    ``rehearsal``: None keeps every session, False only practice, True only rehearsals.
    """
    prefix = f"{alias}." if alias else ""
    clauses: list[str] = []
    args: list[Any] = []
    if rehearsal is not None:
        clauses.append(f"{prefix}rehearsal = ?")
        args.append(int(rehearsal))
    if since is not None:
        clauses.append(f"{prefix}local_day >= ?")
        args.append(since.isoformat())
    if until is not None:
        clauses.append(f"{prefix}local_day <= ?")
        args.append(until.isoformat())
    if script_id:
        clauses.append(f"{prefix}script_id = ?")
        args.append(script_id)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", args


def history(
    conn: sqlite3.Connection,
    limit: int | None = None,
    since: date | None = None,
    until: date | None = None,
    script_id: str | None = None,
) -> list[SessionSummary]:
    where, args = session_filter(since, until, script_id)
    sql = f"SELECT {SUMMARY_COLUMNS} FROM sessions {where} ORDER BY started_utc DESC, id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(int(limit))
    return [summary_from_row(row) for row in conn.execute(sql, args)]


# The history table as plain values, the local start already formatted by SQLite: listing a
# lifetime (20,000 sessions) in the terminal builds no objects per row.
TABLE_COLUMNS = (
    "id, strftime('%Y-%m-%d %H:%M', started_utc, printf('%+d minutes', utc_offset_min)), "
    f"script_id, script_version, {STATUS}, active_s, pre_suds, peak_suds, end_suds, checkin_count, rehearsal"
)


def history_table(
    conn: sqlite3.Connection,
    limit: int | None = None,
    since: date | None = None,
    until: date | None = None,
    script_id: str | None = None,
) -> list[tuple]:
    """``(id, local start "YYYY-MM-DD HH:MM", script, version, status, active s, pre, peak, end,
    check-ins, rehearsal 0/1)`` per session, newest first, with the same filters as :func:`history`."""
    where, args = session_filter(since, until, script_id)
    sql = f"SELECT {TABLE_COLUMNS} FROM sessions {where} ORDER BY started_utc DESC, id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(int(limit))
    return conn.execute(sql, args).fetchall()


def phase_from_row(row: tuple) -> PhaseRecord:
    # PHASE_COLUMNS is listed in PhaseRecord's field order.
    return PhaseRecord(*row)


class CheckinRow(NamedTuple):
    """One row of :data:`CHECKIN_COLUMNS`, by name (the exporters read the same rows)."""

    number: int
    phase_index: int
    after_kind: str | None
    t_s: float
    active_s: float
    suds: int | None
    settling: int | None
    zone: str | None
    location: str | None
    quality: str | None
    valence: str | None
    note: str | None
    diary_json: str | None
    extra_json: str | None
    confirmed_utc: str
    waited_s: float | None


def checkin_from_row(row: tuple) -> CheckinRecord:
    r = CheckinRow(*row)
    return CheckinRecord(
        number=r.number,
        phase_index=r.phase_index,
        after_kind=r.after_kind,
        t_s=r.t_s,
        active_s=r.active_s,
        suds=r.suds,
        settling=r.settling,
        zone=r.zone,
        location=r.location,
        quality=r.quality,
        valence=r.valence,
        note=r.note,
        diary=json.loads(r.diary_json) if r.diary_json else None,
        extra=json.loads(r.extra_json) if r.extra_json else {},
        confirmed_utc=_utc(r.confirmed_utc),  # type: ignore[arg-type]
        waited_s=r.waited_s,
    )


def event_from_row(row: tuple) -> EventRecord:
    seq, t_s, active_s, kind, rule, message, data = row
    return EventRecord(seq, t_s, active_s, kind, rule, message, json.loads(data) if data else {})


PHASE_COLUMNS = (
    "seq, idx, kind, title, origin, planned_start_s, planned_duration_s, actual_start_s, actual_end_s, "
    "active_start_s, active_end_s, end_reason"
)
CHECKIN_COLUMNS = (
    "idx, phase_index, after_kind, t_s, active_s, suds, settling, zone, location, quality, valence, note, "
    "diary_json, extra_json, confirmed_utc, waited_s"
)
EVENT_COLUMNS = "seq, t_s, active_s, type, rule, message, data_json"
DETAIL_COLUMNS = (
    "content_hash, script_origin, params_json, ended_utc, end_phase_index, end_phase_kind, end_reason, "
    "planned_total_s, elapsed_s, note, recovery_s, tolerated_activation_s"
)


class DetailRow(NamedTuple):
    """The :data:`DETAIL_COLUMNS` of a session row, by name (the exporters read the same rows)."""

    content_hash: str
    script_origin: str
    params_json: str | None
    ended_utc: str | None
    end_phase_index: int | None
    end_phase_kind: str | None
    end_reason: str | None
    planned_total_s: float | None
    elapsed_s: float | None
    note: str | None
    recovery_s: float | None
    tolerated_activation_s: float | None


def detail_from_rows(
    summary_row: tuple, detail_row: tuple, phases: list[tuple], checkins: list[tuple], events: list[tuple]
) -> SessionDetail:
    d = DetailRow(*detail_row)
    return SessionDetail(
        summary=summary_from_row(summary_row),
        content_hash=d.content_hash,
        script_origin=d.script_origin,
        params=json.loads(d.params_json) if d.params_json else {},
        ended_utc=_utc(d.ended_utc),
        end_phase_index=d.end_phase_index,
        end_phase_kind=d.end_phase_kind,
        end_reason=d.end_reason,
        planned_total_s=d.planned_total_s,
        elapsed_s=d.elapsed_s,
        note=d.note,
        recovery_s=d.recovery_s,
        tolerated_activation_s=d.tolerated_activation_s,
        phases=tuple(phase_from_row(r) for r in phases),
        checkins=tuple(checkin_from_row(r) for r in checkins),
        events=tuple(event_from_row(r) for r in events),
    )


def session_detail(conn: sqlite3.Connection, session_id: int) -> SessionDetail | None:
    row = conn.execute(
        f"SELECT {SUMMARY_COLUMNS}, {DETAIL_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
    ).fetchone()
    if row is None:
        return None
    n = len(SUMMARY_COLUMNS.split(","))
    phases = conn.execute(f"SELECT {PHASE_COLUMNS} FROM phases WHERE session_id = ? ORDER BY seq", (session_id,))
    checkins = conn.execute(f"SELECT {CHECKIN_COLUMNS} FROM checkins WHERE session_id = ? ORDER BY idx", (session_id,))
    events = conn.execute(f"SELECT {EVENT_COLUMNS} FROM events WHERE session_id = ? ORDER BY seq", (session_id,))
    return detail_from_rows(row[:n], row[n:], phases.fetchall(), checkins.fetchall(), events.fetchall())


def recent_for_script(conn: sqlite3.Connection, script_id: str, n: int) -> list[RecentSession]:
    """The last ``n`` practice sessions of a script (R4's input). Rehearsals are left out: a
    script run at ten times the speed says nothing about how much activation was tolerated."""
    rows = conn.execute(
        f"SELECT id, started_utc, {STATUS}, peak_suds, zone_below, zone_above, zone_within, tolerated_activation_s, "
        "params_json "
        "FROM sessions WHERE script_id = ? AND rehearsal = 0 ORDER BY started_utc DESC, id DESC LIMIT ?",
        (script_id, int(n)),
    )
    return [
        RecentSession(
            id=sid,
            started_utc=_utc(started),  # type: ignore[arg-type]
            status=status,
            completed=status == "completed",
            peak_suds=peak,
            zone_below=bool(below),
            zone_above=bool(above),
            zone_within=bool(within),
            tolerated_activation_s=tolerated,
            params=json.loads(params) if params else {},
        )
        for sid, started, status, peak, below, above, within, tolerated, params in rows
    ]
