"""Time the app was not running (suspended with Ctrl+Z or SIGSTOP, or held up) is not practice."""

from __future__ import annotations

import json

import pytest

from pendulate.engine import events as ev
from pendulate.engine.answers import CheckinAnswers
from pendulate.engine.clock import FakeClock, ScaledClock
from pendulate.engine.session import LATE_LIMIT
from pendulate.script.model import Phase, Prompt, Script
from pendulate.store import Store
from pendulate.tui import pacing
from pendulate.tui.messages import EngineEvent
from tests.engine_helpers import make_session
from tests.tui_helpers import answer, make_app, session_screen

SIMPLE = Script(
    id="suspend-test",
    title="Suspend test",
    version="1",
    description="",
    phases=(
        Phase("ground", "Feet", 60, prompts=(Prompt(0, "feet"), Prompt(30, "press"))),
        Phase("resource", "Resource", 90),
        Phase("orient", "Room", 60),
    ),
)


def running(script: Script = SIMPLE, clock: FakeClock | None = None):
    """A session past its opening check-in, at the start of its first phase."""
    session, clock = make_session(script, clock=clock)
    session.start()
    session.submit_checkin(CheckinAnswers(suds=2, settling=7))
    session.advance()
    assert session.step is not None and session.step.kind == "ground"
    return session, clock


def of(events: list, kind: type) -> list:
    return [e for e in events if isinstance(e, kind)]


def test_a_wake_up_far_past_its_moment_pauses_from_that_moment_and_the_time_is_not_practice():
    session, clock = running()
    clock.advance(10)
    planned = clock.now() + 1.0  # the screen meant to wake a second later...
    clock.advance(31)  # ...and the process was stopped meanwhile
    out = session.woke(planned)
    (paused,) = out
    assert isinstance(paused, ev.Paused) and paused.reason == ev.NOT_RUNNING
    assert paused.not_running_for == pytest.approx(30)
    assert paused.t == pytest.approx(11) and paused.active == pytest.approx(11)
    assert session.paused and session.step_elapsed() == pytest.approx(11)
    assert session.next_due() is None  # nothing moves on, nothing sounds, until the person goes on
    clock.advance(5)
    (resumed,) = session.resume()
    assert resumed.paused_for == pytest.approx(35) and resumed.active == pytest.approx(11)
    assert session.step_remaining() == pytest.approx(49)  # the phase keeps the time it had left


def test_normal_lateness_is_left_alone():
    session, clock = running()
    for late in (0.003, 0.07, LATE_LIMIT * 0.9):
        planned = clock.now()
        clock.advance(late)
        assert session.woke(planned) == []
        assert not session.paused
    assert session.elapsed() == pytest.approx(session.step_elapsed())


def test_what_came_due_before_the_stop_happens_first_in_order():
    session, clock = running()
    planned = session.next_due()  # the prompt at 30 s
    assert planned is not None
    clock.set(planned + 0.5)
    session.advance()  # the prompt, on time
    planned = clock.now() + 40  # say a wake-up was planned past the end of the phase
    clock.advance(40 + 60)
    out = session.woke(planned)
    assert [type(e) for e in out] == [ev.PhaseEnded, ev.PhaseStarted, ev.CueDue, ev.Paused]
    ended, started, _cue, paused = out
    assert ended.t == pytest.approx(60) and started.kind == "resource"
    assert paused.t == pytest.approx(70.5) and paused.not_running_for == pytest.approx(60)
    assert session.step_elapsed() == pytest.approx(10.5)
    times = [e.t for e in out]
    assert times == sorted(times)


def test_a_whole_session_with_a_stop_in_it_counts_only_its_own_time():
    session, clock = running()
    clock.advance(20)
    planned = clock.now()
    clock.advance(300)  # five minutes stopped
    session.woke(planned)
    session.resume()
    end = []
    while not session.finished:
        if session.awaiting_checkin:
            end += session.submit_checkin(CheckinAnswers(suds=1, settling=8))
            continue
        due = session.next_due()
        assert due is not None
        clock.set(due)
        end += session.advance()
    (ended,) = of(end, ev.SessionEnded)
    assert ended.status == "completed"
    assert ended.active == pytest.approx(210)  # 60 + 90 + 60 s of practice, check-ins answered at once
    assert ended.t == pytest.approx(510)


def test_time_away_during_a_checkin_is_left_out_and_the_checkin_waits():
    session, clock = make_session(SIMPLE)
    session.start()
    assert session.awaiting_checkin
    clock.advance(3)
    planned = clock.now()
    clock.advance(60)
    out = session.woke(planned)
    assert [type(e) for e in out] == [ev.Paused, ev.Resumed]
    assert out[0].reason == ev.NOT_RUNNING and out[0].not_running_for == pytest.approx(60)
    assert (out[0].t, out[0].active) == (pytest.approx(3), pytest.approx(3))
    assert (out[1].t, out[1].active) == (pytest.approx(63), pytest.approx(3))
    assert session.awaiting_checkin
    (recorded, *_) = session.submit_checkin(CheckinAnswers(suds=2))
    assert isinstance(recorded, ev.CheckinRecorded)
    assert recorded.t == pytest.approx(63) and recorded.active == pytest.approx(3)


def test_a_paused_or_finished_session_takes_no_notice():
    session, clock = running()
    session.pause()
    planned = clock.now()
    clock.advance(100)
    assert session.woke(planned) == []
    session.stop()
    clock.advance(100)
    assert session.woke(planned) == []


def test_a_rehearsal_measures_lateness_in_real_seconds():
    base = FakeClock()
    clock = ScaledClock(base, 20)
    session, _ = make_session(SIMPLE, clock=clock)  # type: ignore[arg-type]
    session.start()
    session.submit_checkin(CheckinAnswers(suds=2))
    planned = clock.now()
    base.advance(LATE_LIMIT * 0.5)  # 20 session seconds: late, but not by much in real time
    assert session.woke(planned) == []
    planned = clock.now()
    base.advance(LATE_LIMIT * 2)
    (paused,) = of(session.woke(planned), ev.Paused)
    assert paused.not_running_for == pytest.approx(LATE_LIMIT * 2 * 20)


def test_only_a_clock_that_runs_by_itself_is_watched():
    assert FakeClock().live is False and FakeClock(live=True).live is True
    assert ScaledClock(FakeClock(live=True), 5).live is True


# ----- through the real practice screen --------------------------------------------------------


def logged_events() -> list[tuple[str, str | None, dict]]:
    with Store.open() as store:
        rows = store.read(
            lambda conn: conn.execute("SELECT type, message, data_json FROM events ORDER BY seq").fetchall()
        )
    return [(kind, message, json.loads(data) if data else {}) for kind, message, data in rows]


def sessions_row() -> tuple[float, float]:
    with Store.open() as store:
        return store.read(lambda conn: conn.execute("SELECT active_s, elapsed_s FROM sessions").fetchone())


async def test_a_stopped_process_pauses_the_practice_screen_and_the_log_says_so(monkeypatch):
    # A clock that moves by itself, and the screen's watch waking often: the test's jump of the
    # clock is then exactly what a process stopped for 30 s sees when it wakes again.
    monkeypatch.setattr(pacing, "WATCH_EVERY", 0.01)
    clock = FakeClock(live=True)
    app, _, _ = make_app(start=SIMPLE, clock=clock, store=Store.open(), plain=True)
    seen: list[ev.Event] = []

    def hook(message) -> None:
        if isinstance(message, EngineEvent) and not any(message.event is e for e in seen):
            seen.append(message.event)

    async with app.run_test(message_hook=hook) as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        screen = session_screen(app)
        session = screen.practice.session
        assert session.step.kind == "ground" and not session.paused
        clock.advance(30)
        await pilot.pause(0.1)
        assert session.paused
        lines = "".join(segment.text for line in screen.query_one("#lines").lines for segment in line)
        assert "pendulate was stopped or held up for about 30 seconds, so that time isn't counted" in lines
        assert "press space to go on" in lines
        assert session.step_elapsed() < 1
        clock.advance(1)
        await pilot.press("space")
        await pilot.pause()
        assert not session.paused and session.step_remaining() > 59
        await pilot.press("q", "y")
        await pilot.pause()
    (paused,) = [e for e in seen if isinstance(e, ev.Paused)]
    assert paused.reason == ev.NOT_RUNNING and 29.9 < paused.not_running_for <= 30
    kind, message, data = next(row for row in logged_events() if row[0] == "paused")
    assert message == ev.NOT_RUNNING and 29.9 < data["not_running_for"] <= 30
    active, elapsed = sessions_row()
    assert active < 1 and elapsed == pytest.approx(31)


async def test_the_countdowns_redraw_notices_a_stop_too(monkeypatch):
    monkeypatch.setattr(pacing, "redraw_delay", lambda remaining, rate, until_due: 0.01)
    clock = FakeClock(live=True)
    app, _, _ = make_app(start=SIMPLE, clock=clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        screen = session_screen(app)
        clock.advance(45)
        await pilot.pause(0.1)
        assert screen.practice.session.paused
        assert "about 45 seconds" in str(screen.query_one("#notice").render())
        await pilot.press("g")
        await pilot.pause()
        assert screen.practice.session.grounding
