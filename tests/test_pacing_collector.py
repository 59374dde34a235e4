"""During a session, full garbage collections come every FULL_COLLECT_EVERY seconds of the
session's own time, so a rehearsal at ten times the speed holds what a real session holds."""

from __future__ import annotations

import gc

import pytest

from pendulate.engine.clock import FakeClock, ScaledClock
from pendulate.tui import pacing
from pendulate.tui.pacing import FULL_COLLECT_EVERY, Pacer


class QuietSession:
    """Nothing is due: every moment is a quiet one."""

    def next_due(self) -> float | None:
        return None


@pytest.fixture
def collections(monkeypatch) -> list[int]:
    seen: list[int] = []
    monkeypatch.setattr(pacing.gc, "collect", lambda generation=2: seen.append(generation) or 0)
    monkeypatch.setattr(pacing, "give_back", lambda: None)
    yield seen
    gc.unfreeze()
    gc.enable()


@pytest.mark.parametrize("rate", [1.0, 10.0, 30.0])
def test_full_collections_follow_the_sessions_clock(rate, collections):
    real = FakeClock()
    clock = ScaledClock(real, rate) if rate != 1.0 else real
    pacer = Pacer(QuietSession(), clock, on_due=lambda: None, on_redraw=lambda: None)
    pacer.start()
    assert collections == [2]  # the session's own objects are set aside after one full sweep
    collections.clear()
    real.advance(FULL_COLLECT_EVERY / 2 / rate)  # half the interval of session time
    pacer._collect_in_the_quiet()
    assert collections == [1]
    real.advance(FULL_COLLECT_EVERY / 2 / rate + 0.001)  # past the interval, in session time
    pacer._collect_in_the_quiet()
    assert collections == [1, 2]
    pacer.stop()
