"""A script of the person's that can't be read is in the library as one line saying why, after
the scripts, never started; the rest of the library is as it was."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from pendulate import paths
from pendulate.audio import RecordingPlayer
from pendulate.engine.clock import FakeClock
from pendulate.settings import Settings
from pendulate.store.store import Store
from pendulate.tui import library_index
from pendulate.tui.factory import build_app
from pendulate.tui.screens.library import LibraryScreen


def _broken_script() -> str:
    folder = paths.user_scripts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mine.yaml"
    path.write_text("id: mine\ntitle: Mine\nphases:\n  - kind: ground\n    duration: 1min30\n", encoding="utf-8")
    return str(path)


def _app(store: Store):
    clock = FakeClock()
    app = build_app(
        speech=False, clock=clock, player=RecordingPlayer(clock), store=store, settings=Settings(), reduced_motion=True
    )
    assert app.safety is not None
    app.safety.record.accept_intro()
    return app


async def test_a_script_that_cannot_be_read_is_a_line_of_its_own_that_says_where():
    path = _broken_script()
    with Store.open() as store:
        app = _app(store)
        said: list[str] = []
        app.notify = lambda text, **_: said.append(text)  # type: ignore[method-assign]
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            option_list = screen.query_one(OptionList)
            last = option_list.get_option_at_index(option_list.option_count - 1)
            assert str(last.prompt) == "mine.yaml  can't be read (2 mistakes)"
            assert len(screen.scripts or []) == option_list.option_count - 1  # the scripts are all there
            option_list.highlighted = option_list.option_count - 1
            await pilot.pause()
            details = str(screen.query_one("#details", Static).render())
            assert details.startswith(f"can't be read — {path}:4:5: ") and "'1min30' is not a duration" in details
            await pilot.press("enter")  # never started: a calm word says what to do
            await pilot.pause()
            assert app.practice is None and isinstance(app.screen, LibraryScreen)
            assert any("pendulate validate" in text and "mine.yaml" in text for text in said)
    # The kept index draws the same line at the next start.
    kept = library_index.load(plain=False)
    assert kept is not None and str(kept[-1].label) == "mine.yaml  can't be read (2 mistakes)"


async def test_without_such_a_file_the_library_has_no_extra_line():
    with Store.open() as store:
        app = _app(store)
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            assert screen.query_one(OptionList).option_count == len(screen.scripts or [])
