"""CSV export: one row per check-in, with its session's details repeated on each row.

Spreadsheet friendly: UTF-8 with a byte-order mark (so Excel reads accents), a header row,
plain ISO dates, empty cells for skipped answers. Free text that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``) is prefixed with an apostrophe.
The columns are documented in docs/data-export.md; keep the two in step.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TextIO

from pendulate.store.export.collect import ExportFilter, collect, write_private
from pendulate.store.queries import CheckinRecord, SessionDetail
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
FREE_TEXT = ("location", "quality", "note", "other_answers", "diary")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: str | None) -> str:
    if value is None:
        return ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    return str(round(value, 2)) if isinstance(value, float) else str(value)


def session_cells(detail: SessionDetail) -> dict[str, str]:
    """The cells every row of one session shares (computed once per session, not per row)."""
    s = detail.summary
    local = s.started_local
    return {
        "session_id": str(s.id),
        "session_date": local.date().isoformat(),
        "session_start_local": local.strftime("%Y-%m-%d %H:%M"),
        "session_start_utc": s.started_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "utc_offset_min": str(s.utc_offset_min),
        "script_id": s.script_id,
        "script_version": s.script_version,
        "script_content_hash": detail.content_hash,
        "script_origin": detail.script_origin,
        "homework_id": s.homework_id or "",
        "session_status": s.status,
        "session_end_reason": detail.end_reason or "",
    }


def row_for(detail: SessionDetail, checkin: CheckinRecord, shared: dict[str, str] | None = None) -> dict[str, str]:
    """The CSV cells for one check-in."""
    cells = dict(shared if shared is not None else session_cells(detail))
    cells.update({
        "checkin_number": str(checkin.number + 1),
        "seconds_into_session": _number(checkin.t_s),
        "active_seconds": _number(checkin.active_s),
        "phase_index": str(checkin.phase_index),
        "after_phase_kind": checkin.after_kind or "",
        "suds": _number(checkin.suds),
        "settling": _number(checkin.settling),
        "zone": checkin.zone or "",
        "location": checkin.location,
        "quality": checkin.quality,
        "valence": checkin.valence or "",
        "diary": json.dumps(checkin.diary, sort_keys=True) if checkin.diary is not None else None,
        "other_answers": json.dumps(checkin.extra, sort_keys=True) if checkin.extra else None,
        "note": checkin.note,
        "confirmed_utc": checkin.confirmed_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
    })
    for name in FREE_TEXT:
        cells[name] = _safe(cells[name])
    return cells  # type: ignore[return-value]


def write_csv_rows(details: list[SessionDetail], handle: TextIO) -> int:
    writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for detail in details:
        shared = session_cells(detail)
        for checkin in detail.checkins:
            writer.writerow(row_for(detail, checkin, shared))
            count += 1
    return count


def export_csv(store: Store, path: Path, filt: ExportFilter = ExportFilter()) -> Path:
    """Write the CSV export of the sessions ``filt`` selects to ``path`` (mode 0600)."""
    details = collect(store, filt)
    return write_private(path, lambda handle: write_csv_rows(details, handle), newline="", encoding="utf-8-sig")
