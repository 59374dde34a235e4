"""The recorder writes what the engine emits; history, detail, trends and state read it back."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from store_helpers import WallClock, make_recorder, pendulation, record

from pendulate.engine import events as ev
from pendulate.store import Store


@pytest.fixture
def store():
    with Store.open() as s:
        yield s


def test_a_session_is_recorded_with_its_script_params_phases_checkins_and_changes(store):
    rec = record(store, pendulation([(6, 3, 6), (4, 5, 7)], note="Feet helped <a lot>"), homework_id="hw-1")
    assert rec.problem is None and rec.unsaved == 0
    detail = store.session_detail(rec.session_id)
    s = detail.summary
    assert (s.script_id, s.script_version, detail.content_hash) == ("body-pendulation", "1.2", "sha256-test-hash")
    assert detail.params == {"threshold": 5, "touch_min": 10, "touch_max": 30}
    assert s.status == "completed" and s.homework_id == "hw-1"
    assert (s.pre_suds, s.peak_suds, s.end_suds) == (3, 6, 2)
    assert s.started_utc == datetime(2024, 5, 6, 7, 30, tzinfo=UTC) and s.utc_offset_min == 120
    assert s.started_local.hour == 9
    assert [c.suds for c in detail.checkins] == [3, 6, 3, 4, 1, 2]
    assert detail.checkins[1].location == "chest; throat"
    assert (detail.checkins[1].quality, detail.checkins[1].valence) == ("tight", "unpleasant")
    assert detail.checkins[-1].note == "Feet helped <a lot>"
    assert detail.checkins[-1].extra == {"discharge": ["sigh"]}
    kinds = [p.kind for p in detail.phases if p.kind != "checkin"]
    assert kinds == ["ground", "resource", "activation", "return", "activation", "return", "orient"]
    activation = next(p for p in detail.phases if p.kind == "activation")
    assert activation.planned_duration_s == 20 and activation.active_end_s - activation.active_start_s == 20
    assert [(e.type, e.rule) for e in detail.events] == [("titration", "R1")]
    assert detail.end_phase_kind == "orient" and detail.end_reason == "time"


def test_each_checkin_is_committed_the_moment_it_is_recorded(store):
    tl = pendulation([(4, 5, None)])
    rec = make_recorder(store)
    other = sqlite3.connect(store.path)  # a second connection sees only what is committed
    confirmed = []
    for event in tl.events:
        rec.handle(event)
        if isinstance(event, ev.CheckinRecorded):
            confirmed.append(event.answers.suds)
            rows = other.execute("SELECT suds FROM checkins ORDER BY idx").fetchall()
            assert [r[0] for r in rows] == confirmed
    other.close()
    assert len(confirmed) == 3


def test_a_running_session_reads_running_then_interrupted_after_mark_interrupted(store):
    tl = pendulation([(4, 5, 6)])
    rec = make_recorder(store)
    for event in tl.events[:12]:
        rec.handle(event)
    assert store.history()[0].status == "running"
    assert store.mark_interrupted() == 0  # still live: its recorder holds the live lock
    rec._live.release()  # what the kernel does when the process ends, however it ends
    assert store.history()[0].status == "interrupted"  # at once, before anything is written
    assert store.history_table()[0][4] == "interrupted"
    assert store.conn.execute("SELECT status FROM sessions").fetchone() == ("running",)
    assert store.mark_interrupted() == 1
    summary = store.history()[0]
    assert summary.status == "interrupted" and summary.pre_suds == 3 and summary.duration_s > 0


def test_the_live_lock_is_gone_once_the_session_ends(store):
    rec = record(store, pendulation([(4, 5, 6)]))
    assert rec._live is None
    assert not list((store.path.parent / "live").glob("*.lock"))


def test_a_stopped_session_keeps_where_and_why(store):
    tl = pendulation([(4, 5, None)])
    tl.events[-1] = ev.SessionEnded(t=tl.t, active=tl.t, status="stopped", reason="stop", index=4, kind="return")
    rec = record(store, tl)
    detail = store.session_detail(rec.session_id)
    assert (detail.summary.status, detail.end_phase_index, detail.end_phase_kind, detail.end_reason) == (
        "stopped",
        4,
        "return",
        "stop",
    )


def test_pauses_count_in_session_time_but_not_in_active_time(store):
    tl = pendulation([])
    tl.events = tl.events[:-1]
    tl.pause(30)
    tl.end()
    rec = record(store, tl)
    detail = store.session_detail(rec.session_id)
    assert detail.elapsed_s - detail.summary.duration_s == 30
    assert [e.type for e in detail.events] == ["paused", "resumed"]
    assert detail.events[1].data == {"paused_for": 30}


def test_a_full_disk_never_raises_keeps_checkins_and_saves_them_when_space_returns(store, monkeypatch):
    tl = pendulation([(4, 5, 6)])
    rec = make_recorder(store)
    for event in tl.events[:3]:
        rec.handle(event)
    real_transaction = store.transaction

    def full(**_):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "transaction", full)
    for event in tl.events[3:10]:
        rec.handle(event)  # must not raise
    assert rec.problem == "Your check-ins can't be saved right now (the disk is full). The session goes on."
    assert rec.unsaved > 0
    durable = []

    def space_again(**kw):
        durable.append((type(event).__name__, kw.get("durable", True)))
        return real_transaction(**kw)

    monkeypatch.setattr(store, "transaction", space_again)
    for event in tl.events[10:]:
        rec.handle(event)
    assert rec.problem is None and rec.unsaved == 0
    # The queued boundary rows go out with the next boundary; a check-in still waits for the disk.
    assert durable[:2] == [("PhaseStarted", False), ("CheckinRecorded", True)]
    detail = store.session_detail(rec.session_id)
    assert [c.suds for c in detail.checkins] == [3, 4, 1, 2]
    assert detail.summary.status == "completed"


def test_a_read_only_database_before_the_session_starts_is_reported_and_retried(store, monkeypatch):
    rec = make_recorder(store)
    tl = pendulation([])
    real_transaction = store.transaction
    monkeypatch.setattr(
        store,
        "transaction",
        lambda **_: (_ for _ in ()).throw(sqlite3.OperationalError("attempt to write a readonly database")),
    )
    for event in tl.events[:3]:  # started, the opening check-in's phase, its answer
        rec.handle(event)
    assert "read-only" in rec.problem and rec.session_id is None
    monkeypatch.setattr(store, "transaction", real_transaction)
    assert rec.flush() is True
    assert rec.session_id is not None and store.history()[0].checkin_count == 1


def test_a_malformed_event_is_reported_not_raised(store):
    rec = make_recorder(store)
    rec.handle(pendulation([]).events[0])
    rec.handle(ev.CheckinRecorded(t=1, active=1, index=0, answers={"suds": "lots"}, after_kind=None))
    assert rec.problem and "couldn't be recorded" in rec.problem


def test_history_is_newest_first_and_filters_by_local_day_and_script(store):
    clock = WallClock(datetime(2024, 5, 6, 23, 30, tzinfo=timezone(timedelta(hours=2))))
    first = record(store, pendulation([]), clock).session_id
    clock = WallClock(datetime(2024, 5, 8, 8, 0, tzinfo=timezone(timedelta(hours=2))))
    second = record(store, pendulation([(4, 5, 6)]), clock).session_id
    assert [s.id for s in store.history()] == [second, first]
    assert [s.id for s in store.history(limit=1)] == [second]
    # 23:30 local on the 6th is 21:30 UTC on the 6th; the local day is what counts.
    assert [s.id for s in store.history(since=date(2024, 5, 6), until=date(2024, 5, 6))] == [first]
    assert [s.id for s in store.history(since=date(2024, 5, 7))] == [second]
    assert store.history(script_id="orient-resource") == []


def test_trends_recovery_tolerated_activation_weeks_and_calendar(store):
    clock = WallClock(datetime(2024, 5, 6, 9, 0, tzinfo=UTC))
    # Baseline settling 7: after touch 1 settling is back (6) at the return check-in; after touch 2
    # it never comes back (4, 4, and 5 at the end).
    record(store, pendulation([(6, 3, 6), (4, 4, 4)], end=(2, 5)), clock, homework_id="hw-may")
    clock = WallClock(datetime(2024, 5, 14, 9, 0, tzinfo=UTC))
    record(store, pendulation([(3, 6, None), (4, 6, None)]), clock)
    trends = store.trends()
    one, two = trends.sessions
    assert one.recovery_s == 55.0  # answered 5 s + 45 s return + 5 s answered, from the touch's end
    assert one.unrecovered == 1
    assert one.tolerated_activation_s == 20.0  # the first touch fired R1, the second was tolerated
    assert two.recovery_s == 5.0  # settling 6 at the check-in right after the touch is within 1 of 7
    assert (one.peak_suds, one.end_suds) == (6, 2)
    assert [w.label for w in trends.weeks] == ["2024-W19", "2024-W20"]
    assert [d.day for d in trends.days] == [date(2024, 5, 6), date(2024, 5, 14)]
    assert trends.assigned == {"hw-may": (date(2024, 5, 6),)}


def test_recent_for_script_gives_what_progression_needs(store):
    for peak in (2, 1, 2):
        record(store, pendulation([(peak, 6, None)], start=(1, 7), end=(1, 8)))
    recent = store.recent_for_script("body-pendulation", 2)
    assert len(recent) == 2 and all(r.completed and r.peak_suds <= 2 and not r.zone_below for r in recent)
    assert recent[0].id > recent[1].id and recent[0].params["threshold"] == 5


def test_resting_state_and_flags(store):
    now = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)
    assert store.resting(now) is None
    store.set_resting(now + timedelta(hours=6), "end SUDS was 8")
    assert store.resting(now) == (now + timedelta(hours=6), "end SUDS was 8")
    assert store.resting(now + timedelta(hours=7)) is None
    store.set_state("accepted_disclaimer", "2024-05-06")
    assert store.get_state("accepted_disclaimer") == "2024-05-06"
    store.set_state("accepted_disclaimer", None)
    assert store.get_state("accepted_disclaimer") is None


def test_session_note_can_be_added_at_the_end(store):
    rec = record(store, pendulation([]))
    rec.add_note("Calmer than last week.")
    assert store.session_detail(rec.session_id).note == "Calmer than last week."


class LoggingConnection:
    """Passes everything to the real connection and keeps the SQL it was given, in order."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn
        self.sql: list[str] = []

    def execute(self, sql: str, *args):
        self.sql.append(" ".join(sql.split()))
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._conn, name)


def _commits(sql: list[str]) -> list[tuple[str, str]]:
    """(synchronous setting in force, what followed the commit) for each COMMIT."""
    mode, out = "FULL", []
    for i, line in enumerate(sql):
        if line.startswith("PRAGMA synchronous"):
            mode = line.rsplit(" ", 1)[-1]
        elif line == "COMMIT":
            following = sql[i + 1] if i + 1 < len(sql) else ""
            out.append((mode, following))
    return out


def test_boundary_rows_skip_the_disk_flush_and_confirmed_answers_wait_for_it(store):
    """A phase boundary must not wait on a slow disk; a confirmed check-in must reach it."""
    logged = LoggingConnection(store.conn)
    store.conn = logged
    tl = pendulation([(4, 5, None)])
    rec = make_recorder(store)
    modes = []
    for event in tl.events:
        before = len(logged.sql)
        rec.handle(event)
        for mode, following in _commits(logged.sql[before:]):
            modes.append((type(event).__name__, mode, "checkpoint" in following))
    assert rec.problem is None and rec.unsaved == 0 and len(tl.events) > 10
    by_event = {}
    for name, mode, checkpoint in modes:
        by_event.setdefault(name, set()).add((mode, checkpoint))
    assert by_event["PhaseStarted"] == {("NORMAL", False)}
    assert by_event["PhaseEnded"] == {("NORMAL", False)}
    assert by_event["CheckinRecorded"] == {("FULL", True)}  # flushed, then the log folded in
    assert by_event["SessionEnded"] == {("FULL", True)}
    # The connection is left as it was opened: durable by default for every other writer.
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2
