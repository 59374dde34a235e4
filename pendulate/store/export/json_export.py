"""JSON export: everything recorded, with ``schema_version`` so other tools can read it safely.

One session per line inside the ``sessions`` array keeps a lifetime export streamable and
still valid JSON. The layout is documented in docs/data-export.md.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from pendulate import __version__
from pendulate.homework.adherence import export_adherence
from pendulate.store.export.collect import ExportFilter, collect, write_private
from pendulate.store.queries import SessionDetail
from pendulate.store.store import Store

SCHEMA_VERSION = 1


def _utc(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment is not None else None


def session_to_json(detail: SessionDetail) -> dict[str, Any]:
    """One session as plain JSON-ready data."""
    s = detail.summary
    return {
        "id": s.id,
        "script": {
            "id": s.script_id,
            "version": s.script_version,
            "content_hash": detail.content_hash,
            "origin": detail.script_origin,
        },
        "homework_id": s.homework_id,
        "params": detail.params,
        "started_utc": _utc(s.started_utc),
        "utc_offset_min": s.utc_offset_min,
        "started_local": s.started_local.isoformat(),
        "ended_utc": _utc(detail.ended_utc),
        "status": s.status,
        "end": {"phase_index": detail.end_phase_index, "phase_kind": detail.end_phase_kind, "reason": detail.end_reason},
        "planned_total_s": detail.planned_total_s,
        "active_s": s.duration_s,
        "elapsed_s": detail.elapsed_s,
        "summary": {
            "pre_suds": s.pre_suds,
            "peak_suds": s.peak_suds,
            "end_suds": s.end_suds,
            "checkin_count": s.checkin_count,
            "recovery_s": detail.recovery_s,
            "tolerated_activation_s": detail.tolerated_activation_s,
        },
        "note": detail.note,
        "phases": [
            {
                "index": p.index,
                "kind": p.kind,
                "title": p.title,
                "origin": p.origin,
                "planned_start_s": p.planned_start_s,
                "planned_duration_s": p.planned_duration_s,
                "start_s": p.start_s,
                "end_s": p.end_s,
                "active_start_s": p.active_start_s,
                "active_end_s": p.active_end_s,
                "end_reason": p.end_reason,
            }
            for p in detail.phases
        ],
        "checkins": [
            {
                "number": c.number,
                "phase_index": c.phase_index,
                "after_kind": c.after_kind,
                "t_s": c.t_s,
                "active_s": c.active_s,
                "suds": c.suds,
                "settling": c.settling,
                "zone": c.zone,
                "location": c.location,
                "quality": c.quality,
                "valence": c.valence,
                "note": c.note,
                "diary": c.diary,
                "other_answers": c.extra,
                "confirmed_utc": _utc(c.confirmed_utc),
            }
            for c in detail.checkins
        ],
        "events": [
            {"t_s": e.t_s, "active_s": e.active_s, "type": e.type, "rule": e.rule, "message": e.message, "data": e.data}
            for e in detail.events
        ],
    }


def write_json(details: list[SessionDetail], filt: ExportFilter, handle: TextIO,
               now: datetime | None = None) -> None:
    header = {
        "schema_version": SCHEMA_VERSION,
        "generator": f"pendulate {__version__}",
        "exported_utc": _utc(now or datetime.now(timezone.utc)),
        "filters": {
            "since": filt.since.isoformat() if filt.since else None,
            "until": filt.until.isoformat() if filt.until else None,
            "script_id": filt.script_id,
            "notes_included": filt.include_notes,
        },
        # Sessions per week of each imported homework's schedule, beside the number suggested.
        "adherence": [item.as_dict() for item in export_adherence(details)],
    }
    head = json.dumps(header, indent=2, ensure_ascii=False)
    handle.write(head[:-2] + ',\n  "sessions": [')
    for i, detail in enumerate(details):
        handle.write(("\n    " if i == 0 else ",\n    ") + json.dumps(session_to_json(detail), ensure_ascii=False))
    handle.write("\n  ]\n}\n")


def export_json(store: Store, path: Path, filt: ExportFilter = ExportFilter()) -> Path:
    """Write the JSON export of the sessions ``filt`` selects to ``path`` (mode 0600)."""
    details = collect(store, filt)
    return write_private(path, lambda handle: write_json(details, filt, handle))
