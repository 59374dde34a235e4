"""The real built-ins on the real engine: ending a touch (R1 by key), R3 from the settling checks
after each return, R5 from every zone answer, and a skipped zone staying unknown."""

from __future__ import annotations

import pytest

from pendulate.engine import events as ev
from pendulate.engine.answers import CheckinAnswers
from pendulate.engine.clock import FakeClock
from pendulate.engine.progression import PastSession, Progress, next_progress
from pendulate.engine.session import Session
from pendulate.engine.titration import is_activation, is_settling
from pendulate.practice import prepare
from pendulate.script import library
from pendulate.script.model import Params, Phase, Script
from tests.engine_helpers import run_until_checkin_or_end

ACTIVATION_BUILTINS = ("body-pendulation", "mild-stressor")
OPENING = CheckinAnswers(suds=2, settling=8, zone="within")


def builtin(script_id: str) -> Script:
    return next(s for s in library.builtin_scripts() if s.id == script_id)


def start(script_id: str) -> tuple[Session, FakeClock]:
    """A built-in, shaped as the app runs it (with the stop sequence), on a fake clock."""
    clock = FakeClock()
    practice = prepare(builtin(script_id), clock=clock, stop_script=library.stop_ground())
    session = practice.session
    session.start()
    return session, clock


def to_touch(session: Session, clock: FakeClock) -> list[ev.Event]:
    """Answer check-ins gently until a touch is under way."""
    out: list[ev.Event] = []
    while not (session.step is not None and is_activation(session.step) and not session.awaiting_checkin):
        if session.awaiting_checkin:
            answers = OPENING if session.index == 0 else CheckinAnswers(suds=2, settling=8)
            out += session.submit_checkin(answers)
        else:
            clock.set(session.next_due())
            out += session.advance()
        assert not session.finished
    return out


def rules(events: list[ev.Event]) -> list[str]:
    return [e.rule for e in events if isinstance(e, ev.TitrationApplied)]


def remaining_touches(session: Session) -> int:
    return sum(1 for s in session.steps[session.index + 1 :] if is_activation(s))


# ----- R1 by key ---------------------------------------------------------------------------


@pytest.mark.parametrize("script_id", ACTIVATION_BUILTINS)
def test_ending_a_touch_goes_to_its_checkin_and_r1_follows_the_answer(script_id):
    session, clock = start(script_id)
    to_touch(session, clock)
    touch_index = session.index
    clock.advance(6)
    out = session.end_touch()
    ended = [e for e in out if isinstance(e, ev.TouchEnded)]
    assert ended == [ev.TouchEnded(ended[0].t, ended[0].active, touch_index, "activation", "enough")]
    assert any(isinstance(e, ev.PhaseEnded) and e.reason == "enough" and e.index == touch_index for e in out)
    due = next(e for e in out if isinstance(e, ev.CheckinDue))
    assert due.index == touch_index + 1 and due.after_kind == "activation"
    assert session.awaiting_checkin
    # The plan's own check-in after the touch is the one asked: nothing was inserted.
    assert len(session.steps) == len(session.planned_starts)
    next_touch = next(s for s in session.steps[session.index + 1 :] if is_activation(s))
    settle = next(s for s in session.steps[session.index + 1 :] if not s.is_checkin)
    # Mild-stressor's first touch (the recall) leads straight into the next one: R1 adds a resource.
    settle_s = settle.duration if is_settling(settle) else 60
    # A low rating would change nothing after a touch that ran its time; here it still fires R1.
    out = session.submit_checkin(CheckinAnswers(suds=3, settling=6))
    applied = [e for e in out if isinstance(e, ev.TitrationApplied)]
    assert [e.rule for e in applied] == ["R1"]
    assert "You chose to stop that touch" in applied[0].message
    params = session.params
    shorter = next(s for s in session.steps[session.index :] if is_activation(s))
    assert shorter.duration == max(float(params.touch_min), min(next_touch.duration, round(6 * 0.5)))
    assert session.step.kind in ("return", "resource") and session.step.duration == round(settle_s * 1.5)


def test_a_skipped_checkin_after_an_ended_touch_still_applies_r1():
    session, clock = start("body-pendulation")
    to_touch(session, clock)
    clock.advance(12)
    session.end_touch()
    out = session.skip_checkin()
    assert rules(out) == ["R1"]
    assert not any(isinstance(e, ev.CheckinRecorded) for e in out)
    assert session.titration.over_in_a_row == 1


def test_two_touches_ended_in_a_row_close_activation_and_the_zone_is_still_asked():
    session, clock = start("body-pendulation")
    to_touch(session, clock)
    session.end_touch()
    assert rules(session.submit_checkin(CheckinAnswers(suds=3, settling=6))) == ["R1"]
    to_touch(session, clock)
    session.end_touch()
    out = session.submit_checkin(CheckinAnswers(suds=3, settling=6))
    assert rules(out) == ["R2"]
    message = next(e.message for e in out if isinstance(e, ev.TitrationApplied))
    assert "enough" in message
    assert remaining_touches(session) == 0
    assert "zone" in session.steps[-1].scales


def test_a_touch_without_a_checkin_after_it_gets_one():
    script = Script(
        id="no-checkin",
        title="No check-in",
        version="1",
        phases=(
            Phase("resource", "Resource", 60),
            Phase("activation", "Touch", 20),
            Phase("return", "Return", 45),
            Phase("orient", "Room", 30),
        ),
    )
    clock = FakeClock()
    session = prepare(script, clock=clock, stop_script=None).session
    session.start()
    to_touch(session, clock)
    before = len(session.steps)
    out = session.end_touch()
    assert len(session.steps) == len(session.planned_starts) == before + 1
    due = next(e for e in out if isinstance(e, ev.CheckinDue))
    assert due.scales == ("suds", "settling") and due.after_kind == "activation"
    assert rules(session.submit_checkin(CheckinAnswers(suds=1, settling=7))) == ["R1"]


def test_end_touch_only_during_a_touch_running_or_paused():
    session, clock = start("body-pendulation")
    assert session.end_touch() == []  # the opening check-in
    session.submit_checkin(OPENING)
    assert not session.can_end_touch and session.end_touch() == []  # grounding phase
    to_touch(session, clock)
    session.pause()
    clock.advance(30)
    assert session.can_end_touch
    out = session.end_touch()
    assert isinstance(out[0], ev.Resumed) and any(isinstance(e, ev.TouchEnded) for e in out)
    assert session.end_touch() == []  # the check-in now


def test_a_touch_left_to_run_its_time_with_a_calm_rating_changes_nothing():
    session, clock = start("body-pendulation")
    to_touch(session, clock)
    run_until_checkin_or_end(session, clock)
    assert rules(session.submit_checkin(CheckinAnswers(suds=3, settling=6))) == []


# ----- R3 from the settling check after each return -----------------------------------------


@pytest.mark.parametrize("script_id", ACTIVATION_BUILTINS)
def test_each_return_ends_with_a_settling_check(script_id):
    steps = start(script_id)[0].steps
    returns = [i for i, s in enumerate(steps) if s.kind == "return"]
    assert returns
    for i in returns:
        assert steps[i + 1].is_checkin and steps[i + 1].scales == ("settling",)


def to_settling_check(session: Session, clock: FakeClock, touch_suds: int = 3) -> None:
    """From wherever the session is, on to the settling check after the next return."""
    while True:
        if session.awaiting_checkin:
            after = session._checkin_after
            if session.steps[session.index].scales == ("settling",) and after is not None and after.kind == "return":
                return
            answers = OPENING if session.index == 0 else CheckinAnswers(suds=touch_suds, settling=7)
            session.submit_checkin(answers)
        else:
            assert not session.finished
            clock.set(session.next_due())
            session.advance()


@pytest.mark.parametrize("script_id", ACTIVATION_BUILTINS)
def test_r3_two_extra_resource_blocks_then_closing(script_id):
    session, clock = start(script_id)
    to_settling_check(session, clock)
    out = session.submit_checkin(CheckinAnswers(settling=5))  # first settling was 8: not back within 1
    assert rules(out) == ["R3"]
    assert session.step.kind == "resource" and session.step.origin == "titration"
    assert remaining_touches(session) > 0
    run_until_checkin_or_end(session, clock)
    assert rules(session.submit_checkin(CheckinAnswers(settling=6))) == ["R3"]
    assert session.titration.extra_resource_blocks == 2
    run_until_checkin_or_end(session, clock)
    out = session.submit_checkin(CheckinAnswers(settling=6))
    change = next(e for e in out if isinstance(e, ev.TitrationApplied))
    assert change.rule == "R3" and change.changes["next"] == "closing"
    assert remaining_touches(session) == 0 and session.titration.activation_closed
    rest = [s.kind for s in session.steps[session.index :] if not s.is_checkin]
    assert rest[-1] == "orient" and "activation" not in rest
    closing = session.steps[-1]
    assert closing.is_checkin and "zone" in closing.scales
    while not session.finished:
        if session.awaiting_checkin:
            session.submit_checkin(CheckinAnswers(suds=2, settling=7, zone="within"))
        else:
            run_until_checkin_or_end(session, clock)
    assert session.titration.activation_closed


def test_r3_settling_back_within_a_point_goes_on_with_the_practice():
    session, clock = start("body-pendulation")
    to_settling_check(session, clock)
    assert rules(session.submit_checkin(CheckinAnswers(settling=5))) == ["R3"]
    run_until_checkin_or_end(session, clock)
    assert rules(session.submit_checkin(CheckinAnswers(settling=7))) == []  # 8 - 1: back
    assert session.titration.extra_resource_blocks == 0
    assert is_activation(session.step)


# ----- R5 from every zone answer, and the zone asked at the close ---------------------------


@pytest.mark.parametrize("script_id", ACTIVATION_BUILTINS)
def test_the_closing_checkin_asks_the_zone(script_id):
    session, _ = start(script_id)
    assert session.steps[-1].is_checkin and "zone" in session.steps[-1].scales


@pytest.mark.parametrize("script_id", ACTIVATION_BUILTINS)
def test_r5_below_at_the_opening_leaves_activation_out(script_id):
    session, clock = start(script_id)
    out = session.submit_checkin(CheckinAnswers(suds=1, settling=5, zone="below"))
    assert rules(out) == ["R5"]
    assert session.step.kind == "orient" and session.titration.hypoarousal
    assert remaining_touches(session) == 0


def test_r5_below_after_a_touch_never_escalates():
    session, clock = start("body-pendulation")
    to_touch(session, clock)
    run_until_checkin_or_end(session, clock)
    out = session.submit_checkin(CheckinAnswers(suds=8, settling=3, zone="below"))
    assert rules(out) == ["R5"]  # R5 alone: no R1 reshaping of touches that are no longer there
    assert session.step.kind == "orient" and remaining_touches(session) == 0


def test_r5_below_at_the_close_adds_outward_orient_and_flags_it():
    session, clock = start("body-pendulation")
    session.submit_checkin(OPENING)
    while session.index < len(session.steps) - 1:
        if session.awaiting_checkin:
            session.submit_checkin(CheckinAnswers(suds=2, settling=8))
        else:
            clock.set(session.next_due())
            session.advance()
    out = session.submit_checkin(CheckinAnswers(suds=2, settling=6, zone="below"))
    assert rules(out) == ["R5"] and session.titration.hypoarousal
    assert session.step.kind == "orient" and session.step.origin == "titration"


def test_r5_below_inside_the_stop_sequence_is_flagged_too():
    session, clock = start("body-pendulation")
    session.submit_checkin(OPENING)
    session.ground_now()
    run_until_checkin_or_end(session, clock)
    assert session.grounding and session.awaiting_checkin
    out = session.submit_checkin(CheckinAnswers(suds=2, settling=5, zone="below"))
    assert rules(out) == ["R5"] and session.titration.hypoarousal
    assert session.step.kind == "orient"


def test_above_after_a_touch_fires_r1_as_a_high_rating_would():
    session, clock = start("body-pendulation")
    to_touch(session, clock)
    run_until_checkin_or_end(session, clock)
    out = session.submit_checkin(CheckinAnswers(suds=2, settling=6, zone="above"))
    assert rules(out) == ["R1"]
    change = next(e for e in out if isinstance(e, ev.TitrationApplied))
    assert change.changes["zone"] == "above"
    assert session.titration.over_in_a_row == 1 and session.titration.last_zone == "above"


# ----- a skipped zone is unknown, never "within" --------------------------------------------


def test_a_skipped_zone_is_unknown_and_never_overwrites_a_known_one():
    session, clock = start("body-pendulation")
    session.submit_checkin(CheckinAnswers(suds=2, settling=8))  # zone asked, not answered
    assert session.titration.last_zone is None
    assert session.leaving_concern() is None
    to_touch(session, clock)
    run_until_checkin_or_end(session, clock)
    session.submit_checkin(CheckinAnswers(suds=2, settling=6, zone="above"))
    run_until_checkin_or_end(session, clock)
    session.submit_checkin(CheckinAnswers(settling=8))  # the settling check asks no zone
    assert session.titration.last_zone == "above"
    assert session.leaving_concern() == "left feeling flooded"


def test_a_closing_checkin_with_the_zone_skipped_raises_no_crisis_and_no_r5():
    session, clock = start("body-pendulation")
    session.submit_checkin(OPENING)
    while session.index < len(session.steps) - 1:
        if session.awaiting_checkin:
            session.submit_checkin(CheckinAnswers(suds=2, settling=8))
        else:
            clock.set(session.next_due())
            session.advance()
    out = session.submit_checkin(CheckinAnswers(suds=2, settling=8))
    assert rules(out) == [] and not any(isinstance(e, ev.CrisisSuggested) for e in out)
    assert session.finished


def test_r4_needs_a_known_window():
    # The engine progresses only on sessions known to be within the window; whoever builds
    # PastSession must pass within_window=False when no zone was answered (see the report).
    unknown = [PastSession(True, 1, within_window=False)] * 2
    within = [PastSession(True, 1, within_window=True)] * 2
    assert next_progress(unknown, Params(), 20, 4) == Progress()
    assert next_progress(within, Params(), 20, 4).extra_touch > 0


# ----- leaving ------------------------------------------------------------------------------


def test_leaving_concern_follows_the_last_rating_and_the_last_zone():
    session, clock = start("body-pendulation")
    session.submit_checkin(OPENING)
    assert session.leaving_concern() is None
    to_touch(session, clock)
    run_until_checkin_or_end(session, clock)
    session.submit_checkin(CheckinAnswers(suds=7, settling=3))
    assert session.leaving_concern() == "left at rating 7/10"
    run_until_checkin_or_end(session, clock)
    session.submit_checkin(CheckinAnswers(settling=8))  # no rating: the last one still stands
    assert session.leaving_concern() == "left at rating 7/10"
