"""The breath pacer: where the bar is at given clock times, redrawn only when it moves, a still
line in plain mode and with reduced motion, and only while a breath phase runs."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from textual.app import App, ComposeResult

from pendulate.engine import events as ev
from pendulate.engine.clock import FakeClock
from pendulate.tui.phase_extras import breath_of
from pendulate.tui.widgets.breath import BREATH_FPS, IN, OUT, BreathBar, breath_at, static_line
from tests.tui_helpers import SHORT, make_app, session_screen


@dataclass(frozen=True)
class BreathPhase(ev.PhaseStarted):
    """A stand-in for the engine's PhaseStarted with its breath (in, out) seconds."""

    breath: tuple[float, float] | None = None


def breathing(breath=(4.0, 6.0), kind="resource", title="Slow breaths out", origin="script") -> BreathPhase:
    return BreathPhase(0.0, 0.0, 1, kind, title, 60.0, 0.0, origin, breath=breath)


@pytest.mark.parametrize(
    ("elapsed", "word", "fill"),
    [
        (0.0, IN, 0.0),
        (1.0, IN, 0.1464),
        (2.0, IN, 0.5),
        (4.0, OUT, 1.0),
        (7.0, OUT, 0.5),
        (9.0, OUT, 0.067),
        (10.0, IN, 0.0),  # one breath is ten seconds: the next begins
        (32.0, IN, 0.5),
        (-1.0, IN, 0.0),
    ],
)
def test_the_bar_rises_over_the_in_breath_and_falls_over_the_out_breath(elapsed, word, fill):
    got_word, got_fill = breath_at(elapsed, 4.0, 6.0)
    assert got_word == word and got_fill == pytest.approx(fill, abs=1e-3)


class BarHost(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock()
        self.t0 = self.clock.now()

    def elapsed(self) -> float:
        return self.clock.now() - self.t0

    def at(self, seconds: float) -> None:
        self.clock.set(self.t0 + seconds)

    def compose(self) -> ComposeResult:
        yield BreathBar(id="breath")


def drawn(bar: BreathBar) -> str:
    return str(bar.render())


async def test_positions_come_from_the_clock_and_a_frame_redraws_only_when_the_edge_moved():
    app = BarHost()
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.query_one(BreathBar)
        assert not bar.display or bar.has_class("-off")
        bar.start((4.0, 6.0), app.elapsed, still=False)
        await pilot.pause()
        assert bar.running and bar._timer is not None
        width = 80 - 13
        assert drawn(bar) == "breathe in".ljust(13) + " " * width
        app.at(2.0)  # half way up: 33.5 cells
        assert drawn(bar) == "breathe in".ljust(13) + ("█" * 33 + "▌").ljust(width)
        app.at(4.0)
        assert drawn(bar) == "breathe out".ljust(13) + "█" * width
        app.at(7.0)
        assert drawn(bar).startswith("breathe out  " + "█" * 33 + "▌")
        # Held still (a pause: the phase's elapsed time stops), a frame draws nothing new.
        refreshes = []
        bar.refresh = lambda *a, **k: refreshes.append(1)  # type: ignore[method-assign]
        bar.frame()
        bar.frame()
        assert refreshes == []
        app.at(7.5)
        bar.frame()
        assert refreshes == [1]
        # Near a boundary no frame is drawn at all.
        bar._hold = lambda: True
        app.at(8.0)
        bar.frame()
        assert refreshes == [1]


async def test_a_few_frames_a_second_and_none_once_the_breath_phase_is_over():
    app = BarHost()
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.query_one(BreathBar)
        bar.start((4.0, 6.0), app.elapsed, still=False)
        await pilot.pause()
        assert 4 <= BREATH_FPS <= 8
        assert bar._timer is not None and bar._timer._interval == pytest.approx(1 / BREATH_FPS)
        bar.stop()
        await pilot.pause()
        assert not bar.running and bar.has_class("-off") and bar.region.height == 0


async def test_reduced_motion_is_one_still_line_with_no_timer_and_no_numbers_counting():
    app = BarHost()
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.query_one(BreathBar)
        bar.start((4.0, 6.0), app.elapsed, still=True)
        await pilot.pause()
        assert not bar.running
        assert drawn(bar) == "Breathing, if it suits you: in for 4, out for 6."
        app.at(3.0)
        assert drawn(bar) == static_line(4.0, 6.0)
    assert static_line(3.5, 7) == "Breathing, if it suits you: in for 3.5, out for 7."


def test_an_event_without_a_breath_paces_nothing():
    plain = ev.PhaseStarted(0.0, 0.0, 1, "resource", "Rest", 60.0, 0.0, "script")
    assert breath_of(plain) is None
    assert breath_of(breathing((4, 6))) == (4.0, 6.0)


async def test_in_a_session_the_pacer_runs_for_its_phase_from_the_sessions_clock_only():
    app, clock, _ = make_app(start=SHORT)
    app.reduced_motion = False
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "7", "enter")
        await pilot.pause()
        screen = session_screen(app)
        bar = screen.query_one(BreathBar)
        assert not bar.running and bar.region.height == 0
        screen._show_phase(breathing())
        await pilot.pause()
        assert bar.running and bar.region.height == 1
        start = screen.practice.session.step_elapsed()
        clock.advance(2.0)
        word, fill = breath_at(screen.practice.session.step_elapsed(), 4.0, 6.0)
        assert word == IN and fill == pytest.approx(breath_at(start + 2.0, 4.0, 6.0)[1])
        assert "breathe in" in drawn(bar)
        assert not any(ch.isdigit() for ch in drawn(bar))  # never a countdown
        screen._show_phase(ev.PhaseStarted(0.0, 0.0, 2, "orient", "The room", 20.0, 0.0, "script"))
        await pilot.pause()
        assert not bar.running and bar.region.height == 0


async def test_with_reduced_motion_the_session_shows_the_still_line():
    app, _, _ = make_app(start=SHORT)  # the tests' app has reduced motion on
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "7", "enter")
        await pilot.pause()
        screen = session_screen(app)
        screen._show_phase(breathing())
        await pilot.pause()
        bar = screen.query_one(BreathBar)
        assert not bar.running and drawn(bar) == static_line(4.0, 6.0)


async def test_plain_mode_says_the_breath_once_as_a_line():
    app, _, _ = make_app(start=SHORT, plain=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "7", "enter")
        await pilot.pause()
        screen = session_screen(app)
        screen._show_phase(breathing((4.0, 6.0), title="Long breaths out"))
        await pilot.pause()
        lines = [str(line.text) for line in screen.query_one("#lines").lines]
        at = lines.index("Now: resource, Long breaths out, 1:00.")
        assert lines[at + 1] == "Breathing, if it suits you: in for 4, out for 6."
        assert not screen.query(BreathBar)
