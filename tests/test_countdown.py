"""The countdown draws exactly what Textual's Digits draws, without its per-second render."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import Digits

from pendulate.tui.widgets.countdown import Countdown
from pendulate.tui.widgets.phase_bar import PhaseBar

VALUES = ["", "0:05", "4:59", "12:30", "1:05:00", "+10", "take"]


class Pair(App[None]):
    CSS = "Digits { width: auto; height: 3; } .bold { text-style: bold; }"

    def __init__(self, value: str, bold: bool) -> None:
        super().__init__()
        self.value, self.bold = value, bold

    def compose(self) -> ComposeResult:
        classes = "bold" if self.bold else ""
        yield Digits(self.value, id="theirs", classes=classes)
        yield Countdown(self.value, id="ours", classes=classes)


def _rows(widget: Digits) -> list[str]:
    region = Region(0, 0, widget.size.width, widget.size.height)
    return [strip.text for strip in widget.render_lines(region)]


@pytest.mark.parametrize("bold", [False, True])
async def test_each_row_matches_textuals_digits(bold):
    for value in VALUES:
        app = Pair(value, bold)
        async with app.run_test() as pilot:
            await pilot.pause()
            theirs, ours = app.query_one("#theirs", Digits), app.query_one("#ours", Countdown)
            assert ours.size == theirs.size
            assert _rows(ours) == _rows(theirs), value


async def test_an_update_draws_the_new_value():
    app = Pair("4:59", bold=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        theirs, ours = app.query_one("#theirs", Digits), app.query_one("#ours", Countdown)
        before = _rows(ours)
        for widget in (theirs, ours):
            widget.update("4:58")
        await pilot.pause()
        assert _rows(ours) == _rows(theirs) != before


class Bar(App[None]):
    def compose(self) -> ComposeResult:
        yield PhaseBar(id="bar")


async def test_the_phase_bar_fills_cell_by_cell():
    app = Bar()
    async with app.run_test(size=(40, 5)) as pilot:
        bar = app.query_one(PhaseBar)
        for fraction, done in ((0.0, 0), (0.5, 20), (1.0, 40), (1.7, 40)):
            bar.set_fraction(fraction)
            await pilot.pause()
            (line,) = bar.render_lines(Region(0, 0, 40, 1))
            assert line.text == "━" * done + "─" * (40 - done)
