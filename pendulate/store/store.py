"""The :class:`Store`: one open check-in database, and the small write API around it.

One ``Store`` per process is enough; its connection may be used from a worker thread (every
call takes the store's lock). Two processes may each hold a ``Store`` on the same file: WAL and
the busy timeout let them write in turn without losing anything.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pendulate import paths
from pendulate.store import db as db_module
from pendulate.store import queries, spill
from pendulate.store.db import (
    StoreError,
    add_functions,
    connect,
    describe_sqlite_error,
    integrity_problems,
    quick_check,
    repair_modes,
)
from pendulate.store.liveness import is_live
from pendulate.store.migrations import migrate

if TYPE_CHECKING:
    from pendulate.store.personal import PartAppearance, ResourceRecovery, TrackedAnswer
    from pendulate.store.trends import Trends

T = TypeVar("T")
# What an interactive program's small writes wait for another program's write lock, at most
# (see Store.write_wait_ms): long enough to ride out another window's commit, short enough
# that no key waits on it.
INTERACTIVE_WAIT_MS = 100
RESTING_KEY = "activation_resting"


def utc_stamp(moment: datetime) -> str:
    """ISO-8601 UTC with a ``Z``, to the second: sortable text SQLite's date functions read."""
    if moment.tzinfo is None:
        raise ValueError("wall-clock times need a time zone")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


class Store:
    """An open practice log. Create with :meth:`Store.open`; close with :meth:`close` or ``with``."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.path = path
        self.conn = conn
        self._lock = threading.RLock()
        # How long the store's own small writes (first-run answers, resting) wait for another
        # program's write lock; None is the busy timeout. The app shortens it so that a log
        # another program holds never freezes a screen: such a write fails at once and the
        # caller keeps the value for this run.
        self.write_wait_ms: int | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        return self._conn

    @conn.setter
    def conn(self, conn: sqlite3.Connection) -> None:
        # Whichever connection the store reads through (a test may hand it a read-only one)
        # answers the queries' live status of a "running" session.
        add_functions(conn, self.path)
        self._conn = conn

    @classmethod
    def open(cls, path: Path | None = None) -> Store:
        """Open the practice log (``paths.database_path()`` by default), migrating it forward.

        Raises :class:`StoreError` for a damaged, unreadable or newer database. Damage the
        header and the schema do not show is found by :meth:`quick_check`.
        """
        path = path or paths.database_path()
        conn = connect(path)
        try:
            migrate(conn)
        except StoreError as error:
            conn.close()
            error.path = path
            raise
        except sqlite3.Error as error:
            conn.close()
            raise describe_sqlite_error(error, path) from error
        repair_modes(path)
        store = cls(conn, path)
        if spill.waiting(path):  # rows a session could not write before pendulate closed
            spill.replay(path, lambda: store.transaction(durable=True, wait_ms=spill.REPLAY_WAIT_MS))
        return store

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -------------------------------------------------------------------------

    @contextmanager
    def transaction(self, *, durable: bool = True, wait_ms: int | None = None) -> Iterator[sqlite3.Connection]:
        """A write transaction that takes the file's write lock up front and commits on exit.

        ``wait_ms`` is how long to wait for the write lock when another connection holds it
        (None: the busy timeout, :data:`db.BUSY_TIMEOUT_MS`); the event loop's writes wait only
        a few milliseconds and leave the rows queued when the lock stays taken.

        A durable commit waits until the disk has the data (``synchronous = FULL``), and with it
        everything committed before. ``durable=False`` is for rows written on a phase boundary:
        the commit reaches the operating system at once, so a killed or crashed app loses
        nothing, but the disk flush waits for the next durable commit (a check-in, the end of
        the session). Only a power cut in between could take those rows back.
        """
        with self._lock:
            if not durable:
                self.conn.execute("PRAGMA synchronous = NORMAL")
            try:
                self._begin(wait_ms)
                try:
                    yield self.conn
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
                self.conn.execute("COMMIT")
            finally:
                if not durable:
                    self.conn.execute("PRAGMA synchronous = FULL")

    def _begin(self, wait_ms: int | None) -> None:
        """``BEGIN IMMEDIATE``, waiting at most ``wait_ms`` for the write lock.

        The shorter wait is set just for taking the lock and put back right after it is taken
        (or not): once a transaction holds the lock in WAL mode, nothing in it waits on another
        connection, and every other use of the connection keeps the usual busy timeout.
        """
        if wait_ms is None or wait_ms == db_module.BUSY_TIMEOUT_MS:
            self.conn.execute("BEGIN IMMEDIATE")
            return
        self.conn.execute(f"PRAGMA busy_timeout = {max(0, int(wait_ms))}")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {db_module.BUSY_TIMEOUT_MS}")

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """:meth:`transaction` for the store's own small writes, with SQLite's errors explained
        (:class:`StoreError`): a locked or damaged log is a sentence for the person, not a trace."""
        try:
            with self.transaction(wait_ms=self.write_wait_ms) as conn:
                yield conn
        except StoreError:
            raise
        except sqlite3.Error as error:
            raise describe_sqlite_error(error, self.path) from error

    def read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run a read-only function under the lock, translating damage into :class:`StoreError`."""
        with self._lock:
            try:
                return fn(self.conn)
            except sqlite3.DatabaseError as error:
                raise describe_sqlite_error(error, self.path) from error

    def quick_check(self) -> None:
        """Read every page (``PRAGMA quick_check``); a damaged log raises a ``"corrupt"``
        :class:`StoreError`, as one that can't be opened does. Cheap: see :func:`db.quick_check`."""
        with self._lock:
            quick_check(self.conn, self.path)

    def integrity_problems(self) -> list[str]:
        """``PRAGMA integrity_check`` findings; empty when the file is sound."""
        return self.read(integrity_problems)

    # -- sessions -------------------------------------------------------------------------

    def mark_interrupted(self) -> int:
        """Mark sessions left "running" by a crash or a closed terminal as "interrupted".

        Call once at app start, before a new session begins. Returns how many were marked.
        A session another pendulate window is still running (it holds its live lock) is left alone.
        Until then such a session already reads as interrupted (see :data:`queries.STATUS`).

        The write lock is taken only when there is something to mark, so a log another program
        holds opens as usual. Raises :class:`StoreError` (kind ``"busy"`` while it is held).
        """
        running = self.read(
            lambda conn: [row[0] for row in conn.execute("SELECT id FROM sessions WHERE status = 'running'")]
        )
        ended = [(sid,) for sid in running if not is_live(self.path, sid)]
        if not ended:
            return 0
        with self._writing() as conn:
            # Only a row still running: the session may have ended meanwhile in its own window.
            marked = conn.executemany(
                "UPDATE sessions SET status = 'interrupted' WHERE id = ? AND status = 'running'", ended
            )
            return marked.rowcount

    def set_session_note(self, session_id: int, note: str | None) -> None:
        """Attach (or clear, with ``None``) the person's note on a whole session."""
        with self._writing() as conn:
            conn.execute("UPDATE sessions SET note = ? WHERE id = ?", (note, session_id))

    def history(
        self,
        limit: int | None = None,
        since: date | None = None,
        until: date | None = None,
        script_id: str | None = None,
    ) -> list[queries.SessionSummary]:
        """Sessions newest first; ``since``/``until`` are inclusive local calendar days."""
        return self.read(lambda conn: queries.history(conn, limit, since, until, script_id))

    def history_table(
        self,
        limit: int | None = None,
        since: date | None = None,
        until: date | None = None,
        script_id: str | None = None,
    ) -> list[tuple]:
        """The same sessions as :meth:`history`, as plain rows for a terminal table."""
        return self.read(lambda conn: queries.history_table(conn, limit, since, until, script_id))

    def session_detail(self, session_id: int) -> queries.SessionDetail | None:
        """Everything about one session (for its pendulation chart), or None when unknown."""
        return self.read(lambda conn: queries.session_detail(conn, session_id))

    def recent_for_script(self, script_id: str, n: int) -> list[queries.RecentSession]:
        """The last ``n`` practice sessions of a script, newest first (input for the R4 progression
        rule); rehearsals are left out."""
        return self.read(lambda conn: queries.recent_for_script(conn, script_id, n))

    def trends(self, since: date | None = None, until: date | None = None, script_id: str | None = None) -> Trends:
        """Trends across practice sessions (rehearsals left out, only counted): SUDS, recovery,
        tolerated activation, weekly time, calendar."""
        # start-up: the trends module loads only for the trends screen and the exports.
        from pendulate.store import trends

        return self.read(lambda conn: trends.trends(conn, since, until, script_id))

    # -- the person's own words (resources and parts named in check-ins) -----------------

    def own_resources(self, limit: int = 8, rehearsals: bool = False) -> list[str]:
        """The resources the person named ("my dog"), most recently named first, each once, as
        last written; rehearsals are left out unless ``rehearsals``."""
        from pendulate.store import personal  # start-up: only a check-in or a report asks

        return self.read(lambda conn: personal.own_resources(conn, limit, rehearsals))

    def own_parts(self, limit: int = 8, rehearsals: bool = False) -> list[str]:
        """The parts the person named ("the critic"), most recently named first, each once."""
        from pendulate.store import personal

        return self.read(lambda conn: personal.own_parts(conn, limit, rehearsals))

    def resources_by_recovery(
        self, since: date | None = None, until: date | None = None, script_id: str | None = None
    ) -> list[ResourceRecovery]:
        """Each named resource with the median recovery of the practice sessions it was named in
        and how many sessions that is; shortest median first."""
        from pendulate.store import personal

        return self.read(lambda conn: personal.resources_by_recovery(conn, since, until, script_id))

    def parts_over_time(
        self, since: date | None = None, until: date | None = None, script_id: str | None = None
    ) -> list[PartAppearance]:
        """Each practice check-in that named a part, oldest first, with its urge and body locations."""
        from pendulate.store import personal

        return self.read(lambda conn: personal.parts_over_time(conn, since, until, script_id))

    def tracked_over_time(
        self, since: date | None = None, until: date | None = None, script_id: str | None = None
    ) -> list[TrackedAnswer]:
        """Each answer about a homework target in practice check-ins, oldest first."""
        from pendulate.store import personal

        return self.read(lambda conn: personal.tracked_over_time(conn, since, until, script_id))

    # -- small state ----------------------------------------------------------------------

    def get_state(self, key: str) -> str | None:
        """A stored flag or value (for example first-run acceptance), or None."""
        row = self.read(lambda conn: conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone())
        return row[0] if row else None

    def set_state(self, key: str, value: str | None, *, now: datetime | None = None) -> None:
        """Store (or with ``None`` remove) a small value under ``key``."""
        stamp = utc_stamp(now or datetime.now(UTC))
        with self._writing() as conn:
            if value is None:
                conn.execute("DELETE FROM state WHERE key = ?", (key,))
            else:
                conn.execute(
                    "INSERT INTO state (key, value, updated_utc) VALUES (?, ?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_utc = excluded.updated_utc",
                    (key, value, stamp),
                )

    def set_resting(self, until_utc: datetime, reason: str) -> None:
        """Hide activation scripts until ``until_utc`` (rule R6 after a hard session)."""
        self.set_state(RESTING_KEY, f"{utc_stamp(until_utc)} {reason}")

    def resting(self, now_utc: datetime) -> tuple[datetime, str] | None:
        """``(until, reason)`` while activation scripts are resting, else None."""
        value = self.get_state(RESTING_KEY)
        if not value:
            return None
        stamp, _, reason = value.partition(" ")
        until = parse_utc(stamp)
        return (until, reason) if now_utc < until else None

    def counts(self) -> dict[str, Any]:
        """How many sessions and check-ins the log holds (for ``data path`` and previews)."""

        def _count(conn: sqlite3.Connection) -> dict[str, Any]:
            sessions, first, last = conn.execute(
                "SELECT count(*), min(local_day), max(local_day) FROM sessions"
            ).fetchone()
            (checkins,) = conn.execute("SELECT count(*) FROM checkins").fetchone()
            return {"sessions": sessions, "checkins": checkins, "first_day": first, "last_day": last}

        return self.read(_count)
