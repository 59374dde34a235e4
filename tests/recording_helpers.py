"""Real sound files for the tests of recordings and sound formats, made once per test session.

ffmpeg encodes a known tone (330 Hz, 2 s, amplitude 1/8: about -21 dBFS) to every format a
phone or an editor makes; the hostile files (text named .mp3, truncated, empty, 8 channels,
3 hours long) are made beside them. ``make setup`` installs ffmpeg, so these never skip.
"""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path

FORMATS = ("wav", "mp3", "m4a", "ogg", "opus", "flac")
TONE_SECONDS = 2.0
_made: dict[str, dict[str, Path]] = {}


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True, timeout=120)


def tones(folder: Path) -> dict[str, Path]:
    """``{"mp3": path, …, "stereo.m4a": path}``: the tone in each format, encoded once."""
    if "tones" not in _made:
        folder.mkdir(parents=True, exist_ok=True)
        made: dict[str, Path] = {}
        for ext in FORMATS:
            made[ext] = folder / f"tone.{ext}"
            ffmpeg("-f", "lavfi", "-i", f"sine=frequency=330:duration={TONE_SECONDS:g}", str(made[ext]))
        for ext in ("wav", "m4a"):
            made[f"stereo.{ext}"] = folder / f"stereo.{ext}"
            # The same tone in both ears ("-ac 2" alone would lower each side by 3 dB).
            tone = "sine=frequency=330:duration=2"
            ffmpeg("-f", "lavfi", "-i", tone, "-af", "pan=stereo|c0=c0|c1=c0", str(made[f"stereo.{ext}"]))
        made["long-tone.m4a"] = folder / "long-tone.m4a"  # 40 s: too long for a cue, fine as a recording
        ffmpeg("-f", "lavfi", "-i", "sine=frequency=330:duration=40", str(made["long-tone.m4a"]))
        _made["tones"] = made
    return _made["tones"]


def hostile(folder: Path, tone_m4a: Path) -> dict[str, Path]:
    """Files that are not what they claim: each name says how."""
    if "hostile" not in _made:
        folder.mkdir(parents=True, exist_ok=True)
        made = {name: folder / name for name in HOSTILE}
        made["text.mp3"].write_text("This is a note about the session, not a recording.\n")
        made["empty.m4a"].write_bytes(b"")
        made["truncated.m4a"].write_bytes(tone_m4a.read_bytes()[:3000])  # its index (moov) is at the end
        made["truncated.wav"].write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt ")
        ffmpeg("-f", "lavfi", "-i", "sine=frequency=330:duration=1", "-ac", "8", str(made["eight.ogg"]))
        # FLAC of silence encodes three hours in about a second and takes 2 MB.
        ffmpeg("-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "10800", str(made["three-hours.flac"]))
        three_hour_header(made["three-hours.wav"])
        ffmpeg("-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "660", str(made["eleven-minutes.flac"]))
        _made["hostile"] = made
    return _made["hostile"]


HOSTILE: dict[str, str] = {
    # file -> a piece of the reason load_sound and validate give
    "text.mp3": "is not a sound file that can be read",
    "empty.m4a": "holds no sound (it is empty: 0 bytes)",
    "truncated.m4a": "is not a sound file that can be read",
    "truncated.wav": "not",  # "is not a PCM WAV file…" at validate, "not a readable PCM WAV" when loading
    "eight.ogg": "has 8 channels; a recording is mono or stereo",
    "three-hours.flac": "lasts 3 h; a recording can last at most 10 min",
    "three-hours.wav": "lasts 3 h; a recording can last at most 10 min",
    "eleven-minutes.flac": "lasts 11 min; a recording can last at most 10 min",
}


def three_hour_header(path: Path) -> Path:
    """A WAV whose header claims three hours at 22.05 kHz; it holds one frame."""
    frames = 3 * 3600 * 22050
    fmt = struct.pack("<HHIIHH", 1, 1, 22050, 44100, 2, 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", 2 * frames) + b"\0\0"
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path
