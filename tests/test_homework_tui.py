"""The library lists assigned scripts first, says who assigned them, and starts them with the homework."""

from __future__ import annotations

import re

from homework_helpers import HOMEWORK, run_session, write
from textual.widgets import OptionList, Static
from tui_helpers import make_app, session_screen

from pendulate.catalogue import scripts as catalogue
from pendulate.catalogue.effective import session_setup
from pendulate.homework.install import add_homework
from pendulate.store.store import Store
from pendulate.tui.messages import Notice
from pendulate.tui.screens.library import LibraryScreen

GUILT = re.compile(r"streak|failed|missed|\bmust\b|should have|behind", re.I)


def _library(app) -> LibraryScreen:
    return next(s for s in app.screen_stack if isinstance(s, LibraryScreen))


async def test_assigned_scripts_come_first_with_who_and_this_week(tmp_path):
    add_homework(write(tmp_path, "hw.yaml", HOMEWORK))
    store = Store.open()
    script = catalogue.resolve("body-pendulation")
    run_session(script, store, options=session_setup(script, store).options())
    app, clock, player = make_app(store=store, scripts=catalogue.all_scripts)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = _library(app)
        assert screen.scripts[0].id == "body-pendulation" and screen.scripts[0].origin == "assigned"
        first = str(screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "assigned by Dr. Lee · 1 of 3 this week" in first
        details = str(screen.query_one("#details", Static).render())
        assert "A note from Dr. Lee" in details and "Go gently" in details and "3 times a week" in details
        assert not GUILT.search(first + details)
        # Built-ins stay as they were, further down, once each.
        ids = [s.id for s in screen.scripts]
        assert ids.count("body-pendulation") == 1 and "orient-resource" in ids
    store.close()


async def test_starting_an_assigned_script_applies_and_records_the_homework(tmp_path):
    add_homework(write(tmp_path, "hw.yaml", HOMEWORK))
    store = Store.open()
    script = catalogue.resolve("body-pendulation")
    for _ in range(2):  # two settled sessions: R4 adds a little and says so once
        run_session(script, store, options=session_setup(script, store).options())
    app, clock, player = make_app(store=store, scripts=catalogue.all_scripts)
    notices: list = []
    async with app.run_test(size=(120, 30), message_hook=notices.append) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        practice = session_screen(app).practice
        assert practice.params.threshold == 4 and practice.params.touch_max == 25
        assert practice.effective["homework_id"] == "anna-spring"
        assert practice.effective["progression"]["extra_touch_s"] == 5.0
        assert [s.duration for s in practice.plan.steps if s.kind == "activation"] == [25.0] * 4
        # One Notice, said once (a message bubbling up is seen by the hook at each stop).
        said = {id(m) for m in notices if isinstance(m, Notice) and "felt settled" in m.text}
        assert len(said) == 1
    store.close()


async def test_a_plain_script_starts_without_homework(tmp_path):
    store = Store.open()
    app, clock, player = make_app(store=store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = _library(app)
        assert all(s.origin != "assigned" for s in screen.scripts)
        app.request_practice(catalogue.resolve("orient-resource"))
        await pilot.pause()
        practice = session_screen(app).practice
        assert "homework_id" not in practice.effective and practice.effective["overrides"] == {}
    store.close()
