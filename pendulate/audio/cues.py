"""Finding cue files, decoding them with the stdlib ``wave`` module, and scaling volume.

Decoding happens once, before a session starts; playing is then only handing bytes over.
"""

from __future__ import annotations

import array
import importlib
import math
import sys
import warnings
import wave
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from pendulate import resources
from pendulate.script.model import CUE_NAMES
from pendulate.script.sounds import length_problem, rate_problem

_audioop: ModuleType | None
try:
    # audioop scales a buffer in C (stdlib up to 3.12, the audioop-lts package after that);
    # the pure-Python fallback below is about thirty times slower but rounds the same way (floor).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        _audioop = importlib.import_module("audioop")
except ImportError:  # pragma: no cover - depends on the interpreter
    _audioop = None


# What each bundled cue tells the person (for ``pendulate sounds`` and the help screen).
CUE_MEANINGS: dict[str, str] = {
    "bowl": "start of a resource-type phase (orient, ground, resource, return, …)",
    "low": "start of an activation (touch) phase",
    "chime": "a check-in",
    "bell": "the close of the session",
    "tick": "an interval inside a long phase",
}


class CueLoadError(Exception):
    """A cue file is missing, is not a readable PCM WAV, or has a rate that can't be played."""

    def __init__(self, path: Path, why: str):
        self.path = path
        self.why = why
        super().__init__(f"{path}: {why}")


@dataclass(frozen=True)
class Pcm:
    """Decoded audio: signed 16-bit little-endian frames."""

    data: bytes
    channels: int
    rate: int

    sample_width = 2

    @property
    def frames(self) -> int:
        return len(self.data) // (2 * self.channels)

    @property
    def seconds(self) -> float:
        return self.frames / self.rate


def cue_path(cue: str) -> Path:
    """A bundled cue name → its file in ``sounds/``; anything else is already a path."""
    if cue in CUE_NAMES:
        return resources.sounds_dir() / f"{cue}.wav"
    return Path(cue)


def _to_int16(raw: bytes, width: int) -> bytes:
    """Bring 8/24/32-bit PCM to 16-bit so the rest of the code knows one format."""
    if width == 2:
        return raw
    if width == 1:  # 8-bit WAV is unsigned
        return array.array("h", ((b - 128) << 8 for b in raw)).tobytes()
    # Keep the two most significant bytes of each little-endian sample.
    out = bytearray()
    for i in range(0, len(raw), width):
        out += raw[i + width - 2 : i + width]
    return bytes(out)


def load_wav(path: Path) -> Pcm:
    """Decode a PCM WAV file. Raises :class:`CueLoadError` with a short reason."""
    try:
        with open(path, "rb") as raw, wave.open(raw, "rb") as reader:
            channels = reader.getnchannels()
            width = reader.getsampwidth()
            rate = reader.getframerate()
            too_long = length_problem(reader.getnframes(), rate)
            if too_long is not None:  # read no further: decoding it would keep the session waiting
                raise CueLoadError(path, too_long)
            data = reader.readframes(reader.getnframes())
    except FileNotFoundError:
        raise CueLoadError(path, "the file is missing") from None
    except (OSError, EOFError, wave.Error) as exc:
        raise CueLoadError(path, f"not a readable PCM WAV ({exc or type(exc).__name__})") from None
    if channels not in (1, 2) or width not in (1, 2, 3, 4) or not data:
        raise CueLoadError(path, "not a mono or stereo PCM WAV with sound in it")
    unplayable_rate = rate_problem(rate)
    if unplayable_rate is not None:  # the sound library would refuse it at the moment it should sound
        raise CueLoadError(path, unplayable_rate)
    data = data[: len(data) - len(data) % (width * channels)]
    return Pcm(_to_int16(data, width), channels, rate)


def load_cue(cue: str) -> Pcm:
    """Decode the file a cue reference points to."""
    return load_wav(cue_path(cue))


def volume_gain(volume: int) -> float:
    """Amplitude factor for a 0-100 volume; squared, so equal steps sound like equal steps."""
    v = max(0, min(100, int(volume)))
    return (v / 100.0) ** 2


def scale(pcm: Pcm, gain: float) -> bytes:
    """The samples of ``pcm`` multiplied by ``gain`` (0-1), as new bytes."""
    if gain >= 1.0:
        return pcm.data
    if _audioop is not None:
        return _audioop.mul(pcm.data, 2, gain)
    samples = array.array("h")
    samples.frombytes(pcm.data)
    if sys.byteorder != "little":  # pragma: no cover - WAV data is little-endian
        samples.byteswap()
    out = array.array("h", [math.floor(x * gain) for x in samples])
    if sys.byteorder != "little":  # pragma: no cover
        out.byteswap()
    return out.tobytes()
