"""A rendered session in the format its file name asks for: WAV, MP3, OGG or FLAC.

The session is always streamed as a WAV first, to a private temporary file beside the output
(0600, so a therapist's words are never readable by others, even half-written); for the other
formats ffmpeg converts that file in a separate process, reading and writing as it goes, so
pendulate's memory stays flat whatever the session's length. The finished file replaces the
output in one step, so an interrupted render never leaves half a file under the output's name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pendulate import paths

FORMATS: dict[str, tuple[str, ...]] = {
    # suffix → ffmpeg's arguments for it (WAV is written as it is)
    ".wav": (),
    ".mp3": ("-codec:a", "libmp3lame", "-q:a", "4"),  # about 130 kb/s, plenty for a voice and soft cues
    ".ogg": ("-codec:a", "libvorbis", "-q:a", "4"),
    ".flac": ("-codec:a", "flac"),
}
T = TypeVar("T")
NAMES = "WAV, MP3, OGG or FLAC"
CONVERT_TIMEOUT = 3600.0  # seconds; a 60-minute session converts in well under a minute here


class EncodeError(Exception):
    """The output can't be written in the format asked for; the message says why and what to do."""


def format_problem(output: Path) -> str | None:
    """Why ``output`` names no format pendulate can write (one sentence), or None."""
    suffix = output.suffix.lower()
    if suffix not in FORMATS:
        shown = (
            f"'{output.suffix}' is not a format pendulate writes" if output.suffix else "no suffix to choose a format"
        )
        return f"{output.name}: {shown}; name a .wav, .mp3, .ogg or .flac file ({NAMES}, chosen by the suffix)."
    if suffix != ".wav" and shutil.which("ffmpeg") is None:
        return (
            f"writing {suffix} files needs ffmpeg, which is not installed "
            "(e.g. apt install ffmpeg); a .wav file works without it."
        )
    return None


def write_output(output: Path, write_wav: Callable[[Path], T]) -> T:
    """Call ``write_wav(temp)`` for a private WAV beside ``output``, convert it, and put it in place.

    Returns what ``write_wav`` returned. Raises :class:`EncodeError` (ffmpeg) or ``OSError``.
    """
    problem = format_problem(output)
    if problem is not None:
        raise EncodeError(problem)
    suffix = output.suffix.lower()
    first = _private_temp(output, ".wav")
    wav: Path | None = first
    made: Path | None = None
    try:
        result = write_wav(first)
        if suffix == ".wav":
            made, wav = first, None
        else:
            made = _private_temp(output, suffix)
            _convert(first, made, FORMATS[suffix])
        os.replace(made, output)
        made = None
        return result
    finally:
        for leftover in (wav, made):
            if leftover is not None:
                with contextlib.suppress(OSError):
                    leftover.unlink()


def _private_temp(output: Path, suffix: str) -> Path:
    """A new empty file beside ``output``, readable only by its owner."""
    fd, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=suffix, dir=output.parent)
    try:
        os.fchmod(fd, paths.FILE_MODE)
    finally:
        os.close(fd)
    return Path(name)


def _convert(wav: Path, out: Path, codec: tuple[str, ...]) -> None:
    # ffmpeg writes into the private file made for it (-y keeps the file and its mode).
    argv = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", str(wav), *codec, str(out)]
    try:
        subprocess.run(argv, capture_output=True, check=True, timeout=CONVERT_TIMEOUT)
    except FileNotFoundError:
        raise EncodeError("ffmpeg is not installed (e.g. apt install ffmpeg); a .wav file works without it.") from None
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode(errors="replace").strip().splitlines()
        raise EncodeError(f"ffmpeg could not write {out.suffix[1:].upper()}: {detail[-1] if detail else exc}") from None
    except subprocess.TimeoutExpired:
        raise EncodeError(f"ffmpeg took longer than {CONVERT_TIMEOUT:.0f} s to convert the session") from None
