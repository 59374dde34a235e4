"""The crisis-plan editor works on any terminal: Save in sight, Tab through everything, nothing
typed lost by a stray Escape. Crisis help names the therapist from the homework."""

from __future__ import annotations

import pytest
from homework_helpers import HOMEWORK, write
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from pendulate import paths, settings
from pendulate.homework.install import add_homework
from pendulate.tui.screens.crisis import CrisisScreen, therapist_lines
from pendulate.tui.screens.crisis_edit import LEAVE_QUESTION, CrisisEditScreen, DiscardChanges
from pendulate.tui.screens.help import HelpScreen
from tests.tui_helpers import make_app

SIZES = [(80, 24), (40, 12)]
FIELDS = ["contacts", "warning_signs", "what_helps", "people", "professionals"]


def on_screen(app, widget: Widget) -> bool:
    """The widget is drawn where it is: inside the screen and not covered or scrolled away."""
    region = widget.region
    if not region or not app.screen.region.contains_region(region):
        return False
    shown, _ = app.screen.get_widget_at(region.x, region.y)
    return shown is widget or widget in shown.ancestors


def texts(screen) -> str:
    return " ".join(str(w.render()) for w in screen.query(Static))


async def open_editor(pilot, app) -> CrisisEditScreen:
    await pilot.pause()
    await pilot.press("c", "e")
    await pilot.pause()
    assert isinstance(app.screen, CrisisEditScreen)
    return app.screen


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_save_is_in_sight_and_tab_reaches_every_field_and_save(size):
    app, _, _ = make_app()
    async with app.run_test(size=size) as pilot:
        editor = await open_editor(pilot, app)
        save = editor.query_one("#crisis-save")
        assert on_screen(app, save) and "ctrl+s" in str(save.render())
        assert on_screen(app, editor.query_one("#crisis-editor-keys"))
        reached = []
        for _ in range(len(FIELDS) + 1):
            focused = app.focused
            assert focused is not None and on_screen(app, focused), f"{focused} is out of sight"
            reached.append(focused.id)
            await pilot.press("tab")
            await pilot.pause()
        assert reached == [*FIELDS, "crisis-save"]
        assert app.focused is not None and app.focused.id == "contacts"  # round again
        assert on_screen(app, save)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_ctrl_s_saves_from_any_field(size):
    app, _, _ = make_app()
    async with app.run_test(size=size) as pilot:
        editor = await open_editor(pilot, app)
        await pilot.press("tab", "tab", "tab", "tab")  # the last field: scrolled into view at 40×12
        await pilot.pause()
        assert app.focused is editor.query_one("#professionals")
        await pilot.press(*"Dr. Lee")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)
        assert "Professionals: Dr. Lee" in texts(app.screen)
    assert settings.load().professionals == "Dr. Lee"


async def test_the_save_button_saves():
    app, _, _ = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        editor = await open_editor(pilot, app)
        editor.query_one("#what_helps", Input).value = "cold water"
        editor.query_one("#crisis-save").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)
    assert settings.load().what_helps == "cold water"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_escape_with_changes_asks_and_n_keeps_them(size):
    app, _, _ = make_app()
    async with app.run_test(size=size) as pilot:
        editor = await open_editor(pilot, app)
        await pilot.press("tab", *"tight jaw")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardChanges)
        assert LEAVE_QUESTION in texts(app.screen)
        assert on_screen(app, app.screen.query_one("#discard-title"))
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is editor
        assert editor.query_one("#warning_signs", Input).value == "tight jaw"
        assert app.focused is editor.query_one("#warning_signs")
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)
        assert "tight jaw" not in texts(app.screen)
    assert not paths.config_path().exists()


async def test_escape_without_changes_closes_at_once():
    app, _, _ = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, app)
        # Typing something and taking it back again is no change.
        area = editor.query_one("#contacts", TextArea)
        area.text = area.text + "x"
        area.text = area.text[:-1]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)
    assert not paths.config_path().exists()


async def test_help_lists_the_save_key():
    app, _, _ = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "ctrl+s  save" in texts(app.screen)


async def test_crisis_help_names_the_therapist_from_the_homework(tmp_path):
    add_homework(write(tmp_path, "hw.yaml", HOMEWORK))
    app, _, _ = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)
        assert "Your therapist: Dr. Lee, lee@example.org" in texts(app.screen)


async def test_crisis_help_without_homework_names_no_therapist():
    app, _, _ = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Your therapist" not in texts(app.screen)


def test_therapist_lines_once_each_contact_optional(tmp_path):
    add_homework(write(tmp_path, "a.yaml", HOMEWORK))
    add_homework(write(tmp_path, "b.yaml", HOMEWORK.replace("id: anna-spring", "id: anna-summer")))
    no_contact = HOMEWORK.replace("id: anna-spring", "id: sam").replace(
        "  name: Dr. Lee\n  contact: lee@example.org\n", "  name: Sam Okafor\n"
    )
    add_homework(write(tmp_path, "c.yaml", no_contact))
    assert therapist_lines() == ["Your therapist: Dr. Lee, lee@example.org", "Your therapist: Sam Okafor"]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_crisis_help_keeps_its_keys_in_sight(size):
    app, _, _ = make_app(settings=settings.Settings(what_helps="cold water " * 30))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        keys = app.screen.query_one("#crisis-keys", Static)
        assert on_screen(app, keys) and "e: edit" in str(keys.render())
