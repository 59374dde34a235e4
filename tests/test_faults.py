"""Faults a practising person can meet: a killed or hung-up app, a full or read-only disk, a tiny
terminal, a second window on the same log, and the wall clock jumping.

The process tests run the real ``pendulate run`` in tmux (skipped, with that reason, when tmux is
missing); the others drive the app headless with a fake monotonic clock and a real store.
"""

from __future__ import annotations

import os
import signal
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pendulate.engine import events as ev
from pendulate.engine.answers import CheckinAnswers
from pendulate.engine.clock import FakeClock
from pendulate.practice import prepare
from pendulate.script.loader import load_script_text
from pendulate.store import Store
from pendulate.store import recorder as recorder_module
from pendulate.tui.screens.checkin import CheckinScreen
from pendulate.tui.screens.summary import SummaryScreen
from tests.tmux_helpers import (  # noqa: F401  (tmux_server is a fixture)
    CLOSING,
    LONG_SCRIPT,
    MIDDLE,
    OPENING,
    needs_tmux,
    prepare_home,
    run_argv,
    tmux_server,
    write_script,
)
from tests.tui_helpers import SHORT, advance_to_next, answer, make_app, session_screen


def stored(store: Store) -> list[tuple[str, list[tuple[int, int]]]]:
    """(status, [(suds, settling), …]) per session, oldest first."""
    out = []
    for summary in reversed(store.history()):
        detail = store.session_detail(summary.id)
        out.append((summary.status, [(c.suds, c.settling) for c in detail.checkins]))
    return out


# ---- signals ----------------------------------------------------------------------------
@needs_tmux
@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_a_signal_mid_session_loses_no_confirmed_checkin(tmp_path: Path, tmux_server, signum) -> None:
    prepare_home(tmp_path)
    tmux_server.start("app", run_argv(write_script(tmp_path, LONG_SCRIPT)))
    tmux_server.answer("app", OPENING, 2, 7)
    tmux_server.answer("app", MIDDLE, 3, 8)  # confirmed: the check-in has closed on screen
    os.kill(tmux_server.pid("app"), signum)  # now inside the 30-minute resource phase
    status = tmux_server.wait_exit("app")

    with Store.open() as store:
        assert store.integrity_problems() == []
        ((state, checkins),) = stored(store)
        assert checkins == [(2, 7), (3, 8)]
        if signum == signal.SIGKILL:
            assert status == 128 + signal.SIGKILL
            # Nobody could write the end, but the live lock went with the process: it reads as
            # interrupted at once, and the next start writes it so.
            assert state == "interrupted"
            assert store.mark_interrupted() == 1
            assert stored(store)[0][0] == "interrupted"
        else:
            # Ended like "q": the terminal restored, the session kept as stopped by a signal.
            assert status == 128 + signum
            (summary,) = store.history()
            assert (summary.status, store.session_detail(summary.id).end_reason) == ("stopped", "signal")
            assert store.mark_interrupted() == 0
            assert "rehearsal at" not in tmux_server.screen("app")  # the alternate screen was left


# ---- two windows on one log -------------------------------------------------------------
@needs_tmux
@pytest.mark.slow
def test_two_instances_at_once_store_both_sessions(tmp_path: Path, tmux_server) -> None:
    prepare_home(tmp_path)
    script = write_script(tmp_path)
    for name in ("one", "two"):
        tmux_server.start(name, run_argv(script))
    for name in ("one", "two"):
        tmux_server.wait_for(name, OPENING)
    # Interleaved, so both write to the log while the other is mid-session.
    answers = {"one": [(2, 7), (3, 8), (1, 9)], "two": [(4, 6), (4, 7), (2, 8)]}
    for step, title in enumerate((OPENING, MIDDLE, CLOSING)):
        for name in ("one", "two"):
            tmux_server.answer(name, title, *answers[name][step])
    for name in ("one", "two"):
        tmux_server.wait_for(name, "Session complete")

    with Store.open() as store:
        assert store.integrity_problems() == []
        sessions = stored(store)
        assert [state for state, _ in sessions] == ["completed", "completed"]
        assert sorted(checkins for _, checkins in sessions) == sorted(answers.values())


# ---- a tiny terminal --------------------------------------------------------------------
@needs_tmux
@pytest.mark.slow
def test_a_real_terminal_shrunk_to_20x8_and_back(tmp_path: Path, tmux_server) -> None:
    prepare_home(tmp_path)
    tmux_server.start("app", run_argv(write_script(tmp_path, LONG_SCRIPT)))
    tmux_server.answer("app", OPENING, 2, 7)
    tmux_server.answer("app", MIDDLE, 3, 8)
    tmux_server.tmux("resize-window", "-t", "app", "-x", "20", "-y", "8")
    tmux_server.wait_for("app", "resource")  # still drawing, within 20 columns
    assert max(len(line) for line in tmux_server.screen("app").splitlines()) <= 20
    tmux_server.tmux("resize-window", "-t", "app", "-x", "100", "-y", "30")
    screen = tmux_server.wait_for("app", "rehearsal at 20× speed")
    assert "resource" in screen and tmux_server.pane("app", "pane_dead") == "0"


async def test_resized_to_20x8_and_back_during_a_session_and_a_checkin() -> None:
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        await pilot.resize_terminal(20, 8)
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")  # the check-in still answers at 20×8
        screen = session_screen(app)
        await advance_to_next(pilot, app, clock)
        assert screen.has_class("-small")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not screen.has_class("-small")  # the full layout is back
        assert "A small touch" in str(screen.query_one("#phase-title").render())
        await advance_to_next(pilot, app, clock)  # and the session goes on: the next check-in
        assert isinstance(app.screen, CheckinScreen) and app.is_running


# ---- the disk fills up, or the folder is read-only --------------------------------------
class FailingWrites:
    """Stands in for the store's connection: reads work, every write fails with ``error``."""

    def __init__(self, conn: sqlite3.Connection, error: str):
        self.conn, self.error, self.failing = conn, error, True

    def execute(self, sql: str, *args):
        if self.failing and not sql.lstrip().upper().startswith(("SELECT", "PRAGMA")):
            raise sqlite3.OperationalError(self.error)
        return self.conn.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self.conn, name)


def notice(app) -> str:
    return str(session_screen(app).query_one("#notice").render())


async def run_to_summary(pilot, app, clock, on_step=None) -> None:
    for step in range(60):
        if isinstance(app.screen, SummaryScreen):
            return
        if on_step is not None:
            on_step(step)
        if isinstance(app.screen, CheckinScreen):
            await answer(pilot, "2", "7", "enter")
        else:
            await advance_to_next(pilot, app, clock)
    raise AssertionError("the session did not reach its summary")


@pytest.mark.parametrize(
    "error, why",
    [
        ("database or disk is full", "the disk is full"),
        ("attempt to write a readonly database", "the data folder is read-only"),
    ],
)
async def test_a_failing_disk_gives_one_calm_notice_and_the_session_goes_on(error: str, why: str) -> None:
    store = Store.open()
    failing = FailingWrites(store.conn, error)
    failing.failing = False  # the disk fills up once the app is running
    store.conn = failing
    app, clock, _ = make_app(start=SHORT, store=store)
    failing.failing = True
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        assert notice(app) == f"Your check-ins can't be saved right now ({why}). The session goes on."

        def heal(step: int) -> None:
            if step == 3:
                failing.failing = False  # space is freed half-way through

        await run_to_summary(pilot, app, clock, heal)
    store.conn = failing.conn
    # Everything held in memory while the disk was full reaches the log once it can.
    ((state, checkins),) = stored(store)
    assert state == "completed" and checkins == [(2, 7)] * 3
    store.close()


async def test_a_read_only_log_opened_by_uri_keeps_the_session_going(isolated_home: Path) -> None:
    store = Store.open()  # created and migrated while the folder could still be written
    app, clock, _ = make_app(start=SHORT, store=store)
    writable = store.conn
    conn = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    store.conn = conn
    writable.close()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        assert "can't be saved right now" in notice(app) and "The session goes on." in notice(app)
        await run_to_summary(pilot, app, clock)
    assert app.practice.session.finished and app.practice.recorder.unsaved > 0
    conn.close()


async def test_a_log_that_cannot_be_opened_at_all_still_lets_the_person_practise(monkeypatch) -> None:
    from pendulate.store.db import StoreError
    from pendulate.tui import factory

    def refuse(cls, path=None):
        raise StoreError("The folder for the practice log can't be prepared: Read-only file system.", kind="unreadable")

    monkeypatch.setattr(Store, "open", classmethod(refuse))
    store, problem = factory.open_store()
    assert store is None and "this session won't be saved" in problem
    app, clock, _ = make_app(start=SHORT)
    app.store_problem = problem
    toasts: list[str] = []
    real_notify = app.notify

    def notify(message: str, **options) -> None:
        toasts.append(message)
        real_notify(message, **options)

    app.notify = notify
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        # Said once: on the practice screen's notice line, or as a toast when it came first.
        shown = [notice(app)] + toasts
        assert sum("Read-only file system" in text for text in shown) == 1, shown
        await run_to_summary(pilot, app, clock)


# ---- the wall clock jumps ---------------------------------------------------------------
def test_the_wall_clock_jumping_an_hour_leaves_phase_timing_alone(monkeypatch) -> None:
    """Phase times come from the monotonic clock; the wall clock only stamps the log."""
    script = load_script_text(
        "id: jump\ntitle: Jump\nphases:\n  - {kind: ground, duration: 60, checkin: true}\n"
        "  - {kind: resource, duration: 90}\n  - {kind: orient, duration: 30}\n",
        "jump.yaml",
    )
    jump = timedelta(0)
    base = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)

    class JumpyDatetime(datetime):
        @classmethod
        def now(cls, tz=None):  # what the recorder's wall clock reads
            moment = base + jump
            return moment if tz is None else moment.astimezone(tz)

    real_time = __import__("time").time
    monkeypatch.setattr(recorder_module, "datetime", JumpyDatetime)
    monkeypatch.setattr("time.time", lambda: real_time() + jump.total_seconds())

    clock = FakeClock(500.0)
    store = Store.open()
    practice = prepare(script, clock=clock, stop_script=None, store=store)
    seen: list[ev.Event] = []
    practice.runner.listeners.append(type("Log", (), {"handle": lambda self, e: seen.append(e)})())
    practice.runner.start()
    practice.runner.submit_checkin(CheckinAnswers(suds=2, settling=7))
    for _ in range(20):
        if practice.session.finished:
            break
        if practice.session.awaiting_checkin:
            practice.runner.submit_checkin(CheckinAnswers(suds=2, settling=7))
            continue
        due = practice.session.next_due()
        if clock.now() + 0.001 < due and jump == timedelta(0) and clock.now() > 530:
            jump = timedelta(hours=1)  # mid-phase, the wall clock leaps an hour forward
        clock.set(due)
        practice.runner.tick()
    assert practice.session.finished and jump == timedelta(hours=1)

    starts = [(e.kind, e.t) for e in seen if isinstance(e, ev.PhaseStarted) and e.kind != "checkin"]
    assert starts == [("ground", 0.0), ("resource", 60.0), ("orient", 150.0)]
    (summary,) = store.history()
    detail = store.session_detail(summary.id)
    assert [(p.kind, p.start_s, p.end_s) for p in detail.phases if p.kind != "checkin"] == [
        ("ground", 0.0, 60.0),
        ("resource", 60.0, 150.0),
        ("orient", 150.0, 180.0),
    ]
    assert summary.duration_s == pytest.approx(180.0)
    # The stamps show the jump, and only the stamps.
    confirmed = [c.confirmed_utc for c in detail.checkins]
    assert confirmed[0] == base and confirmed[-1] == base + timedelta(hours=1)
    store.close()
