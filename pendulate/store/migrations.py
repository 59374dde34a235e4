"""The database schema, as an ordered list of forward migrations.

The schema version lives in ``PRAGMA user_version``. Each migration runs in its own
transaction together with the version bump, so a crash leaves the database at either the
old or the new version, never in between. Migrations are never edited once released: a
change to the schema is a new step at the end of :data:`MIGRATIONS`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from pendulate.store.db import StoreError
from pendulate.store.metrics import session_metrics

# Phases, check-ins and events are WITHOUT ROWID tables clustered by (session, order): reading
# one session, or all of them in order for an export, is then a sequential scan.
V1_TABLES = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    script_id TEXT NOT NULL,
    script_version TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    script_origin TEXT NOT NULL,
    homework_id TEXT,
    params_json TEXT NOT NULL,
    started_utc TEXT NOT NULL,
    utc_offset_min INTEGER NOT NULL,
    ended_utc TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'stopped', 'interrupted')),
    end_phase_index INTEGER,
    end_phase_kind TEXT,
    end_reason TEXT,
    planned_total_s REAL,
    plan_json TEXT,
    active_s REAL,
    elapsed_s REAL,
    note TEXT
);
CREATE TABLE phases (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    origin TEXT NOT NULL,
    planned_start_s REAL,
    planned_duration_s REAL,
    actual_start_s REAL NOT NULL,
    active_start_s REAL NOT NULL,
    actual_end_s REAL,
    active_end_s REAL,
    end_reason TEXT,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE TABLE checkins (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    phase_index INTEGER NOT NULL,
    after_kind TEXT,
    t_s REAL NOT NULL,
    active_s REAL NOT NULL,
    suds INTEGER,
    settling INTEGER,
    zone TEXT,
    location TEXT,
    quality TEXT,
    valence TEXT,
    note TEXT,
    diary_json TEXT,
    extra_json TEXT,
    confirmed_utc TEXT NOT NULL,
    PRIMARY KEY (session_id, idx)
) WITHOUT ROWID;
CREATE TABLE events (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    t_s REAL NOT NULL,
    active_s REAL NOT NULL,
    type TEXT NOT NULL,
    rule TEXT,
    message TEXT,
    data_json TEXT,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE TABLE state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_utc TEXT NOT NULL
);
"""

# v2: per-session summary columns written with every check-in, so history never has to
# aggregate 400,000 check-ins; plus the local calendar day for date filters.
V2_COLUMNS = (
    ("local_day", "TEXT"),
    ("pre_suds", "INTEGER"),
    ("peak_suds", "INTEGER"),
    ("end_suds", "INTEGER"),
    ("checkin_count", "INTEGER NOT NULL DEFAULT 0"),
    ("zone_below", "INTEGER NOT NULL DEFAULT 0"),
    ("zone_above", "INTEGER NOT NULL DEFAULT 0"),
)

V2_BACKFILL = """
UPDATE sessions SET
    local_day = date(started_utc, utc_offset_min || ' minutes'),
    pre_suds = (SELECT suds FROM checkins c WHERE c.session_id = sessions.id AND suds IS NOT NULL
                ORDER BY idx LIMIT 1),
    peak_suds = (SELECT max(suds) FROM checkins c WHERE c.session_id = sessions.id),
    end_suds = (SELECT suds FROM checkins c WHERE c.session_id = sessions.id AND suds IS NOT NULL
                ORDER BY idx DESC LIMIT 1),
    checkin_count = (SELECT count(*) FROM checkins c WHERE c.session_id = sessions.id),
    zone_below = (SELECT count(*) FROM checkins c WHERE c.session_id = sessions.id AND zone = 'below'),
    zone_above = (SELECT count(*) FROM checkins c WHERE c.session_id = sessions.id AND zone = 'above')
"""

# v3: trend measures (need phase and event timing, so computed in Python) and the indexes the
# history, trends and export queries use at lifetime scale.
V3_COLUMNS = (
    ("baseline_settling", "INTEGER"),
    ("recovery_s", "REAL"),
    ("unrecovered", "INTEGER NOT NULL DEFAULT 0"),
    ("tolerated_activation_s", "REAL"),
    ("activation_s", "REAL"),
)

V3_INDEXES = """
CREATE INDEX sessions_started ON sessions (started_utc, id);
CREATE INDEX sessions_script_started ON sessions (script_id, started_utc);
CREATE INDEX sessions_local_day ON sessions (local_day);
CREATE INDEX sessions_status ON sessions (status) WHERE status = 'running';
"""


# v4: rehearsals. A run on a scaled clock (``pendulate run --speed N``) is kept, marked, with its
# speed, and never counted as practice. Earlier logs could not tell a rehearsal apart, so every
# session already in them stays practice. Also how many check-ins said "within": R4 counts a
# session as within the window only when someone said so, never when the zone went unanswered.
V4_COLUMNS = (
    ("rehearsal", "INTEGER NOT NULL DEFAULT 0 CHECK (rehearsal IN (0, 1))"),
    ("speed", "REAL NOT NULL DEFAULT 1.0"),
    ("zone_within", "INTEGER NOT NULL DEFAULT 0"),
)

V4_BACKFILL = """
UPDATE sessions SET
    zone_within = (SELECT count(*) FROM checkins c WHERE c.session_id = sessions.id AND zone = 'within')
"""


# v5: how long each check-in waited before the person's first key (eyes-closed practice: a long
# silence after a touch is worth the therapist's attention). Earlier check-ins never measured
# it, so theirs stay NULL: unknown, not zero.
V5_COLUMNS = (("waited_s", "REAL"),)


def _v1(conn: sqlite3.Connection) -> None:
    # executescript() would commit on its own; statements run one by one inside our transaction.
    for statement in _statements(V1_TABLES):
        conn.execute(statement)


def _v2(conn: sqlite3.Connection) -> None:
    for name, decl in V2_COLUMNS:
        conn.execute(f"ALTER TABLE sessions ADD COLUMN {name} {decl}")
    conn.execute(V2_BACKFILL)


def _v3(conn: sqlite3.Connection) -> None:
    for name, decl in V3_COLUMNS:
        conn.execute(f"ALTER TABLE sessions ADD COLUMN {name} {decl}")
    session_ids = [row[0] for row in conn.execute("SELECT id FROM sessions")]
    for session_id in session_ids:
        metrics = session_metrics(*load_timeline(conn, session_id))
        conn.execute(
            "UPDATE sessions SET baseline_settling = ?, recovery_s = ?, unrecovered = ?, "
            "tolerated_activation_s = ?, activation_s = ? WHERE id = ?",
            (
                metrics.baseline_settling,
                metrics.recovery_s,
                metrics.unrecovered,
                metrics.tolerated_activation_s,
                metrics.activation_s,
                session_id,
            ),
        )
    for statement in _statements(V3_INDEXES):
        conn.execute(statement)


def _v4(conn: sqlite3.Connection) -> None:
    for name, decl in V4_COLUMNS:
        conn.execute(f"ALTER TABLE sessions ADD COLUMN {name} {decl}")
    conn.execute(V4_BACKFILL)


def _v5(conn: sqlite3.Connection) -> None:
    for name, decl in V5_COLUMNS:
        conn.execute(f"ALTER TABLE checkins ADD COLUMN {name} {decl}")


def load_timeline(conn: sqlite3.Connection, session_id: int) -> tuple[list, list, list]:
    """Phases, check-ins and events of one session in the plain shapes :mod:`metrics` reads."""
    phases = [
        {"kind": kind, "start": start, "end": end, "end_reason": reason}
        for kind, start, end, reason in conn.execute(
            "SELECT kind, active_start_s, active_end_s, end_reason FROM phases WHERE session_id = ? ORDER BY seq",
            (session_id,),
        )
    ]
    checkins = [
        {"at": at, "suds": suds, "settling": settling}
        for at, suds, settling in conn.execute(
            "SELECT active_s, suds, settling FROM checkins WHERE session_id = ? ORDER BY idx", (session_id,)
        )
    ]
    events = [
        {"at": at, "type": kind, "rule": rule, "data": json.loads(data) if data else {}}
        for at, kind, rule, data in conn.execute(
            "SELECT active_s, type, rule, data_json FROM events WHERE session_id = ? ORDER BY seq", (session_id,)
        )
    ]
    return phases, checkins, events


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2, _v3, _v4, _v5)
LATEST_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = LATEST_VERSION) -> int:
    """Bring the database forward to ``target`` (the latest by default); return the version reached.

    Each step and its version bump commit together. A database written by a newer pendulate is
    left untouched and reported as a :class:`StoreError`.
    """
    current = schema_version(conn)
    if current > LATEST_VERSION:
        raise StoreError(
            f"This practice log was written by a newer version of pendulate (schema {current}; "
            f"this one knows up to {LATEST_VERSION}). Please update pendulate; nothing was changed.",
            kind="newer",
        )
    while current < target:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            current = schema_version(conn)
            if current >= target:
                conn.execute("COMMIT")
                break
            MIGRATIONS[current](conn)
            conn.execute(f"PRAGMA user_version = {current + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        current += 1
    return current
