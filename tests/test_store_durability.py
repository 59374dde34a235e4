"""Real processes: a recorder killed with SIGKILL keeps every confirmed check-in; two writers at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pendulate.store import Store

TESTS_DIR = Path(__file__).resolve().parent

CHILD_PREAMBLE = f"""
import sys
sys.path.insert(0, {str(TESTS_DIR)!r})
from store_helpers import make_recorder, pendulation
from pendulate.engine.events import CheckinRecorded
from pendulate.store import Store
"""

KILLED_CHILD = (
    CHILD_PREAMBLE
    + """
store = Store.open()
recorder = make_recorder(store)
timeline = pendulation([(i % 6, 5, 6) for i in range(400)])
for event in timeline.events:
    recorder.handle(event)
    if isinstance(event, CheckinRecorded):
        if recorder.problem:
            print("problem", recorder.problem, flush=True)
        print("confirmed", event.index, event.answers.suds, flush=True)
"""
)

WRITER_CHILD = (
    CHILD_PREAMBLE
    + """
tag = sys.argv[1]
store = Store.open()
problems = 0
for n in range(12):
    recorder = make_recorder(store)
    for event in pendulation([(4, 5, 6), (5, 4, 6), (3, 6, None)], note=f"{tag}-{n}").events:
        recorder.handle(event)
        problems += recorder.problem is not None
    problems += not recorder.flush()
print("problems", problems, flush=True)
"""
)


@pytest.mark.slow
def test_a_recorder_killed_mid_session_keeps_every_confirmed_checkin():
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_CHILD], stdout=subprocess.PIPE, text=True, env=dict(os.environ)
    )
    confirmed = []
    try:
        for line in child.stdout:
            assert not line.startswith("problem"), line
            _, index, suds = line.split()
            confirmed.append((int(index), int(suds)))
            if len(confirmed) == 25:
                break
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=10)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert len(confirmed) == 25

    with Store.open() as store:
        assert store.integrity_problems() == []
        (summary,) = store.history()
        # Still "running" in the row, but nobody holds its live lock: it reads as interrupted at once.
        assert summary.status == "interrupted"
        assert store.conn.execute("SELECT status FROM sessions").fetchone() == ("running",)
        stored = [(c.phase_index, c.suds) for c in store.session_detail(summary.id).checkins]
        assert stored[: len(confirmed)] == confirmed  # nothing confirmed is missing, nothing reordered
        assert store.mark_interrupted() == 1
        (summary,) = store.history()
        assert summary.status == "interrupted"
        assert summary.checkin_count == len(stored) and summary.pre_suds == 3


@pytest.mark.slow
def test_two_processes_recording_at_once_lose_nothing():
    Store.open().close()  # create and migrate once, as the app's start-up would
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER_CHILD, tag], stdout=subprocess.PIPE, text=True, env=dict(os.environ)
        )
        for tag in ("a", "b")
    ]
    outputs = [w.communicate(timeout=120)[0] for w in writers]
    assert [w.returncode for w in writers] == [0, 0], outputs
    assert all(out.strip() == "problems 0" for out in outputs), outputs
    with Store.open() as store:
        assert store.integrity_problems() == []
        sessions = store.history()
        assert len(sessions) == 24
        assert all(s.status == "completed" and s.checkin_count == 7 for s in sessions)
        notes = sorted(store.session_detail(s.id).checkins[-1].note for s in sessions)
        assert notes == sorted(f"{tag}-{n}" for tag in "ab" for n in range(12))
