"""Property tests: invariants of plans and sessions under any script and any commands."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pendulate.engine import events as ev
from pendulate.engine.answers import URGE_MAX, WAVE_VALUES, CheckinAnswers
from pendulate.engine.clock import FakeClock
from pendulate.engine.session import CHECKIN, FINISHED, PAUSED, RUNNING, Session
from pendulate.plan.build import build_plan
from pendulate.script.model import PHASE_KINDS, RESOURCE_KINDS, CheckinSpec, Phase, Repeat, Script

durations = st.floats(min_value=1, max_value=600, allow_nan=False).map(lambda x: round(x, 2))
checkins = st.one_of(
    st.none(),
    st.just(CheckinSpec(("suds", "settling"))),
    st.just(CheckinSpec(("zone",))),
    st.just(CheckinSpec(("urge", "wave"))),
)


@st.composite
def phases(draw):
    kind = draw(st.sampled_from(PHASE_KINDS))
    return Phase(kind, kind.title(), draw(durations), checkin=draw(checkins))


@st.composite
def scripts(draw):
    body = draw(
        st.lists(
            st.one_of(
                phases(),
                st.builds(
                    lambda n, ps: Repeat(n, tuple(ps)), st.integers(1, 3), st.lists(phases(), min_size=1, max_size=3)
                ),
            ),
            max_size=6,
        )
    )
    closing = Phase(draw(st.sampled_from(sorted(RESOURCE_KINDS))), "Closing", draw(durations))
    return Script(
        id="prop", title="Prop", version="1", phases=tuple(body) + (closing, Phase("orient", "Room", draw(durations)))
    )


answers = st.fixed_dictionaries(
    {},
    optional={
        "suds": st.integers(0, 10),
        "settling": st.integers(0, 10),
        "zone": st.sampled_from(["below", "within", "above"]),
        "okay": st.booleans(),
        "urge": st.integers(0, URGE_MAX),
        "wave": st.sampled_from(WAVE_VALUES),
    },
).map(lambda given: CheckinAnswers(**given))
commands = st.lists(
    st.one_of(
        st.tuples(st.just("wait"), st.floats(0, 400, allow_nan=False)),
        st.tuples(st.sampled_from(["pause", "resume", "ground", "extend", "skip", "skip_checkin", "stop"]), st.none()),
        st.tuples(st.just("answer"), answers),
    ),
    max_size=40,
)


@given(scripts())
def test_planned_boundaries_increase_and_total_is_the_sum(script):
    plan = build_plan(script)
    starts = plan.starts
    timed = [(start, step) for start, step in zip(starts, plan.steps, strict=False) if not step.is_checkin]
    assert all(b[0] > a[0] for a, b in zip(timed, timed[1:], strict=False))
    assert plan.total == pytest.approx(sum(step.duration for _, step in timed))
    assert plan.total == pytest.approx(timed[-1][0] + timed[-1][1].duration)


def drive(session: Session, clock: FakeClock, cmds) -> list[ev.Event]:
    out = session.start()
    for name, arg in cmds:
        if name == "wait":
            clock.advance(arg)
            out += session.advance()
        elif name == "answer":
            out += session.submit_checkin(arg)
        else:
            method = {"ground": session.ground_now, "skip_checkin": session.skip_checkin}.get(name) or getattr(
                session, name
            )
            out += method()
        out += session.advance()
        check_state(session)
    return out


def check_state(session: Session) -> None:
    assert session.state in (RUNNING, PAUSED, CHECKIN, FINISHED)
    assert 0 <= session.index < len(session.steps)
    assert (session.state == CHECKIN) == (session.step.is_checkin and not session.finished)
    assert len(session.planned_starts) == len(session.steps)
    if session.state == RUNNING and not session.step.open_ended:
        due = session.next_due()
        assert due is not None and due >= session.clock.now() - 1e-9
        assert 0 <= session.step_remaining() <= session.step_length()


def finish(session: Session, clock: FakeClock) -> list[ev.Event]:
    out: list[ev.Event] = []
    for _ in range(5000):
        if session.finished:
            return out
        if session.awaiting_checkin:
            out += session.submit_checkin(CheckinAnswers(suds=3, settling=5))
        elif session.paused:
            out += session.resume()
        elif session.step.open_ended:
            out += session.skip()
        else:
            clock.set(session.next_due())
            out += session.advance()
        check_state(session)
    raise AssertionError("the session did not finish")


@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])
@given(scripts(), commands)
def test_any_command_sequence_keeps_the_state_valid_and_never_ends_in_activation(script, cmds):
    clock = FakeClock()
    session = Session(build_plan(script), clock=clock)
    out = drive(session, clock, cmds)
    out += finish(session, clock)
    ended = [e for e in out if isinstance(e, ev.SessionEnded)]
    assert len(ended) == 1
    if ended[0].reason != "quit":
        last_phase = [e for e in out if isinstance(e, ev.PhaseStarted) and e.kind != "checkin"][-1]
        assert last_phase.kind == "orient"
    times = [e.t for e in out]
    assert times == sorted(times)
    # U1 (an urge at the top and rising) ends the waves: no touch starts after it.
    u1 = next((i for i, e in enumerate(out) if isinstance(e, ev.TitrationApplied) and e.rule == "U1"), None)
    if u1 is not None:
        assert not any(isinstance(e, ev.PhaseStarted) and e.kind == "activation" for e in out[u1:])


@settings(max_examples=80)
@given(scripts(), st.floats(0, 500, allow_nan=False), st.floats(0.01, 5000, allow_nan=False))
def test_pause_excludes_exactly_the_paused_span(script, before, paused):
    clock = FakeClock()
    session = Session(build_plan(script), clock=clock)
    session.start()
    session.skip_checkin()
    session.advance()
    clock.advance(min(before, session.step_remaining() * 0.9))
    session.advance()
    remaining = session.step_remaining()
    index = session.index
    session.pause()
    clock.advance(paused)
    assert session.advance() == []
    assert session.step_remaining() == pytest.approx(remaining)
    session.resume()
    assert session.index == index and session.step_remaining() == pytest.approx(remaining)


@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])
@given(scripts(), commands)
def test_ground_now_always_reaches_grounding_on_the_next_advance(script, cmds):
    clock = FakeClock()
    session = Session(build_plan(script), clock=clock)
    drive(session, clock, [c for c in cmds if c[0] != "stop"])
    if session.finished:
        return
    session.ground_now()
    session.advance()
    assert session.grounding
    assert session.step.origin == "stop" or session.step.is_checkin
    assert all(step.kind != "activation" for step in session.steps[session.index :])
