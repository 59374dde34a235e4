"""A small, real WAV file for tests that give a script a sound of its own."""

from __future__ import annotations

import wave
from pathlib import Path


def write_wav(path: Path, rate: int = 44100, *, channels: int = 1, width: int = 2, frames: int = 10) -> Path:
    """Write ``frames`` frames of silence at ``rate`` Hz to ``path`` (its folder must exist)."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(bytes(channels * width * frames))
    return path
