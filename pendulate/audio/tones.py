"""Soft tones for the eyes-closed check-in when there is no voice to speak with.

A rating's tone rises in pitch with its number (``tone:0`` … ``tone:10``); Enter has a soft
rising pair (``tone:confirm``), Escape a falling one (``tone:skipped``), and a check-in left a
while brings one low, slow sound (``tone:gentle``). Each is made in memory as a clip like the
spoken ones (mono, 22050 Hz, signed 16-bit), with a soft onset and a gentle fall, a little
quieter than the cues, and played through ``player.speak(key)``.
"""

from __future__ import annotations

import array
import math
import sys
from collections.abc import MutableMapping
from functools import lru_cache

from pendulate.audio.cues import Pcm

RATE = 22050
PEAK = 0.28  # of full scale: under the bundled cues, so a tone never startles
ATTACK = 0.025  # seconds of soft onset
CONFIRM, GENTLE, SKIPPED = "tone:confirm", "tone:gentle", "tone:skipped"
LOWEST = 330.0  # Hz of tone:0; each step up is a whole tone-and-a-bit (10 reaches about 785 Hz)
STEP = 1.5  # semitones between neighbouring numbers


def tone_key(value: int) -> str:
    """The key of the tone for rating ``value`` (0–10)."""
    return f"tone:{max(0, min(10, int(value)))}"


def pitch(value: int) -> float:
    """Hz of rating ``value``'s tone: rising with the number."""
    return LOWEST * 2 ** (max(0, min(10, value)) * STEP / 12)


def _notes(notes: list[tuple[float, float]], attack: float = ATTACK, peak: float = PEAK) -> Pcm:
    """``notes`` (Hz, seconds) one after another, each with a raised-cosine onset and a decay."""
    samples = array.array("h")
    for frequency, seconds in notes:
        count = int(seconds * RATE)
        samples.extend(_note(frequency, count, max(1, int(attack * RATE)), peak))
    if sys.byteorder != "little":  # pragma: no cover - clips are little-endian
        samples.byteswap()
    return Pcm(samples.tobytes(), 1, RATE)


def _note(frequency: float, count: int, rise: int, peak: float) -> list[int]:
    step, sin, cos = 2 * math.pi * frequency / RATE, math.sin, math.cos
    decay = math.exp(-4.0 / count)  # about -35 dB by the note's end
    scale = 32767 * peak / 1.25
    onset = [scale * (0.5 - 0.5 * cos(math.pi * i / rise)) * decay**i for i in range(min(rise, count))]
    body = [scale * decay**i for i in range(len(onset), count)]
    # A little of the octave above keeps it warm rather than a bare beep.
    return [int(a * (sin(step * i) + 0.25 * sin(2 * step * i))) for i, a in enumerate(onset + body)]


@lru_cache(maxsize=1)
def tones() -> dict[str, Pcm]:
    """Every tone, by key (made once a run, in a few tens of milliseconds)."""
    made = {tone_key(n): _notes([(pitch(n), 0.22)]) for n in range(11)}
    made[CONFIRM] = _notes([(523.25, 0.11), (659.25, 0.17)])
    made[SKIPPED] = _notes([(440.0, 0.11), (349.23, 0.17)])
    made[GENTLE] = _notes([(392.0, 0.3)], attack=0.08, peak=0.2)
    return made


def add_tones(clips: MutableMapping[str, Pcm]) -> MutableMapping[str, Pcm]:
    """``clips`` with every tone added where its key is not there yet (in place; returned too)."""
    for key, tone in tones().items():
        clips.setdefault(key, tone)
    return clips
