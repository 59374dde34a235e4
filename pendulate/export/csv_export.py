"""CSV export: one row per check-in, with its session's details repeated on each row.

Spreadsheet friendly: UTF-8 with a byte-order mark (so Excel reads accents), a header row,
plain ISO dates, empty cells for skipped answers. Free text that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``) is prefixed with an apostrophe.
The columns are documented in docs/data-export.md; keep the two in step.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from pendulate.export.collect import ExportFilter
from pendulate.export.named import NAMED_COLUMNS, TARGET_PREFIX, named_cells, target_names
from pendulate.export.rows import (
    CANONICAL_UTC,
    N_SUMMARY,
    UTC_FORMAT,
    SessionRows,
    Texts,
    joined_rows,
    session_rows,
    snapshot,
    utc_text,
)
from pendulate.homework.model import Homework
from pendulate.paths import write_private
from pendulate.store.queries import CHECKIN_COLUMNS, CheckinRow, summary_from_row
from pendulate.store.store import Store

COLUMNS: tuple[str, ...] = (
    "session_id",
    "session_date",
    "session_start_local",
    "session_start_utc",
    "utc_offset_min",
    "script_id",
    "script_version",
    "script_content_hash",
    "script_origin",
    "homework_id",
    "session_status",
    "session_end_reason",
    "rehearsal",
    "speed",
    "checkin_number",
    "seconds_into_session",
    "active_seconds",
    "phase_index",
    "after_phase_kind",
    "suds",
    "settling",
    "zone",
    "location",
    "quality",
    "valence",
    "diary",
    "other_answers",
    "note",
    "confirmed_utc",
    "waited_seconds",
    *NAMED_COLUMNS,
)  # then "target: <name>" per homework target (``columns``)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FLUSH_CHARS = 1 << 20
FLUSH_ROWS = 8000  # check-ins per write (a few MB)


def _safe(value: str | None) -> str:
    if value is None:
        return ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def columns(targets: Sequence[str] = ()) -> list[str]:
    """The header: :data:`COLUMNS`, then a column per homework target."""
    return [*COLUMNS, *(TARGET_PREFIX + name for name in targets)]


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    return str(round(value, 2)) if isinstance(value, float) else str(value)


def session_cells(row: tuple) -> list[str]:
    """The cells every row of one session shares (computed once per session, not per row)."""
    s = summary_from_row(row[:N_SUMMARY])
    local = s.started_local
    end_reason = row[N_SUMMARY + 6]
    return [
        str(s.id),
        local.date().isoformat(),
        local.strftime("%Y-%m-%d %H:%M"),
        s.started_utc.strftime(UTC_FORMAT),
        str(s.utc_offset_min),
        s.script_id,
        s.script_version,
        row[N_SUMMARY],  # content hash
        row[N_SUMMARY + 1],  # script origin
        s.homework_id or "",
        s.status,
        end_reason or "",
        # A rehearsal's times are real seconds; ``speed`` is how fast its clock ran.
        "yes" if s.rehearsal else "no",
        _number(float(s.speed)),
    ]


def _diary_cell(text: str | None) -> str:
    # Stored JSON is re-written with sorted keys, as the documented column promises.
    value = json.loads(text) if text else None
    return "" if value is None else _safe(json.dumps(value, sort_keys=True))


def _extra_cell(text: str | None) -> str:
    value = json.loads(text) if text else None
    return _safe(json.dumps(value, sort_keys=True)) if value else ""


def checkin_cells(row: tuple, include_notes: bool = True, targets: Sequence[str] = ()) -> list[str]:
    """The CSV cells for one check-in row (``queries.CHECKIN_COLUMNS``), after the session's."""
    r = CheckinRow(*row)
    suds, settling = r.suds, r.settling
    return [
        str(r.number + 1),
        _number(r.t_s),
        _number(r.active_s),
        str(r.phase_index),
        r.after_kind or "",
        str(suds) if type(suds) is int else _number(suds),  # ints nearly always: skip the call
        str(settling) if type(settling) is int else _number(settling),
        r.zone or "",
        _safe(r.location),
        _safe(r.quality),
        r.valence or "",
        _diary_cell(r.diary_json),
        _extra_cell(r.extra_json),
        _safe(r.note) if include_notes else "",
        utc_text(r.confirmed_utc),
        _number(r.waited_s),
        *named_cells(r.extra_json, targets),
    ]


def _quoted(cells: list[str]) -> str:
    """``cells`` as one CSV line without its line end, quoted exactly as the csv module quotes."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()[:-2]


def write_csv_rows(
    sessions: Iterable[SessionRows], handle: TextIO, include_notes: bool = True, targets: Sequence[str] = ()
) -> int:
    """Write the header and one row per check-in; returns how many check-ins were written.

    The reference way, cell by cell through the csv module: :func:`export_csv` writes the
    same bytes (``_write_lines``, compared in the tests) several times faster.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns(targets))
    count = 0
    for session in sessions:
        shared = session_cells(session.session)
        for checkin in session.checkins:
            writer.writerow(shared + checkin_cells(checkin, include_notes, targets))
        count += len(session.checkins)
        if buffer.tell() > FLUSH_CHARS:
            handle.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    handle.write(buffer.getvalue())
    return count


def _guarded(col: str) -> str:
    """SQL for a text cell with the formula guard (``_safe``)."""
    return f"CASE WHEN substr({col}, 1, 1) IN ('=', '+', '-', '@', char(9), char(13)) THEN '''' || {col} ELSE {col} END"


# SQLite's printf writes an integer and a text as str() does, and NULL as an empty cell, for
# about what reading the values one by one costs: a check-in's cells from phase_index to
# valence come back as one text. It is NULL (the row is written the reference way) when a
# number is not an integer (``_number`` would round a float) or a text holds a NUL (printf
# stops there).
_PLAIN = ("c.after_kind", "c.zone", "c.location", "c.quality", "c.valence")
MIDDLE = (
    "CASE WHEN typeof(c.phase_index) = 'integer' AND typeof(c.suds) IN ('integer', 'null') "
    "AND typeof(c.settling) IN ('integer', 'null') AND "
    + " AND ".join(f"NOT ifnull(instr(CAST({col} AS BLOB), X'00'), 0)" for col in _PLAIN)
    + " THEN printf('%d,%s,%s,%s,%s,%s,%s,%s', c.phase_index, c.after_kind, c.suds, c.settling, c.zone, "
    + f"{_guarded('c.location')}, {_guarded('c.quality')}, c.valence) END"
)
MIDDLE_CELLS = 8
SELECT = (
    f"c.session_id, c.idx, c.t_s, c.active_s, {MIDDLE}, c.note, c.diary_json, c.extra_json, c.confirmed_utc, c.waited_s"
)


def _write_lines(conn: sqlite3.Connection, filt: ExportFilter, handle: TextIO, targets: Sequence[str] = ()) -> None:
    """The CSV, each check-in's cells in one f-string: the bytes of ``write_csv_rows``, faster.

    A check-in whose text the csv module would quote (a comma, quote or line break in it), with
    diary answers or whose middle cells SQLite left to Python is written the reference way, cell
    by cell through the module. Other answers (JSON, with the named answers in their own cells)
    are quoted by the module once per distinct text and remembered. Repeated numbers are formatted
    once (``Texts``). A check-in without other answers has no named answers either: its
    named and target cells are empty.
    """
    include_notes = filt.include_notes
    found = iter(session_rows(conn, *filt.where()))
    numbers = Texts(_number)
    canonical = CANONICAL_UTC.fullmatch
    out, size, sid_now, prefix = [_quoted(columns(targets)) + "\r\n"], 0, None, ""
    empty_tail = "," * (len(NAMED_COLUMNS) + len(targets))

    def _answered(extra: str) -> tuple[str, str]:
        # The other answers' cell and the named cells after waited_seconds, quoted by the module.
        other = _extra_cell(extra)
        return (_quoted([other]) if other else "", "," + _quoted(named_cells(extra, targets)))

    answered = Texts(_answered)
    for batch in joined_rows(conn, "checkins", SELECT, "idx", *filt.where("s")):
        for sid, idx, t_s, active_s, middle, note, diary, extra, stamp, waited in batch:
            if sid != sid_now:
                session = next(found)
                while session[0] != sid:  # a session without check-ins has no row
                    session = next(found)
                sid_now, prefix = sid, _quoted(session_cells(session))
            if note is None or not include_notes:
                note = ""
            if (
                middle is None
                or diary is not None
                or middle.count(",") != MIDDLE_CELLS - 1
                or '"' in middle
                or "\n" in middle
                or "\r" in middle
                or (note and ("," in note or '"' in note or "\n" in note or "\r" in note))
            ):
                raw = conn.execute(
                    f"SELECT {CHECKIN_COLUMNS} FROM checkins WHERE session_id = ? AND idx = ?", (sid, idx)
                ).fetchone()
                cells = _quoted(checkin_cells(raw, include_notes, targets))
            else:
                other, tail = ("", empty_tail) if extra is None else answered[extra]
                cells = (
                    f"{idx + 1},{numbers[t_s]},{numbers[active_s]},{middle},,{other},{_safe(note)},"
                    f"{stamp if canonical(stamp) else utc_text(stamp)},{numbers[waited]}{tail}"
                )
            out.append(f"{prefix},{cells}\r\n")
        size += len(batch)
        if size > FLUSH_ROWS:
            handle.write("".join(out))
            out, size = [], 0
    handle.write("".join(out))


def export_csv(
    store: Store, path: Path, filt: ExportFilter = ExportFilter(), homework: Sequence[Homework] = ()
) -> Path:
    """Write the CSV export of the sessions ``filt`` selects to ``path`` (mode 0600).

    One row per check-in; ``homework`` gives the target columns (see :func:`named.target_names`).
    """

    def _write(handle: TextIO) -> None:
        def _read(conn: sqlite3.Connection) -> None:
            _write_lines(conn, filt, handle, target_names(conn, homework, *filt.where("s")))

        store.read(snapshot(_read))

    return write_private(path, _write, newline="", encoding="utf-8-sig")
