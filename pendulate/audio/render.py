"""Rendering a planned session to one WAV file, streamed.

The schedule (:mod:`pendulate.audio.schedule`) comes from driving the real engine with a fake
clock, so the file holds exactly what the app would play. With spoken guidance on, the
voices are the live session's (:mod:`pendulate.audio.voices`): a phase's recording first,
then the speech engine, each clip starting after its phase's cue. A bilateral phase with a
tempo carries soft taps alternating left and right; a file with taps is stereo (the cues and
the voice in the middle), any other stays mono, as before.

The file is written in one-second chunks. Only the sounds overlapping the current chunk are
held in memory (the bundled cues are cached; spoken clips are made when they come due and
dropped when they end), so a 60-minute session never needs more than a few megabytes.
Other formats than WAV are made from this file by ffmpeg (:mod:`pendulate.audio.encode`).
"""

from __future__ import annotations

import array
import functools
import math
import os
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from pendulate import paths
from pendulate.audio import clips as keys
from pendulate.audio.cues import Pcm, _audioop, load_cue
from pendulate.audio.samples import frame_bytes, resample, samples_of, to_speech_format
from pendulate.audio.schedule import SoundSchedule, TapRun, TimedSound, cue_timeline, sound_schedule
from pendulate.audio.voices import ClipMaker, SpokenItem
from pendulate.plan.build import Plan
from pendulate.script.model import Params

if TYPE_CHECKING:
    from pendulate.audio.speech import Speaker

__all__ = [
    "RATE",
    "RenderResult",
    "SoundSchedule",
    "TapRun",
    "TimedSound",
    "cue_timeline",
    "render",
    "resample",
    "sound_schedule",
    "to_render_format",
]

RATE = 44100
CHUNK_FRAMES = RATE  # one second per write
TAP_PEAK = 4100  # about −18 dBFS: softer than the cues, a pulse to follow, not a signal
TAP_SECONDS = 0.09


@dataclass(frozen=True)
class RenderResult:
    frames: int
    rate: int
    end_frame: int  # where the session itself ends; the rest is the last sounds' tails
    placed: tuple[tuple[int, str], ...]  # (start frame, cue, prompt text, recording or tap)
    channels: int = 1
    notices: tuple[str, ...] = ()  # what the person is told: a recording read by the engine instead, …

    @property
    def seconds(self) -> float:
        return self.frames / self.rate


def to_render_format(pcm: Pcm, rate: int = RATE) -> array.array:
    """Mono samples at ``rate``: channels averaged, other rates linearly interpolated."""
    samples = samples_of(pcm.data)
    if pcm.channels == 2:
        samples = array.array("h", ((samples[i] + samples[i + 1]) // 2 for i in range(0, len(samples) - 1, 2)))
    if pcm.rate != rate:
        samples = resample(samples, pcm.rate, rate)
    return samples


def tap_sound(rate: int = RATE) -> array.array:
    """One soft tap: a low tone dying away quickly, faded in so it never clicks."""
    n = round(TAP_SECONDS * rate)
    attack = max(1, round(0.004 * rate))
    out = array.array("h", bytes(2 * n))
    for i in range(n):
        envelope = min(1.0, i / attack) * math.exp(-5.0 * i / n) * (1 - i / n)
        out[i] = round(TAP_PEAK * envelope * math.sin(2 * math.pi * 392.0 * i / rate))
    return out


@dataclass
class _Scheduled:
    start: int  # frame
    label: str
    load: Callable[[], array.array | None]  # interleaved samples in the file's channels; None: silent


@dataclass
class _Sounding:
    """A scheduled sound whose samples are loaded while it overlaps the chunks being written."""

    item: _Scheduled
    samples: array.array
    channels: int

    @property
    def end(self) -> int:
        return self.item.start + len(self.samples) // self.channels


def render(
    plan: Plan,
    out: Path | BinaryIO,
    *,
    params: Params | None = None,
    voice: bool = False,
    speaker: Speaker | None = None,
    rate: int = RATE,
    schedule: SoundSchedule | None = None,
) -> RenderResult:
    """Write ``plan`` as one 16-bit WAV at ``rate`` to ``out`` (a path or binary file).

    With ``voice``, phases with a recording are spoken by it and every other prompt by
    ``speaker`` (without one those prompts are left out). Mono, or stereo when the session
    has bilateral taps.
    """
    schedule = schedule or sound_schedule(plan, params)
    channels = 2 if schedule.taps else 1
    maker = ClipMaker(speaker) if voice else None
    items = _schedule_items(schedule, maker, rate, channels)
    end_frame = round(schedule.end * rate)

    opened = None
    if isinstance(out, (str, Path)):
        opened = out = _private_file(Path(out))
    try:
        # The length is known only as the last tails are mixed; wave fixes the header on close.
        with wave.open(out, "wb") as writer:
            writer.setnchannels(channels)
            writer.setsampwidth(2)
            writer.setframerate(rate)
            total = _stream(writer, items, end_frame, channels)
    finally:
        if opened is not None:
            opened.close()
    notices = tuple(maker.bank.notices) if maker is not None else ()
    placed = tuple((item.start, item.label) for item in items)
    return RenderResult(total, rate, end_frame, placed, channels, notices)


def _schedule_items(schedule: SoundSchedule, maker: ClipMaker | None, rate: int, channels: int) -> list[_Scheduled]:
    cache: dict[str, array.array] = {}

    def cue_loader(cue: str) -> Callable[[], array.array]:
        def load() -> array.array:
            if cue not in cache:
                cache[cue] = _spread(to_render_format(load_cue(cue), rate), channels)
            return cache[cue]

        return load

    def clip_loader(item: SpokenItem, made: ClipMaker) -> Callable[[], array.array | None]:
        def load() -> array.array | None:
            clip = made.make(item)  # made now and dropped once it has been mixed in
            if clip is None:
                return None
            return _spread(samples_of(to_speech_format(clip, rate).data), channels)  # resampled in C

        return load

    items: list[_Scheduled] = []
    for sound in schedule.sounds:
        start = round(sound.t * rate)
        if sound.cue is not None:
            items.append(_Scheduled(start, sound.cue, cue_loader(sound.cue)))
        elif maker is not None and sound.voice is not None:
            spoken = SpokenItem(keys.recorded(sound.voice), sound.words, path=sound.voice)
            items.append(_Scheduled(start, sound.voice, clip_loader(spoken, maker)))
        elif maker is not None and maker.engine is not None and sound.text is not None:
            items.append(
                _Scheduled(start, sound.text, clip_loader(SpokenItem(keys.said(sound.text), sound.text), maker))
            )
    if channels == 2:
        tap = tap_sound(rate)
        sides = [_on_side(tap, 0), _on_side(tap, 1)]
        for run in schedule.taps:
            for t, side in run.times():
                label = "tap " + ("left" if side == 0 else "right")
                items.append(_Scheduled(round(t * rate), label, functools.partial(sides.__getitem__, side)))
    items.sort(key=lambda item: item.start)
    return items


def _spread(samples: array.array, channels: int) -> array.array:
    """Mono samples as the file's frames: the same in both channels of a stereo file."""
    if channels == 1:
        return samples
    if _audioop is not None:
        return samples_of(_audioop.tostereo(frame_bytes(samples), 2, 1, 1))
    out = array.array("h", bytes(4 * len(samples)))
    out[0::2] = samples
    out[1::2] = samples
    return out


def _on_side(samples: array.array, side: int) -> array.array:
    """Mono samples on the left (0) or right (1) channel only of stereo frames."""
    out = array.array("h", bytes(4 * len(samples)))
    out[side::2] = samples
    return out


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


def _stream(writer: wave.Wave_write, items: list[_Scheduled], end_frame: int, channels: int = 1) -> int:
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
            samples = upcoming.load()
            if samples is not None:
                active.append(_Sounding(upcoming, samples, channels))
            upcoming = next(pending, None)
        if not active:
            writer.writeframesraw(bytes(2 * channels * n))
            pos = stop
            continue
        chunk = array.array("h", bytes(2 * channels * n))
        written = False
        for sounding in active:
            written = _mix_into(chunk, pos, sounding, overwrite=not written) or written
        writer.writeframesraw(frame_bytes(chunk))
        # A sound that has ended is dropped, and with it a spoken clip's samples.
        active = [sounding for sounding in active if sounding.end > stop]
        pos = stop


def _mix_into(chunk: array.array, pos: int, sounding: _Sounding, *, overwrite: bool) -> bool:
    """Add ``sounding``'s part inside this chunk (``pos`` is its first frame); whether it wrote anything."""
    item, samples, c = sounding.item, sounding.samples, sounding.channels
    a = max(item.start, pos)
    b = min(sounding.end, pos + len(chunk) // c)
    if a >= b:
        return False
    dst = slice((a - pos) * c, (b - pos) * c)
    src = slice((a - item.start) * c, (b - item.start) * c)
    if overwrite:  # the chunk is still silence: a plain copy, done in C
        chunk[dst] = samples[src]
        return True
    if _audioop is not None:  # adds with clipping, in C
        chunk[dst] = array.array("h", _audioop.add(chunk[dst].tobytes(), samples[src].tobytes(), 2))
        return True
    offset = (item.start - pos) * c
    for i in range(dst.start, dst.stop):
        value = chunk[i] + samples[i - offset]
        chunk[i] = 32767 if value > 32767 else -32768 if value < -32768 else value
    return True
