"""P3, P4 and P6 in one headless process: a 60-minute script in the real app's event loop.

Run as ``python -m bench.headless session SCRIPT RATE OUT.json`` or
``python -m bench.headless ticker SECONDS OUT.json`` (the memory baseline).

How it is accelerated: the app gets the same ``ScaledClock`` as ``pendulate run --speed
RATE``, so session time runs RATE times faster than real time and the screen schedules its
one-shot timers ``(due − now) / RATE`` real seconds ahead. Lateness is measured in *real*
seconds (arrival on ``time.monotonic`` minus the boundary's real planned moment), which is
what a person would feel; acceleration only packs the boundaries closer together, so the
event loop is busier than in a real session, never idler.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

from pendulate.engine.clock import MonotonicClock, ScaledClock

from bench.common import COLS, ROWS, memory_kb

SAMPLE_EVERY = 600.0  # session seconds between RSS samples: the 10-minute marks


class BenchClock(ScaledClock):
    """The app's scaled clock, able to say when a session moment falls in real time."""

    def real(self, scaled: float) -> float:
        return self._origin + (scaled - self._origin) / self.rate


def _instrument(arrivals: list, cues: list) -> None:
    """Record when each PhaseStarted reaches the screen and when each cue's play() returned."""
    from pendulate.audio.listener import CuePlayer
    from pendulate.engine import events as ev
    from pendulate.tui.screens.session import SessionScreen

    on_engine_event = SessionScreen.on_engine_event
    handle = CuePlayer.handle

    def timed_event(self, message) -> None:
        if isinstance(message.event, ev.PhaseStarted):
            arrivals.append((time.monotonic(), message.event, self.practice.session._t0))
        on_engine_event(self, message)

    def timed_handle(self, event) -> None:
        if not isinstance(event, ev.CueDue):
            handle(self, event)
            return
        entered = time.monotonic()
        handle(self, event)
        cues.append((event.t, event.purpose, entered, time.monotonic()))

    SessionScreen.on_engine_event = timed_event
    CuePlayer.handle = timed_handle


async def run_session(script_path: str, rate: float) -> dict:
    from pendulate.audio import make_player
    from pendulate.script.library import resolve
    from pendulate.tui.factory import build_app
    from pendulate.tui.screens.session import SessionScreen

    arrivals: list = []
    cues: list = []
    _instrument(arrivals, cues)
    clock = BenchClock(MonotonicClock(), rate)
    player = make_player(mute=False, volume=60)
    app = build_app(clock=clock, player=player, start_script=resolve(script_path))
    rss: list[tuple[float, int]] = []
    async with app.run_test(headless=True, size=(COLS, ROWS)) as pilot:
        screen = None
        while screen is None:
            await pilot.pause(0.05)
            screen = next((s for s in app.screen_stack if isinstance(s, SessionScreen)), None)
        session = screen.practice.session
        while not session.awaiting_checkin:
            await pilot.pause(0.05)
        # Skip the opening check-in as Escape does; from here on only the clock acts.
        # (pilot.press would wait for the app to be idle, which a fast session never is.)
        await app.screen.run_action("skip")
        next_sample = 0.0
        while not (session.awaiting_checkin and session.index > 1) and not session.finished:
            elapsed = session.elapsed()
            if elapsed >= next_sample:
                rss.append((round(elapsed), memory_kb()["VmRSS"]))
                next_sample += SAMPLE_EVERY
            await asyncio.sleep(0.05)
        rss.append((round(session.elapsed()), memory_kb()["VmRSS"]))
        await pilot.pause(0.2)
    lateness = [
        (arrived - clock.real(t0 + event.t)) * 1000
        for arrived, event, t0 in arrivals
        if event.index > 1  # the first phase starts when the check-in is answered, not on a timer
    ]
    t0 = arrivals[0][2]
    answered = next(event.t for _, event, _ in arrivals if event.index == 1)
    played = [
        {"boundary_ms": (returned - clock.real(t0 + t)) * 1000, "call_ms": (returned - entered) * 1000}
        for t, purpose, entered, returned in cues
        if t > answered  # timer-driven cues only, as for the boundaries
    ]
    return {
        "rate": rate,
        "boundaries": len(lateness),
        "lateness_ms": lateness,
        "player": type(player).__name__,
        "player_notice": getattr(player, "notice", None),
        "cues": played,
        "rss_kb": rss,
        "peak_kb": memory_kb()["VmHWM"],
        "session_s": rss[-1][0],
    }


async def run_ticker(seconds: float) -> dict:
    """The baseline process: memory of a bare Textual app, and how late its own timers run.

    The lateness probe is the bare version of a boundary: an event-loop callback for a planned
    moment once a second, whose message then reaches the app's handler (as a boundary's event
    reaches the practice screen). Running beside the session, it shows what the machine gave
    any Textual process in that minute.
    """
    from bench.baselines.ticker import TickerApp

    app = TickerApp()
    rss = []
    lateness: list[float] = []
    async with app.run_test(headless=True, size=(COLS, ROWS)):
        loop = asyncio.get_running_loop()
        started = time.monotonic()

        def probe(planned: float) -> None:
            app.call_later(lambda: lateness.append((time.monotonic() - planned) * 1000))

        while time.monotonic() - started < seconds:
            rss.append(memory_kb()["VmRSS"])
            planned = time.monotonic() + 0.5
            loop.call_at(planned, probe, planned)  # loop.time() is time.monotonic()
            await asyncio.sleep(1.0)
    return {"rss_kb": rss, "peak_kb": memory_kb()["VmHWM"], "lateness_ms": lateness}


def main(argv: list[str]) -> int:
    if argv[0] == "session":
        result = asyncio.run(run_session(argv[1], float(argv[2])))
    else:
        result = asyncio.run(run_ticker(float(argv[1])))
    Path(argv[-1]).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
