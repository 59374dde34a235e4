"""Another program holds the log's write lock: the stop key, the timer and the check-ins go on.

A write made on the event loop waits only milliseconds for the lock; the rows stay queued in
order and a retry thread writes them the moment the lock is free (durably, when a check-in is
among them). The screen says so once, and once more when everything is saved.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_helpers import make_recorder, pendulation

from pendulate.engine import events as ev
from pendulate.store import Store
from pendulate.store import recorder as recorder_module
from pendulate.store.recorder import LOG_HELD
from pendulate.store.store import INTERACTIVE_WAIT_MS
from pendulate.tui.screens.checkin import CheckinScreen
from pendulate.tui.screens.session import LOG_FREE, SessionScreen
from tests.tui_helpers import SHORT, answer, make_app, session_screen

TESTS_DIR = Path(__file__).resolve().parent

LOCK_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()  # hold the lock until the test writes a line or closes the pipe
conn.execute("ROLLBACK")
print("free", flush=True)
sys.stdin.read()
"""


class Holder:
    """Another process holding ``BEGIN EXCLUSIVE`` on the log until :meth:`release`."""

    def __init__(self, path: Path):
        self.child = subprocess.Popen(
            [sys.executable, "-c", LOCK_HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.child.stdout is not None and self.child.stdout.readline() == "locked\n"

    def release(self) -> None:
        assert self.child.stdin is not None and self.child.stdout is not None
        self.child.stdin.write("\n")
        self.child.stdin.flush()
        assert self.child.stdout.readline() == "free\n"

    def close(self) -> None:
        assert self.child.stdin is not None and self.child.stdout is not None
        self.child.stdin.close()
        self.child.wait(timeout=10)
        self.child.stdout.close()


@pytest.fixture
def fast_retry(monkeypatch: pytest.MonkeyPatch) -> None:
    # The real figures are 0.25 s between tries and 2 s before the notice; the behaviour is the same.
    monkeypatch.setattr(recorder_module, "RETRY_EVERY_S", 0.02)
    monkeypatch.setattr(recorder_module, "LOCKED_NOTICE_AFTER_S", 0.1)


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open() as s:
        yield s


def on_disk(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def wait_until(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_writes_never_wait_for_a_held_lock_and_everything_lands_in_order_once_it_is_free(
    store: Store, fast_retry: None
) -> None:
    told: list[str | None] = []
    rec = make_recorder(store)
    rec.on_problem = told.append
    timeline = pendulation([(4, 5, 6)])
    holder = Holder(store.path)
    try:
        slowest = 0.0
        for event in timeline.events:
            started = time.perf_counter()
            rec.handle(event)
            slowest = max(slowest, time.perf_counter() - started)
        # The first write waited its few milliseconds for the lock; every later one only queued.
        assert slowest < (recorder_module.CONFIRM_WAIT_MS + 150) / 1000
        assert rec.waiting_for_lock and rec.unsaved > 0
        assert on_disk(store.path, "SELECT count(*) FROM sessions") == [(0,)]
        wait_until(lambda: rec.problem == LOG_HELD)
        assert told == [LOG_HELD]
        holder.release()
        wait_until(lambda: rec.unsaved == 0)
    finally:
        holder.close()
    wait_until(lambda: told == [LOG_HELD, None])
    assert rec.problem is None and not rec.waiting_for_lock
    confirmed = [e.answers.suds for e in timeline.events if isinstance(e, ev.CheckinRecorded)]
    assert [r[0] for r in on_disk(store.path, "SELECT suds FROM checkins ORDER BY idx")] == confirmed
    starts = [row[0] for row in on_disk(store.path, "SELECT actual_start_s FROM phases ORDER BY seq")]
    assert len(starts) > 5 and starts == sorted(starts)
    assert on_disk(store.path, "SELECT status FROM sessions") == [("completed",)]
    assert store.integrity_problems() == []


def test_a_short_lock_like_another_windows_commit_is_not_mentioned(store: Store, fast_retry: None) -> None:
    rec = make_recorder(store)
    events = pendulation([(4, 5, 6)]).events
    holder = Holder(store.path)
    try:
        for event in events[:4]:
            rec.handle(event)
        assert rec.waiting_for_lock
        holder.release()  # let go before the notice is due
        wait_until(lambda: rec.unsaved == 0)
    finally:
        holder.close()
    for event in events[4:]:
        rec.handle(event)
    assert rec.problem is None and rec.unsaved == 0
    assert on_disk(store.path, "SELECT count(*) FROM checkins") == [(4,)]


def test_the_app_small_writes_wait_only_a_moment_for_a_held_lock(store: Store) -> None:
    store.write_wait_ms = INTERACTIVE_WAIT_MS
    holder = Holder(store.path)
    try:
        started = time.perf_counter()
        with pytest.raises(sqlite3.Error) as caught:
            store.set_state("example", "yes")
        assert time.perf_counter() - started < 1.0  # not the 5 s busy timeout
        assert "in use by another program" in str(caught.value)
    finally:
        holder.close()
    store.set_state("example", "yes")  # the connection's usual wait is back
    assert store.conn.execute("PRAGMA busy_timeout").fetchone() == (5000,)


async def test_g_answers_at_once_while_another_program_holds_the_log(
    store: Store, fast_retry: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write_wait_ms = INTERACTIVE_WAIT_MS  # as the app's open_store leaves it
    said: list[str] = []
    notice = SessionScreen._notice
    monkeypatch.setattr(SessionScreen, "_notice", lambda screen, text: (said.append(text), notice(screen, text)))
    app, clock, _ = make_app(start=SHORT, store=store)
    holder = Holder(store.path)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, CheckinScreen)
            started = time.perf_counter()
            await answer(pilot, "2", "7", "enter")  # confirmed while the log is held
            assert time.perf_counter() - started < 1.0
            screen = session_screen(app)
            recorder = screen.practice.recorder
            assert recorder is not None and recorder.waiting_for_lock
            started = time.perf_counter()
            await pilot.press("g")
            await pilot.pause()
            assert screen.practice.session.grounding
            assert "ground" in str(screen.query_one("#notice").render()).lower()
            assert time.perf_counter() - started < 1.0  # the busy timeout is 5 s
            await pilot.pause(0.3)
            assert said.count(LOG_HELD) == 1  # said once, however many writes wait
            assert on_disk(store.path, "SELECT count(*) FROM checkins") == [(0,)]
            holder.release()
            for _ in range(200):
                await pilot.pause(0.02)
                if recorder.unsaved == 0 and LOG_FREE in said:
                    break
            assert said.count(LOG_FREE) == 1 and said.count(LOG_HELD) == 1
            # On disk, in the order it happened: the opening check-in, then the grounding.
            assert on_disk(store.path, "SELECT suds, settling FROM checkins") == [(2, 7)]
            assert on_disk(store.path, "SELECT type FROM events ORDER BY seq") == [("grounding",)]
            checkin_t = on_disk(store.path, "SELECT t_s FROM checkins")[0][0]
            grounding_t = on_disk(store.path, "SELECT t_s FROM events")[0][0]
            assert checkin_t <= grounding_t
    finally:
        holder.close()


KILLED_CHILD = f"""
import sys, time
sys.path.insert(0, {str(TESTS_DIR)!r})
from store_helpers import make_recorder, pendulation
from pendulate.engine.events import CheckinRecorded
from pendulate.store import Store
from pendulate.store import recorder as recorder_module
recorder_module.RETRY_EVERY_S = 0.02
store = Store.open()
recorder = make_recorder(store)
events = pendulation([(4, 5, 6)]).events
checkins = [i for i, e in enumerate(events) if isinstance(e, CheckinRecorded)]
for event in events[: checkins[1] + 1]:  # up to and including the second check-in
    recorder.handle(event)
print("confirmed", recorder.unsaved, flush=True)
sys.stdin.readline()  # the lock is released now
while recorder.unsaved:
    time.sleep(0.01)
print("saved", flush=True)
time.sleep(60)
"""


@pytest.mark.slow
def test_checkins_confirmed_while_held_survive_a_kill_once_the_lock_is_free(store: Store) -> None:
    holder = Holder(store.path)
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        word, unsaved = child.stdout.readline().split()
        assert word == "confirmed" and int(unsaved) > 0
        holder.release()
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline() == "saved\n"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        child.kill()
        child.wait(timeout=10)
        for pipe in (child.stdin, child.stdout):
            if pipe is not None:
                pipe.close()
        holder.close()
    assert on_disk(store.path, "SELECT idx, suds FROM checkins ORDER BY idx") == [(0, 3), (1, 4)]
    assert store.integrity_problems() == []
