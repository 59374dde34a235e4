"""The key line at the bottom: every screen's keys, readable when narrow, clickable."""

from __future__ import annotations

from tui_helpers import SHORT, answer, make_app

from pendulate.tui.screens.help import HelpScreen
from pendulate.tui.widgets.keybar import KeyBar


def line(app) -> str:
    bar = app.screen.query_one(KeyBar)
    return bar.render().plain


async def test_each_screen_says_its_own_keys_and_the_safety_keys():
    app, _, _ = make_app(start=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        library = line(app)
        assert library.startswith("⏎ practise")  # the list's own enter key does not hide it
        assert "h history" in library and "q quit" in library
        assert "g ground now" in library and "c crisis help" in library and "? help" in library
        app.request_practice(SHORT)
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        practice = line(app)
        assert "space pause" in practice and "e more time" in practice and "n next" in practice
        assert "h history" not in practice and "g ground now" in practice


async def test_a_narrow_terminal_shortens_the_descriptions_before_cutting_anything():
    app, _, _ = make_app(start=SHORT)
    async with app.run_test(size=(40, 12)) as pilot:
        await answer(pilot, "2", "7", "enter")
        text = line(app)
        assert len(text) <= 38 and not text.endswith("…")
        assert text.split() == ["space", "e", "n", "m", "q", "g", "c", "?", "help"]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        wider = line(app)  # all of it would take 85 columns: first words only
        assert "space pause  e more  n next" in wider and "g ground  c crisis  ? help" in wider
        assert len(wider) <= 78


async def test_a_key_in_the_line_can_be_clicked():
    app, _, _ = make_app(start=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        column = line(app).index("? help") + 1  # the bar has one column of padding
        await pilot.click(KeyBar, offset=(column, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
