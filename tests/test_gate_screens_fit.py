"""The safety gate's screens keep their keys in sight on a small terminal."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from pendulate.tui.screens.screening import ScreeningScreen, recommend_screen, therapist_script_screen
from tests.tui_helpers import make_app


@pytest.mark.parametrize("size", [(40, 12), (80, 24)])
@pytest.mark.parametrize(
    ("make", "keys_id"),
    [
        (ScreeningScreen, "#screening-keys"),
        (recommend_screen, "#choice-keys"),
        (therapist_script_screen, "#choice-keys"),
    ],
)
async def test_the_keys_are_on_screen(size, make, keys_id):
    app, _, _ = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.push_screen(make())
        await pilot.pause()
        keys = app.screen.query_one(keys_id, Static)
        screen = app.screen.region
        assert keys.region.height > 0 and screen.contains_region(keys.region)
