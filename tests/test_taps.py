"""The bilateral tap pacer: its schedule on a fake clock, its stop, and the tap sounds."""

from __future__ import annotations

import array
import threading
import time

import pytest

from pendulate.audio.taps import LATE, TAP_PEAK, TAP_RATE, TapPacer, side_of, tap_sounds, tap_wave
from pendulate.engine.clock import FakeClock


def _recorder(clock: FakeClock) -> tuple[list[tuple[float, str]], object]:
    taps: list[tuple[float, str]] = []
    return taps, lambda side: taps.append((clock.now(), side))


def test_taps_fall_at_start_plus_n_periods_alternating_sides() -> None:
    clock = FakeClock(100.0)
    taps, tap = _recorder(clock)
    pacer = TapPacer(tap, 60, clock=clock)
    pacer.begin(clock.now(), delay=1.0)
    for _ in range(6):
        clock.advance(pacer.step(clock.now()))
    pacer.step(clock.now())
    assert taps == [(101.0 + n, side_of(n)) for n in range(6)]
    assert [side for _, side in taps[:2]] == ["left", "right"]


def test_the_schedule_never_counts_waits_and_leaves_a_late_tap_out() -> None:
    clock = FakeClock(0.0)
    taps, tap = _recorder(clock)
    pacer = TapPacer(tap, 80, clock=clock)  # one every 0.75 s
    pacer.begin(0.0)
    pacer.step(0.0)  # tap 0
    clock.set(0.77)  # woke 20 ms late: still played, at its own slot
    pacer.step(clock.now())
    clock.set(0.75 * 2 + LATE + 0.05)  # held up past the late limit: tap 2 left out
    wait = pacer.step(clock.now())
    assert wait == pytest.approx(0.75 * 3 - clock.now())  # the next stays on the grid
    clock.set(0.75 * 6 + 0.01)  # a long stall: taps 3-5 left out, 6 played, never bunched
    pacer.step(clock.now())
    assert [(round(t, 2), side) for t, side in taps] == [(0.0, "left"), (0.77, "right"), (4.51, "left")]
    assert pacer.left_out == 4 and pacer.tapped == 3


def test_the_thread_taps_from_the_clock_and_stops_at_once() -> None:
    clock = FakeClock(0.0)
    taps: list[tuple[float, str]] = []
    waits: list[float] = []
    stop_after = threading.Event()
    pacer: TapPacer

    def tap(side: str) -> None:
        taps.append((clock.now(), side))
        if len(taps) == 5:
            stop_after.set()

    def wait(seconds: float) -> bool:
        waits.append(seconds)
        if stop_after.is_set():
            return pacer.stopped or stop_after.wait(5.0)
        clock.advance(seconds + 0.003)  # each wake-up a little late: the grid does not move
        return pacer.stopped

    pacer = TapPacer(tap, 60, clock=clock, wait=wait)
    pacer.start(delay=1.0)
    assert stop_after.wait(5.0)
    pacer.stop()
    assert not pacer.running
    assert [round(t, 3) for t, _ in taps] == [1.003, 2.003, 3.003, 4.003, 5.003]
    assert all(w == pytest.approx(0.997) for w in waits[1:5])


def test_stop_wakes_a_real_wait_at_once() -> None:
    taps: list[str] = []
    pacer = TapPacer(taps.append, 40)  # the real clock: 1.5 s between taps
    pacer.start(delay=10.0)  # the thread is now waiting ten seconds for its first tap
    time.sleep(0.05)
    began = time.monotonic()
    pacer.stop()
    assert time.monotonic() - began < 0.2
    assert not pacer.running and taps == []
    pacer.start()  # and it starts again (as on Resumed)
    time.sleep(0.05)
    pacer.stop()
    assert taps == ["left"]


def test_a_tap_that_raises_is_logged_and_the_pacer_goes_on() -> None:
    clock = FakeClock(0.0)
    calls: list[str] = []

    def tap(side: str) -> None:
        calls.append(side)
        raise RuntimeError("no device")

    pacer = TapPacer(tap, 60, clock=clock)
    pacer.begin(0.0)
    pacer.step(0.0)
    clock.set(1.0)
    pacer.step(1.0)
    assert calls == ["left", "right"] and pacer.tapped == 0


def test_a_tempo_is_positive() -> None:
    with pytest.raises(ValueError):
        TapPacer(lambda side: None, 0)


def test_tap_sounds_are_one_channel_each_soft_and_click_free() -> None:
    sounds = tap_sounds()
    mono = tap_wave()
    assert set(sounds) == {"left", "right"}
    for side, pcm in sounds.items():
        assert (pcm.channels, pcm.rate) == (2, TAP_RATE)
        frames = array.array("h", pcm.data)
        loud, quiet = (frames[0::2], frames[1::2]) if side == "left" else (frames[1::2], frames[0::2])
        assert list(loud) == list(mono) and not any(quiet)
    assert 0.05 < sounds["left"].seconds < 0.15
    peak = max(abs(x) for x in mono)
    assert peak <= 32767 * TAP_PEAK + 1 and peak > 32767 * TAP_PEAK * 0.3
    assert mono[0] == 0 and mono[-1] == 0
    # Soft onset: the first millisecond stays small, and no step between samples is a click.
    assert max(abs(x) for x in mono[: TAP_RATE // 1000]) < peak * 0.1
    assert max(abs(a - b) for a, b in zip(mono, mono[1:], strict=False)) < peak * 0.2
