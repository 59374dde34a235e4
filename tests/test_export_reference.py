"""The CSV and JSON exports are byte for byte what a plain writer built on ``session_detail`` writes.

The exporters build their text from SQLite rows in bulk (``pendulate/export/rows.py``); this
writer goes the slow, obvious way, one :class:`SessionDetail` at a time, straight from
docs/data-export.md. The log is given every kind of value a field can hold: notes with commas,
quotes, line breaks, a NUL, unicode and formula starts; diary and other answers as JSON; NULLs;
times with fractions and an infinite one; a rating stored as a float; a stamp in another form;
a session without check-ins.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from store_helpers import WallClock, pendulation, record

from pendulate import __version__
from pendulate.export import ExportFilter, export
from pendulate.export.csv_export import COLUMNS
from pendulate.store import Store
from pendulate.store.queries import SessionDetail, session_detail

NOTES = [
    'Calm, "quoted"\nsecond line',
    "=SUM(A1)",
    "-minus first",
    "\ttab first",
    "\rreturn first",
    "ünïcødé 🌿 and\u2028line separator",
    "a NUL \x00 inside, with a comma",
    "plain",
    "",
]


TRACKED = [
    {"target": "urge to drink", "kind": "urge", "value": 4},
    {"target": "acted on it", "kind": "acted", "value": False},
    {"target": "skills, used", "kind": "skills", "value": ["paced breathing", "TIPP"]},
]
NAMED = [
    (1, 0, {"urge": 3, "wave": "rising", "part": {"name": "the critic", "room": 4}, "resource": "my dog"}),
    (1, 1, {"urge": 1, "wave": "easing", "tracked": TRACKED}),
    (4, 0, {"part": {"name": '=the "numbing" part, quiet', "room": None}, "resource": "warm spot, chest 🌿"}),
    (6, 1, {"tracked": [{"target": "acted on it", "kind": "acted", "value": True}], "okay": True}),
    (7, 0, {"tracked": [{"target": "skills, used", "kind": "skills", "value": []}], "resource": "-sea"}),
]


@pytest.fixture
def store():
    with Store.open() as s:
        offsets = (0, 120, -300, 330)
        for i, note in enumerate(NOTES):
            start = datetime(2023, 1, 2, 8, 0, tzinfo=timezone(timedelta(minutes=offsets[i % 4]))) + timedelta(days=i)
            timeline = pendulation([(6, 3, 6), (4, 5, None)], note=note)
            if i % 3 == 1:
                timeline.pause(2.345)
            record(s, timeline, WallClock(start), homework_id="hw-1" if i % 2 else None)
        conn = s.conn
        with conn:
            conn.execute("UPDATE sessions SET note = ? WHERE id = 1", ('Session, "note"\n😀',))
            conn.execute("UPDATE sessions SET note = '=1+1', homework_id = 'hw, \"x\"' WHERE id = 2")
            conn.execute("UPDATE checkins SET diary_json = ? WHERE session_id = 2", ('{"urge": 2, "acted": false}',))
            conn.execute("UPDATE checkins SET diary_json = 'null', extra_json = '{}' WHERE session_id = 3 AND idx = 0")
            conn.execute("UPDATE checkins SET extra_json = '' , diary_json = '' WHERE session_id = 3 AND idx = 1")
            conn.execute("UPDATE checkins SET t_s = 12.345, active_s = 1e15 + 0.5 WHERE session_id = 4 AND idx = 1")
            conn.execute("UPDATE checkins SET t_s = ? WHERE session_id = 4 AND idx = 2", (float("inf"),))
            conn.execute("UPDATE checkins SET suds = 2.345, settling = NULL WHERE session_id = 5 AND idx = 0")
            conn.execute("UPDATE checkins SET confirmed_utc = '2023-01-06T09:00:00+00:00' WHERE session_id = 5")
            conn.execute("UPDATE checkins SET location = 'left, right', quality = '+odd' WHERE session_id = 6")
            conn.execute("UPDATE checkins SET location = ?, zone = NULL WHERE session_id = 7 AND idx = 1", ("nul\x00",))
            conn.execute("UPDATE checkins SET valence = 'angenehm \"ü\"', after_kind = NULL WHERE session_id = 8")
            conn.execute(
                "UPDATE phases SET title = ?, actual_end_s = NULL WHERE session_id = 8 AND seq = 2", ('Rest\t"here"\\',)
            )
            conn.execute("UPDATE events SET message = ?, data_json = NULL WHERE session_id = 8", ('Shorter, "now"\n',))
            conn.execute("DELETE FROM checkins WHERE session_id = 9")
            # How long check-ins waited for a first key: whole, fractional, long, none (NULL elsewhere).
            conn.execute("UPDATE checkins SET waited_s = 4.0 WHERE session_id = 1")
            conn.execute("UPDATE checkins SET waited_s = 0.123456 WHERE session_id = 2 AND idx = 0")
            conn.execute("UPDATE checkins SET waited_s = 3600.5 WHERE session_id = 3 AND idx = 1")
            # The named answers (#17): an urge and its wave, a part with its room, a resource in the
            # person's words (a comma, quotes, a formula start, unicode), the homework's targets.
            for sid, idx, extra in NAMED:
                conn.execute(
                    "UPDATE checkins SET extra_json = ? WHERE session_id = ? AND idx = ?",
                    (json.dumps(extra, sort_keys=True), sid, idx),
                )
        yield s


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else str(round(value, 2))


def _safe(text: str | None) -> str:
    if text is None:
        return ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _z(moment: datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _details(store: Store, filt: ExportFilter) -> list[SessionDetail]:
    where, args = filt.where()
    ids = [row[0] for row in store.conn.execute(f"SELECT id FROM sessions {where} ORDER BY started_utc, id", args)]
    return [session_detail(store.conn, sid) for sid in ids]  # type: ignore[misc]


def _tracked(extra: dict) -> dict:
    out: dict = {}
    for item in extra.get("tracked", []):
        out.setdefault(item["target"], item["value"])
    return out


def _target_cell(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return _safe("; ".join(value)) if value else "none"
    return _number(value)


def _named_cells(extra: dict, targets: list[str]) -> list[str]:
    part = extra.get("part") or {}
    tracked = _tracked(extra)
    return [
        _number(extra.get("urge")),
        _safe(extra.get("wave")),
        _safe(part.get("name")),
        _number(part.get("room")),
        _safe(extra.get("resource")),
        *(_target_cell(tracked[name]) if name in tracked else "" for name in targets),
    ]


def _targets_met(details: list[SessionDetail], first: list[str]) -> list[str]:
    names = list(first)
    for d in details:
        for c in d.checkins:
            names += [name for name in _tracked(c.extra) if name not in names]
    return names


def reference_csv(details: list[SessionDetail], notes: bool, homework_targets: list[str] = ()) -> bytes:
    targets = _targets_met(details, list(homework_targets))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *("target: " + name for name in targets)])
    for d in details:
        s = d.summary
        local = s.started_local
        for c in d.checkins:
            diary = "" if c.diary is None else _safe(json.dumps(c.diary, sort_keys=True))
            extra = _safe(json.dumps(c.extra, sort_keys=True)) if c.extra else ""
            writer.writerow(
                [
                    str(s.id),
                    local.date().isoformat(),
                    local.strftime("%Y-%m-%d %H:%M"),
                    _z(s.started_utc),
                    str(s.utc_offset_min),
                    s.script_id,
                    s.script_version,
                    d.content_hash,
                    d.script_origin,
                    s.homework_id or "",
                    s.status,
                    d.end_reason or "",
                    "yes" if s.rehearsal else "no",
                    _number(float(s.speed)),
                    str(c.number + 1),
                    _number(c.t_s),
                    _number(c.active_s),
                    str(c.phase_index),
                    c.after_kind or "",
                    _number(c.suds),
                    _number(c.settling),
                    c.zone or "",
                    _safe(c.location),
                    _safe(c.quality),
                    c.valence or "",
                    diary,
                    extra,
                    _safe(c.note) if notes else "",
                    _z(c.confirmed_utc),
                    _number(c.waited_s),
                    *_named_cells(c.extra, targets),
                ]
            )
    return out.getvalue().encode("utf-8-sig")


def _session_json(d: SessionDetail, notes: bool) -> dict:
    s = d.summary
    return {
        "id": s.id,
        "script": {
            "id": s.script_id,
            "version": s.script_version,
            "content_hash": d.content_hash,
            "origin": d.script_origin,
        },
        "homework_id": s.homework_id,
        "params": d.params,
        "started_utc": _z(s.started_utc),
        "utc_offset_min": s.utc_offset_min,
        "started_local": s.started_local.isoformat(),
        "ended_utc": _z(d.ended_utc),
        "status": s.status,
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
        "note": d.note if notes else None,
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
            for p in d.phases
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
                "note": c.note if notes else None,
                "diary": c.diary,
                "other_answers": c.extra,
                "confirmed_utc": _z(c.confirmed_utc),
                "waited_s": c.waited_s,
                "urge": c.extra.get("urge"),
                "wave": c.extra.get("wave"),
                "part": c.extra.get("part"),
                "resource": c.extra.get("resource"),
                "tracked": _tracked(c.extra),
            }
            for c in d.checkins
        ],
        "events": [
            {"t_s": e.t_s, "active_s": e.active_s, "type": e.type, "rule": e.rule, "message": e.message, "data": e.data}
            for e in d.events
        ],
    }


def reference_json(details: list[SessionDetail], filt: ExportFilter) -> bytes:
    head = {
        "schema_version": 1,
        "generator": f"pendulate {__version__}",
        "exported_utc": "MASKED",
        "filters": {
            "since": filt.since.isoformat() if filt.since else None,
            "until": filt.until.isoformat() if filt.until else None,
            "script_id": filt.script_id,
            "notes_included": filt.include_notes,
        },
        "adherence": [],
    }
    lines = [json.dumps(_session_json(d, filt.include_notes), ensure_ascii=False) for d in details]
    text = json.dumps(head, indent=2, ensure_ascii=False)[:-2] + ',\n  "sessions": ['
    text += ",".join("\n    " + line for line in lines) + "\n  ]\n}\n"
    return text.encode()


def _masked(data: bytes) -> bytes:
    return re.sub(rb'"exported_utc": "[^"]*"', b'"exported_utc": "MASKED"', data, count=1)


FILTERS = [
    ExportFilter(),
    ExportFilter(include_notes=False),
    ExportFilter(since=datetime(2023, 1, 4).date(), until=datetime(2023, 1, 8).date()),
    ExportFilter(script_id="body-pendulation", since=datetime(2023, 1, 7).date()),
]


@pytest.mark.parametrize("filt", FILTERS, ids=["all", "no-notes", "days", "script"])
def test_csv_is_byte_for_byte_the_reference(store, tmp_path, filt):
    details = _details(store, filt)
    path = export(store, "csv", tmp_path / "out.csv", filt)
    assert path.read_bytes() == reference_csv(details, filt.include_notes)


@pytest.mark.parametrize("filt", FILTERS, ids=["all", "no-notes", "days", "script"])
def test_json_is_byte_for_byte_the_reference(store, tmp_path, filt):
    details = _details(store, filt)
    path = export(store, "json", tmp_path / "out.json", filt)
    assert _masked(path.read_bytes()) == reference_json(details, filt)


def test_csv_target_columns_follow_the_homework_then_the_log(store, tmp_path):
    from pendulate.homework.model import Homework, Target, Therapist

    homework = Homework(
        "hw-1", Therapist("Dr. Lee"), (), track=(Target("acted on it", "acted"), Target("urge to sleep", "urge"))
    )
    filt = ExportFilter()
    path = export(store, "csv", tmp_path / "out.csv", filt, [homework])
    expected = reference_csv(_details(store, filt), True, ["acted on it", "urge to sleep"])
    assert path.read_bytes() == expected
    header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert header[len(COLUMNS) - 5 :] == [
        *("urge", "wave", "part", "part_room", "resource"),
        *("target: acted on it", "target: urge to sleep", "target: urge to drink", "target: skills, used"),
    ]


def test_the_log_holds_what_the_reference_test_means_to_cover(store):
    conn = store.conn
    assert conn.execute("SELECT count(*) FROM checkins WHERE instr(CAST(note AS BLOB), X'00')").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM checkins WHERE diary_json IS NOT NULL").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM checkins WHERE extra_json IS NOT NULL").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM checkins WHERE typeof(suds) = 'real'").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM events WHERE type = 'paused'").fetchone()[0]
    assert (
        conn.execute(
            "SELECT count(*) FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM checkins c WHERE c.session_id = s.id)"
        ).fetchone()[0]
        == 1
    )
