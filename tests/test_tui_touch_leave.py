"""Pilot tests: ending a touch by key, every way of leaving, the care after leaving at the
crisis level, help pausing the session, m after --mute, and e's calm line."""

from __future__ import annotations

import pytest

from pendulate.audio import RecordingPlayer
from pendulate.audio.listener import CuePlayer
from pendulate.audio.player import NullPlayer
from pendulate.engine import events as ev
from pendulate.engine.clock import FakeClock
from pendulate.script import library
from pendulate.settings import Settings
from pendulate.store.store import Store
from pendulate.tui.factory import build_app
from pendulate.tui.screens.checkin import CheckinScreen
from pendulate.tui.screens.confirm import ConfirmQuit
from pendulate.tui.screens.crisis import CrisisScreen
from pendulate.tui.screens.help import HelpScreen
from pendulate.tui.screens.session_chart import chart_data
from pendulate.tui.screens.summary import SummaryScreen
from pendulate.tui.widgets.keybar import KeyBar
from tests.tui_helpers import SHORT, advance_to_next, answer, make_app, session_screen


def notice_text(app) -> str:
    return str(session_screen(app).query_one("#notice").render())


def shown_keys(app) -> list[str]:
    return [binding.description for binding, _ in session_screen(app).query_one(KeyBar).shown()]


async def into_the_touch(pilot, app, clock) -> None:
    """Answer the opening check-in and let the grounding phase run out."""
    await answer(pilot, "2", "7", "enter")
    session = session_screen(app).practice.session
    while session.step.kind != "activation":
        await advance_to_next(pilot, app, clock)


# ----- a touch can end now ------------------------------------------------------------------


@pytest.mark.parametrize("key", ["enter", "b"])
async def test_enter_or_b_ends_the_touch_and_its_checkin_brings_r1(key):
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        assert "enough" not in shown_keys(app)  # not outside a touch
        await into_the_touch(pilot, app, clock)
        assert "enough" in shown_keys(app) and "more time" not in shown_keys(app)
        bar = session_screen(app).query_one(KeyBar)
        line = str(bar.render())
        assert "b enough" in line and "g ground" in line  # every key keeps a word at 80 columns
        clock.advance(5)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        await answer(pilot, "3", "6", "enter")
        assert "You chose to stop that touch" in notice_text(app)
        session = session_screen(app).practice.session
        assert session.step.kind == "resource" and session.step.duration == 60  # 40 s × 1.5
        assert "enough" not in shown_keys(app) and "more time" in shown_keys(app)


async def test_an_ended_touch_is_kept_in_the_log_and_marked_on_the_chart():
    store = Store.open()
    app, clock, _ = make_app(start=SHORT, store=store)
    async with app.run_test() as pilot:
        await pilot.pause()
        await into_the_touch(pilot, app, clock)
        await pilot.press("b")
        await pilot.pause()
        await answer(pilot, "escape")
    detail = store.session_detail(store.history()[0].id)
    assert "touch-ended" in [e.type for e in detail.events]
    _, _, changes = chart_data(detail)
    tags = [tag for _, tag, _ in changes]
    assert "enough" in tags and "R1" in tags
    assert any(message == "You chose to end the touch here." for _, _, message in changes)
    # The exported report says so too: in the session's list of changes and on its chart.
    from pendulate.export.html_export import export_html

    html = export_html(store, store.path.parent / "report.html").read_text(encoding="utf-8")
    assert "enough: the touch was ended here by choice" in html and ">enough</text>" in html


# ----- leaving goes through the leave dialog ------------------------------------------------


@pytest.mark.parametrize("key", ["q", "ctrl+q", "ctrl+c"])
async def test_every_leaving_key_asks_first(key):
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press(key)  # asked once, not twice
        await pilot.pause()
        assert sum(isinstance(s, ConfirmQuit) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert not session_screen(app).practice.session.finished
        assert app.return_code is None


async def test_the_palette_quit_asks_first():
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"quit")
        await pilot.pause(0.5)  # the palette searches in a worker
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ConfirmQuit)
        assert not session_screen(app).practice.session.finished


async def test_ctrl_q_then_leave_keeps_the_session_as_stopped_and_closes():
    store = Store.open()
    app, clock, _ = make_app(start=SHORT, store=store)
    async with app.run_test() as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app._exit
    assert store.history()[0].status == "stopped"


async def test_leaving_from_inside_a_checkin_closes_it_and_stops():
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("y")
        await pilot.pause()
        assert session_screen(app).practice.session.finished
        assert not any(isinstance(s, CheckinScreen) for s in app.screen_stack)


async def test_ctrl_q_outside_a_session_quits_at_once():
    app, clock, _ = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app._exit


# ----- leaving at the crisis level is cared for like a hard ending --------------------------


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_leaving_after_a_rating_of_seven_opens_crisis_help_and_rests_activation(key):
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await pilot.pause()
        await into_the_touch(pilot, app, clock)
        await pilot.press("enter")
        await pilot.pause()
        await answer(pilot, "7", "3", "enter")
        await pilot.press(key)
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)
        assert "therapist" in str(app.screen.query_one("#crisis-text").render())
        assert not app._exit  # the care comes first, even after ctrl+q
        notes = app.safety.resting_notes(library.builtin_scripts())
        assert "body-pendulation" in notes and "orient-resource" not in notes
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)


async def test_leaving_with_calm_ratings_brings_no_crisis_panel():
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        await pilot.press("q", "y")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.safety.resting_notes(library.builtin_scripts()) == {}


# ----- help pauses, and only space goes on --------------------------------------------------


@pytest.mark.parametrize("key, screen_type", [("question_mark", HelpScreen), ("c", CrisisScreen)])
async def test_help_pauses_and_the_session_stays_paused_when_it_closes(key, screen_type):
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        session = session_screen(app).practice.session
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, screen_type)
        assert session.paused
        await pilot.pause()
        assert "Paused while help is open." in notice_text(app)
        await pilot.press("escape")
        await pilot.pause()
        clock.advance(60)
        session_screen(app).poll()
        await pilot.pause()
        assert session.paused and session.step.kind == "ground"
        await pilot.press("space")
        await pilot.pause()
        assert not session.paused
        assert "Going on." in notice_text(app)


# ----- sound and more time ------------------------------------------------------------------


async def test_m_after_starting_muted_turns_sound_on_first():
    app, clock, player = make_app(start=SHORT)
    player.set_muted(True)  # as --mute (or sound off in the settings) starts a session
    async with app.run_test() as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        await pilot.press("m")
        await pilot.pause()
        assert not player.muted and notice_text(app) == "Sound on."
        await pilot.press("m")
        await pilot.pause()
        assert player.muted and "Sound off" in notice_text(app)


async def test_m_after_mute_swaps_the_silent_player_for_one_that_sounds(monkeypatch):
    clock = FakeClock()
    sounding = RecordingPlayer(clock)
    monkeypatch.setattr("pendulate.audio.make_player", lambda **_: sounding)
    app = build_app(
        speech=False,
        clock=clock,
        player=NullPlayer(),  # what --mute builds
        store=None,
        settings=Settings(),
        scripts=lambda: [SHORT],
        start_script=SHORT,
        reduced_motion=True,
    )
    app.safety.record.accept_intro()
    app.safety.record.record_screening("clear")
    async with app.run_test() as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        await pilot.press("m")
        await pilot.pause()
        assert app.player is sounding and not sounding.muted and sounding.prepared
        assert notice_text(app) == "Sound on."
        cue_players = [li for li in app.practice.runner.listeners if isinstance(li, CuePlayer)]
        assert cue_players and all(c.player is sounding for c in cue_players)
        await advance_to_next(pilot, app, clock)
        while not sounding.played:
            await advance_to_next(pilot, app, clock)


async def test_e_says_what_it_did_and_when_it_cannot():
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        await pilot.press("e")
        await pilot.pause()
        assert notice_text(app) == "30 seconds more here."
        await into_the_touch(pilot, app, clock)
        events_before = len(session_screen(app).log_events)
        await pilot.press("e")
        await pilot.pause()
        assert "keeps its length" in notice_text(app)
        assert not any(isinstance(e, ev.Extended) for e in session_screen(app).log_events[events_before:])


async def test_a_digit_during_a_touch_is_its_rating():
    store = Store.open()
    app, clock, _ = make_app(start=SHORT, store=store)
    async with app.run_test() as pilot:
        await pilot.pause()
        await into_the_touch(pilot, app, clock)
        clock.advance(5)
        await pilot.press("8")
        await pilot.pause()
        checkin = app.screen
        assert isinstance(checkin, CheckinScreen)
        assert checkin.step is not None and checkin.step.name == "settling"  # intensity already taken
        await answer(pilot, "4", "enter")
        session = session_screen(app).practice.session
        assert session.step.kind == "resource"
    (detail,) = [store.session_detail(s.id) for s in store.history()]
    assert detail is not None
    assert [(c.suds, c.settling) for c in detail.checkins][-1] == (8, 4)
    assert any(e.type == "touch-ended" for e in detail.events)
    store.close()


async def test_a_digit_outside_a_touch_does_nothing():
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        session = session_screen(app).practice.session
        assert session.step.kind == "ground"
        await pilot.press("8")
        await pilot.pause()
        assert not isinstance(app.screen, CheckinScreen) and session.step.kind == "ground"
