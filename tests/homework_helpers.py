"""Shared builders for the homework tests: homework files on disk and sessions run through ``prepare``."""

from __future__ import annotations

from pathlib import Path

from pendulate.engine.answers import CheckinAnswers
from pendulate.engine.clock import FakeClock
from pendulate.practice import prepare

HOMEWORK = """\
format: 1
id: anna-spring
therapist:
  name: Dr. Lee
  contact: lee@example.org
client: A.
note: Go gently; stop whenever you like.
assigned:
  - script: body-pendulation
    params:
      threshold: 4
      touch_max: 25
    schedule:
      times_per_week: 3
      from: 2025-01-06
      until: 2099-12-31
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_session(script, store, *, suds: int = 1, options: dict | None = None, zone: str | None = "within"):
    """Run a whole session through ``prepare`` with a fake clock, answering every check-in alike."""
    clock = FakeClock()
    practice = prepare(script, clock=clock, stop_script=None, store=store, **(options or {}))
    runner, session = practice.runner, practice.session
    runner.start()
    for _ in range(500):
        if session.finished:
            break
        if session.awaiting_checkin:
            runner.submit_checkin(CheckinAnswers(suds=suds, settling=8, zone=zone, okay=True))
            continue
        due = session.next_due()
        assert due is not None
        clock.set(due)
        runner.tick()
    assert session.finished
    return practice
