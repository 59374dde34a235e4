"""Snapshots of each screen with a frozen clock, at 80×24 and 40×12, and of plain mode."""

from __future__ import annotations

import pytest

from tests.tui_helpers import SHORT, make_app, session_screen

SIZES = [(80, 24), (40, 12)]
FLASH_SETTLED = 0.8  # seconds: every cue flashes the frame for 0.6 s; snapshots wait it out


def scripts():
    return [SHORT]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "40x12"])
def test_library(snap_compare, size):
    app, _, _ = make_app(scripts=scripts)
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "40x12"])
def test_checkin(snap_compare, size):
    app, _, _ = make_app(start=SHORT, scripts=scripts)

    async def rated(pilot):
        await pilot.press("3")
        await pilot.pause(FLASH_SETTLED)

    assert snap_compare(app, terminal_size=size, run_before=rated)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "40x12"])
def test_session(snap_compare, size):
    app, clock, _ = make_app(start=SHORT, scripts=scripts)

    async def seven_seconds_in(pilot):
        await pilot.press("2", "7", "enter")
        await pilot.pause()
        clock.advance(7.2)
        session_screen(app).poll()
        session_screen(app)._refresh_display()
        await pilot.pause(FLASH_SETTLED)

    assert snap_compare(app, terminal_size=size, run_before=seven_seconds_in)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "40x12"])
def test_summary(snap_compare, size):
    app, clock, _ = make_app(start=SHORT, scripts=scripts)

    async def to_the_end(pilot):
        await pilot.press("2", "7", "enter")
        await pilot.pause()
        screen = session_screen(app)
        while not screen.practice.session.finished:
            if screen.practice.session.awaiting_checkin:
                await pilot.press("3", "6", "enter")
            else:
                clock.set(screen.practice.session.next_due())
                screen.poll()
            await pilot.pause()
        await pilot.pause(FLASH_SETTLED)

    assert snap_compare(app, terminal_size=size, run_before=to_the_end)


def test_plain_mode_session(snap_compare):
    app, clock, _ = make_app(start=SHORT, scripts=scripts, plain=True)

    async def into_the_touch(pilot):
        await pilot.press("2", "7", "enter")
        await pilot.pause()
        clock.advance(20)
        session_screen(app).poll()
        await pilot.pause(FLASH_SETTLED)

    assert snap_compare(app, terminal_size=(80, 24), run_before=into_the_touch)
