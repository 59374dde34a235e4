"""The history screen through Pilot: list, chart, trends, export with a preview, and back again."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from bench.demo import build_demo
from pendulate.audio import RecordingPlayer
from pendulate.engine.clock import FakeClock
from pendulate.script import library
from pendulate.settings import Settings
from pendulate.store.store import Store
from pendulate.tui.factory import build_app
from pendulate.tui.screens.history import ExportScreen, HistoryScreen, SessionChartScreen, TrendsScreen
from pendulate.tui.screens.library import LibraryScreen
from pendulate.tui.widgets.pendulation_chart import PendulationChart
from pendulate.tui.widgets.trend_chart import TextBlock

SESSIONS = 14
LAST_DAY = date(2024, 5, 31)


@pytest.fixture
def store():
    with Store.open() as opened:
        build_demo(opened, SESSIONS, seed=11, last_day=LAST_DAY)
        yield opened


def make_app(store: Store, plain: bool = False):
    clock = FakeClock()
    app = build_app(
        speech=False,
        clock=clock,
        player=RecordingPlayer(clock),
        store=store,
        settings=Settings(),
        scripts=library.builtin_scripts,
        start_script=None,
        plain=plain,
        reduced_motion=True,
    )
    app.safety.record.accept_intro()  # the welcome statement has its own tests
    return app


async def settle(pilot) -> None:
    """Let workers finish and their messages land."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def table_rows(app) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_history_lists_newest_first_and_goes_back(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        expected = store.history()
        rows = table_rows(app)
        assert len(rows) == SESSIONS
        assert [r[0] for r in rows] == [f"{s.started_local:%Y-%m-%d %H:%M}" for s in expected]
        assert rows == sorted(rows, key=lambda r: r[0], reverse=True)
        first = expected[0]
        assert rows[0][1] == first.script_id
        assert rows[0][3] in ("completed", "stopped", "interrupted")
        assert rows[0][4:] == [str(first.pre_suds), str(first.peak_suds), str(first.end_suds)]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_more_rows_load_as_the_cursor_nears_the_end(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(HistoryScreen(store, page=5))
        await pilot.pause()
        assert len(table_rows(app)) == 5
        await pilot.press("ctrl+end")
        await pilot.pause()
        await pilot.press("ctrl+end")
        await pilot.pause()
        await pilot.press("ctrl+end")
        await pilot.pause()
        ids = [s.id for s in app.screen.sessions]
        assert ids == [s.id for s in store.history()]  # all 14, in order, none twice
        assert len(table_rows(app)) == SESSIONS


async def test_enter_opens_the_pendulation_chart_with_titration_notes(store: Store) -> None:
    (with_change,) = store.read(
        lambda conn: conn.execute("SELECT session_id FROM events WHERE type = 'titration' LIMIT 1").fetchone()
    )
    position = [s.id for s in store.history()].index(with_change)
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        app.screen.query_one(DataTable).move_cursor(row=position)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionChartScreen)
        assert app.screen.detail.summary.id == with_change
        chart = app.screen.query_one(PendulationChart)
        detail = store.session_detail(with_change)
        assert len(chart.points) == len([c for c in detail.checkins if c.suds is not None])
        drawn = chart.chart(90).plain
        assert "R1 at " in drawn and "▲" in drawn and "● SUDS" in drawn
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_trends_view(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TrendsScreen)
        headings = [str(w.render()) for w in app.screen.query(".trend-heading")]
        assert any("highest and at the end" in h for h in headings)
        assert any("Time practised per week" in h for h in headings)
        assert any("Days practised" in h for h in headings)
        drawn = "\n".join(block.draw(90).plain for block in app.screen.query(TextBlock))
        assert "assigned script practised" in drawn
        lowered = (drawn + " ".join(headings)).lower()
        assert "streak" not in lowered and "missed" not in lowered
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_export_previews_then_writes_what_the_store_holds(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # the default path is in the home folder
    counts = store.counts()
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        preview = str(app.screen.query_one("#export-preview", Static).render())
        assert f"{counts['sessions']} sessions and {counts['checkins']} check-ins" in preview
        assert f"{counts['first_day']} to {counts['last_day']}" in preview
        assert "your notes are included" in preview
        await pilot.click("#fmt-json")
        await pilot.click("#export-notes")
        await pilot.pause()
        preview = str(app.screen.query_one("#export-preview", Static).render())
        assert "your notes are left out" in preview
        target = tmp_path / f"pendulate-report-{date.today().isoformat()}.json"
        assert f"JSON to {target}" in preview
        assert not target.exists()  # nothing is written before the person asks
        await pilot.click("#export-write")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        notice = str(app.screen.query_one("#history-notice", Static).render())
        assert notice == f"Written to {target} (readable only by you)."
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["filters"]["notes_included"] is False
    stored = {s.id: s for s in store.history()}
    assert {s["id"] for s in data["sessions"]} == set(stored)
    for session in data["sessions"]:
        summary = stored[session["id"]]
        assert session["summary"]["peak_suds"] == summary.peak_suds
        assert len(session["checkins"]) == summary.checkin_count
        assert session["note"] is None and all(c["note"] is None for c in session["checkins"])
    assert target.stat().st_mode & 0o777 == 0o600


async def test_export_can_be_cancelled_and_reports_a_missing_folder(store: Store, tmp_path: Path) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        field = app.screen.query_one("#export-path")
        field.value = str(tmp_path / "nowhere" / "report.html")
        await pilot.pause()
        await pilot.click("#export-write")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        status = str(app.screen.query_one("#export-status", Static).render())
        assert "doesn't exist" in status
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
    assert not (tmp_path / "nowhere").exists()


async def test_export_with_a_path_no_disk_can_hold_says_so_and_stays_open(store: Store, tmp_path: Path) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        field = app.screen.query_one("#export-path")
        too_long = "its name is too long (a file or folder name can be at most 255 bytes)"
        for typed in (tmp_path / ("a" * 300 + ".html"), tmp_path / ("b" * 300) / "report.html"):
            field.value = str(typed)  # every key typed refreshes the preview: none may raise
            await pilot.pause()
            preview = str(app.screen.query_one("#export-preview", Static).render())
            assert f"(that place can't be used: {too_long})." in preview
            await pilot.click("#export-write")
            await settle(pilot)
            assert isinstance(app.screen, ExportScreen)
            status = str(app.screen.query_one("#export-status", Static).render())
            assert status == f"It can't be written there: {too_long}. Please choose another name or place."
        field.value = "~no-such-person-here/report.html"  # a home folder this machine doesn't know
        field.focus()
        await pilot.pause()
        await pilot.press("enter")  # Enter in the path writes, as the button does
        await settle(pilot)
        assert "doesn't exist; choose another place" in str(app.screen.query_one("#export-status", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
    assert app.return_code in (None, 0)


async def test_narrow_screen_keeps_the_main_columns(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        # The script's name tells sessions apart; the highlighted one's ending is said below.
        assert [str(c.label) for c in table.columns.values()] == ["date", "script", "peak"]
        newest = store.history(limit=2)
        assert table_rows(app)[0] == [f"{newest[0].started_local:%d %b}", newest[0].script_id, str(newest[0].peak_suds)]
        visible = table.region.width - table.scrollbar_size_vertical
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= visible  # nothing cut off
        await pilot.press("down")
        await pilot.pause()
        notice = str(app.screen.query_one("#history-notice", Static).render())
        second = newest[1]
        assert notice.startswith(f"{second.started_local:%H:%M} · {second.status} · SUDS {second.pre_suds} → ")
        assert len(notice) <= 38
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionChartScreen)


async def test_plain_mode_draws_no_boxes(store: Store) -> None:
    app = make_app(store, plain=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        drawn = app.screen.query_one(PendulationChart).chart(90).plain
        assert "┤" not in drawn and "▲" not in drawn
        assert "Check-ins (time, SUDS, settling):" in drawn


async def test_empty_history_says_so_gently() -> None:
    with Store.open() as empty:
        app = make_app(empty)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("h")
            await pilot.pause()
            notice = str(app.screen.query_one("#history-notice", Static).render())
            assert notice.startswith("No sessions yet.")
            await pilot.press("enter")  # nothing to open; nothing breaks
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen)
