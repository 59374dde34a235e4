"""A check-in whose question widgets are not mounted yet never fails: it shows them once they are."""

from __future__ import annotations

from pendulate.tui.screens.checkin import CheckinScreen
from pendulate.tui.widgets.rating import RatingScale
from tests.checkin_helpers import checkin_first
from tests.tui_helpers import make_app


async def test_a_question_not_mounted_yet_is_shown_once_it_is():
    app, clock, player = make_app(start=checkin_first(("suds", "settling")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        settling = screen.query_one("#settling")
        parent = settling.parent
        assert parent is not None
        await settling.remove()
        screen._go(1)  # the question's widget is not there: no error, it waits for it
        await pilot.pause()
        assert screen.step is not None and screen.step.name == "settling"
        again = RatingScale("settled", "not at all", "completely", id="settling")
        await parent.mount(again)
        await pilot.pause(0.1)
        assert screen.focused is again  # shown and focused once it is there
