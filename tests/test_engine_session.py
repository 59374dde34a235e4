"""The session state machine: order, timing, and each command."""

from __future__ import annotations

import pytest

from pendulate.engine import events as ev
from pendulate.engine.answers import CheckinAnswers
from pendulate.engine.clock import FakeClock, ScaledClock
from pendulate.engine.session import Session
from pendulate.plan.build import build_plan
from pendulate.script.model import Phase, Script
from tests.engine_helpers import make_session, pendulation_script, run_until_checkin_or_end


def kinds(events, cls):
    return [e for e in events if isinstance(e, cls)]


def test_plan_bookends_with_checkins_and_totals():
    plan = build_plan(pendulation_script(cycles=2))
    assert plan.steps[0].is_checkin and plan.steps[-1].is_checkin
    assert plan.total == 60 + 90 + 2 * (20 + 45) + 60 + 60
    starts = plan.starts
    assert starts[1] == 0 and starts[2] == 60 and starts[3] == 150


def test_start_waits_for_the_opening_checkin():
    session, clock = make_session()
    events = session.start()
    assert isinstance(events[0], ev.SessionStarted)
    assert session.awaiting_checkin
    assert kinds(events, ev.CheckinDue)[0].scales == ("suds", "settling", "zone")
    assert session.next_due() is None


def test_phases_run_in_order_at_exact_offsets_even_when_ticked_late():
    session, clock = make_session(pendulation_script(cycles=1))
    session.start()
    session.submit_checkin(CheckinAnswers(suds=2, settling=7))
    session.advance()
    started, answered_at = [], []
    while not session.finished:
        if session.awaiting_checkin:
            answered_at.append(session.elapsed())
            started += kinds(session.submit_checkin(CheckinAnswers(suds=3, settling=6)), ev.PhaseStarted)
            continue
        clock.advance(7.3)  # a late, irregular tick: boundaries must not depend on it
        started += kinds(session.advance(), ev.PhaseStarted)
    timed = {e.kind: e.t for e in started if e.kind != "checkin"}
    assert (timed["resource"], timed["activation"]) == (60.0, 150.0)
    checkin_start = next(e.t for e in started if e.kind == "checkin")
    assert checkin_start == 170.0
    # A check-in is an untimed gate: the return starts when it is answered (at a late tick
    # here), and every later boundary follows exactly from that moment.
    assert answered_at[0] > 170.0
    assert timed["return"] == pytest.approx(answered_at[0])
    assert timed["discharge"] == pytest.approx(answered_at[0] + 45)
    assert timed["orient"] == pytest.approx(answered_at[0] + 105)


def test_pause_excludes_exactly_the_paused_span():
    session, clock = make_session()
    session.start()
    session.submit_checkin(CheckinAnswers(suds=1))
    session.advance()
    clock.advance(10)
    session.pause()
    clock.advance(123.25)
    assert session.advance() == []
    assert session.step_elapsed() == pytest.approx(10)
    resumed = session.resume()
    assert resumed[0].paused_for == pytest.approx(123.25)
    assert session.step_remaining() == pytest.approx(50)
    clock.advance(50)
    started = kinds(session.advance(), ev.PhaseStarted)
    assert started[0].kind == "resource"
    assert started[0].t == pytest.approx(60 + 123.25)
    assert started[0].active == pytest.approx(60)


def test_ground_now_from_activation_enters_grounding_at_once():
    session, clock = make_session()
    session.start()
    session.submit_checkin(CheckinAnswers(suds=1))
    session.advance()
    while session.step.kind != "activation":
        clock.set(session.next_due())
        session.advance()
    clock.advance(5)
    events = session.ground_now()
    assert isinstance(events[0], ev.GroundingStarted) and events[0].from_kind == "activation"
    assert kinds(events, ev.PhaseStarted)[0].origin == "stop"
    assert session.grounding and session.step.kind != "activation"
    assert all(step.kind != "activation" for step in session.steps[session.index :])


def test_ground_now_works_while_paused_or_in_a_checkin_and_ends_stopped():
    session, clock = make_session()
    session.start()
    events = session.ground_now()  # during the opening check-in
    assert session.grounding and not session.awaiting_checkin
    assert kinds(events, ev.PhaseEnded)[0].reason == "ground"
    end = []
    while not session.finished:
        if session.awaiting_checkin:
            end += session.submit_checkin(CheckinAnswers(suds=2, okay=True))
            continue
        clock.set(session.next_due())
        end += session.advance()
    ended = kinds(end, ev.SessionEnded)[0]
    assert ended.status == "stopped" and ended.reason == "ground now" and ended.kind == "checkin"


def test_extend_adds_thirty_seconds_to_resource_phases_only():
    session, clock = make_session()
    session.start()
    session.submit_checkin(CheckinAnswers(suds=1))
    session.advance()
    assert session.step.kind == "ground"
    assert session.extend()[0].seconds == 30
    assert session.step_remaining() == pytest.approx(90)
    while session.step.kind != "activation":
        clock.set(session.next_due())
        session.advance()
    assert not session.can_extend and session.extend() == []


def test_skip_moves_on_but_never_past_the_closing_resource():
    session, clock = make_session(pendulation_script(cycles=1))
    session.start()
    session.submit_checkin(CheckinAnswers(suds=1))
    session.advance()
    seen = []
    while session.can_skip:
        seen.append(session.step.kind)
        session.skip()
        if session.awaiting_checkin:
            session.skip_checkin()
        session.advance()
    assert session.step.kind == "discharge"  # the closing resource, before the final orient
    assert session.skip() == []
    assert seen == ["ground", "resource", "activation", "return"]


def test_open_ended_phase_waits_and_can_be_ended():
    script = Script(
        id="open",
        title="Open",
        version="1",
        phases=(Phase("resource", "Stay", None), Phase("orient", "Room", 30)),
    )
    session, clock = make_session(script)
    session.start()
    session.skip_checkin()
    session.advance()
    assert session.step.open_ended and session.next_due() is None
    clock.advance(3600)
    assert session.advance() == []
    assert session.can_skip
    started = kinds(session.skip(), ev.PhaseStarted)
    assert started[0].kind == "orient"


def test_stop_keeps_the_session_as_stopped_where_it_was():
    session, clock = make_session()
    session.start()
    session.submit_checkin(CheckinAnswers(suds=1))
    session.advance()
    clock.advance(12)
    ended = kinds(session.stop("quit"), ev.SessionEnded)[0]
    assert (ended.status, ended.reason, ended.kind) == ("stopped", "quit", "ground")
    assert session.finished and session.stop() == [] and session.ground_now() == []


def test_interval_ticks_fall_inside_long_phases_only():
    script = Script(
        id="ticks",
        title="Ticks",
        version="1",
        phases=(Phase("resource", "Long", 100, interval=30), Phase("orient", "Room", 20, interval=30)),
    )
    session, clock = make_session(script)
    session.start()
    session.skip_checkin()
    events = run_until_checkin_or_end(session, clock)
    ticks = [e.t for e in kinds(events, ev.CueDue) if e.purpose == "interval"]
    assert ticks == [30, 60, 90]


def test_session_ends_with_closing_bell_and_completed():
    session, clock = make_session(pendulation_script(cycles=1))
    session.start()
    out = []
    while not session.finished:
        if session.awaiting_checkin:
            out += session.submit_checkin(CheckinAnswers(suds=2, settling=7))
            continue
        clock.set(session.next_due())
        out += session.advance()
    assert [e.cue for e in kinds(out, ev.CueDue) if e.purpose == "closing"] == ["bell"]
    assert kinds(out, ev.SessionEnded)[0].status == "completed"


def test_scaled_clock_runs_faster():
    base = FakeClock(100)
    clock = ScaledClock(base, 10)
    base.advance(2)
    assert clock.now() == pytest.approx(120)
    with pytest.raises(ValueError):
        ScaledClock(base, 0)


def test_fake_clock_refuses_to_go_back():
    clock = FakeClock(5)
    with pytest.raises(ValueError):
        clock.set(4)
    with pytest.raises(ValueError):
        clock.advance(-1)


def test_a_sixty_minute_session_has_no_drift():
    phases = tuple(Phase("resource" if i % 2 else "ground", f"P{i}", 37.3) for i in range(96)) + (
        Phase("orient", "Room", 18.2),
    )
    script = Script(id="long", title="Long", version="1", phases=phases)
    session, clock = make_session(script)
    session.start()
    session.skip_checkin()
    starts = []
    while not session.finished:
        if session.awaiting_checkin:
            session.skip_checkin()
            continue
        clock.advance(0.997)  # ticks never line up with boundaries
        starts += [e.active for e in session.advance() if isinstance(e, ev.PhaseStarted)]
    expected = [37.3 * i for i in range(1, 97)]
    assert len(starts) >= 96
    assert max(abs(a - b) for a, b in zip(starts, expected, strict=False)) < 1e-6
    assert Session is type(session)
