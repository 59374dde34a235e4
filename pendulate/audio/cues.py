"""Finding cue files, decoding them (through :mod:`pendulate.audio.decode`), and scaling volume.

Decoding happens once, before a session starts; playing is then only handing bytes over.
A bundled cue is played exactly as it is in ``sounds/``; a script's own cue (a WAV, MP3, M4A,
OGG, Opus or FLAC file beside the script) is brought to the bundled cues' loudness and faded.
"""

from __future__ import annotations

import array
import math
import sys
from pathlib import Path

from pendulate import resources
from pendulate.audio.decode import CueLoadError, Pcm, _audioop, load_sound, read_wav
from pendulate.script.model import CUE_NAMES

# Pcm and CueLoadError live in decode (which cues builds on) and are known by this module's name.
__all__ = ["CUE_MEANINGS", "CueLoadError", "Pcm", "cue_path", "load_cue", "load_wav", "scale", "volume_gain"]

# What each bundled cue tells the person (for ``pendulate sounds`` and the help screen).
CUE_MEANINGS: dict[str, str] = {
    "bowl": "start of a resource-type phase (orient, ground, resource, return, …)",
    "low": "start of an activation (touch) phase",
    "chime": "a check-in",
    "bell": "the close of the session",
    "tick": "an interval inside a long phase",
    "swell": "the start of an in-breath, in a paced breathing phase (when breath sounds are on)",
}


def cue_path(cue: str) -> Path:
    """A bundled cue name → its file in ``sounds/``; anything else is already a path."""
    if cue in CUE_NAMES:
        return resources.sounds_dir() / f"{cue}.wav"
    return Path(cue)


def load_wav(path: Path) -> Pcm:
    """Decode a PCM WAV cue as it is. Raises :class:`CueLoadError` with a short reason."""
    return read_wav(path, "cue")


def load_cue(cue: str) -> Pcm:
    """Decode the file a cue reference points to: a bundled cue as it is, a script's own leveled."""
    if cue in CUE_NAMES:
        return load_wav(cue_path(cue))
    return load_sound(cue_path(cue), use="cue")


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
    # The pure-Python way is about thirty times slower but rounds the same way (floor).
    samples = array.array("h")
    samples.frombytes(pcm.data)
    if sys.byteorder != "little":  # pragma: no cover - WAV data is little-endian
        samples.byteswap()
    out = array.array("h", [math.floor(x * gain) for x in samples])
    if sys.byteorder != "little":  # pragma: no cover
        out.byteswap()
    return out.tobytes()
