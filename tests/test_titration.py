"""Each titration rule, as a pure function and inside a running session."""

from __future__ import annotations

from pendulate.engine import events as ev
from pendulate.engine.answers import CheckinAnswers
from pendulate.engine.progression import PastSession, Progress, next_progress, shape_plan
from pendulate.engine.titration import TitrationState, after_checkin, closing_index
from pendulate.plan.build import Step, build_plan
from pendulate.script.model import Params
from tests.engine_helpers import make_session, pendulation_script

ACT = Step("activation", "Touch", 20.0)
RET = Step("return", "Return", 45.0)


def remaining_after_first_touch(cycles=3):
    plan = build_plan(pendulation_script(cycles=cycles))
    first = next(i for i, s in enumerate(plan.steps) if s.kind == "activation")
    return plan.steps[first + 2 :]  # after the touch and its check-in


def test_r1_high_rating_shortens_next_touch_and_lengthens_resource():
    state = TitrationState(baseline_suds=2)
    out = after_checkin(state, CheckinAnswers(suds=6), ACT, remaining_after_first_touch(), Params(), last_activation=20)
    assert [c.rule for c in out.changes] == ["R1"]
    assert out.remaining[0].kind == "return" and out.remaining[0].duration == 68  # 45 × 1.5
    next_touch = next(s for s in out.remaining if s.kind == "activation")
    assert next_touch.duration == 10  # half of 20, not under touch_min
    assert out.state.over_in_a_row == 1


def test_r1_respects_touch_min_and_relative_jump():
    state = TitrationState(baseline_suds=1)
    params = Params(threshold=8, touch_min=15)
    out = after_checkin(state, CheckinAnswers(suds=4), ACT, remaining_after_first_touch(), params, last_activation=20)
    assert [c.rule for c in out.changes] == ["R1"]  # 4 ≥ 1 + 3 although under the threshold
    assert next(s for s in out.remaining if s.kind == "activation").duration == 15


def test_rating_at_threshold_changes_nothing_and_resets_the_count():
    state = TitrationState(baseline_suds=3, over_in_a_row=1)
    out = after_checkin(state, CheckinAnswers(suds=5), ACT, remaining_after_first_touch(), Params())
    assert out.changes == () and out.state.over_in_a_row == 0


def test_r2_two_strong_touches_in_a_row_end_activation_for_the_session():
    state = TitrationState(baseline_suds=2, over_in_a_row=1)
    out = after_checkin(state, CheckinAnswers(suds=7), ACT, remaining_after_first_touch(), Params())
    assert [c.rule for c in out.changes] == ["R2"]
    assert [s.kind for s in out.remaining] == ["ground", "contain", "orient", "checkin"]
    assert out.state.activation_closed


def test_r3_adds_up_to_two_resource_blocks_then_goes_to_closing():
    rem = remaining_after_first_touch()
    state = TitrationState(baseline_suds=2, baseline_settling=7)
    ret = Step("return", "Return", 45.0)
    first = after_checkin(state, CheckinAnswers(settling=4), ret, rem, Params())
    assert [c.rule for c in first.changes] == ["R3"]
    assert first.remaining[0].kind == "resource" and first.remaining[1].scales == ("settling",)
    second = after_checkin(first.state, CheckinAnswers(settling=4), first.remaining[0], first.remaining[2:], Params())
    third = after_checkin(second.state, CheckinAnswers(settling=5), second.remaining[0], second.remaining[2:], Params())
    assert "closing" in third.changes[0].message
    assert [s.kind for s in third.remaining] == ["discharge", "orient", "checkin"]
    back = after_checkin(first.state, CheckinAnswers(settling=6), ret, rem, Params())
    assert back.changes == () and back.state.extra_resource_blocks == 0


def test_r5_zone_below_never_escalates_and_turns_outward():
    out = after_checkin(
        TitrationState(), CheckinAnswers(suds=1, zone="below"), None, remaining_after_first_touch(), Params()
    )
    assert out.changes[0].rule == "R5"
    assert out.remaining[0].kind == "orient" and "eyes" in out.remaining[0].title.lower()
    assert all(s.kind != "activation" for s in out.remaining)
    assert out.state.hypoarousal and out.state.activation_closed
    later = after_checkin(out.state, CheckinAnswers(suds=9), ACT, out.remaining, Params())
    assert all(c.rule not in ("R1", "R2") for c in later.changes)


def test_r6_high_ending_adds_settle_blocks_then_contain():
    state = TitrationState(baseline_suds=2)
    first = after_checkin(state, CheckinAnswers(suds=6), Step("orient", "Room", 60.0), (), Params())
    assert first.changes[0].rule == "R6" and [s.kind for s in first.remaining] == ["resource", "orient", "checkin"]
    second = after_checkin(first.state, CheckinAnswers(suds=6), first.remaining[1], (), Params())
    third = after_checkin(second.state, CheckinAnswers(suds=6), second.remaining[1], (), Params())
    assert [s.kind for s in third.remaining] == ["contain", "orient", "checkin"]
    fourth = after_checkin(third.state, CheckinAnswers(suds=6), third.remaining[1], (), Params())
    assert fourth.changes == () and fourth.remaining == ()
    calm = after_checkin(state, CheckinAnswers(suds=3), Step("orient", "Room", 60.0), (), Params())
    assert calm.changes == () and calm.crisis is None


def test_r6_crisis_on_high_end_rating_or_not_okay():
    assert after_checkin(TitrationState(baseline_suds=8), CheckinAnswers(suds=7), None, (), Params()).crisis
    assert (
        after_checkin(TitrationState(), CheckinAnswers(okay=False), None, (), Params(), grounding=True).crisis
        == "not okay"
    )
    assert after_checkin(TitrationState(), CheckinAnswers(suds=6), None, (), Params()).crisis is None


def test_grounding_applies_only_the_crisis_check():
    out = after_checkin(TitrationState(baseline_suds=1), CheckinAnswers(suds=9), ACT, (RET,), Params(), grounding=True)
    assert out.changes == () and out.remaining == (RET,)


def test_closing_index_finds_the_resource_before_the_final_orient():
    steps = build_plan(pendulation_script(cycles=1)).steps
    assert steps[closing_index(steps)].kind == "discharge"
    assert closing_index([RET]) is None


def test_titration_message_reaches_the_session_events():
    session, clock = make_session()
    session.start()
    session.submit_checkin(CheckinAnswers(suds=1, settling=7))
    session.advance()
    while not session.awaiting_checkin:
        clock.set(session.next_due())
        session.advance()
    events = session.submit_checkin(CheckinAnswers(suds=7, settling=4))
    applied = [e for e in events if isinstance(e, ev.TitrationApplied)]
    assert applied and applied[0].rule == "R1" and applied[0].changes["next_resource_s"] == [45, 68]
    assert session.step.kind == "return" and session.step.duration == 68


# ----- R4 and plan shaping ---------------------------------------------------------------


def quiet(progress=Progress()):
    return PastSession(completed=True, peak_suds=1, within_window=True, progress=progress)


def test_r4_grows_after_two_quiet_sessions_within_caps():
    params = Params(touch_max=30, step_pct=25)
    grown = next_progress([quiet(), quiet()], params, base_touch=20, base_cycles=3)
    assert grown.extra_touch == 5 and grown.message
    capped = next_progress([quiet(Progress(9)), quiet()], params, base_touch=20, base_cycles=3)
    assert capped.extra_touch == 10  # only 1 s left under touch_max
    cycle = next_progress([quiet(Progress(10)), quiet()], params, base_touch=20, base_cycles=3)
    assert (cycle.extra_touch, cycle.extra_cycles) == (10, 1)
    at_cap = next_progress([quiet(Progress(10, 3)), quiet()], params, base_touch=20, base_cycles=3)
    assert (at_cap.extra_touch, at_cap.extra_cycles, at_cap.message) == (10, 3, "")


def test_r4_growth_is_at_most_step_pct():
    grown = next_progress([quiet(), quiet()], Params(step_pct=10), base_touch=20, base_cycles=3)
    assert grown.extra_touch == 2


def test_r4_needs_two_quiet_sessions():
    loud = PastSession(completed=True, peak_suds=4, within_window=True)
    outside = PastSession(completed=True, peak_suds=1, within_window=False)
    for recent in ([quiet()], [quiet(), loud], [outside, quiet()], []):
        assert next_progress(recent, Params(), 20, 3).message == ""
    assert next_progress([quiet(), quiet()], Params(), 20, 0) == Progress()


def test_shape_plan_fits_touches_and_resource_ratio():
    plan = build_plan(pendulation_script(cycles=2, touch=40, back=30))
    shaped = shape_plan(plan, Params(touch_max=25, resource_ratio=2.0))
    touches = [s.duration for s in shaped.steps if s.kind == "activation"]
    returns = [s.duration for s in shaped.steps if s.kind == "return"]
    assert touches == [25, 25] and returns == [50, 50]
    more = shape_plan(plan, Params(touch_max=25), Progress(0, 1))
    assert [s.kind for s in more.steps].count("activation") == 3
    assert more.steps[-1].is_checkin and more.steps[-2].kind == "orient"


def test_shape_plan_trims_cycles_over_the_cap_and_keeps_the_ending():
    plan = build_plan(pendulation_script(cycles=4))
    capped = shape_plan(plan, Params(max_cycles=2))
    kinds = [s.kind for s in capped.steps]
    assert kinds.count("activation") == 2 and kinds.count("return") == 2
    assert kinds[-3:] == ["discharge", "orient", "checkin"]
    assert shape_plan(plan, Params(max_cycles=6)).steps == plan.steps


def test_the_check_ins_the_closing_rule_adds_ask_the_zone():
    from pendulate.plan import inserts

    for block in (inserts.closing_settle_block(), inserts.closing_contain_block()):
        asks = [step.scales for step in block if step.is_checkin]
        assert asks and all("zone" in scales for scales in asks)
