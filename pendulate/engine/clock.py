"""Clocks. The engine never reads time itself: a clock is always passed in."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a monotonic timeline (the origin is arbitrary)."""


# A clock may also say ``live = True``: it moves by itself, with real time, so a wake-up far
# past its planned moment means the app was not running meanwhile (see Session.woke). A clock
# without it (the fake one) moves only when told, and a jump is the caller's own step.


class MonotonicClock:
    """The real clock: ``time.monotonic``; immune to wall-clock jumps."""

    rate = 1.0
    live = True

    def now(self) -> float:
        return time.monotonic()


class ScaledClock:
    """Runs ``rate`` times faster than ``base`` (for rehearsing a script quickly)."""

    def __init__(self, base: Clock, rate: float):
        if rate <= 0:
            raise ValueError("the rate is a positive number")
        self.base = base
        self.rate = rate
        self.live: bool = getattr(base, "live", False)
        self._origin = base.now()

    def now(self) -> float:
        return self._origin + (self.base.now() - self._origin) * self.rate


class FakeClock:
    """A clock that moves only when told to; for tests and offline rendering."""

    rate = 1.0

    def __init__(self, start: float = 1000.0, *, live: bool = False):
        """``live``: stand in for a clock that moves by itself, so a jump while the app waits
        reads as time the app was not running."""
        self._now = float(start)
        self.live = live

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("a monotonic clock cannot go back")
        self._now += seconds
        return self._now

    def set(self, value: float) -> None:
        if value < self._now:
            raise ValueError("a monotonic clock cannot go back")
        self._now = float(value)
