"""The welcome statement says how to go on without scrolling, on small terminals too."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from pendulate.tui.screens.first_run import IntroScreen
from pendulate.tui.screens.library import LibraryScreen
from tests.tui_helpers import make_app

SIZES = [(80, 24), (40, 12)]


def keys_in_sight(app) -> str:
    """The key line's text, after checking it is drawn inside the screen, uncovered."""
    keys = app.screen.query_one("#welcome-keys", Static)
    region = keys.region
    assert region and app.screen.region.contains_region(region), region
    for y in range(region.y, region.bottom):
        shown, _ = app.screen.get_widget_at(region.x, y)
        assert shown is keys
    return str(keys.render())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_way_on_is_in_sight_before_any_scrolling(size):
    app, _, _ = make_app(welcomed=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, IntroScreen)
        keys = keys_in_sight(app)
        assert "Enter: I understand, continue" in keys and "q: not now" in keys and "c: crisis help" in keys
        # The statement itself scrolls under the key line, which stays put.
        await pilot.press("end")
        await pilot.pause()
        assert keys_in_sight(app) == keys
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_reading_it_again_from_help_says_how_to_close(size):
    app, _, _ = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("question_mark", "a")
        await pilot.pause()
        assert isinstance(app.screen, IntroScreen)
        assert "Esc: close" in keys_in_sight(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, IntroScreen)
