"""The library index: the next start's first frame, trusted only while what it was made from holds."""

from __future__ import annotations

import json
import stat
from datetime import date, timedelta

import pytest
from rich.text import Text
from textual import events
from textual.widgets import OptionList, Static

from pendulate import cli, paths
from pendulate.audio import RecordingPlayer
from pendulate.catalogue import scripts as catalogue
from pendulate.engine.clock import FakeClock
from pendulate.script import library
from pendulate.settings import Settings
from pendulate.store.store import Store
from pendulate.tui import library_index
from pendulate.tui.factory import build_app
from pendulate.tui.library_index import Entry
from pendulate.tui.screens.first_run import IntroScreen
from pendulate.tui.screens.library import LibraryScreen, library_order
from pendulate.tui.screens.session import SessionScreen
from tests.tui_helpers import make_app


def _entry(id: str = "calm", title: str = "Calm") -> Entry:
    label = Text(title)
    label.append("  7:00", style="dim")
    details = Text(title + "\n", style="bold")
    details.append("◎ orient  ◆ resource\n\n", style="italic dim")
    details.append("A [not markup] line with \x1b escapes shown literally.")
    return Entry(id, label, details)


def test_a_saved_library_reads_back_line_for_line_style_for_style():
    entries = [_entry(), _entry("other", "Other")]
    library_index.save(entries, plain=False)
    loaded = library_index.load(plain=False)
    assert loaded is not None
    assert library_index.encode(loaded) == library_index.encode(entries)
    assert [e.label for e in loaded] == [e.label for e in entries]
    assert stat.S_IMODE(library_index.index_path().stat().st_mode) == paths.FILE_MODE


def _add_user_script() -> None:
    folder = paths.user_scripts_dir()
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("id: mine\n", encoding="utf-8")


def _add_homework() -> None:
    folder = paths.homework_dir()
    folder.mkdir(parents=True)
    (folder / "hw.yaml").write_text("therapist: Dr. Lee\n", encoding="utf-8")


def _new_version(monkeypatch) -> None:
    monkeypatch.setattr(library_index, "__version__", "99.0")


@pytest.mark.parametrize("change", [_add_user_script, _add_homework, _new_version])
def test_the_index_is_not_used_once_anything_it_was_made_from_changes(change, monkeypatch):
    library_index.save([_entry()], plain=False)
    assert library_index.load(plain=False) is not None
    if change is _new_version:
        change(monkeypatch)
    else:
        change()
    assert library_index.load(plain=False) is None


def test_the_day_is_not_part_of_what_the_index_was_made_from():
    # The day's lines (a week's count, a resting note) are redrawn after the load, like any
    # line the log changed, so the morning's first start can still use yesterday's index.
    library_index.save([_entry()], plain=False)
    made_from = json.dumps(library_index.made_from(plain=False))
    assert date.today().isoformat() not in made_from
    assert (date.today() - timedelta(days=1)).isoformat() not in made_from
    assert library_index.load(plain=False) is not None


def test_an_index_from_before_the_day_was_dropped_is_not_used():
    library_index.save([_entry()], plain=False)
    raw = json.loads(library_index.index_path().read_text(encoding="utf-8"))
    raw["made_from"]["day"] = "2026-11-30"
    library_index.index_path().write_text(json.dumps(raw), encoding="utf-8")
    assert library_index.load(plain=False) is None


def test_a_user_script_edited_in_place_makes_the_index_stale():
    _add_user_script()
    library_index.save([_entry()], plain=False)
    script = paths.user_scripts_dir() / "mine.yaml"
    script.write_text("id: mine\ntitle: Changed, same folder\n", encoding="utf-8")
    assert library_index.load(plain=False) is None


def test_plain_mode_has_its_own_library():
    library_index.save([_entry()], plain=False)
    assert library_index.load(plain=True) is None


@pytest.mark.parametrize(
    "damage",
    [
        "not json at all",
        "{}",
        '{"made_from": null, "entries": []}',
        "[1, 2, 3]",
        "\udcff".encode("utf-8", "surrogateescape").decode("latin-1"),
    ],
)
def test_a_damaged_index_is_ignored(damage):
    library_index.save([_entry()], plain=False)
    library_index.index_path().write_text(damage, encoding="utf-8")
    assert library_index.load(plain=False) is None


@pytest.mark.parametrize(
    "entries",
    [
        [["calm", ["Calm", "", [[0, 4, "bold on on on"]]], ["Calm", "", []]]],  # a style nothing can draw
        [["calm", [4, "", []], ["Calm", "", []]]],  # a line that is not text
        [["calm", ["Calm", "", [[0, "x", "bold"]]], ["Calm", "", []]]],
        [["calm", ["Calm", "", [[0, 40, "bold"]]], ["Calm", "", []]]],  # a style past the end of its line
        [["calm", ["Calm", "", [[3, 1, "bold"]]], ["Calm", "", []]]],
        [["calm", ["Calm", ""], ["Calm", "", []]]],
        [],
    ],
)
def test_an_index_with_lines_it_cannot_draw_is_ignored(entries):
    library_index.save([_entry()], plain=False)
    raw = json.loads(library_index.index_path().read_text(encoding="utf-8"))
    raw["entries"] = entries
    library_index.index_path().write_text(json.dumps(raw), encoding="utf-8")
    assert library_index.load(plain=False) is None


def test_an_unchanged_library_is_not_written_again(monkeypatch):
    library_index.save([_entry()], plain=False)

    def no_replace(*args):
        raise AssertionError("the same index was written again")

    monkeypatch.setattr(library_index.os, "replace", no_replace)
    library_index.save([_entry()], plain=False)


def test_an_unwritable_data_folder_only_costs_the_head_start(monkeypatch):
    import errno

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(library_index.os, "open", read_only)
    library_index.save([_entry()], plain=False)  # no exception, no file
    assert library_index.load(plain=False) is None


# ----- the app ------------------------------------------------------------------------------


async def _first_start() -> None:
    """A normal start with a working log: the statement accepted, the library drawn and kept."""
    store = Store.open()
    app, _, _ = make_app(store=store, scripts=catalogue.all_scripts)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
    store.close()
    assert library_index.load(plain=False) is not None


def _early_app(calls: list):
    def scripts():
        calls.append(isinstance(app.screen, LibraryScreen) and app.screen.is_mounted)
        return catalogue.all_scripts()

    clock = FakeClock()
    app = build_app(
        speech=False,
        clock=clock,
        player=RecordingPlayer(clock),
        settings=Settings(),
        scripts=scripts,
        reduced_motion=True,
        early_library=True,
    )
    return app


async def test_the_library_is_drawn_from_the_index_then_loaded_before_any_key():
    await _first_start()
    raw = json.loads(library_index.index_path().read_text(encoding="utf-8"))
    raw["entries"][0][1] = ["A line from an older start", "", []]
    library_index.index_path().write_text(json.dumps(raw), encoding="utf-8")

    calls: list = []
    app = _early_app(calls)
    assert app.store is None and app.player is None  # nothing opened before the first frame
    async with app.run_test() as pilot:
        await pilot.press("enter")  # handled only once everything is loaded
        await pilot.pause()
        assert calls == [True]  # the scripts were read once, with the library already up
        assert app.store is not None
        assert app.practice is not None and app.practice.script.id == library.DEFAULT_SCRIPT_ID
        for _ in range(250):  # the spoken guidance is made first (espeak-ng, in a worker thread)
            if any(isinstance(s, SessionScreen) for s in app.screen_stack):
                break
            await pilot.pause(0.02)
        assert any(isinstance(s, SessionScreen) for s in app.screen_stack)
    # The line that differed was drawn again and the index corrected.
    assert "A line from an older start" not in library_index.index_path().read_text(encoding="utf-8")


async def test_a_line_that_changed_in_the_log_is_redrawn_and_the_highlight_kept():
    await _first_start()
    raw = json.loads(library_index.index_path().read_text(encoding="utf-8"))
    raw["entries"][1][1] = ["Stale title", "", []]
    raw["entries"][1][2] = ["Stale description", "", []]
    library_index.index_path().write_text(json.dumps(raw), encoding="utf-8")
    app = _early_app([])
    async with app.run_test() as pilot:
        await pilot.press("down")
        await pilot.pause()
        screen = app.screen
        option_list = screen.query_one(OptionList)
        assert option_list.highlighted == 1
        assert "Stale" not in str(option_list.get_option_at_index(1).prompt)
        assert "Stale" not in str(screen.query_one("#details", Static).render())
        assert str(screen.query_one("#details", Static).render()).startswith(screen.scripts[1].title)


async def test_an_index_without_an_accepted_statement_leads_to_the_statement():
    await _first_start()
    for path in paths.data_dir().glob("pendulate.sqlite3*"):
        path.unlink()  # a new log: the statement has not been accepted in it
    app = _early_app([])
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, IntroScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_without_a_log_no_index_is_kept():
    app, _, _ = make_app(store=None, scripts=catalogue.all_scripts)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
    assert not library_index.index_path().exists()


def test_pendulate_with_no_arguments_opens_the_library_without_building_every_command(monkeypatch):
    import pendulate.cli.practice as practice

    opened = []
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("the command modules were loaded"))
    monkeypatch.setattr(practice, "open_library", lambda args: opened.append(args) or 0)
    assert cli.main([]) == 0
    assert len(opened) == 1


async def test_the_stop_key_works_from_the_first_frame_of_an_early_library():
    await _first_start()
    app = _early_app([])
    async with app.run_test() as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert app.practice is not None and app.practice.script.id == library.STOP_SCRIPT_ID


async def test_keys_typed_ahead_on_an_early_library_act_in_the_order_typed():
    await _first_start()
    app = _early_app([])
    async with app.run_test() as pilot:
        for key in ("down", "down", "enter"):  # queued together, before anything has loaded
            app.post_message(events.Key(key, None if key != "enter" else "\r"))
        await pilot.pause()
        await pilot.pause()
        third = sorted(catalogue.all_scripts(), key=library_order)[2]
        assert app.practice is not None and app.practice.script.id == third.id


# ----- without a kept index: the built-in lines shipped with pendulate ---------------------


def test_the_shipped_built_in_lines_are_the_ones_the_library_draws_today():
    from pendulate.tui.screens.library import built_in_entries

    shipped = library_index.BUILT_IN_LINES.read_text(encoding="utf-8")
    assert shipped == library_index.built_in_lines_text(built_in_entries), (
        "a built-in script or the way a line is drawn changed: run `python -m pendulate.tui.library_builtins`"
    )
    for plain in (False, True):
        lines = library_index.built_in_lines(plain)
        assert lines is not None
        assert library_index.encode(lines) == library_index.encode(built_in_entries(plain))


@pytest.mark.parametrize("change", [_add_user_script, _add_homework])
def test_the_shipped_lines_are_not_used_for_someone_with_scripts_or_homework_of_their_own(change):
    change()
    assert library_index.built_in_lines(plain=False) is None


def test_the_shipped_lines_are_not_used_once_a_built_in_file_differs(tmp_path, monkeypatch):
    from pendulate import resources

    copy = tmp_path / "sessions"
    copy.mkdir()
    for path in resources.sessions_dir().iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(resources, "sessions_dir", lambda: copy)
    assert library_index.built_in_lines(plain=False) is not None  # a copy, with new file times
    script = copy / f"{library.DEFAULT_SCRIPT_ID}.yaml"
    script.write_text(script.read_text(encoding="utf-8").replace("title:", "title: Changed", 1), encoding="utf-8")
    assert library_index.built_in_lines(plain=False) is None


@pytest.mark.parametrize(
    "damage", ["", "{", '{"format": 1}', '{"format": 0, "built-in": [], "styled": [], "plain": []}']
)
def test_damaged_shipped_lines_are_ignored(damage, tmp_path, monkeypatch):
    bad = tmp_path / "library-builtins.json"
    bad.write_text(damage, encoding="utf-8")
    monkeypatch.setattr(library_index, "BUILT_IN_LINES", bad)
    assert library_index.built_in_lines(plain=False) is None


async def test_without_an_index_the_library_is_drawn_from_the_shipped_lines_then_loaded_and_kept():
    await _first_start()
    library_index.index_path().unlink()  # after an upgrade, say
    calls: list = []
    app = _early_app(calls)
    assert app.store is None and app.player is None  # nothing opened before the first frame
    async with app.run_test() as pilot:
        await pilot.press("down")
        await pilot.pause()
        assert calls == [True]  # the scripts were read once, with the library already up
        screen = app.screen
        assert isinstance(screen, LibraryScreen) and app.store is not None
        second = sorted(catalogue.all_scripts(), key=library_order)[1]
        assert str(screen.query_one("#details", Static).render()).startswith(second.title)
    assert library_index.load(plain=False) is not None  # kept for the next start


async def test_without_an_index_a_log_whose_statement_was_not_accepted_shows_the_statement_first():
    Store.open().close()  # a log in which the first-run statement was never accepted
    app = _early_app([])
    assert app.store is not None  # the long way: everything is opened before anything is drawn
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, IntroScreen)


def test_without_an_index_or_a_log_nothing_is_drawn_early():
    app = _early_app([])
    assert app.store is not None  # opened (and made) before the first frame, for the statement
    app.store.close()


# ----- the collector, held back until the first frame ---------------------------------------


def test_pendulate_with_no_arguments_holds_the_collector_back_until_it_returns(monkeypatch):
    import gc

    import pendulate.cli.practice as practice

    seen = []
    monkeypatch.setattr(practice, "open_library", lambda args: seen.append(gc.isenabled()) or 0)
    assert gc.isenabled()
    assert cli.main([]) == 0
    assert seen == [False] and gc.isenabled()


async def test_the_collector_runs_again_once_the_first_frame_is_drawn():
    import gc

    from pendulate import collector

    await _first_start()
    app = _early_app([])
    collector.hold()
    try:
        async with app.run_test() as pilot:
            await pilot.pause()
            assert isinstance(app.screen, LibraryScreen)
            assert gc.isenabled()
    finally:
        collector.release()
        gc.unfreeze()
