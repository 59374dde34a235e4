"""A rehearsal is the person's to keep or not; in plain mode it says so, and check-ins have the screen."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.widgets import RichLog

from pendulate.audio import RecordingPlayer
from pendulate.engine.clock import FakeClock
from pendulate.settings import Settings, check_settings
from pendulate.store.store import Store
from pendulate.tui.factory import build_app
from pendulate.tui.screens.checkin import CheckinScreen
from pendulate.tui.screens.session import SessionScreen
from tests.tui_helpers import SHORT


def _app(store: Store, settings: Settings, speed: float, plain: bool = False, clock: FakeClock | None = None):
    clock = clock or FakeClock()
    app = build_app(
        speech=False,
        clock=clock,
        player=RecordingPlayer(clock),
        store=store,
        settings=settings,
        scripts=lambda: [SHORT],
        start_script=SHORT,
        speed=speed,
        plain=plain,
        reduced_motion=True,
    )
    app.safety.record.accept_intro()
    app.safety.record.record_screening("clear")
    return app


@pytest.mark.parametrize(("keep", "speed", "recorded"), [(True, 5.0, 1), (False, 5.0, 0), (False, 1.0, 1)])
async def test_record_rehearsals_decides_whether_a_run_at_speed_is_kept(keep, speed, recorded):
    with Store.open() as store:
        app = _app(store, Settings(record_rehearsals=keep), speed)
        async with app.run_test() as pilot:
            await pilot.pause()
            assert isinstance(app.screen, CheckinScreen)
            await pilot.press("2", "7", "enter")
            await pilot.pause()
            assert any(isinstance(s, SessionScreen) for s in app.screen_stack)
        assert len(store.history()) == recorded
        if recorded:
            assert store.history()[0].rehearsal is (speed != 1.0)


def test_the_setting_is_read_and_defaults_to_keeping_rehearsals(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_text("record_rehearsals: false\n", encoding="utf-8")
    settings, problems = check_settings(path)
    assert settings.record_rehearsals is False and problems == []
    assert Settings().record_rehearsals is True


async def test_plain_mode_says_a_rehearsal_is_one_and_gives_the_check_in_the_whole_screen():
    with Store.open() as store:
        app = _app(store, Settings(), 5.0, plain=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            checkin = app.screen
            assert isinstance(checkin, CheckinScreen)
            card = checkin.query_one("#checkin-card")
            assert card.region == checkin.region  # nothing of the session's lines shows around it
            assert checkin.styles.background.a == 1.0
            await pilot.press("2", "7", "enter")
            await pilot.pause()
            lines = app.screen.query_one("#lines", RichLog)
            text = "\n".join(strip.text for strip in lines.lines)
            assert "A rehearsal at 5× speed: kept apart, never counted as practice." in text


@pytest.mark.parametrize(("speed", "rests"), [(1.0, True), (5.0, False)])
async def test_a_rehearsed_hard_ending_opens_crisis_help_but_does_not_rest_activation(speed, rests):
    from pendulate.tui.screens.crisis import CrisisScreen

    clock = FakeClock()
    with Store.open() as store:
        app = _app(store, Settings(), speed, clock=clock)
        async with app.run_test() as pilot:
            await pilot.pause()
            for _ in range(60):
                if isinstance(app.screen, CrisisScreen):
                    break
                if isinstance(app.screen, CheckinScreen):
                    await pilot.press("8", "2", "enter")
                else:
                    screen = next(s for s in app.screen_stack if isinstance(s, SessionScreen))
                    due = screen.practice.session.next_due()
                    assert due is not None
                    clock.set(due * speed if speed != 1.0 else due)
                    screen.poll()
                await pilot.pause()
            assert isinstance(app.screen, CrisisScreen)
        assert (store.resting(datetime.now(UTC)) is not None) is rests
