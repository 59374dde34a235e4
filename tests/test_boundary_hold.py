"""Nothing starts a redraw in the short hold before a phase boundary, so its cue is on time."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from tui_helpers import SHORT, answer, make_app, session_screen

from pendulate.tui.pacing import HOLD_BEFORE_DUE, MAX_REFRESH_HZ, redraw_delay
from pendulate.tui.widgets.pendulum import SWING_SECONDS, Pendulum


@pytest.mark.parametrize(
    ("remaining", "rate", "until_due", "expected"),
    [
        (12.4, 1.0, 12.4, 0.4),  # far from the boundary: when the shown second changes
        (12.01, 1.0, 12.01, 1.01),  # just past a change: a whole second on
        (12.4, 30.0, 0.41, 1 / MAX_REFRESH_HZ),  # a rehearsal: no more than four redraws a second
        (1.05, 1.0, 1.05, 1 / MAX_REFRESH_HZ),  # the second changes sooner than the redraw limit allows
        (0.3, 1.0, 0.3, 0.3 + HOLD_BEFORE_DUE),  # the change would land in the hold: after the boundary
        (12.4, 30.0, 0.3, 0.3 + HOLD_BEFORE_DUE),
        (0.3, 1.0, None, 0.3),  # nothing timed ahead (an open-ended phase): no hold
        (5.0, 1.0, -0.01, HOLD_BEFORE_DUE),  # the boundary's wake-up is overdue: look again shortly
    ],
)
def test_the_countdown_is_redrawn_on_its_second_but_never_just_before_a_boundary(remaining, rate, until_due, expected):
    assert redraw_delay(remaining, rate, until_due) == pytest.approx(expected)


class OnePendulum(App):
    def compose(self) -> ComposeResult:
        yield Pendulum()


async def test_the_pendulum_leaves_out_frames_during_a_hold_and_still_arrives():
    held = True
    app = OnePendulum()
    async with app.run_test() as pilot:
        pendulum = app.query_one(Pendulum)
        pendulum.swing_to(1.0, reduced_motion=False, hold=lambda: held)
        await pilot.pause(SWING_SECONDS / 2)
        assert pendulum.lean == 0.0  # every frame so far fell in the hold
        await pilot.pause(SWING_SECONDS / 2 + 0.3)
        assert pendulum.lean == 1.0  # the last frame always lands
        held = False
        pendulum.swing_to(-1.0, reduced_motion=False, hold=lambda: held)
        await pilot.pause(SWING_SECONDS / 2)
        assert -1.0 < pendulum.lean < 1.0  # outside a hold it sways as usual


async def test_the_practice_screen_holds_only_in_the_moment_before_its_next_boundary():
    app, clock, _ = make_app(start=SHORT)
    async with app.run_test() as pilot:
        await answer(pilot, "2", "7", "enter")
        screen = session_screen(app)
        due = screen.practice.session.next_due()
        clock.set(due - 5.0)
        screen.poll()
        assert not screen.near_boundary()
        clock.set(due - HOLD_BEFORE_DUE / 2)
        screen.poll()
        assert screen.near_boundary()
        screen.practice.runner.toggle_pause()
        screen.poll()
        assert not screen.near_boundary()  # paused: nothing is timed, nothing is held


class CountingPendulum(Pendulum):
    drawn = 0

    def render(self):
        CountingPendulum.drawn += 1
        return super().render()


class OneCountingPendulum(App):
    def compose(self) -> ComposeResult:
        yield CountingPendulum()


async def test_a_small_lean_redraws_only_when_the_dot_changes_cell():
    app = OneCountingPendulum()
    async with app.run_test(size=(100, 5)) as pilot:
        pendulum = app.query_one(CountingPendulum)
        await pilot.pause(0.2)
        cells_before = pendulum.render().plain.index("●")
        CountingPendulum.drawn = 0
        pendulum.swing_to(0.06, reduced_motion=False)  # about two cells on this track
        await pilot.pause(SWING_SECONDS + 0.4)
        drawn = CountingPendulum.drawn
        assert pendulum.lean == pytest.approx(0.06)
        moved = pendulum.render().plain.index("●") - cells_before
        assert moved == 2
        assert 1 <= drawn <= moved + 1  # once per cell, not once per frame (24 frames)
