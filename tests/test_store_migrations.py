"""Forward migrations from every earlier schema version keep every row and fill the new columns."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from pendulate import paths
from pendulate.store import Store, StoreError, migrations
from pendulate.store.db import connect
from pendulate.store.metrics import session_metrics
from pendulate.store.migrations import LATEST_VERSION, migrate, schema_version


def _db_at(version: int) -> sqlite3.Connection:
    conn = connect(paths.database_path())
    assert migrate(conn, target=version) == version
    return conn


def _fill_v1(conn: sqlite3.Connection) -> None:
    """Two sessions as pendulate 0.1 (schema 1) would have written them."""
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO sessions (id, script_id, script_version, content_hash, script_origin, params_json, started_utc, "
        "utc_offset_min, ended_utc, status, planned_total_s, active_s, elapsed_s, note) VALUES "
        "(1, 'body-pendulation', '1.0', 'h1', 'built-in', '{\"threshold\": 5}', '2024-03-01T23:30:00Z', 60, "
        "'2024-03-01T23:40:00Z', 'completed', 600, 400, 420, 'first one'), "
        "(2, 'orient-resource', '1.0', 'h2', 'built-in', '{}', '2024-03-03T08:00:00Z', 60, NULL, 'running', 420, "
        "100, 100, NULL)"
    )
    phases = [
        (1, 1, 0, "resource", 0, 60, "time"),
        (1, 2, 1, "activation", 60, 80, "time"),
        (1, 3, 2, "return", 85, 130, "time"),
    ]
    conn.executemany(
        "INSERT INTO phases (session_id, seq, idx, kind, title, origin, actual_start_s, active_start_s, actual_end_s, "
        "active_end_s, end_reason) VALUES (?, ?, ?, ?, 'p', 'script', ?, ?, ?, ?, ?)",
        [(s, q, i, k, a, a, b, b, r) for s, q, i, k, a, b, r in phases],
    )
    checkins = [
        (1, 0, 2, 7, "within", 0),
        (1, 1, 6, 3, "above", 85),
        (1, 2, 3, 6, None, 135),
        (1, 3, 2, 8, "below", 200),
        (2, 0, 1, 7, "within", 3),
    ]
    conn.executemany(
        "INSERT INTO checkins (session_id, idx, phase_index, t_s, active_s, suds, settling, zone, note, "
        "confirmed_utc) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, '2024-03-01T23:31:00Z')",
        [(s, i, t, t, suds, st, z, "a note" if i == 3 else None) for s, i, suds, st, z, t in checkins],
    )
    conn.execute(
        "INSERT INTO events (session_id, seq, t_s, active_s, type, rule, message) "
        "VALUES (1, 1, 86, 86, 'titration', 'R1', 'Shorter next time.')"
    )
    conn.execute("INSERT INTO state (key, value, updated_utc) VALUES ('accepted', 'yes', '2024-03-01T00:00:00Z')")
    conn.execute("COMMIT")


def _fill_v3_measures(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN")
    for (session_id,) in conn.execute("SELECT id FROM sessions").fetchall():
        m = session_metrics(*migrations.load_timeline(conn, session_id))
        conn.execute(
            "UPDATE sessions SET baseline_settling = ?, recovery_s = ?, unrecovered = ?, "
            "tolerated_activation_s = ?, activation_s = ? WHERE id = ?",
            (m.baseline_settling, m.recovery_s, m.unrecovered, m.tolerated_activation_s, m.activation_s, session_id),
        )
    conn.execute("COMMIT")


@pytest.mark.parametrize("version", range(0, LATEST_VERSION))
def test_every_earlier_version_migrates_to_the_latest_keeping_the_data(version):
    conn = _db_at(version)
    if version >= 1:
        _fill_v1(conn)
    if version >= 2:
        # A schema-2 pendulate kept the summary columns up to date as it wrote.
        conn.execute(migrations.V2_BACKFILL)
    if version >= 3:
        # So did a schema-3 pendulate with the trend measures.
        _fill_v3_measures(conn)
    conn.close()
    with Store.open() as store:
        assert schema_version(store.conn) == LATEST_VERSION
        if version == 0:
            assert store.history() == []
            return
        history = store.history()
        assert [s.id for s in history] == [2, 1]
        first = store.session_detail(1)
        assert (first.summary.pre_suds, first.summary.peak_suds, first.summary.end_suds) == (2, 6, 2)
        assert first.summary.checkin_count == 4 and first.note == "first one"
        assert first.checkins[3].note == "a note" and first.checkins[3].zone == "below"
        # Check-ins from before waiting was measured: unknown, not zero.
        assert [c.waited_s for c in first.checkins] == [None] * 4
        # 23:30 UTC at +60 min is already the 2nd of March locally.
        assert store.history(since=date(2024, 3, 2), until=date(2024, 3, 2))[0].id == 1
        assert first.recovery_s == 55.0  # touch ended at 80, settling 6 (baseline 7 - 1) at 135
        assert first.tolerated_activation_s == 0.0  # R1 fired after the only touch
        assert store.recent_for_script("body-pendulation", 5)[0].zone_below is True
        assert store.get_state("accepted") == "yes"
        assert store.integrity_problems() == []


def test_a_migration_that_fails_leaves_the_previous_version_intact(monkeypatch):
    conn = _db_at(1)
    _fill_v1(conn)
    conn.close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE sessions ADD COLUMN half_done TEXT")
        raise sqlite3.OperationalError("simulated failure half way")

    monkeypatch.setattr(migrations, "MIGRATIONS", (migrations.MIGRATIONS[0], broken))
    conn = connect(paths.database_path())
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, target=2)
    assert schema_version(conn) == 1
    columns = [row[1] for row in conn.execute("PRAGMA table_info(sessions)")]
    assert "half_done" not in columns
    assert conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == 5
    conn.close()


def test_a_log_from_a_newer_pendulate_is_left_alone():
    conn = connect(paths.database_path())
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError) as caught:
        Store.open()
    assert caught.value.kind == "newer" and "newer version" in str(caught.value)
    conn = sqlite3.connect(paths.database_path())
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION + 1
    conn.close()


def test_migrations_are_in_order_and_at_least_two_steps():
    assert LATEST_VERSION >= 3 and len(migrations.MIGRATIONS) == LATEST_VERSION


def test_sessions_from_before_rehearsals_were_marked_stay_practice():
    """v4 adds the rehearsal marker: an old log could not tell a rehearsal apart, so its
    sessions stay practice (counted in trends and R4), at speed 1."""
    conn = _db_at(3)
    _fill_v1(conn)
    conn.execute(migrations.V2_BACKFILL)
    _fill_v3_measures(conn)
    conn.close()
    with Store.open() as store:
        assert schema_version(store.conn) == LATEST_VERSION >= 4
        columns = {row[1]: row for row in store.conn.execute("PRAGMA table_info(sessions)")}
        assert "rehearsal" in columns and "speed" in columns
        assert [(s.id, s.rehearsal, s.speed) for s in store.history()] == [(2, False, 1.0), (1, False, 1.0)]
        assert [s.id for s in store.recent_for_script("body-pendulation", 5)] == [1]
        trends = store.trends()
        assert [t.id for t in trends.sessions] == [1, 2] and trends.rehearsals == 0
        with pytest.raises(sqlite3.IntegrityError):  # the marker is a yes/no, nothing else
            store.conn.execute("UPDATE sessions SET rehearsal = 2 WHERE id = 1")
        assert store.integrity_problems() == []
