"""Rendering a planned session to one WAV file, streamed.

The cue times come from driving the real engine with a fake clock, so the file holds
exactly what the app would play: every check-in is skipped at once (a file cannot wait for
an answer) and an open-ended phase lasts no time, as in the plan's own totals.

The file is written in one-second chunks. Only the sounds overlapping the current chunk are
held in memory (the bundled cues are cached; spoken prompts are made when they come due and
dropped when they end), so a 60-minute session never needs more than a few megabytes.
"""

from __future__ import annotations

import array
import functools
import os
import sys
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pendulate import paths
from pendulate.audio.cues import Pcm, _audioop, load_cue
from pendulate.engine.clock import FakeClock
from pendulate.engine.events import CueDue, PromptDue
from pendulate.engine.session import Session
from pendulate.plan.build import Plan
from pendulate.script.model import Params

RATE = 44100
CHUNK_FRAMES = RATE  # one second per write
_MAX_STEPS = 1_000_000  # a guard: no real plan needs this many engine calls


@dataclass(frozen=True)
class TimedSound:
    """One sound of the schedule: a cue (``cue``) or a spoken prompt (``text``)."""

    t: float  # seconds from the start of the session
    cue: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class SoundSchedule:
    """A rendered session's cues and spoken prompts, each at its time, and when the session ends."""

    sounds: tuple[TimedSound, ...]
    end: float  # when the session ends (the closing bell starts here)

    @property
    def cues(self) -> list[tuple[float, str]]:
        return [(s.t, s.cue) for s in self.sounds if s.cue is not None]

    @property
    def prompts(self) -> list[tuple[float, str]]:
        return [(s.t, s.text) for s in self.sounds if s.text is not None]


@dataclass(frozen=True)
class RenderResult:
    frames: int
    rate: int
    end_frame: int  # where the session itself ends; the rest is the last sounds' tails
    placed: tuple[tuple[int, str], ...]  # (start frame, cue or prompt text)

    @property
    def seconds(self) -> float:
        return self.frames / self.rate


def sound_schedule(plan: Plan, params: Params | None = None) -> SoundSchedule:
    """Every cue and prompt of ``plan`` with its time, from the engine driven by a fake clock."""
    clock = FakeClock(0.0)
    session = Session(plan, params=params, clock=clock, stop_plan=None)
    sounds: list[TimedSound] = []
    end = 0.0
    events = session.start()
    for _ in range(_MAX_STEPS):
        for event in events:
            if isinstance(event, CueDue):
                sounds.append(TimedSound(event.t, cue=event.cue))
            elif isinstance(event, PromptDue):
                sounds.append(TimedSound(event.t, text=event.text))
        if session.finished:
            end = clock.now()
            break
        if session.awaiting_checkin:
            events = session.skip_checkin()
            continue
        due = session.next_due()
        if due is None:  # an open-ended phase: in a file it lasts no time
            events = session.skip()
            continue
        clock.set(max(due, clock.now()))
        events = session.advance()
    else:
        raise RuntimeError("the session did not finish while rendering")
    return SoundSchedule(tuple(sounds), end)


def cue_timeline(plan: Plan, params: Params | None = None) -> list[tuple[float, str]]:
    """``(seconds from start, cue)`` for every cue of ``plan``, as the app would play them."""
    return sound_schedule(plan, params).cues


def to_render_format(pcm: Pcm, rate: int = RATE) -> array.array:
    """Mono samples at ``rate``: channels averaged, other rates linearly interpolated."""
    samples = _samples(pcm.data)
    if pcm.channels == 2:
        samples = array.array("h", ((samples[i] + samples[i + 1]) // 2 for i in range(0, len(samples) - 1, 2)))
    if pcm.rate != rate:
        samples = resample(samples, pcm.rate, rate)
    return samples


def resample(samples: array.array, src: int, dst: int) -> array.array:
    """Linear-interpolation resampling; plenty for cues and speech."""
    n = len(samples)
    if n == 0 or src == dst:
        return array.array("h", samples)
    count = int(n * dst / src)
    step = src / dst
    out = array.array("h", bytes(2 * count))
    for i in range(count):
        pos = i * step
        j = int(pos)
        frac = pos - j
        nxt = samples[j + 1] if j + 1 < n else samples[j]
        out[i] = int(samples[j] + (nxt - samples[j]) * frac)
    return out


def _samples(data: bytes) -> array.array:
    out = array.array("h")
    out.frombytes(data)
    if sys.byteorder == "big":  # pragma: no cover - WAV data is little-endian
        out.byteswap()
    return out


def _frame_bytes(samples: array.array) -> bytes:
    if sys.byteorder == "big":  # pragma: no cover
        samples = array.array("h", samples)
        samples.byteswap()
    return samples.tobytes()


@dataclass
class _Scheduled:
    start: int
    label: str
    load: Callable[[], array.array]


@dataclass
class _Sounding:
    """A scheduled sound whose samples are loaded while it overlaps the chunks being written."""

    item: _Scheduled
    samples: array.array

    @property
    def end(self) -> int:
        return self.item.start + len(self.samples)


def render(
    plan: Plan,
    out: Path | BinaryIO,
    *,
    params: Params | None = None,
    speak: Callable[[str], array.array] | None = None,
    rate: int = RATE,
    schedule: SoundSchedule | None = None,
) -> RenderResult:
    """Write ``plan`` as one mono 16-bit WAV at ``rate`` to ``out`` (a path or binary file).

    ``speak`` turns a prompt's text into samples at ``rate``; without it prompts are left out.
    """
    schedule = schedule or sound_schedule(plan, params)
    cache: dict[str, array.array] = {}

    def cue_loader(cue: str) -> Callable[[], array.array]:
        def load() -> array.array:
            if cue not in cache:
                cache[cue] = to_render_format(load_cue(cue), rate)
            return cache[cue]

        return load

    items: list[_Scheduled] = []
    for sound in schedule.sounds:
        start = round(sound.t * rate)
        if sound.cue is not None:
            items.append(_Scheduled(start, sound.cue, cue_loader(sound.cue)))
        elif speak is not None and sound.text is not None:
            items.append(_Scheduled(start, sound.text, functools.partial(speak, sound.text)))
    items.sort(key=lambda item: item.start)
    end_frame = round(schedule.end * rate)

    opened = None
    if isinstance(out, (str, Path)):
        opened = out = _private_file(Path(out))
    try:
        # The length is known only as the last tails are mixed; wave fixes the header on close.
        with wave.open(out, "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(rate)
            total = _stream(writer, items, end_frame)
    finally:
        if opened is not None:
            opened.close()
    return RenderResult(total, rate, end_frame, tuple((item.start, item.label) for item in items))


def _private_file(path: Path) -> BinaryIO:
    """``path`` opened for writing, readable only by its owner (0600), like the exports.

    A session's recording holds the script's words, which may be a therapist's words for this
    person; a file replaced with ``--force`` is made private too.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), paths.FILE_MODE)
    try:
        os.fchmod(fd, paths.FILE_MODE)
        return os.fdopen(fd, "wb")
    except BaseException:
        os.close(fd)
        raise


def _stream(writer: wave.Wave_write, items: list[_Scheduled], end_frame: int) -> int:
    """Write chunk after chunk until the session has ended and every sound has died away."""
    pending = iter(items)
    upcoming = next(pending, None)
    active: list[_Sounding] = []
    pos = 0
    while True:
        horizon = max([end_frame] + [sounding.end for sounding in active])
        if upcoming is not None:
            horizon = max(horizon, upcoming.start + 1)
        if pos >= horizon:
            return pos
        n = min(CHUNK_FRAMES, horizon - pos)
        stop = pos + n
        while upcoming is not None and upcoming.start < stop:
            active.append(_Sounding(upcoming, upcoming.load()))
            upcoming = next(pending, None)
        if not active:
            writer.writeframesraw(bytes(2 * n))
            pos = stop
            continue
        chunk = array.array("h", bytes(2 * n))
        written = False
        for sounding in active:
            written = _mix_into(chunk, pos, sounding, overwrite=not written) or written
        writer.writeframesraw(_frame_bytes(chunk))
        # A sound that has ended is dropped, and with it a spoken prompt's samples.
        active = [sounding for sounding in active if sounding.end > stop]
        pos = stop


def _mix_into(chunk: array.array, pos: int, sounding: _Sounding, *, overwrite: bool) -> bool:
    """Add ``sounding``'s part inside this chunk; returns whether it wrote anything."""
    item, samples = sounding.item, sounding.samples
    a = max(item.start, pos)
    b = min(sounding.end, pos + len(chunk))
    if a >= b:
        return False
    if overwrite:  # the chunk is still silence: a plain copy, done in C
        chunk[a - pos : b - pos] = samples[a - item.start : b - item.start]
        return True
    if _audioop is not None:  # adds with clipping, in C
        mixed = _audioop.add(chunk[a - pos : b - pos].tobytes(), samples[a - item.start : b - item.start].tobytes(), 2)
        chunk[a - pos : b - pos] = array.array("h", mixed)
        return True
    offset = item.start - pos
    for i in range(a - pos, b - pos):
        value = chunk[i] + samples[i - offset]
        chunk[i] = 32767 if value > 32767 else -32768 if value < -32768 else value
    return True
