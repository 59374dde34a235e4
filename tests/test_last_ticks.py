"""A soft tick on each of a touch's last seconds, for practice with the eyes closed."""

from __future__ import annotations

from engine_helpers import pendulation_script

from pendulate.engine import events as ev
from pendulate.engine.answers import CheckinAnswers
from pendulate.engine.clock import FakeClock
from pendulate.engine.marks import MAX_LAST_TICKS
from pendulate.engine.session import Session
from pendulate.plan.build import build_plan
from pendulate.script.model import INTERVAL_CUE, Phase, Script


def run(session: Session, clock: FakeClock, until: float) -> list[ev.Event]:
    out = list(session.advance())
    if session.awaiting_checkin:
        out += session.submit_checkin(CheckinAnswers(suds=3, settling=6))
    while (due := session.next_due()) is not None and due <= until:
        clock.set(due)
        out += session.advance()
        if session.awaiting_checkin:
            out += session.submit_checkin(CheckinAnswers(suds=3, settling=6))
    return out


def last_seconds(events: list[ev.Event]) -> list[float]:
    return [e.t for e in events if isinstance(e, ev.CueDue) and e.purpose == "last-seconds"]


def touch_session(ticks: int, touch: float = 20) -> tuple[Session, FakeClock]:
    script = Script(
        id="t",
        title="t",
        version="1",
        phases=(Phase("resource", "R", 40), Phase("activation", "Touch", touch), Phase("orient", "O", 30)),
    )
    clock = FakeClock(0.0)
    session = Session(build_plan(script, bookend_checkins=False), clock=clock, last_ticks=ticks)
    session.start()
    return session, clock


def test_the_last_three_seconds_of_a_touch_each_get_one_soft_tick_and_nothing_else_does() -> None:
    session, clock = touch_session(3)
    events = run(session, clock, 200)
    assert last_seconds(events) == [57.0, 58.0, 59.0]  # the touch runs from 40 s to 60 s
    ticks = [e for e in events if isinstance(e, ev.CueDue) and e.purpose == "last-seconds"]
    assert {e.cue for e in ticks} == {INTERVAL_CUE}
    assert all(e.index == 1 for e in ticks)


def test_none_by_default_and_never_more_than_the_cap() -> None:
    session, clock = touch_session(0)
    assert last_seconds(run(session, clock, 200)) == []
    session, clock = touch_session(50)
    assert len(last_seconds(run(session, clock, 200))) == MAX_LAST_TICKS


def test_a_touch_the_person_ends_early_ticks_no_more() -> None:
    session, clock = touch_session(3)
    clock.set(57.5)
    events = run(session, clock, 57.5)
    assert last_seconds(events) == [57.0]
    events = session.end_touch() + run(session, clock, 200)
    assert last_seconds(events) == []
    assert any(isinstance(e, ev.TouchEnded) for e in events)


def test_a_pause_moves_the_ticks_with_the_touch() -> None:
    session, clock = touch_session(3)
    clock.set(50.0)
    session.advance()
    session.pause()
    clock.set(80.0)
    events = session.resume() + run(session, clock, 300)
    assert last_seconds(events) == [87.0, 88.0, 89.0]


def test_a_very_short_touch_never_ticks_on_its_own_cue() -> None:
    session, clock = touch_session(3, touch=2)
    assert last_seconds(run(session, clock, 200)) == [41.0]


def test_ticks_come_in_a_touch_of_a_whole_pendulation_script() -> None:
    clock = FakeClock(0.0)
    session = Session(build_plan(pendulation_script(cycles=2)), clock=clock, last_ticks=2)
    session.start()
    events = run(session, clock, 2000)
    touches = [e for e in events if isinstance(e, ev.PhaseEnded) and e.kind == "activation"]
    assert len(last_seconds(events)) == 2 * len(touches) == 4


async def test_the_setting_brings_the_ticks_into_a_practice_in_the_app() -> None:
    from pendulate.script import library
    from pendulate.settings import Settings
    from tests.tui_helpers import make_app, run_to_summary

    def touch_ticks(player) -> list[float]:
        return [t for t, cue in player.played if cue == INTERVAL_CUE]

    script = next(s for s in library.builtin_scripts() if s.id == "body-pendulation")
    for on in (False, True):
        app, clock, player = make_app(start=script, settings=Settings(touch_end_ticks=on))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await run_to_summary(pilot, app, clock, keys=("escape",))  # nothing rated: no rule shortens it
        assert len(touch_ticks(player)) == (4 * MAX_LAST_TICKS if on else 0)


def breath_session(on: bool, length: float = 60.0) -> tuple[Session, FakeClock]:
    script = Script(
        id="b",
        title="b",
        version="1",
        phases=(Phase("resource", "Breathe", length, breath=(4.0, 6.0)), Phase("orient", "O", 30)),
    )
    clock = FakeClock(0.0)
    session = Session(build_plan(script, bookend_checkins=False), clock=clock, breath_cues=on)
    session.start()
    return session, clock


def swells(events: list[ev.Event]) -> list[float]:
    return [e.t for e in events if isinstance(e, ev.CueDue) and e.purpose == "breath"]


def test_a_swell_marks_each_in_breath_after_the_first_while_a_whole_breath_fits() -> None:
    from pendulate.script.model import BREATH_CUE

    session, clock = breath_session(True)
    events = run(session, clock, 200)
    assert swells(events) == [10.0, 20.0, 30.0, 40.0, 50.0]  # the first breath starts with the bowl
    assert {e.cue for e in events if isinstance(e, ev.CueDue) and e.purpose == "breath"} == {BREATH_CUE}
    session, clock = breath_session(False)
    assert swells(run(session, clock, 200)) == []


def test_the_swells_wait_through_a_pause() -> None:
    session, clock = breath_session(True)
    clock.set(12.0)
    session.advance()
    session.pause()
    clock.set(42.0)
    events = session.resume() + run(session, clock, 300)
    assert swells(events) == [50.0, 60.0, 70.0, 80.0]
