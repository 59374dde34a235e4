"""Snapshots of the newer check-in questions and the breath pacer, at 80×24 and 40×12."""

from __future__ import annotations

import pytest

from pendulate.homework.model import Target
from pendulate.store import Store
from pendulate.tui.widgets.breath import BreathBar
from tests.checkin_helpers import checkin_first
from tests.test_breath_pacer import breathing
from tests.test_tui_snapshots import FLASH_SETTLED, SIZES
from tests.tui_helpers import SHORT, make_app, session_screen

IDS = ["80x24", "40x12"]


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_checkin_wave(snap_compare, size):
    app, _, _ = make_app(start=checkin_first(("urge", "wave")))

    async def rated(pilot):
        await pilot.press("4")
        await pilot.pause(FLASH_SETTLED)

    assert snap_compare(app, terminal_size=size, run_before=rated)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_checkin_part(snap_compare, size, monkeypatch):
    monkeypatch.setattr(Store, "own_parts", lambda self, limit=8: ["the critic", "the numbing part"], raising=False)
    app, _, _ = make_app(start=checkin_first(("part", "note")), store=Store.open())

    async def shown(pilot):
        await pilot.pause(FLASH_SETTLED)

    assert snap_compare(app, terminal_size=size, run_before=shown)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_checkin_resource_typed(snap_compare, size):
    app, _, _ = make_app(start=checkin_first(("resource",)))

    async def typed(pilot):
        await pilot.press(*"my dog")
        await pilot.pause(FLASH_SETTLED)

    assert snap_compare(app, terminal_size=size, run_before=typed)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_checkin_targets(snap_compare, size, monkeypatch):
    import pendulate.practice

    targets = (Target("urge to self-harm", "urge"), Target("skills used", "skills", ("paced breathing", "TIPP")))
    real = pendulate.practice.prepare
    monkeypatch.setattr(pendulate.practice, "prepare", lambda *a, **k: real(*a, **{**k, "targets": targets}))
    app, _, _ = make_app(start=checkin_first(("diary",)))

    async def rated(pilot):
        await pilot.press("2", "space")
        await pilot.pause(FLASH_SETTLED)

    assert snap_compare(app, terminal_size=size, run_before=rated)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_breath_pacer(snap_compare, size):
    app, clock, _ = make_app(start=SHORT)

    async def two_seconds_in(pilot):
        await pilot.press("2", "7", "enter")
        await pilot.pause()
        screen = session_screen(app)
        screen._show_phase(breathing())
        # The pacer moving, and nothing else (the pendulum's swing would be caught mid-way).
        screen.query_one(BreathBar).start((4.0, 6.0), screen.practice.session.step_elapsed, still=False)
        clock.advance(2.0)
        screen._refresh_display()
        await pilot.pause(FLASH_SETTLED)

    assert snap_compare(app, terminal_size=size, run_before=two_seconds_in)


def test_breath_pacer_still(snap_compare):
    app, clock, _ = make_app(start=SHORT)  # reduced motion

    async def two_seconds_in(pilot):
        await pilot.press("2", "7", "enter")
        await pilot.pause()
        screen = session_screen(app)
        screen._show_phase(breathing())
        clock.advance(2.0)
        screen._refresh_display()
        await pilot.pause(FLASH_SETTLED)

    assert snap_compare(app, terminal_size=(80, 24), run_before=two_seconds_in)
