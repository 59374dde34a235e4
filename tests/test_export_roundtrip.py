"""CSV and JSON exports hold exactly what the store holds; filters and notes behave; files are private."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime

import pytest
from store_helpers import WallClock, pendulation, record

from pendulate.export import ExportFilter, NothingToExport, export, preview
from pendulate.export.csv_export import COLUMNS
from pendulate.store import Store


@pytest.fixture
def store():
    with Store.open() as s:
        record(
            s,
            pendulation([(6, 3, 6), (4, 5, None)], note="=SUM(A1) felt, tight"),
            WallClock(datetime(2024, 5, 6, 9, 0, tzinfo=UTC)),
            homework_id="hw-1",
        )
        record(
            s,
            pendulation([(3, 6, 7)], note='Calm, "quoted"\nsecond line'),
            WallClock(datetime(2024, 5, 9, 18, 0, tzinfo=UTC)),
        )
        yield s


def _read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_has_one_row_per_checkin_with_the_stored_values(store, tmp_path):
    path = export(store, "csv", tmp_path / "out.csv")
    rows = _read_csv(path)
    assert list(rows[0]) == list(COLUMNS)
    details = [store.session_detail(s.id) for s in reversed(store.history())]
    expected = [(d, c) for d in details for c in d.checkins]
    assert len(rows) == len(expected) == 9
    for row, (d, c) in zip(rows, expected, strict=False):
        assert int(row["session_id"]) == d.summary.id
        assert row["script_id"] == d.summary.script_id and row["script_version"] == d.summary.script_version
        assert row["script_content_hash"] == d.content_hash
        assert int(row["checkin_number"]) == c.number + 1
        assert row["suds"] == ("" if c.suds is None else str(c.suds))
        assert row["settling"] == ("" if c.settling is None else str(c.settling))
        assert row["zone"] == (c.zone or "")
        assert row["location"] == (c.location or "")
        assert float(row["seconds_into_session"]) == c.t_s
        assert row["after_phase_kind"] == (c.after_kind or "")
        assert row["homework_id"] == (d.summary.homework_id or "")
        note = c.note or ""
        assert row["note"] == ("'" + note if note.startswith("=") else note)
    assert rows[0]["session_start_local"] == "2024-05-06 09:00" and rows[0]["utc_offset_min"] == "0"


def test_json_holds_everything_with_a_schema_version(store, tmp_path):
    path = export(store, "json", tmp_path / "out.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1 and data["filters"]["notes_included"] is True
    assert [s["id"] for s in data["sessions"]] == [s.id for s in reversed(store.history())]
    for session in data["sessions"]:
        d = store.session_detail(session["id"])
        assert session["script"] == {
            "id": d.summary.script_id,
            "version": d.summary.script_version,
            "content_hash": d.content_hash,
            "origin": d.script_origin,
        }
        assert session["params"] == d.params and session["status"] == d.summary.status
        assert session["summary"]["peak_suds"] == d.summary.peak_suds
        assert session["summary"]["recovery_s"] == d.recovery_s
        assert [(c["suds"], c["settling"], c["zone"], c["note"], c["t_s"]) for c in session["checkins"]] == [
            (c.suds, c.settling, c.zone, c.note, c.t_s) for c in d.checkins
        ]
        assert [c["other_answers"] for c in session["checkins"]] == [c.extra for c in d.checkins]
        assert [(p["kind"], p["planned_duration_s"], p["start_s"], p["end_s"]) for p in session["phases"]] == [
            (p.kind, p.planned_duration_s, p.start_s, p.end_s) for p in d.phases
        ]
        assert [(e["type"], e["rule"], e["message"]) for e in session["events"]] == [
            (e.type, e.rule, e.message) for e in d.events
        ]


def test_no_notes_leaves_every_note_out(store, tmp_path):
    store.set_session_note(1, "private session note")
    filt = ExportFilter(include_notes=False)
    for fmt in ("csv", "json", "html"):
        text = export(store, fmt, tmp_path / f"out.{fmt}", filt).read_text(encoding="utf-8-sig")
        for secret in ("SUM(A1)", "quoted", "private session note"):
            assert secret not in text, (fmt, secret)
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["filters"]["notes_included"] is False


def test_filters_select_by_local_day_and_script(store, tmp_path):
    filt = ExportFilter(since=date(2024, 5, 7))
    data = json.loads(export(store, "json", tmp_path / "late.json", filt).read_text(encoding="utf-8"))
    assert [s["started_utc"][:10] for s in data["sessions"]] == ["2024-05-09"]
    assert len(_read_csv(export(store, "csv", tmp_path / "early.csv", ExportFilter(until=date(2024, 5, 6))))) == 5
    with pytest.raises(NothingToExport, match="No sessions of the script nope are in your log"):
        export(store, "csv", tmp_path / "none.csv", ExportFilter(script_id="nope"))
    assert not (tmp_path / "none.csv").exists()  # a selection that matches nothing writes no file
    p = preview(store, ExportFilter(script_id="body-pendulation", include_notes=False))
    assert (p.sessions, p.checkins, p.first_day, p.last_day) == (2, 9, date(2024, 5, 6), date(2024, 5, 9))
    assert p.describe() == "2 sessions and 9 check-ins, 2024-05-06 to 2024-05-09; your notes are left out."


def test_exports_are_private_and_replace_only_the_named_file(store, tmp_path):
    target = tmp_path / "report.csv"
    target.write_text("old")
    target.chmod(0o644)
    export(store, "csv", target)
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


def test_an_unknown_format_is_refused(store, tmp_path):
    with pytest.raises(ValueError, match="unknown export format"):
        export(store, "xlsx", tmp_path / "x.xlsx")
