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
import resource
import sys
import time
from pathlib import Path

from bench.common import COLS, ROWS, memory_kb
from pendulate.engine.clock import MonotonicClock, ScaledClock

SAMPLE_EVERY = 600.0  # session seconds between RSS samples: the 10-minute marks


class BenchClock(ScaledClock):
    """The app's scaled clock, able to say when a session moment falls in real time."""

    def real(self, scaled: float) -> float:
        return self._origin + (scaled - self._origin) / self.rate


def _thread_usage() -> tuple[float, int, int]:
    """This thread's CPU seconds and its voluntary and involuntary context switches so far."""
    usage = resource.getrusage(resource.RUSAGE_THREAD)
    return usage.ru_utime + usage.ru_stime, usage.ru_nvcsw, usage.ru_nivcsw


class WakeProbe:
    """What happened around each boundary's wake-up, to say why a late one was late.

    The event loop's ``select`` is wrapped to keep its last call (when it started, the timeout
    it was given, when it returned); the practice screen's due wake-up notes, when it runs,
    whether the loop was still running other work past the planned moment before it even
    called ``select``, how late ``select`` itself returned (the process was not running when
    its timer expired), how long other callbacks ran between ``select`` returning and the
    wake-up, and this thread's CPU time and context switches from there until the boundary's
    event reached the screen.
    """

    def __init__(self) -> None:
        self.select: tuple[float, float | None, float] = (0.0, None, 0.0)
        self.armed: float | None = None
        self.wake: dict | None = None

    def install(self) -> None:
        from pendulate.tui import pacing

        selector = asyncio.get_running_loop()._selector
        select = selector.select
        probe = self

        def timed_select(timeout=None):
            started = time.monotonic()
            try:
                return select(timeout)
            finally:
                probe.select = (started, timeout, time.monotonic())

        selector.select = timed_select
        arm, on_due = pacing.Pacer._arm, pacing.Pacer._on_due

        def timed_arm(pacer, name, delay, callback):
            if name == "due":
                probe.armed = time.monotonic() + delay
            arm(pacer, name, delay, callback)

        def timed_on_due(pacer):
            now = time.monotonic()
            started, timeout, returned = probe.select
            armed = probe.armed if probe.armed is not None else now
            probe.wake = {
                "late_ms": (now - armed) * 1000,
                "loop_busy_ms": max(0.0, started - armed) * 1000,
                "select_late_ms": max(0.0, returned - started - timeout) * 1000 if timeout is not None else 0.0,
                "busy_ms": (now - returned) * 1000,
                "at": now,
                "usage": _thread_usage(),
            }
            on_due(pacer)

        pacing.Pacer._arm = timed_arm
        pacing.Pacer._on_due = timed_on_due

    def arrived(self, at: float) -> dict | None:
        """The wake-up behind a boundary that arrived ``at``, with what ran in between."""
        wake, self.wake = self.wake, None
        if wake is None:
            return None
        cpu, voluntary, involuntary = _thread_usage()
        cpu0, voluntary0, involuntary0 = wake.pop("usage")
        wake.update(
            after_wall_ms=(at - wake.pop("at")) * 1000,
            after_cpu_ms=(cpu - cpu0) * 1000,
            voluntary=voluntary - voluntary0,
            involuntary=involuntary - involuntary0,
        )
        return wake


def _instrument(arrivals: list, cues: list, probe: WakeProbe) -> None:
    """Record when each PhaseStarted reaches the screen and when each cue's play() returned."""
    from pendulate.audio.listener import CuePlayer
    from pendulate.engine import events as ev
    from pendulate.tui.screens.session import SessionScreen

    on_engine_event = SessionScreen.on_engine_event
    handle = CuePlayer.handle

    def timed_event(self, message) -> None:
        if isinstance(message.event, ev.PhaseStarted):
            now = time.monotonic()
            arrivals.append((now, message.event, self.practice.session._t0, probe.arrived(now)))
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
    from pendulate.catalogue.scripts import resolve
    from pendulate.tui.factory import build_app
    from pendulate.tui.screens.session import SessionScreen

    arrivals: list = []
    cues: list = []
    probe = WakeProbe()
    _instrument(arrivals, cues, probe)
    clock = BenchClock(MonotonicClock(), rate)
    player = make_player(mute=False, volume=60)
    app = build_app(clock=clock, player=player, start_script=resolve(script_path))
    rss: list[tuple[float, int]] = []
    async with app.run_test(headless=True, size=(COLS, ROWS)) as pilot:
        probe.install()
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
    timed = [a for a in arrivals if a[1].index > 1]  # the first phase starts with the check-in, not a timer
    lateness = [(arrived - clock.real(t0 + event.t)) * 1000 for arrived, event, t0, _ in timed]
    wakes = [dict(wake or {}, lateness_ms=ms) for (_, _, _, wake), ms in zip(timed, lateness, strict=False)]
    t0 = arrivals[0][2]
    answered = next(event.t for _, event, _, _ in arrivals if event.index == 1)
    played = [
        {"boundary_ms": (returned - clock.real(t0 + t)) * 1000, "call_ms": (returned - entered) * 1000}
        for t, purpose, entered, returned in cues
        if t > answered  # timer-driven cues only, as for the boundaries
    ]
    return {
        "rate": rate,
        "boundaries": len(lateness),
        "lateness_ms": lateness,
        "wakes": wakes,
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
