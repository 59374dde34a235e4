"""P8: the stop key while another process holds the log's write lock.

Run as ``python -m bench.p8 [--presses N] [--json OUT]``. Each press is its own headless run of
the real app (``build_app``: real store in a temporary ``PENDULATE_HOME``, the real clock, a
recording player, so nothing sounds) on ``orient-resource``: the opening check-in is answered
while the log is free, then, for the measured condition, a second process takes the log's write
lock with ``BEGIN EXCLUSIVE`` and holds it, and ``g`` is pressed. The time runs from the moment
the key is handed to the app until the refresh after ``GroundingStarted`` reached the practice
screen has been done (the grounding line is on screen). The baseline is the same press with the
log free, measured alternately in the same run. ``g``'s own write is the first the app makes
after the lock was taken, so every measured press includes that write's short wait for the lock.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import COLS, ROWS, child_env, percentile, prepare_home

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
for line in sys.stdin:
    if line.strip() == "lock":
        conn.execute("BEGIN EXCLUSIVE")
    else:
        conn.execute("ROLLBACK")
    print("ok", flush=True)
"""


class Holder:
    """A second process that takes and lets go of the log's write lock on request."""

    def __init__(self, path: Path):
        self.child = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def _say(self, word: str) -> None:
        assert self.child.stdin is not None and self.child.stdout is not None
        self.child.stdin.write(word + "\n")
        self.child.stdin.flush()
        assert self.child.stdout.readline() == "ok\n"

    def lock(self) -> None:
        self._say("lock")

    def free(self) -> None:
        self._say("free")

    def close(self) -> None:
        assert self.child.stdin is not None and self.child.stdout is not None
        self.child.stdin.close()
        self.child.wait(timeout=10)
        self.child.stdout.close()


async def one_press(holder: Holder | None) -> float:
    """Milliseconds from handing ``g`` to the app until grounding is on screen."""
    from pendulate.audio import RecordingPlayer
    from pendulate.catalogue.scripts import resolve
    from pendulate.engine import events as ev
    from pendulate.engine.clock import MonotonicClock
    from pendulate.tui.factory import build_app
    from pendulate.tui.screens.checkin import CheckinScreen
    from pendulate.tui.screens.session import SessionScreen

    clock = MonotonicClock()
    app = build_app(clock=clock, player=RecordingPlayer(clock), start_script=resolve("orient-resource"))
    shown: list[float] = []
    on_engine_event = SessionScreen.on_engine_event

    def timed(screen: SessionScreen, message) -> None:
        on_engine_event(screen, message)
        if isinstance(message.event, ev.GroundingStarted):
            screen.call_after_refresh(lambda: shown.append(time.perf_counter()))

    SessionScreen.on_engine_event = timed  # type: ignore[method-assign]
    try:
        async with app.run_test(headless=True, size=(COLS, ROWS)) as pilot:
            while not isinstance(app.screen, CheckinScreen):
                await pilot.pause(0.02)
            await pilot.press("2", "7", "enter")
            await pilot.pause(0.1)
            if holder is not None:
                holder.lock()
            try:
                await pilot.pause(0.05)
                pressed = time.perf_counter()
                await pilot.press("g")
                while not shown:
                    await asyncio.sleep(0.001)
                    if time.perf_counter() - pressed > 30:
                        raise SystemExit("grounding never came on screen")
            finally:
                if holder is not None:
                    holder.free()
            screen = next(s for s in app.screen_stack if isinstance(s, SessionScreen))
            assert screen.practice.session.grounding
            recorder = screen.practice.recorder
            if recorder is not None:  # everything reaches the log once it is free
                deadline = time.monotonic() + 10
                while recorder.unsaved and time.monotonic() < deadline:
                    await asyncio.sleep(0.02)
                if recorder.unsaved:
                    raise SystemExit("rows were left unsaved after the lock was released")
    finally:
        SessionScreen.on_engine_event = on_engine_event  # type: ignore[method-assign]
    return (shown[0] - pressed) * 1000


async def measure(presses: int) -> dict:
    from pendulate import paths

    held: list[float] = []
    free: list[float] = []
    holder = Holder(paths.database_path())
    try:
        await one_press(None)  # unmeasured: imports, the style sheets, the stop script
        for _ in range(presses):
            held.append(await one_press(holder))
            free.append(await one_press(None))
    finally:
        holder.close()
    return {"held_ms": held, "free_ms": free}


def run(presses: int) -> dict:
    """P8 in a child process with its own data folder (as ``make bench`` calls it)."""
    with tempfile.TemporaryDirectory(prefix="pendulate-p8-") as tmp:
        home = Path(tmp) / "home"
        prepare_home(home)
        out = Path(tmp) / "p8.json"
        env = child_env(home)
        subprocess.run(
            [sys.executable, "-m", "bench.p8", "--presses", str(presses), "--json", str(out), "--here"],
            env=env,
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        return json.loads(out.read_text())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--presses", type=int, default=25)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--here", action="store_true", help="measure in this process and its PENDULATE_HOME")
    args = parser.parse_args(argv)
    if args.here:
        if "PENDULATE_HOME" not in os.environ:
            raise SystemExit("--here needs PENDULATE_HOME (never the person's own data)")
        result = asyncio.run(measure(args.presses))
    else:
        result = run(args.presses)
    if args.json is not None:
        args.json.write_text(json.dumps(result))
    if args.here:
        return 0
    for name in ("held_ms", "free_ms"):
        values = result[name]
        print(
            f"{name}: p50 {percentile(values, 50):.1f} ms, p99 {percentile(values, 99):.1f} ms, "
            f"max {max(values):.1f} ms (n={len(values)})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
