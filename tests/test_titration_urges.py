"""The urge-surfing rules: U1 (at the top and rising: the waves end, the settle sequence follows)
and U2 (still at the top at the end: crisis help, the safety plan first), beside R1–R6."""

from __future__ import annotations

import pytest

from pendulate.engine import events as ev
from pendulate.engine import urges
from pendulate.engine.answers import CheckinAnswers
from pendulate.engine.clock import FakeClock
from pendulate.engine.session import Session
from pendulate.engine.titration import TitrationState, after_checkin
from pendulate.plan.build import Step, build_plan
from pendulate.script.library import builtin_scripts
from pendulate.script.model import Params, Script
from tests.engine_helpers import make_session, pendulation_script, run_until_checkin_or_end

WAVE = Step("activation", "Notice the urge", 25.0)
SETTLE = ["ground", "contain", "orient", "checkin"]


def urge_surfing() -> Script:
    return next(s for s in builtin_scripts() if s.id == "urge-surfing")


def after_first_wave() -> tuple[Step, ...]:
    steps = build_plan(urge_surfing()).steps
    first = next(i for i, s in enumerate(steps) if s.kind == "activation")
    assert steps[first + 1].scales == ("urge", "wave")
    return steps[first + 2 :]


def test_u1_at_the_top_and_rising_ends_the_waves_and_settles():
    out = after_checkin(TitrationState(), CheckinAnswers(urge=5, wave="rising"), WAVE, after_first_wave(), Params())
    assert [c.rule for c in out.changes] == ["U1"]
    assert out.changes[0].message == urges.U1_MESSAGE
    assert [s.kind for s in out.remaining] == SETTLE
    assert not any(s.kind == "activation" for s in out.remaining)
    # The closing check-in keeps the script's own questions and asks the urge again.
    assert out.remaining[-1].scales == ("suds", "settling", "zone", "urge", "wave")
    assert out.state.waves_closed and out.state.activation_closed and out.crisis is None


@pytest.mark.parametrize(
    "answers",
    [
        CheckinAnswers(urge=5, wave="steady"),
        CheckinAnswers(urge=5, wave="easing"),
        CheckinAnswers(urge=5),
        CheckinAnswers(urge=4, wave="rising"),
        CheckinAnswers(urge=0, wave="rising"),
        CheckinAnswers(suds=9, settling=2),
    ],
)
def test_u1_needs_both_the_top_of_the_scale_and_rising(answers):
    out = after_checkin(TitrationState(), answers, WAVE, after_first_wave(), Params())
    assert "U1" not in [c.rule for c in out.changes]
    assert any(s.kind == "activation" for s in out.remaining)


def test_u1_comes_before_r1_and_only_once():
    state = TitrationState(baseline_suds=2)
    out = after_checkin(state, CheckinAnswers(suds=9, urge=5, wave="rising"), WAVE, after_first_wave(), Params())
    assert [c.rule for c in out.changes] == ["U1"]
    again = after_checkin(
        out.state, CheckinAnswers(urge=5, wave="rising"), out.remaining[0], out.remaining[1:], Params()
    )
    assert "U1" not in [c.rule for c in again.changes]


def test_u1_inside_the_stop_sequence_changes_nothing():
    rem = (Step("orient", "Room", 20.0),)
    out = after_checkin(TitrationState(), CheckinAnswers(urge=5, wave="rising"), None, rem, Params(), grounding=True)
    assert out.changes == () and out.remaining == rem


def test_u2_at_the_end_opens_crisis_help():
    state = TitrationState(baseline_suds=3, last_urge=5)
    out = after_checkin(state, CheckinAnswers(suds=3), Step("orient", "Room", 45.0), (), Params())
    assert [c.rule for c in out.changes] == ["U2"]
    assert out.changes[0].message == urges.U2_MESSAGE
    assert out.crisis == urges.U2_REASON
    # The ending check-in's own urge rating counts: eased to 3, nothing opens.
    eased = after_checkin(state, CheckinAnswers(suds=3, urge=3), Step("orient", "Room", 45.0), (), Params())
    assert eased.changes == () and eased.crisis is None


def test_u2_reads_the_last_urge_given_not_the_highest():
    state = after_checkin(TitrationState(), CheckinAnswers(urge=5, wave="steady"), WAVE, after_first_wave(), Params())
    later = after_checkin(state.state, CheckinAnswers(urge=2, wave="easing"), WAVE, after_first_wave(), Params())
    end = after_checkin(later.state, CheckinAnswers(suds=2), Step("orient", "Room", 45.0), (), Params())
    assert end.changes == () and end.crisis is None


def test_u2_keeps_a_crisis_reason_already_found():
    state = TitrationState(baseline_suds=2, last_urge=5)
    out = after_checkin(state, CheckinAnswers(okay=False), None, (), Params())
    assert "U2" in [c.rule for c in out.changes] and out.crisis == "not okay"


def test_u2_at_the_end_of_the_stop_sequence_too():
    out = after_checkin(TitrationState(last_urge=5), CheckinAnswers(suds=4), None, (), Params(), grounding=True)
    assert [c.rule for c in out.changes] == ["U2"] and out.crisis == urges.U2_REASON


def _answer_all(session: Session, clock: FakeClock, answer) -> list[ev.Event]:
    out = session.start()
    while not session.finished:
        out += run_until_checkin_or_end(session, clock)
        if session.awaiting_checkin:
            out += session.submit_checkin(answer(session.step.scales))
        elif session.step is not None and session.step.open_ended:
            out += session.skip()
    return out


@pytest.mark.parametrize("suds", [0, 6, 9])
def test_neither_rule_fires_on_a_script_without_urge_checkins(suds):
    session, clock = make_session(pendulation_script(cycles=3))
    out = _answer_all(session, clock, lambda scales: CheckinAnswers(suds=suds, settling=2, zone="within"))
    rules = {e.rule for e in out if isinstance(e, ev.TitrationApplied)}
    assert not rules & {"U1", "U2"}
    # Answers a person could never give there (no urge was asked) change nothing either.
    session, clock = make_session(pendulation_script(cycles=3))
    out = _answer_all(session, clock, lambda scales: CheckinAnswers(suds=suds, settling=2, wave="rising"))
    assert not {e.rule for e in out if isinstance(e, ev.TitrationApplied)} & {"U1", "U2"}


def test_urge_surfing_at_the_top_and_rising_settles_then_opens_crisis_help():
    script = urge_surfing()
    clock = FakeClock()
    session = Session(build_plan(script), params=script.params, clock=clock)

    def answer(scales: tuple[str, ...]) -> CheckinAnswers:
        if "wave" in scales:
            return CheckinAnswers(urge=5, wave="rising")
        return CheckinAnswers(suds=4 if "suds" in scales else None, urge=5 if "urge" in scales else None)

    out = _answer_all(session, clock, answer)
    applied = [e for e in out if isinstance(e, ev.TitrationApplied)]
    assert [e.rule for e in applied] == ["U1", "U2"]
    started = [e for e in out if isinstance(e, ev.PhaseStarted)]
    u1_at = out.index(applied[0])
    after_u1 = [e.kind for e in out[u1_at:] if isinstance(e, ev.PhaseStarted)]
    assert after_u1 == SETTLE  # no wave after U1: ground, hold, the room, the closing check-in
    assert sum(e.kind == "activation" for e in started) == 1
    crisis = [e for e in out if isinstance(e, ev.CrisisSuggested)]
    assert [c.reason for c in crisis] == [urges.U2_REASON]
    assert isinstance(out[-1], ev.SessionEnded) and out[-1].status == "completed"


def test_urge_surfing_easing_runs_every_wave_and_ends_calmly():
    script = urge_surfing()
    clock = FakeClock()
    session = Session(build_plan(script), params=script.params, clock=clock)
    out = _answer_all(
        session,
        clock,
        lambda scales: CheckinAnswers(urge=3, wave="easing") if "wave" in scales else CheckinAnswers(suds=2, urge=2),
    )
    assert not [e for e in out if isinstance(e, ev.TitrationApplied)]
    assert not [e for e in out if isinstance(e, ev.CrisisSuggested)]
    assert sum(isinstance(e, ev.PhaseStarted) and e.kind == "activation" for e in out) == 3


def test_leaving_with_the_urge_at_the_top_gets_the_care_of_a_hard_ending():
    script = urge_surfing()
    clock = FakeClock()
    session = Session(build_plan(script), params=script.params, clock=clock)
    session.start()
    session.submit_checkin(CheckinAnswers(suds=3, urge=5))
    assert session.leaving_concern() == "left with the urge at 5/5"
    session.skip()
    run_until_checkin_or_end(session, clock)
    assert session.leaving_concern() == "left with the urge at 5/5"


def test_a_wave_ended_by_the_person_makes_the_next_one_gentler_within_twenty_to_thirty_seconds():
    script = urge_surfing()
    clock = FakeClock()
    session = Session(build_plan(script), params=script.params, clock=clock)
    session.start()
    session.submit_checkin(CheckinAnswers(suds=3, urge=3))
    run_until_checkin_or_end(session, clock)
    session.submit_checkin(CheckinAnswers(resource="my dog"))
    session.advance()
    assert session.step is not None and session.step.kind == "activation"
    clock.advance(10)
    session.advance()
    session.end_touch()
    events = session.submit_checkin(CheckinAnswers(urge=4, wave="steady"))
    assert [e.rule for e in events if isinstance(e, ev.TitrationApplied)] == ["R1"]
    waves = [s for s in session.steps[session.index :] if s.kind == "activation"]
    assert [s.duration for s in waves] == [20.0, 25.0]  # never under touch_min (20 s)
