"""Rows a session could not write before pendulate closed, kept beside the log until they can be.

While another program holds the log's write lock, a session's rows wait in memory (see
:mod:`pendulate.store.recorder`). If pendulate closes before the lock is free, those rows, a
confirmed check-in among them, are written to one small owner-only file in ``unsaved/`` beside
the log, and the next time the log is opened they are written into it, in one transaction, and
the file is removed. A file that can't be written in yet (the lock is still held) stays for the
next time; a file that is not one of ours is set aside, never run.

Only the statements the recorder itself makes are accepted from a file: each must begin with one
of :data:`STATEMENT_STARTS` and hold a single statement.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from pendulate import paths
from pendulate.store.statements import SESSION_INSERT

Transaction = Callable[[], AbstractContextManager[sqlite3.Connection]]

log = logging.getLogger(__name__)

FOLDER = "unsaved"
VERSION = 1
INSERT_SESSION = "INSERT_SESSION"  # the recorder's marker for the session's own row
SESSION_MARK = {"session": True}  # stands for the session id in a row's values
STATEMENT_STARTS = (
    "INSERT INTO phases ",
    "INSERT INTO checkins ",
    "INSERT INTO events ",
    "UPDATE phases SET ",
    "UPDATE sessions SET ",
)
REPLAY_WAIT_MS = 200  # at open: a lock still held leaves the file for the next time


def folder_for(log_path: Path) -> Path:
    """Where the rows of ``log_path`` that waited are kept."""
    return log_path.parent / FOLDER


def new_name() -> str:
    """A file name no other pendulate uses."""
    return f"session-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**9}.json"


def write(
    log_path: Path, name: str, session_id: int | None, rows: Sequence[tuple[str, tuple]], session: object
) -> Path:
    """Keep ``rows`` (the recorder's queue; ``session`` is its stand-in for the session id) in the
    owner-only file ``name``, replacing what it held; on disk before this returns."""
    encoded = [[sql, [SESSION_MARK if value is session else value for value in args]] for sql, args in rows]
    folder = paths.ensure_private_dir(folder_for(log_path))
    document = {"version": VERSION, "session_id": session_id, "rows": encoded}
    return paths.write_private(folder / name, lambda handle: json.dump(document, handle))


def remove(log_path: Path, name: str) -> None:
    """The rows of ``name`` are in the log: forget the file."""
    try:
        (folder_for(log_path) / name).unlink(missing_ok=True)
    except OSError as error:
        log.warning("could not remove %s: %s", name, error)


def waiting(log_path: Path) -> list[Path]:
    """The files of rows waiting to be written into ``log_path``, oldest first."""
    try:
        return sorted(folder_for(log_path).glob("session-*.json"))
    except OSError:
        return []


def replay(log_path: Path, transaction: Transaction) -> int:
    """Write every waiting file's rows into the log, each file in one ``transaction()`` (the
    store's, durable, waiting :data:`REPLAY_WAIT_MS` for the lock); returns how many went in.

    Never raises: a file whose rows can't be written now stays; one that is not ours is
    renamed ``*.unreadable`` so it is neither run nor read again.
    """
    done = 0
    for path in waiting(log_path):
        try:
            session_id, rows = _read(path)
        except (OSError, ValueError) as error:
            log.warning("set aside %s: %s", path.name, error)
            _set_aside(path)
            continue
        try:
            with transaction() as conn:
                _write_in(conn, session_id, rows)
        except sqlite3.Error as error:
            log.info("rows in %s not written yet: %s", path.name, error)
            continue
        try:
            path.unlink()
        except OSError as error:  # written in; the next open would write them twice, so say so
            log.warning("could not remove %s after writing it in: %s", path.name, error)
            _set_aside(path)
        done += 1
    return done


def _read(path: Path) -> tuple[int | None, list[tuple[str, list[Any]]]]:
    with path.open(encoding="utf-8") as handle:
        document = json.load(handle)
    if not isinstance(document, dict) or document.get("version") != VERSION:
        raise ValueError("not a file of waiting rows")
    session_id = document.get("session_id")
    if session_id is not None and (not isinstance(session_id, int) or isinstance(session_id, bool)):
        raise ValueError("the session id is not a number")
    rows: list[tuple[str, list[Any]]] = []
    for row in document.get("rows", []):
        if not (isinstance(row, list) and len(row) == 2 and isinstance(row[0], str) and isinstance(row[1], list)):
            raise ValueError("a row is not a statement and its values")
        sql, args = row
        if sql != INSERT_SESSION and (not sql.startswith(STATEMENT_STARTS) or ";" in sql):
            raise ValueError("a row holds a statement pendulate does not make")
        for value in args:
            if value != SESSION_MARK and not isinstance(value, str | int | float | type(None)):
                raise ValueError("a row holds a value pendulate does not write")
        rows.append((sql, args))
    if session_id is None and rows and rows[0][0] != INSERT_SESSION:
        raise ValueError("the rows belong to no session")
    return session_id, rows


def _write_in(conn: sqlite3.Connection, session_id: int | None, rows: list[tuple[str, list[Any]]]) -> None:
    """Idempotent: a file whose rows already went in (pendulate stopped between writing them and
    removing the file) changes nothing. Rows keep their keys (a session's phases, check-ins and
    events are keyed by their number in it) and the session's own row is found by its start."""
    for sql, args in rows:
        if sql == INSERT_SESSION:
            session_id = _session_row(conn, args)
            continue
        if sql.startswith("INSERT INTO "):
            sql = "INSERT OR IGNORE INTO " + sql.removeprefix("INSERT INTO ")
        conn.execute(sql, tuple(session_id if value == SESSION_MARK else value for value in args))


def _session_row(conn: sqlite3.Connection, args: list[Any]) -> int | None:
    script_id, _version, content_hash, *_rest = args
    started = args[6]
    found = conn.execute(
        "SELECT id FROM sessions WHERE script_id = ? AND content_hash = ? AND started_utc = ?",
        (script_id, content_hash, started),
    ).fetchone()
    if found is not None:
        return int(found[0])
    return conn.execute(SESSION_INSERT, tuple(args)).lastrowid


def _set_aside(path: Path) -> None:
    try:
        path.rename(path.with_suffix(".unreadable"))
    except OSError as error:
        log.warning("could not set aside %s: %s", path.name, error)
