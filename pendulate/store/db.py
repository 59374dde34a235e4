"""Opening the check-in database safely: private permissions, durable pragmas, clear errors.

Check-ins are intimate health data. The folder is owner-only (0700) and every database file,
including SQLite's ``-wal`` and ``-shm`` companions, is owner-only (0600); both are checked and
repaired at every open. A database that cannot be read is never replaced behind the person's
back: :class:`StoreError` explains what happened and :func:`set_aside_corrupt` moves the file
away only when the person has agreed.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from pendulate import paths
from pendulate.store.liveness import live_status

BUSY_TIMEOUT_MS = 5000
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


class StoreError(sqlite3.Error):
    """The check-in database cannot be used. ``kind`` says why, ``str(err)`` says it calmly.

    Kinds: ``"corrupt"`` (the file is damaged or not a database), ``"unreadable"`` (permissions,
    a missing disk), ``"newer"`` (written by a newer pendulate), ``"write"`` (a write failed:
    the disk is full or read-only), ``"busy"`` (another program holds the log's lock).

    It is an :class:`sqlite3.Error`, already explained: code that keeps going without the log
    (the safety record, the recorder) catches both with one ``except sqlite3.Error``.
    """

    def __init__(self, message: str, *, kind: str, path: Path | None = None):
        super().__init__(message)
        self.kind = kind
        self.path = path

    @property
    def can_set_aside(self) -> bool:
        """True when keeping the bad file aside and starting fresh would help."""
        return self.kind == "corrupt"


def companion_paths(path: Path) -> list[Path]:
    """The database file and the SQLite side files that belong to it."""
    return [path] + [path.with_name(path.name + suffix) for suffix in COMPANION_SUFFIXES]


def repair_modes(path: Path) -> None:
    """Make the database folder 0700 and every existing database file 0600."""
    paths.ensure_private_dir(path.parent)
    for candidate in companion_paths(path):
        try:
            mode = candidate.stat().st_mode & 0o777
        except FileNotFoundError:
            continue
        if mode != paths.FILE_MODE:
            candidate.chmod(paths.FILE_MODE)


def _create_private_file(path: Path) -> None:
    # SQLite would create the file with the umask's mode (often 0644); create it 0600 first.
    # SQLite then gives -wal/-shm the same mode as the main file.
    if path.exists():
        return
    fd = os.open(path, os.O_CREAT | os.O_RDWR | getattr(os, "O_CLOEXEC", 0), paths.FILE_MODE)
    os.close(fd)


def describe_sqlite_error(error: sqlite3.Error, path: Path) -> StoreError:
    """Turn a low-level SQLite error (met opening, reading or in the store's own writes) into a
    :class:`StoreError` that says calmly what happened and what to do."""
    text = str(error).lower()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(
            f"The practice log at {path} is damaged and can't be read ({error}). "
            "Nothing has been changed. You can keep the damaged file aside and start a new, empty log.",
            kind="corrupt",
            path=path,
        )
    if "full" in text:
        return StoreError(
            f"The practice log at {path} can't be written because the disk is full.", kind="write", path=path
        )
    if "locked" in text or "busy" in text:
        return StoreError(
            f"The practice log at {path} is in use by another program right now ({error}). "
            "Nothing has been changed. Close the other program, or wait a moment, and try again.",
            kind="busy",
            path=path,
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"The practice log at {path} can't be written: the file, its folder or the disk is read-only "
            f"({error}). Nothing has been changed.",
            kind="write",
            path=path,
        )
    return StoreError(
        f"The practice log at {path} can't be opened ({error}). Check that the folder is yours and readable.",
        kind="unreadable",
        path=path,
    )


def add_functions(conn: sqlite3.Connection, path: Path) -> None:
    """The SQL functions pendulate's queries use: ``live_status(id)`` for :data:`queries.STATUS`.

    :class:`Store` adds them to whichever connection it reads through.
    """
    conn.create_function("live_status", 1, lambda session_id: live_status(path, session_id))


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating when missing) the database at ``path`` with durable settings.

    Raises :class:`StoreError` when the file is damaged, unreadable or unwritable.
    """
    try:
        paths.ensure_private_dir(path.parent)
        _create_private_file(path)
        repair_modes(path)
    except OSError as error:
        raise StoreError(
            f"The folder for the practice log ({path.parent}) can't be prepared: {paths.os_error_reason(error)}.",
            kind="unreadable",
            path=path,
        ) from error
    try:
        # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE … COMMIT), so a commit
        # happens exactly where the code says, and a writer takes the lock before reading.
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as error:
        raise describe_sqlite_error(error, path) from error
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Reading the schema is what first touches the file header: garbage fails here.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.OperationalError(f"journal mode stayed {mode}")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as error:
        conn.close()
        raise describe_sqlite_error(error, path) from error
    # Switching to WAL creates the side files; repair their modes right away.
    repair_modes(path)
    return conn


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """Run ``PRAGMA integrity_check``; an empty list means the database is sound."""
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """Raise a ``"corrupt"`` :class:`StoreError` when ``PRAGMA quick_check`` finds damage.

    It reads every page once, without comparing the indexes with their tables (that is
    ``integrity_check``, which ``pendulate data check`` runs): 0.6 ms on a log of a few dozen
    sessions, ~180 ms on the 20,000-session lifetime log of the benchmarks. Run where a little
    wait is fine (the app runs it after its first frame), so that nothing is written into a
    damaged log. The message is the one a log that can't be opened gets; what was found goes
    to the diagnostic log.
    """
    try:
        rows = [row[0] for row in conn.execute("PRAGMA quick_check(20)").fetchall()]
    except sqlite3.Error as error:
        raise describe_sqlite_error(error, path) from error
    if rows == ["ok"]:
        return
    found = "; ".join(" ".join(str(row).split()) for row in rows)
    logging.getLogger(__name__).warning("quick_check of %s: %s", path, found)
    raise describe_sqlite_error(sqlite3.DatabaseError("database disk image is malformed"), path)


def set_aside_corrupt(path: Path, *, now: datetime | None = None) -> Path:
    """Rename a damaged database (and its side files) to ``<name>.corrupt-<UTC stamp>``.

    Call this only when the person has agreed. Returns the new path of the main file; the
    damaged data stays on disk, owner-only, for a later rescue attempt.
    """
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    for source in companion_paths(path):
        if source.exists():
            dest = source.with_name(target.name + source.name[len(path.name) :])
            source.rename(dest)
            dest.chmod(paths.FILE_MODE)
    return target
