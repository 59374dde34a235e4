"""Reading an export straight from SQLite rows, a chunk of sessions at a time.

A lifetime log holds ~20,000 sessions and ~400,000 check-ins. Building a frozen dataclass for
every phase, check-in and event, and parsing every timestamp into a ``datetime``, took most
of an export's time (12–26 s). So the CSV and JSON writers work from the rows themselves, the
HTML report reads light :class:`SessionHeader` rows plus SQL counts and builds full
:class:`SessionDetail` objects only for the sessions it draws, and everything is read inside
one read transaction, so a session recorded meanwhile can't make the file inconsistent.

The CSV and JSON writers then read each child table in one query joined to the sessions
(:func:`joined_rows`, in the export's order, a few thousand rows at a time) and write each row
with one f-string, every value formatted once and remembered (:class:`Texts`). What is left of
their time is mostly SQLite handing ~800,000 rows to Python.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar, overload

from pendulate.store import queries
from pendulate.store.queries import SessionDetail, SessionSummary

T = TypeVar("T")
CHUNK = 500  # sessions per read: memory stays bounded, and there are few queries
SESSION_COLUMNS = f"{queries.SUMMARY_COLUMNS}, {queries.DETAIL_COLUMNS}"
N_SUMMARY = len(queries.SUMMARY_COLUMNS.split(","))
# Stamps are written by ``utc_stamp``; one in exactly that form is already what the writers print.
CANONICAL_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


@overload
def utc_text(text: str) -> str: ...
@overload
def utc_text(text: None) -> None: ...
def utc_text(text: str | None) -> str | None:
    """A stored UTC stamp as the exports print it, without building a datetime when it is canonical."""
    if text is None:
        return None
    if CANONICAL_UTC.fullmatch(text):
        return text
    return datetime.fromisoformat(text).strftime(UTC_FORMAT)


class SessionRows(NamedTuple):
    """One session's row (summary columns, then detail columns) and its children's rows, in order."""

    session: tuple
    phases: list[tuple]  # queries.PHASE_COLUMNS
    checkins: list[tuple]  # queries.CHECKIN_COLUMNS
    events: list[tuple]  # queries.EVENT_COLUMNS


@dataclass(frozen=True)
class SessionHeader:
    """A session without its phases, check-ins and events: what the report's tables need."""

    summary: SessionSummary
    content_hash: str
    script_origin: str
    end_phase_kind: str | None
    end_reason: str | None
    recovery_s: float | None
    tolerated_activation_s: float | None


def snapshot(fn: Callable[[sqlite3.Connection], T]) -> Callable[[sqlite3.Connection], T]:
    """Wrap a reader so all its queries see one consistent state of the log (a read transaction)."""

    def run(conn: sqlite3.Connection) -> T:
        conn.execute("BEGIN")
        try:
            return fn(conn)
        finally:
            conn.execute("COMMIT")

    return run


def session_rows(conn: sqlite3.Connection, where: str, args: list, newest: int | None = None) -> list[tuple]:
    """The matching sessions' rows, oldest first (or only the ``newest`` few, newest first)."""
    sql = f"SELECT {SESSION_COLUMNS} FROM sessions {where} ORDER BY started_utc, id"
    if newest is not None:
        sql = f"SELECT {SESSION_COLUMNS} FROM sessions {where} ORDER BY started_utc DESC, id DESC LIMIT {int(newest)}"
    return conn.execute(sql, args).fetchall()


def _children(conn: sqlite3.Connection, table: str, columns: str, order: str, ids: list[int]) -> dict[int, list]:
    # The child tables are clustered by (session_id, order): an IN list is one seek per session.
    marks = ", ".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT session_id, {columns} FROM {table} WHERE session_id IN ({marks}) ORDER BY session_id, {order}", ids
    ).fetchall()
    return {sid: [row[1:] for row in group] for sid, group in groupby(rows, itemgetter(0))}


CHILD_TABLES = ("phases", "checkins", "events")


def with_children(
    conn: sqlite3.Connection, rows: list[tuple], chunk: int = CHUNK, tables: tuple[str, ...] = CHILD_TABLES
) -> Iterator[SessionRows]:
    """Each of ``rows`` with its children, in the order given, reading ``chunk`` sessions at a time.

    Only the child ``tables`` named are read (the others come back empty): the CSV needs only
    check-ins, and reading a row costs more in Python than anything SQLite does with it.
    """
    none: dict[int, list] = {}
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        ids = [row[0] for row in part]
        phases = _children(conn, "phases", queries.PHASE_COLUMNS, "seq", ids) if "phases" in tables else none
        checkins = _children(conn, "checkins", queries.CHECKIN_COLUMNS, "idx", ids) if "checkins" in tables else none
        events = _children(conn, "events", queries.EVENT_COLUMNS, "seq", ids) if "events" in tables else none
        for row in part:
            sid = row[0]
            yield SessionRows(row, phases.get(sid, []), checkins.get(sid, []), events.get(sid, []))


def detail(rows: SessionRows) -> SessionDetail:
    """The full :class:`SessionDetail` of one session (for the few the report draws)."""
    row = rows.session
    return queries.detail_from_rows(row[:N_SUMMARY], row[N_SUMMARY:], rows.phases, rows.checkins, rows.events)


def header(row: tuple) -> SessionHeader:
    """A :class:`SessionHeader` from a ``SESSION_COLUMNS`` row."""
    (
        content_hash,
        origin,
        _params,
        _ended,
        _end_index,
        end_kind,
        end_reason,
        _planned,
        _elapsed,
        _note,
        recovery,
        tolerated,
    ) = row[N_SUMMARY:]
    return SessionHeader(
        queries.summary_from_row(row[:N_SUMMARY]), content_hash, origin, end_kind, end_reason, recovery, tolerated
    )


def child_counts(conn: sqlite3.Connection, where: str, args: list) -> tuple[int, int]:
    """How many check-ins and titration changes the matching sessions hold (counted in SQL)."""
    checkins, changes = conn.execute(
        "SELECT coalesce(sum((SELECT count(*) FROM checkins c WHERE c.session_id = s.id)), 0), "
        "coalesce(sum((SELECT count(*) FROM events e WHERE e.session_id = s.id AND e.type = 'titration')), 0) "
        f"FROM sessions s {where}",
        args,
    ).fetchone()
    return checkins, changes


class Texts(dict):
    """``texts[value]`` → ``format(value)``, each value formatted once and remembered.

    Values repeat a great deal in a log (whole seconds, the same few words, the same diary
    answers), and a dictionary look-up costs a fraction of formatting. Up to ``LIMIT``
    entries, so memory stays bounded. Keep one per kind of column: 60 and 60.0 are the same
    key, so an INTEGER column's values must not share a cache with a REAL column's (SQLite
    returns a whole number in an INTEGER column as an int, and every number in a REAL column
    as a float, so within one kind the keys are unambiguous).
    """

    LIMIT = 1 << 16

    def __init__(self, format: Callable[[Any], Any]):
        super().__init__()
        self.format = format

    def __missing__(self, value: Any) -> Any:
        text = self.format(value)
        if len(self) >= self.LIMIT:
            self.clear()
        self[value] = text
        return text


def joined_rows(
    conn: sqlite3.Connection, table: str, select: str, order: str, where: str, args: list, size: int = 4000
) -> Iterator[list[tuple]]:
    """Batches of the ``select`` rows of every row of a child table (alias ``c``) of the sessions
    (alias ``s``) that ``where`` selects, in the export's order.

    One query joined to the sessions, read a few thousand rows at a time: the rows come in the
    sessions' order (oldest first), so no lookup by session is needed, and memory stays bounded.
    """
    cursor = conn.execute(
        f"SELECT {select} FROM sessions s JOIN {table} c ON c.session_id = s.id {where} "
        f"ORDER BY s.started_utc, s.id, c.{order}",
        args,
    )
    while batch := cursor.fetchmany(size):
        yield batch
