"""The person's own resources offered in resource phases ("You might return to: my dog"), and
U1/U2's sentences on the practice screen, with U2's crisis help opening at the safety plan."""

from __future__ import annotations

from pendulate.engine import events as ev
from pendulate.engine.answers import CheckinAnswers
from pendulate.settings import Settings
from pendulate.store import Store
from pendulate.tui.phase_extras import offer_line
from pendulate.tui.screens.checkin import CheckinScreen
from pendulate.tui.screens.crisis import CrisisScreen, crisis_text
from tests.tui_helpers import SHORT, advance_to_next, make_app, session_screen


def phase(kind: str, origin: str = "script") -> ev.PhaseStarted:
    return ev.PhaseStarted(0.0, 0.0, 1, kind, "A phase", 30.0, 0.0, origin)


def offered(screen) -> str | None:
    line = screen.query_one("#return-to")
    return str(line.render()) if line.display else None


def test_the_offer_is_worded_as_an_offer_and_only_in_resource_phases_or_stop_ground():
    names = ["my dog", "warm spot in my chest", "the lake"]
    assert offer_line(phase("resource"), "x", names) == "You might return to: my dog, or warm spot in my chest"
    assert offer_line(phase("return"), "x", names[:1]) == "You might return to: my dog"
    assert offer_line(phase("activation"), "x", names) == ""
    assert offer_line(phase("orient"), "x", names) == ""
    assert offer_line(phase("ground"), "x", names) == ""
    assert offer_line(phase("ground", origin="stop"), "x", names).startswith("You might return to: my dog")
    assert offer_line(phase("contain"), "stop-ground", names).startswith("You might return to")
    assert offer_line(phase("orient", origin="stop"), "x", names) == ""
    assert offer_line(phase("resource"), "x", []) == ""


async def test_a_resource_phase_offers_the_most_recent_names_from_the_log(monkeypatch):
    monkeypatch.setattr(Store, "own_resources", lambda self, limit=8: ["my dog", "the lake"], raising=False)
    app, clock, _ = make_app(start=SHORT, store=Store.open())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "7", "enter")
        await pilot.pause()
        screen = session_screen(app)
        assert offered(screen) is None  # grounding: not a resource phase
        while (step := screen.practice.session.step) is None or step.kind != "resource":
            if isinstance(app.screen, CheckinScreen):
                await pilot.press("3", "5", "enter")
                await pilot.pause()
            else:
                assert offered(screen) is None
                await advance_to_next(pilot, app, clock)
        assert offered(screen) == "You might return to: my dog, or the lake"
        await advance_to_next(pilot, app, clock)  # on to the room
        assert offered(screen) is None


async def test_nothing_is_offered_without_a_log_or_when_it_cannot_answer(monkeypatch):
    app, _, _ = make_app(start=SHORT)  # no log
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "7", "enter")
        await pilot.pause()
        screen = session_screen(app)
        screen._show_phase(phase("resource"))
        assert offered(screen) is None

    def fails(self, limit=8):
        raise OSError("the log is held by another program")

    monkeypatch.setattr(Store, "own_resources", fails, raising=False)
    app, _, _ = make_app(start=SHORT, store=Store.open())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "7", "enter")
        await pilot.pause()
        screen = session_screen(app)
        screen._show_phase(phase("resource"))
        assert offered(screen) is None


async def test_a_resource_named_in_this_session_is_offered_in_the_next_resource_phase():
    app, _, _ = make_app(start=SHORT)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "7", "enter")
        await pilot.pause()
        screen = session_screen(app)
        screen._resources = ["the lake", "my dog"]
        screen._answered(CheckinAnswers(suds=3, resource="my dog"))
        await pilot.pause()
        screen._show_phase(phase("resource"))
        assert offered(screen) == "You might return to: my dog, or the lake"


def test_plan_first_puts_the_safety_plan_before_the_contacts():
    settings = Settings()
    settings.what_helps = "call Sam; the cold water"
    usual = crisis_text(settings, "a reason").plain
    first = crisis_text(settings, "a reason", plan_first=True).plain
    assert usual.index("My safety plan") > usual.index("not crisis care")
    assert first.index("My safety plan") < first.index("not crisis care")
    assert first.index("Thank you for staying with this") < first.index("My safety plan")
    assert first.count("call Sam") == 1


U2 = "The urge is still very strong as we finish. Let's open your safety plan first."


async def test_u1_and_u2_say_their_sentence_and_u2s_crisis_help_opens_at_the_safety_plan():
    settings = Settings()
    settings.what_helps = "the cold water"
    app, _, _ = make_app(start=SHORT, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "7", "enter")
        await pilot.pause()
        screen = session_screen(app)
        from pendulate.tui.messages import EngineEvent

        stamp = (0.0, 0.0)
        screen.post_message(EngineEvent(ev.TitrationApplied(*stamp, "U1", "We'll leave the waves for today.", {})))
        await pilot.pause()
        assert "leave the waves for today" in str(screen.query_one("#notice").render())
        screen.post_message(EngineEvent(ev.TitrationApplied(*stamp, "U9", "A rule not known here.", {})))
        await pilot.pause()
        assert "A rule not known here." in str(screen.query_one("#notice").render())
        screen.post_message(EngineEvent(ev.TitrationApplied(*stamp, "U2", U2, {})))
        screen.post_message(EngineEvent(ev.CrisisSuggested(*stamp, "urge still at 5/5 at the end")))
        await pilot.pause()
        await pilot.pause()
        crisis = app.screen
        assert isinstance(crisis, CrisisScreen) and crisis.plan_first
        text = str(crisis.query_one("#crisis-text").render())
        assert text.index("My safety plan") < text.index("not crisis care")
        assert app.safety.record.state().resting is not None  # the care of a hard ending


async def test_a_hard_ending_without_u2_keeps_the_usual_order():
    app, _, _ = make_app(start=SHORT)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "7", "enter")
        await pilot.pause()
        screen = session_screen(app)
        from pendulate.tui.messages import EngineEvent

        screen.post_message(EngineEvent(ev.CrisisSuggested(0.0, 0.0, "ended at 9/10")))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen) and not app.screen.plan_first


def test_plain_mode_names_the_rating_keys_only_for_a_check_in_that_asks_the_ratings():
    from pendulate.tui.phase_extras import plain_checkin_line

    assert "a digit for intensity" in plain_checkin_line(("suds", "settling", "zone"))
    assert "intensity" not in plain_checkin_line(("urge", "wave"))
    assert "Escape skips" in plain_checkin_line(("resource", "part"))


def test_plan_first_with_no_plan_written_says_how_to_write_one():
    from pendulate.tui.screens.crisis import NO_PLAN_YET

    first = crisis_text(Settings(), "a reason", plan_first=True).plain
    assert first.index("My safety plan") < first.index("not crisis care")
    assert NO_PLAN_YET in first
    assert "My safety plan" not in crisis_text(Settings(), "a reason").plain
