"""Safety behaviours, by Pilot with a fake clock: welcome, screening, stop key, crisis help, rest."""

from __future__ import annotations

import stat
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from pendulate import paths, settings
from pendulate.catalogue import scripts as catalogue
from pendulate.store.store import Store
from pendulate.tui.screens.checkin import CheckinScreen
from pendulate.tui.screens.confirm import ConfirmQuit
from pendulate.tui.screens.crisis import CrisisScreen
from pendulate.tui.screens.crisis_edit import CrisisEditScreen
from pendulate.tui.screens.first_run import IntroScreen
from pendulate.tui.screens.help import HelpScreen
from pendulate.tui.screens.library import LibraryScreen
from pendulate.tui.screens.screening import ChoiceScreen, ScreeningScreen
from pendulate.tui.screens.summary import SummaryScreen
from tests.tui_helpers import SHORT, advance_to_next, answer, make_app, session_screen

ZONE = timezone(timedelta(hours=2))


def texts(screen) -> str:
    return " ".join(str(w.render()) for w in screen.query("Static"))


async def test_welcome_is_shown_once_and_can_be_read_again():
    store = Store.open()
    app, _, _ = make_app(store=store, welcomed=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, IntroScreen)
        text = texts(app.screen)
        assert "not for crises" in text and "nothing is sent anywhere" in text
        assert str(paths.data_dir()) in text and "little research" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
    again, _, _ = make_app(store=store, welcomed=False)
    async with again.run_test() as pilot:
        await pilot.pause()
        assert isinstance(again.screen, LibraryScreen)
        await pilot.press("question_mark", "a")
        await pilot.pause()
        assert isinstance(again.screen, IntroScreen)


async def test_declining_the_welcome_leaves_quietly():
    app, _, _ = make_app(welcomed=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)
    assert not any(isinstance(s, LibraryScreen) for s in app.screen_stack)


async def test_screening_comes_before_the_first_activation_script_only():
    app, clock, _ = make_app(start=catalogue.resolve("orient-resource"), screened=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)  # resource-only: no screening
    app, clock, _ = make_app(start=SHORT, screened=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen)
        await pilot.press("n", "n", "n")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert app.safety.record.state().screened == "clear"


async def test_any_yes_recommends_a_therapist_and_offers_resource_practice():
    app, clock, _ = make_app(start=SHORT, screened=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("n", "y", "n")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and "with a therapist" in texts(app.screen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen) and app.practice is None
        assert app.safety.record.state().screened == "recommend-therapist"
        while app.screen._selected().id != "short-test":
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert app.safety.record.state().opted_in


async def test_therapist_scripts_need_an_assignment_or_an_explicit_choice():
    stressor = catalogue.resolve("mild-stressor")
    app, _, _ = make_app(start=stressor)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and "therapist" in texts(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
    assigned = replace(stressor, origin="assigned")
    app, _, _ = make_app(start=assigned, screened=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)


@pytest.mark.parametrize("modal", ["checkin", "help", "crisis", "confirm"])
async def test_stop_key_reaches_grounding_through_any_open_screen(modal):
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        if modal != "checkin":
            await answer(pilot, "2", "7", "enter")
            await advance_to_next(pilot, app, clock)
            assert session_screen(app).practice.session.step.kind == "activation"
            await pilot.press({"help": "question_mark", "crisis": "c", "confirm": "q"}[modal])
            await pilot.pause()
            assert isinstance(app.screen, {"help": HelpScreen, "crisis": CrisisScreen, "confirm": ConfirmQuit}[modal])
        await pilot.press("g")
        await pilot.pause()
        session = session_screen(app).practice.session
        assert app.screen is session_screen(app)
        assert session.grounding and session.step.origin == "stop"
        assert not session.finished


async def test_stop_key_from_every_phase_of_a_built_in():
    script = catalogue.resolve("body-pendulation")
    count = len([s for s in SHORT.phases])
    for skip in range(count + 4):
        app, clock, _ = make_app(start=script)
        async with app.run_test() as pilot:
            await answer(pilot, "2", "7", "enter")
            for _ in range(skip):
                if isinstance(app.screen, CheckinScreen):
                    await answer(pilot, "3", "6", "enter")
                else:
                    await advance_to_next(pilot, app, clock)
            kind = session_screen(app).practice.session.step.kind
            await pilot.press("g")
            await pilot.pause()
            session = session_screen(app).practice.session
            assert session.grounding, f"g did not ground from {kind}"
            assert session.step.kind in ("orient", "ground", "contain")


async def test_g_outside_a_session_starts_the_grounding_practice_at_once():
    app, _, _ = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        practice = session_screen(app).practice
        assert practice.script.id == "stop-ground"
        assert not practice.session.awaiting_checkin and practice.session.step.kind == "orient"


async def test_crisis_help_opens_from_every_screen():
    app, clock, _ = make_app(start=SHORT, store=Store.open())
    async with app.run_test() as pilot:
        await pilot.pause()
        for setup in (None, ("2", "7", "enter"), ("question_mark",), ("escape", "q"), ("y",)):
            if setup:
                await pilot.press(*setup)
                await pilot.pause()
                await pilot.pause()
            await pilot.press("c")
            await pilot.pause()
            assert isinstance(app.screen, CrisisScreen), f"no crisis help over {app.screen_stack[-2]}"
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("h", "c")
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)


async def test_crisis_contacts_and_safety_plan_are_editable():
    app, _, _ = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("c", "e")
        await pilot.pause()
        assert isinstance(app.screen, CrisisEditScreen)
        area = app.screen.query_one("#contacts")
        area.text = "Call Sam on 555 0101\nDr. Lee's office"
        app.screen.query_one("#what_helps").value = "cold water, my dog"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)
        shown = texts(app.screen)
        assert "Call Sam on 555 0101" in shown and "cold water, my dog" in shown
    saved = settings.load()
    assert saved.crisis_contacts == ["Call Sam on 555 0101", "Dr. Lee's office"]
    assert stat.S_IMODE(paths.config_path().stat().st_mode) == 0o600


async def finish_with_rating(pilot, app, clock, end: str) -> None:
    await answer(pilot, "2", "7", "enter")
    for _ in range(60):
        if app.practice.session.finished:
            return
        if isinstance(app.screen, CheckinScreen):
            closing = app.practice.session.step.title == "As we close"
            await answer(pilot, end if closing else "3", "5", "enter")
        elif isinstance(app.screen, CrisisScreen):
            return
        else:
            await advance_to_next(pilot, app, clock)


async def test_a_hard_ending_opens_crisis_help_and_rests_activation_until_tomorrow():
    store = Store.open()
    evening = [datetime(2026, 3, 4, 21, 30, tzinfo=ZONE)]
    app, clock, _ = make_app(start=SHORT, store=store, wall_clock=lambda: evening[0])
    async with app.run_test() as pilot:
        await finish_with_rating(pilot, app, clock, "8")
        assert isinstance(app.screen, CrisisScreen)
        assert "therapist" in texts(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        # Settling goes on after the panel, paused until the person is ready.
        assert app.screen is session_screen(app) and app.practice.session.paused
    until, reason = store.resting(evening[0])
    assert until == datetime(2026, 3, 5, 0, 0, tzinfo=ZONE)
    app, clock, _ = make_app(store=store, wall_clock=lambda: evening[0] + timedelta(hours=2))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        labels = {o.id: str(o.prompt) for o in app.screen.query_one("#scripts").options}
        assert "resting" in labels["body-pendulation"] and "resting" not in labels["orient-resource"]
        app.request_practice(catalogue.resolve("body-pendulation"))
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen) and app.practice is None
    after_midnight = evening[0] + timedelta(hours=3)
    app, clock, _ = make_app(
        store=store, start=catalogue.resolve("body-pendulation"), wall_clock=lambda: after_midnight
    )
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)


async def test_a_high_ending_adds_settling_before_the_end():
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await finish_with_rating(pilot, app, clock, "6")
        await pilot.pause(0.05)
        origins = [s.origin for s in app.practice.session.steps]
        assert origins[-3:] == ["titration", "titration", "closing"]  # resource, orient, check-in
        assert app.practice.session.steps[-2].kind == "orient"
        assert isinstance(app.screen, SummaryScreen)
        assert "settle a little longer" in texts(app.screen)


async def test_crisis_help_at_the_very_end_stays_in_front_of_the_summary():
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await answer(pilot, "9", "1", "enter")  # started high: a high ending adds no settling
        session = app.practice.session
        while not (session.awaiting_checkin and session.step.title == "As we close"):
            if session.awaiting_checkin:
                await answer(pilot, "3", "5", "enter")
            else:
                await advance_to_next(pilot, app, clock)
        await answer(pilot, "9", "1", "enter")
        await pilot.pause(0.05)
        assert session.finished and isinstance(app.screen, CrisisScreen)
        await pilot.press("escape")
        await pilot.pause(0.05)
        assert isinstance(app.screen, SummaryScreen)
