"""The app's own views of the log as a clinician looks at them: month names whole, sessions of
one day told apart by time, unticked boxes that read as unticked without colour, and an export
of nothing that says so."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from store_helpers import WallClock, pendulation, record
from test_tui_history import make_app, settle
from textual.widgets import Static

from pendulate.store.store import Store
from pendulate.tui.screens.export import ExportScreen, NotesChoice
from pendulate.tui.screens.trends import TrendsScreen, axis_ends
from pendulate.tui.widgets.trend_chart import TextBlock, calendar, month_header

MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"


@pytest.mark.parametrize(
    "first, weeks",
    [(date(2024, 9, 16), 12), (date(2024, 9, 30), 12), (date(2024, 10, 28), 4), (date(2024, 1, 1), 26)],
)
def test_month_names_over_the_calendar_are_never_cut(first: date, weeks: int) -> None:
    line = month_header(first, weeks)
    assert len(line) == 2 * weeks
    words = line.split()
    assert words and all(re.fullmatch(MONTHS, w) for w in words), line  # "Oct", never "Oc"
    months = {f"{date.fromordinal(first.toordinal() + 7 * w):%b}" for w in range(weeks)}
    assert set(words) <= months


def test_the_calendar_in_the_app_starts_with_its_month_and_names_the_next_whole() -> None:
    header = calendar(set(), {date(2024, 11, 20)}, date(2024, 12, 3), weeks=12).plain.splitlines()[0]
    assert header.split() == ["Sep", "Oct", "Nov", "Dec"]
    assert "Oc " not in header + " " and "No " not in header + " "


async def test_trends_of_one_day_label_the_axis_with_times() -> None:
    with Store.open() as store:
        for hour in (7, 12, 21):
            record(store, pendulation([(3, 6, 6)]), WallClock(datetime(2026, 12, 1, hour, 5, tzinfo=UTC)))
        trends = store.trends()
        assert axis_ends(trends, store) == ("01 Dec 2026, 07:05", "21:05")
        app = make_app(store)
        async with app.run_test(size=(90, 40)) as pilot:
            app.push_screen(TrendsScreen(store))
            await settle(pilot)
            drawn = app.screen.query(TextBlock).first().draw(80).plain
    axis = [line for line in drawn.splitlines() if "Dec" in line]
    assert axis and "01 Dec 2026, 07:05" in axis[0] and axis[0].rstrip().endswith("21:05")


async def test_trends_over_several_days_keep_the_days() -> None:
    with Store.open() as store:
        for day in (1, 2):
            record(store, pendulation([(3, 6, 6)]), WallClock(datetime(2026, 12, day, 9, 0, tzinfo=UTC)))
        assert axis_ends(store.trends(), store) is None


@pytest.mark.parametrize("no_color", [True, False])
async def test_an_unticked_box_reads_as_unticked_without_colour(
    monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    with Store.open() as store:
        record(store, pendulation([(3, 6, 6)]))
        app = make_app(store)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("h")
            await pilot.pause()
            await pilot.press("x")
            await pilot.pause()
            box = app.screen.query_one(NotesChoice)
            ticked = box._button.plain
            box.value = False
            await pilot.pause()
            unticked = box._button.plain
    if no_color:
        # The half blocks turn into one grey block without colour: brackets show the state.
        assert (ticked, unticked) == ("[X]", "[ ]")
    else:
        assert unticked.strip("▐▌") == " " and ticked.strip("▐▌") == "X"


async def test_exporting_an_empty_log_says_so_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    with Store.open() as store:
        app = make_app(store)
        async with app.run_test(size=(100, 40)) as pilot:
            app.push_screen(ExportScreen(store))
            await pilot.pause()
            preview = str(app.screen.query_one("#export-preview", Static).render())
            assert preview.startswith("There are no sessions in your log yet; there is nothing to export.")
            field = app.screen.query_one("#export-path")
            field.value = str(target)
            field.focus()
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ExportScreen)
            status = str(app.screen.query_one("#export-status", Static).render())
    assert status == "There are no sessions in your log yet, so no file was written."
    assert not target.exists()
