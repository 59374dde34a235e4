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
from pendulate.export.rows import (
    N_SUMMARY,
    UTC_FORMAT,
    SessionRows,
    session_rows,
    snapshot,
    utc_text,
    with_children,
)
from pendulate.homework.model import Homework
from pendulate.paths import write_private
from pendulate.store.queries import CheckinRow, summary_from_row
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
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FLUSH_CHARS = 1 << 20


def _safe(value: str | None) -> str:
    if value is None:
        return ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


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


def checkin_cells(row: tuple, include_notes: bool = True) -> list[str]:
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
    ]


def write_csv_rows(sessions: Iterable[SessionRows], handle: TextIO, include_notes: bool = True) -> int:
    """Write the header and one row per check-in; returns how many check-ins were written."""
    # Rows go through an in-memory buffer, written out every few thousand: one encoded write
    # per check-in row was a large share of a lifetime export.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for session in sessions:
        shared = session_cells(session.session)
        for checkin in session.checkins:
            cells = shared + checkin_cells(checkin, include_notes)
            line = ",".join(cells)
            # A row with nothing to quote is exactly what the csv module writes, without
            # inspecting each of its 27 cells: the module is kept for the rows that need quoting.
            if line.count(",") == len(COLUMNS) - 1 and '"' not in line and "\n" not in line and "\r" not in line:
                buffer.write(line + "\r\n")
            else:
                writer.writerow(cells)
        count += len(session.checkins)
        if buffer.tell() > FLUSH_CHARS:
            handle.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    handle.write(buffer.getvalue())
    return count


def export_csv(
    store: Store, path: Path, filt: ExportFilter = ExportFilter(), homework: Sequence[Homework] = ()
) -> Path:
    """Write the CSV export of the sessions ``filt`` selects to ``path`` (mode 0600).

    One row per check-in: the homework's adherence has no place in it, so ``homework`` is unused.
    """
    where, args = filt.where()

    def _write(handle: TextIO) -> None:
        def _read(conn: sqlite3.Connection) -> None:
            sessions = with_children(conn, session_rows(conn, where, args), tables=("checkins",))
            write_csv_rows(sessions, handle, filt.include_notes)

        store.read(snapshot(_read))

    return write_private(path, _write, newline="", encoding="utf-8-sig")
