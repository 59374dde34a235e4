"""What an export contains: the filter, the preview shown before writing, and the bulk read.

Exports read every session's phases, check-ins and events in three ordered scans (not one
query per session), so a lifetime export stays quick.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Callable, TextIO

from pendulate import paths
from pendulate.store import queries
from pendulate.store.queries import SessionDetail, session_filter
from pendulate.store.store import Store


@dataclass(frozen=True)
class ExportFilter:
    """Which sessions to export. Days are inclusive local calendar days."""

    since: date | None = None
    until: date | None = None
    script_id: str | None = None
    include_notes: bool = True

    def where(self, alias: str = "") -> tuple[str, list]:
        return session_filter(self.since, self.until, self.script_id, alias)


@dataclass(frozen=True)
class ExportPreview:
    sessions: int
    checkins: int
    first_day: date | None
    last_day: date | None
    include_notes: bool

    def describe(self) -> str:
        """A short plain summary to show before writing."""
        if not self.sessions:
            return "No sessions match; the file would be empty."
        span = (
            self.first_day.isoformat()
            if self.first_day == self.last_day
            else f"{self.first_day} to {self.last_day}"
        )
        notes = "your notes are included" if self.include_notes else "your notes are left out"
        return f"{self.sessions} sessions and {self.checkins} check-ins, {span}; {notes}."


def preview(store: Store, filt: ExportFilter) -> ExportPreview:
    """Counts and the date range an export with ``filt`` would contain."""
    where, args = filt.where()

    def _run(conn: sqlite3.Connection) -> ExportPreview:
        count, checkins, first, last = conn.execute(
            f"SELECT count(*), coalesce(sum(checkin_count), 0), min(local_day), max(local_day) FROM sessions {where}",
            args,
        ).fetchone()
        return ExportPreview(
            count,
            checkins,
            date.fromisoformat(first) if first else None,
            date.fromisoformat(last) if last else None,
            filt.include_notes,
        )

    return store.read(_run)


def _grouped(conn: sqlite3.Connection, columns: str, table: str, order: str, where: str, args: list) -> dict:
    out: dict[int, list[tuple]] = {}
    sql = (
        f"SELECT t.session_id, {', '.join('t.' + c.strip() for c in columns.split(','))} FROM {table} t "
        f"JOIN sessions s ON s.id = t.session_id {where} ORDER BY t.session_id, t.{order}"
    )
    for row in conn.execute(sql, args):
        out.setdefault(row[0], []).append(row[1:])
    return out


def collect(store: Store, filt: ExportFilter) -> list[SessionDetail]:
    """Every matching session in full, oldest first; notes removed when ``include_notes`` is off."""
    where, args = filt.where("s")
    summary_cols = ", ".join("s." + c.strip() for c in queries.SUMMARY_COLUMNS.split(","))
    detail_cols = ", ".join("s." + c.strip() for c in queries.DETAIL_COLUMNS.split(","))
    n = len(queries.SUMMARY_COLUMNS.split(","))

    def _run(conn: sqlite3.Connection) -> list[SessionDetail]:
        rows = conn.execute(
            f"SELECT {summary_cols}, {detail_cols} FROM sessions s {where} ORDER BY s.started_utc, s.id", args
        ).fetchall()
        phases = _grouped(conn, queries.PHASE_COLUMNS, "phases", "seq", where, args)
        checkins = _grouped(conn, queries.CHECKIN_COLUMNS, "checkins", "idx", where, args)
        events = _grouped(conn, queries.EVENT_COLUMNS, "events", "seq", where, args)
        return [
            queries.detail_from_rows(
                row[:n], row[n:], phases.get(row[0], []), checkins.get(row[0], []), events.get(row[0], [])
            )
            for row in rows
        ]

    details = store.read(_run)
    if filt.include_notes:
        return details
    return [
        replace(d, note=None, checkins=tuple(replace(c, note=None) for c in d.checkins)) for d in details
    ]


def write_private(path: Path, write: Callable[[TextIO], None], *, newline: str | None = None,
                  encoding: str = "utf-8") -> Path:
    """Write a file owner-only (0600), atomically: a half-written export never replaces a good one."""
    path = Path(path)
    target_dir = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=target_dir)
    try:
        os.fchmod(fd, paths.FILE_MODE)
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    path.chmod(paths.FILE_MODE)
    return path
