"""Bilateral taps for the butterfly hug: soft, short, alternating left and right.

Two stereo sounds are synthesized in memory (a tap in the left channel only, then the same
tap in the right), and :class:`TapPacer` plays them at a tempo on a daemon thread. The
schedule is read from a monotonic clock: tap ``n`` is due at ``start + n·period``, however
long any wait took, so taps never drift; a tap that comes due while the thread was held up
for more than :data:`LATE` is left out rather than played bunched against the next one.
Stopping wakes the thread at once (it waits on an ``Event``), so a phase boundary, a pause or
the end of the session silences the taps immediately.
"""

from __future__ import annotations

import array
import functools
import logging
import math
import sys
import threading
from collections.abc import Callable

from pendulate.audio.cues import Pcm
from pendulate.engine.clock import Clock, MonotonicClock

log = logging.getLogger("pendulate.audio")

LEFT, RIGHT = "left", "right"
SIDES = (LEFT, RIGHT)
TAP_RATE = 44100
TAP_SECONDS = 0.09
TAP_PEAK = 10 ** (-18 / 20)  # -18 dBFS: a little under the cues (-12 dBFS), a touch, not a knock
TAP_PARTIALS = ((392.0, 1.0), (784.0, 0.3), (1176.0, 0.1))  # Hz, relative amplitude
ATTACK = 0.006  # raised-cosine onset: no click
DECAY = 0.022  # seconds for the tap to fall to 1/e
RELEASE = 0.02  # the last stretch fades to exact silence
LATE = 0.06  # a tap more than this late is left out
JOIN = 0.5  # at most this long waiting for the thread to finish after a stop


def tap_wave(rate: int = TAP_RATE) -> array.array:
    """One tap as mono signed 16-bit samples: a soft onset, a quick decay, ending on zero."""
    frames = round(TAP_SECONDS * rate)
    total = sum(level for _, level in TAP_PARTIALS)
    out = array.array("h", bytes(2 * frames))
    attack, release = ATTACK * rate, RELEASE * rate
    for i in range(frames):
        t = i / rate
        value = sum(level * math.sin(2 * math.pi * freq * t) for freq, level in TAP_PARTIALS) / total
        envelope = math.exp(-t / DECAY)
        if i < attack:
            envelope *= 0.5 - 0.5 * math.cos(math.pi * i / attack)
        left = frames - 1 - i
        if left < release:
            envelope *= 0.5 - 0.5 * math.cos(math.pi * left / release)
        out[i] = round(32767 * TAP_PEAK * envelope * value)
    return out


@functools.cache
def tap_sounds(rate: int = TAP_RATE) -> dict[str, Pcm]:
    """The two stereo taps, keyed ``"left"`` and ``"right"``: the sound in one channel only.

    Made once per process (about 10 ms, in ``prepare``, before a session); do not change the dict.
    """
    mono = tap_wave(rate)
    silent = array.array("h", bytes(2 * len(mono)))
    sounds = {}
    for side in SIDES:
        frames = array.array("h", bytes(4 * len(mono)))
        frames[0::2], frames[1::2] = (mono, silent) if side == LEFT else (silent, mono)
        if sys.byteorder != "little":  # pragma: no cover - PCM is little-endian
            frames.byteswap()
        sounds[side] = Pcm(frames.tobytes(), 2, rate)
    return sounds


def side_of(n: int) -> str:
    """Tap ``n`` of a run: even ones on the left, odd ones on the right."""
    return SIDES[n % 2]


class TapPacer:
    """Calls ``tap(side)`` at ``tempo`` taps a minute, alternating sides, until stopped.

    ``clock`` gives the schedule's time (monotonic seconds); ``wait(seconds)`` waits at most
    that long and says whether the pacer was stopped meanwhile (by default an ``Event``'s
    wait, so a stop ends it at once). Tests pass a fake clock and a ``wait`` that moves it.
    """

    def __init__(
        self,
        tap: Callable[[str], None],
        tempo: int,
        *,
        clock: Clock | None = None,
        wait: Callable[[float], bool] | None = None,
    ) -> None:
        if tempo <= 0:
            raise ValueError("the tempo is a positive number of taps a minute")
        self.tempo = tempo
        self.period = 60.0 / tempo
        self._tap = tap
        self._clock: Clock = clock if clock is not None else MonotonicClock()
        self._stopped = threading.Event()
        self._wait = wait if wait is not None else self._stopped.wait
        self._thread: threading.Thread | None = None
        self._origin = 0.0
        self._next = 0  # the index of the next tap to play
        self.tapped = 0  # taps played so far (all runs)
        self.left_out = 0  # taps left out because they came due too late

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._stopped.is_set()

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def begin(self, now: float, delay: float = 0.0) -> None:
        """Set the schedule: the first tap at ``now + delay``, then one every period."""
        self._origin = now + delay
        self._next = 0

    def step(self, now: float) -> float:
        """Play the tap due at ``now`` (if any, and not late) and return the seconds to the next."""
        due = math.floor((now - self._origin) / self.period + 1e-9)
        if due >= self._next:
            late = now - (self._origin + due * self.period)
            skipped = due - self._next
            if late <= LATE:
                self._play(due)
            else:
                skipped += 1
            self.left_out += skipped
            self._next = due + 1
        return max(0.0, self._origin + self._next * self.period - now)

    def _play(self, n: int) -> None:
        try:
            self._tap(side_of(n))
            self.tapped += 1
        except Exception:  # a tap is never worth ending a session over
            log.exception("a bilateral tap could not be played")

    def start(self, delay: float = 0.0) -> None:
        """Start tapping on a daemon thread, the first tap ``delay`` seconds from now."""
        self.stop()
        self._stopped.clear()
        self.begin(self._clock.now(), delay)
        thread = threading.Thread(target=self._run, name="pendulate-taps", daemon=True)
        self._thread = thread
        thread.start()

    def _run(self) -> None:
        while not self._stopped.is_set():
            delay = self.step(self._clock.now())
            if self._wait(delay) or self._stopped.is_set():
                return

    def stop(self) -> None:
        """Stop at once: no tap sounds after this returns (except one already being started)."""
        self._stopped.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(JOIN)
