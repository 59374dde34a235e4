"""JSON export: everything recorded, with ``schema_version`` so other tools can read it safely.

One session per line inside the ``sessions`` array keeps a lifetime export streamable and
still valid JSON. The layout is documented in docs/data-export.md.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from pendulate import __version__
from pendulate.export.collect import ExportFilter, exported_adherence
from pendulate.export.rows import (
    N_SUMMARY,
    SessionHeader,
    SessionRows,
    header,
    session_rows,
    snapshot,
    utc_text,
    with_children,
)
from pendulate.homework.model import Homework
from pendulate.paths import write_private
from pendulate.store.queries import DetailRow, summary_from_row
from pendulate.store.store import Store

SCHEMA_VERSION = 1


def _utc(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment is not None else None


PHASE_KEYS = (
    "index",
    "kind",
    "title",
    "origin",
    "planned_start_s",
    "planned_duration_s",
    "start_s",
    "end_s",
    "active_start_s",
    "active_end_s",
    "end_reason",
)  # queries.PHASE_COLUMNS after seq
CHECKIN_KEYS = (
    "number",
    "phase_index",
    "after_kind",
    "t_s",
    "active_s",
    "suds",
    "settling",
    "zone",
    "location",
    "quality",
    "valence",
    "note",
    "diary",
    "other_answers",
    "confirmed_utc",
)  # queries.CHECKIN_COLUMNS
EVENT_KEYS = ("t_s", "active_s", "type", "rule", "message", "data")  # queries.EVENT_COLUMNS after seq


def _checkin(row: tuple, include_notes: bool) -> dict[str, Any]:
    item = dict(zip(CHECKIN_KEYS, row, strict=False))
    diary, extra = row[12], row[13]
    item["diary"] = json.loads(diary) if diary else None
    item["other_answers"] = json.loads(extra) if extra else {}
    item["confirmed_utc"] = utc_text(row[14])
    if not include_notes:
        item["note"] = None
    return item


def _event(row: tuple) -> dict[str, Any]:
    item = dict(zip(EVENT_KEYS, row[1:], strict=False))
    item["data"] = json.loads(row[6]) if row[6] else {}
    return item


def session_to_json(rows: SessionRows, include_notes: bool = True) -> dict[str, Any]:
    """One session as plain JSON-ready data, built from its rows (no record objects in between)."""
    row = rows.session
    s = summary_from_row(row[:N_SUMMARY])
    d = DetailRow(*row[N_SUMMARY:])
    return {
        "id": s.id,
        "script": {
            "id": s.script_id,
            "version": s.script_version,
            "content_hash": d.content_hash,
            "origin": d.script_origin,
        },
        "homework_id": s.homework_id,
        "params": json.loads(d.params_json) if d.params_json else {},
        "started_utc": utc_text(row[3]),
        "utc_offset_min": s.utc_offset_min,
        "started_local": s.started_local.isoformat(),
        "ended_utc": utc_text(d.ended_utc),
        "status": s.status,
        # A run at a faster speed, to try a script out: not practice. Its times are real seconds.
        "rehearsal": s.rehearsal,
        "speed": s.speed,
        "end": {"phase_index": d.end_phase_index, "phase_kind": d.end_phase_kind, "reason": d.end_reason},
        "planned_total_s": d.planned_total_s,
        "active_s": s.duration_s,
        "elapsed_s": d.elapsed_s,
        "summary": {
            "pre_suds": s.pre_suds,
            "peak_suds": s.peak_suds,
            "end_suds": s.end_suds,
            "checkin_count": s.checkin_count,
            "recovery_s": d.recovery_s,
            "tolerated_activation_s": d.tolerated_activation_s,
        },
        "note": d.note if include_notes else None,
        "phases": [dict(zip(PHASE_KEYS, p[1:], strict=False)) for p in rows.phases],
        "checkins": [_checkin(c, include_notes) for c in rows.checkins],
        "events": [_event(e) for e in rows.events],
    }


def write_json(
    headers: list[SessionHeader],
    sessions: Iterable[SessionRows],
    filt: ExportFilter,
    handle: TextIO,
    now: datetime | None = None,
    homework: Sequence[Homework] = (),
) -> None:
    """The header (with what needs every session, from ``headers``), then one line per session."""
    header = {
        "schema_version": SCHEMA_VERSION,
        "generator": f"pendulate {__version__}",
        "exported_utc": _utc(now or datetime.now(UTC)),
        "filters": {
            "since": filt.since.isoformat() if filt.since else None,
            "until": filt.until.isoformat() if filt.until else None,
            "script_id": filt.script_id,
            "notes_included": filt.include_notes,
        },
        # Sessions per week of each imported homework's schedule, beside the number suggested.
        "adherence": [item.as_dict() for item in exported_adherence(headers, homework)],
    }
    head = json.dumps(header, indent=2, ensure_ascii=False)
    handle.write(head[:-2] + ',\n  "sessions": [')
    for i, session in enumerate(sessions):
        text = json.dumps(session_to_json(session, filt.include_notes), ensure_ascii=False)
        handle.write(("\n    " if i == 0 else ",\n    ") + text)
    handle.write("\n  ]\n}\n")


def export_json(
    store: Store, path: Path, filt: ExportFilter = ExportFilter(), homework: Sequence[Homework] = ()
) -> Path:
    """Write the JSON export of the sessions ``filt`` selects to ``path`` (mode 0600)."""
    where, args = filt.where()

    def _write(handle: TextIO) -> None:
        def _read(conn: sqlite3.Connection) -> None:
            found = session_rows(conn, where, args)
            write_json([header(r) for r in found], with_children(conn, found), filt, handle, homework=homework)

        store.read(snapshot(_read))

    return write_private(path, _write)
