"""Faults of the practice log that other programs and damaged disks cause, said calmly.

Another process holding the log's write lock, a damaged index page, a read-only data folder:
the app still starts (with the log, or with one sentence saying why not), every command says
what is wrong, and nothing prints a traceback. A session cut short reads as interrupted at once.
"""

from __future__ import annotations

import errno
import json
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from store_helpers import WallClock, pendulation, record

from pendulate import paths
from pendulate.cli import main
from pendulate.safety.record import SafetyRecord
from pendulate.store import db
from pendulate.store.db import StoreError, describe_sqlite_error
from pendulate.store.store import Store
from pendulate.tui import factory

PENDULATE = Path(sys.executable).with_name("pendulate")

LOCK_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()  # hold the lock until the test closes this pipe
"""


@pytest.fixture
def log() -> Path:
    """A log with a completed session and one cut short: still "running", its live lock gone."""
    with Store.open() as store:
        record(store, pendulation([(4, 5, 6)]), WallClock(datetime(2024, 5, 6, 9, 0, tzinfo=UTC)))
        record(store, pendulation([(3, 4, 5)]), WallClock(datetime(2024, 5, 7, 9, 0, tzinfo=UTC)))
        store.conn.execute("UPDATE sessions SET status = 'running' WHERE id = 2")
        return store.path


def run(*argv: str) -> tuple[int, str]:
    done = subprocess.run(
        [str(PENDULATE), *argv],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    output = done.stdout + done.stderr
    assert "Traceback" not in output and "Error:" not in output, output
    return done.returncode, output


# ---- another program holds the write lock -------------------------------------------------
@pytest.fixture
def held(log: Path) -> Iterator[Path]:
    child = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(log)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "locked\n"
        yield log
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=10)
        assert child.stdout is not None
        child.stdout.close()


def test_a_log_another_program_holds_lets_the_app_start_and_says_it_is_busy(
    held: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 50)  # the real wait is 5 s; the outcome is the same
    store, problem = factory.open_store()
    assert store is not None and problem is None  # only marking the cut-short session waits
    try:
        assert [s.status for s in store.history()] == ["interrupted", "completed"]
        with pytest.raises(StoreError) as caught:
            store.mark_interrupted()
        assert caught.value.kind == "busy"
        message = str(caught.value)
        assert f"The practice log at {held} is in use by another program right now (database is locked)." in message
        assert "permission" not in message and "yours and readable" not in message
        safety = SafetyRecord(store, lambda: datetime.now(UTC))
        safety.accept_intro()  # not saved, remembered for this run: never in the way of practice
        assert safety.state().intro_accepted
    finally:
        store.close()


@pytest.mark.slow
def test_commands_that_only_read_a_held_log_answer_at_once(held: Path) -> None:
    for argv in (["data", "path"], ["history"], ["data", "check"]):
        code, output = run(*argv)
        assert code == 0, output
    assert "interrupted" in run("history")[1]


# ---- a damaged index page ---------------------------------------------------------------------
def damage(path: Path, index: str) -> None:
    """Overwrite the root page of ``index`` with random bytes, as a failing disk might."""
    conn = sqlite3.connect(path)
    (page,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (index,)).fetchone()
    (size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(random.Random(page).randbytes(size))


@pytest.mark.slow
@pytest.mark.parametrize("index", ["sessions_status", "sessions_local_day"])
def test_a_damaged_index_page_is_said_calmly_at_the_start_and_by_every_command(
    log: Path, index: str, tmp_path: Path
) -> None:
    damage(log, index)
    store, problem = factory.open_store()
    if store is not None:
        store.close()
    else:
        assert problem is not None and "is damaged and can't be read (database disk image is malformed)" in problem
        assert "You can practise, but this session won't be saved." in problem
    results = {
        " ".join(argv): run(*argv)
        for argv in (
            ["data", "path"],
            ["data", "check"],
            ["history"],
            ["export", "--format", "json", "-o", str(tmp_path / "r.json")],
        )
    }
    assert {code for code, _ in results.values()} <= {0, 1}
    code, output = results["data check"]
    assert code == 1 and "pendulate data set-aside" in output
    for code, output in results.values():
        assert code == 0 or "is damaged and can't be read" in output or "has damage" in output, output
    if index == "sessions_local_day":  # what `data path` counts reads that index
        assert results["data path"][0] == 1


# ---- a read-only data folder ----------------------------------------------------------------
def test_a_read_only_live_folder_with_a_left_lock_still_marks_the_session(
    log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = paths.ensure_private_dir(paths.live_dir())
    left = live / "session-2.lock"
    left.write_text("")  # left behind by the process that was killed
    real_open, real_unlink = os.open, os.unlink

    def read_only_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).startswith(str(live)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    def read_only_unlink(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).startswith(str(live)):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_open)
    monkeypatch.setattr(os, "unlink", read_only_unlink)
    store, problem = factory.open_store()
    assert store is not None and problem is None
    with store:
        assert [s.status for s in store.history()] == ["interrupted", "completed"]
        assert store.conn.execute("SELECT status FROM sessions WHERE id = 2").fetchone() == ("interrupted",)
    assert left.exists()  # it could not be tidied away, and it no longer matters


def test_a_log_that_cannot_be_written_is_said_to_be_read_only_at_the_start(
    log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(cls: type[Store], path: Path | None = None) -> Store:
        conn = sqlite3.connect(f"file:{log}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
        return cls(conn, log)

    monkeypatch.setattr(Store, "open", classmethod(read_only))
    store, problem = factory.open_store()
    assert store is None and problem is not None
    assert f"The practice log at {log} can't be written: the file, its folder or the disk is read-only" in problem
    assert problem.endswith("You can practise, but this session won't be saved.")


@pytest.mark.parametrize(
    "text, kind, words",
    [
        ("database is locked", "busy", "in use by another program right now"),
        ("database table is locked", "busy", "in use by another program right now"),
        ("attempt to write a readonly database", "write", "is read-only"),
        ("database or disk is full", "write", "the disk is full"),
        ("database disk image is malformed", "corrupt", "is damaged"),
        ("unable to open database file", "unreadable", "can't be opened"),
    ],
)
def test_each_sqlite_error_is_said_as_what_it_is(text: str, kind: str, words: str) -> None:
    error = describe_sqlite_error(sqlite3.OperationalError(text), Path("log.sqlite3"))
    assert (error.kind, words in str(error)) == (kind, True)
    assert isinstance(error, sqlite3.Error)  # code that goes on without the log catches both at once


# ---- a session cut short a moment ago -------------------------------------------------------
def test_a_session_killed_a_moment_ago_reads_interrupted_in_history_and_exports(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", "--json"]) == 0
    assert [row["status"] for row in json.loads(capsys.readouterr().out)] == ["interrupted", "completed"]
    assert main(["export", "--format", "json", "-o", str(tmp_path / "r.json")]) == 0
    exported = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [s["status"] for s in exported["sessions"]] == ["completed", "interrupted"]
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "r.csv")]) == 0
    assert "interrupted" in (tmp_path / "r.csv").read_text(encoding="utf-8")
    assert "running" not in (tmp_path / "r.csv").read_text(encoding="utf-8")
    with Store.open() as store:  # nothing was written by reading
        assert store.conn.execute("SELECT status FROM sessions WHERE id = 2").fetchone() == ("running",)
