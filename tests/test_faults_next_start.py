"""A run that ended in a fatal fault (a bus error, a segmentation fault) is said once at the
next start, calmly, and what the fault handler wrote goes into the diagnostic log."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from pendulate import logsetup, paths
from pendulate.audio import RecordingPlayer
from pendulate.engine.clock import FakeClock
from pendulate.settings import Settings
from pendulate.tui.factory import build_app


def test_a_bus_error_leaves_a_note_the_next_start_says_once():
    code = (
        "import os, signal\n"
        "from pendulate import logsetup\n"
        "logsetup.watch_for_faults()\n"
        "os.kill(os.getpid(), signal.SIGBUS)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGBUS
    assert oct(logsetup.fault_path().stat().st_mode & 0o777) == oct(paths.FILE_MODE)
    said = logsetup.previous_fault()
    assert said is not None and said.startswith("pendulate stopped suddenly the last time it ran (a bus error")
    assert "Every check-in you had confirmed was already saved." in said
    assert "Fatal Python error: Bus error" in (paths.data_dir() / "pendulate.log").read_text(encoding="utf-8")
    assert logsetup.previous_fault() is None  # said once


def test_a_run_that_ended_well_leaves_nothing_to_say():
    logsetup.watch_for_faults()
    assert logsetup.previous_fault() is None


async def test_the_app_says_it_on_its_first_screen():
    paths.ensure_private_dir(paths.data_dir())
    logsetup.fault_path().write_text("Fatal Python error: Segmentation fault\n\nThread 0x1:\n", encoding="utf-8")
    clock = FakeClock()
    app = build_app(speech=False, clock=clock, player=RecordingPlayer(clock), settings=Settings(), reduced_motion=True)
    said: list[str] = []
    app.notify = lambda text, **_: said.append(text)  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await pilot.pause()
    assert any(
        text.startswith("pendulate stopped suddenly the last time it ran (a fault in a library") for text in said
    )
    assert app.store is not None
    app.store.close()
    assert os.path.getsize(logsetup.fault_path()) == 0
