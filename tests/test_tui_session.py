"""Pilot tests of practising: phases in order, check-ins by keys, and every session key."""

from __future__ import annotations

from pendulate.catalogue import scripts as catalogue
from pendulate.engine import events as ev
from pendulate.store.store import Store
from pendulate.tui.messages import EngineEvent
from pendulate.tui.screens.checkin import CheckinScreen
from pendulate.tui.screens.confirm import ConfirmQuit
from pendulate.tui.screens.crisis import CrisisScreen
from pendulate.tui.screens.help import HelpScreen
from pendulate.tui.screens.library import LibraryScreen
from pendulate.tui.screens.summary import SummaryScreen
from tests.tui_helpers import SHORT, advance_to_next, answer, make_app, session_screen


def notice_text(app) -> str:
    return str(session_screen(app).query_one("#notice").render())


async def test_a_whole_built_in_session_runs_in_order_with_keyed_checkins():
    script = catalogue.resolve("body-pendulation")
    app, clock, player = make_app(start=script)
    messages: dict[int, EngineEvent] = {}  # a bubbling message reaches the hook once per node

    def hook(message) -> None:
        if isinstance(message, EngineEvent):
            messages.setdefault(id(message.event), message)

    async with app.run_test(message_hook=hook) as pilot:
        await pilot.pause()
        for _ in range(200):
            if isinstance(app.screen, SummaryScreen):
                break
            if isinstance(app.screen, CheckinScreen):
                # The settling check after each return asks settling alone.
                keys = ("7", "enter") if app.screen.scales == ("settling",) else ("2", "7", "enter")
                await answer(pilot, *keys)
            else:
                await advance_to_next(pilot, app, clock)
        assert isinstance(app.screen, SummaryScreen)
    seen = [m.event for m in messages.values()]
    kinds = [e.kind for e in seen if isinstance(e, ev.PhaseStarted) and e.kind != "checkin"]
    expected = [s.kind for s in app.practice.plan.steps if not s.is_checkin]
    assert kinds == expected
    recorded = [e.answers.as_dict() for e in seen if isinstance(e, ev.CheckinRecorded)]
    assert recorded and all(a in ({"suds": 2, "settling": 7}, {"settling": 7}) for a in recorded)
    assert sum(1 for a in recorded if a == {"settling": 7}) == 4  # one after each return
    assert any(isinstance(e, ev.SessionEnded) and e.status == "completed" for e in seen)
    played = [cue for _, cue in player.played]
    assert played[0] == "chime" and played[-1] == "bell" and "low" in played


async def test_library_lists_scripts_and_enter_starts_one():
    app, clock, _ = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        details = str(app.screen.query_one("#details").render())
        assert "Orient and resource" in details  # the gentle default comes first
        while app.screen._selected().id != "short-test":
            await pilot.press("down")
        assert "Short test" in str(app.screen.query_one("#details").render())
        await pilot.press("s")
        assert app.screen.__class__.__name__ == "TimelineScreen"
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert session_screen(app).practice.script.id == "short-test"


async def test_therapist_scripts_are_marked_in_the_library():
    app, clock, _ = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        labels = [str(o.prompt) for o in app.screen.query_one("#scripts").options]
        marked = [label for label in labels if "with therapist" in label]
        assert marked and all(
            "tressor" in label.lower() or "irritation" in label.lower() or "with therapist" in label for label in marked
        )


async def test_pause_excludes_paused_time():
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await answer(pilot, "1", "8", "enter")
        session = session_screen(app).practice.session
        clock.advance(5)
        await pilot.press("space")
        clock.advance(500)
        session_screen(app).poll()
        await pilot.pause()
        assert session.paused and session.step.kind == "ground"
        assert session.step_remaining() == 15
        assert "paused" in str(session_screen(app).query_one("#countdown-small").render())
        await pilot.press("space")
        clock.advance(15)
        session_screen(app).poll()
        await pilot.pause()
        assert session.step.kind == "activation"


async def test_g_from_activation_goes_into_grounding():
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await answer(pilot, "1", "8", "enter")
        await advance_to_next(pilot, app, clock)
        session = session_screen(app).practice.session
        assert session.step.kind == "activation"
        await pilot.press("g")
        await pilot.pause()
        assert session.grounding and session.step.origin == "stop"
        assert "ground" in notice_text(app).lower()


async def test_g_works_inside_a_checkin_too():
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("g")
        await pilot.pause()
        assert session_screen(app).practice.session.grounding


async def test_q_asks_and_keeps_a_stopped_session_in_the_log():
    store = Store.open()
    app, clock, _ = make_app(start=SHORT, store=store)
    async with app.run_test() as pilot:
        await answer(pilot, "3", "6", "enter")
        clock.advance(4)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("escape")
        await pilot.pause()
        assert not session_screen(app).practice.session.finished
        await pilot.press("q", "y")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    rows = store.history()
    assert rows[0].status == "stopped" and rows[0].pre_suds == 3
    detail = store.session_detail(rows[0].id)
    assert detail.end_reason == "quit" and detail.end_phase_kind == "ground"


async def test_a_high_rating_shows_one_calm_titration_sentence():
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await answer(pilot, "2", "7", "enter")
        await advance_to_next(pilot, app, clock)
        await advance_to_next(pilot, app, clock)
        assert isinstance(app.screen, CheckinScreen)
        await answer(pilot, "8", "3", "enter")
        text = notice_text(app)
        assert "stay longer with your resource" in text
        assert session_screen(app).practice.session.step.duration == 60  # 40 s × 1.5


async def test_extend_next_and_mute_keys():
    app, clock, player = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await answer(pilot, "2", "7", "enter")
        session = session_screen(app).practice.session
        await pilot.press("e")
        assert session.step_remaining() == 50
        await pilot.press("n")
        await pilot.pause()
        assert session.step.kind == "activation"
        await pilot.press("e")
        await pilot.pause()
        assert "resource phases" in notice_text(app)
        await pilot.press("m")
        assert player.muted
        await pilot.press("m")
        assert not player.muted


async def test_next_never_skips_the_closing_resource():
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await answer(pilot, "2", "7", "enter")
        session = session_screen(app).practice.session
        await pilot.press("n", "n")
        await pilot.pause()
        await answer(pilot, "escape")
        assert session.step.kind == "resource"
        await pilot.press("n")
        await pilot.pause()
        assert session.step.kind == "resource"
        assert "closing part stays" in notice_text(app)


async def test_crisis_help_is_one_key_away_and_pauses_practice():
    app, clock, _ = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)
        await pilot.press("escape", "enter")
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)
        assert session_screen(app).practice.session.paused
        await pilot.press("g")
        await pilot.pause()
        assert session_screen(app).practice.session.grounding


async def test_help_lists_every_session_key():
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await answer(pilot, "2", "7", "enter")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        for binding in session_screen(app).BINDINGS:
            assert (
                f"\n  {binding.key if binding.key != 'space' else 'space'}" in "\n" + text
                or binding.description in text
            )


async def test_summary_shows_ratings_and_changes():
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await answer(pilot, "2", "7", "enter")
        for _ in range(40):
            if isinstance(app.screen, SummaryScreen):
                break
            if isinstance(app.screen, CheckinScreen):
                await answer(pilot, "8" if app.practice.session.step.title != "As we close" else "3", "4", "enter")
            else:
                await advance_to_next(pilot, app, clock)
        await pilot.pause()
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "start 2" in text and "highest 8" in text and "end 3" in text
        assert "stay longer with your resource" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_crisis_from_a_checkin_then_ground_leaves_the_checkin():
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)
        await pilot.press("g")
        await pilot.pause()
        assert not any(isinstance(s, (CheckinScreen, CrisisScreen)) for s in app.screen_stack)
        assert session_screen(app).practice.session.grounding


async def test_every_cue_also_flashes_the_frame():
    app, clock, player = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await answer(pilot, "2", "7", "enter")
        stage = session_screen(app).query_one("#stage")
        await pilot.pause(0.8)  # the ground phase's own flash has passed
        before = stage.styles.border_top
        await advance_to_next(pilot, app, clock)  # the touch begins: its cue plays and flashes
        assert player.played[-1][1] == "low"
        assert stage.styles.border_top != before
        await pilot.pause(0.8)
        assert stage.styles.border_top == before


async def test_plus_rates_ten_and_moves_on():
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("plus", "3")
        scales = {s.id: s.value for s in app.screen.query("RatingScale")}
        assert scales == {"suds": 10, "settling": 3}
