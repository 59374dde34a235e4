"""What a sound file must be for pendulate to play it, checked when a script is read.

Two kinds of file: a *cue* (``cue:``, a short sound that marks a moment) and a *recording*
(``voice:``, a phase's guidance in the therapist's own voice). Either may be a WAV, read here
with the stdlib ``wave`` module, or MP3, M4A/AAC, OGG/Opus or FLAC, whose header ffprobe reads
(a subprocess with a timeout: nothing is decoded at ``validate`` time and no audio library is
imported). ``pendulate validate`` says what is wrong at the line that names the file, and
:mod:`pendulate.audio.decode` keeps to the same rules, so a file that passes here plays.

The sound library (simpleaudio) plays 16-bit PCM at a fixed list of sample rates and refuses
every other rate; a cue it refuses would stay silent in the middle of a session. A recording is
resampled when it is decoded, so its rate never matters; a cue's WAV is played as it is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Literal

from pendulate import paths
from pendulate.script.durations import format_seconds
from pendulate.script.model import CUE_NAMES
from pendulate.script.text import short

# The rates simpleaudio 1.0.4 accepts (its play_buffer refuses any other with "Weird sample
# rates are not supported"); a test plays each on the silent ALSA device to keep this true.
SUPPORTED_RATES: tuple[int, ...] = (8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000, 192000)
SAMPLE_WIDTHS = (1, 2, 3, 4)  # bytes per sample: 8-, 16-, 24- and 32-bit integer PCM
CHANNELS = (1, 2)
SAVE_HINT = "save it again as a WAV file (PCM, 16-bit, mono or stereo) at 44.1 or 48 kHz"
RECORDING_HINT = "save it again from the recording app (M4A or MP3 is usual), or export it as a 16-bit WAV"
# The formats a phone or a sound editor makes. WAV needs nothing more; the others are read by
# ffmpeg (its ffprobe reads their header, ffmpeg decodes them before a session starts).
SOUND_SUFFIXES: tuple[str, ...] = (".wav", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac")
FFMPEG_INSTALL = "install ffmpeg, e.g. apt install ffmpeg"
# A cue marks a moment: a bell, a bowl, a soft tone. Every cue is decoded into memory before a
# session starts, so a long recording would keep the person waiting (a 34 MB file took 2.3 s)
# and hold that memory for the whole session.
MAX_CUE_SECONDS = 30
# A recording is one phase's guidance, spoken at its start; the longest phase the guide suggests
# (contain, bilateral) lasts about three minutes. Ten minutes leaves room for a long guided
# settling and stays well inside the session's 48 MiB budget for spoken clips (ten minutes at
# 22.05 kHz mono 16-bit is 26 MB, and takes about a second to decode): more would crowd out
# the other phases' prompts and keep the person waiting before the session starts.
MAX_RECORDING_SECONDS = 600
# ffprobe reads a header in well under a tenth of a second; a file that takes longer than
# this is damaged or is not what its name says, and the person is told so instead of waiting.
PROBE_TIMEOUT = 10.0

Use = Literal["cue", "recording"]


class SoundProblem(Exception):
    """A sound file can't be used: ``why`` completes "the sound file 'x' …", ``hint`` says what to do."""

    def __init__(self, why: str, hint: str):
        self.why = why
        self.hint = hint
        super().__init__(why)


@dataclass(frozen=True)
class SoundInfo:
    """What a file's header says: enough to check it without decoding it."""

    channels: int
    rate: int
    seconds: float
    width: int = 2  # bytes per sample; formats other than WAV are decoded to 16-bit
    frames: int | None = None  # WAV only: the frame count in its header


# A header not read yet (see headers_later): the file is there, in the script's folder, and named
# as a sound pendulate reads; what it holds is checked when a session prepares it.
NOT_READ = SoundInfo(channels=0, rate=0, seconds=0.0)
_later: ContextVar[bool] = ContextVar("pendulate_sound_headers_later", default=False)


@contextmanager
def headers_later() -> Iterator[None]:
    """Read scripts without running ffprobe on their recordings and cue files other than WAV.

    For the library, which lists scripts right after its first frame and must not keep the
    first key waiting about 70 ms a file. Everything else is still checked (the folder, the
    name, a WAV's header); ``validate`` and a session's preparation read every header.
    """
    token = _later.set(True)
    try:
        yield
    finally:
        _later.reset(token)


def rates_text() -> str:
    """The supported rates in kHz, as a person would say them: "8, 11.025, …, 96 or 192 kHz"."""
    shown = [f"{rate / 1000:g}" for rate in SUPPORTED_RATES]
    return ", ".join(shown[:-1]) + f" or {shown[-1]} kHz"


def rate_problem(rate: int) -> str | None:
    """Why a sample rate can't be played ("has a sample rate of …"), or None when it can."""
    if rate in SUPPORTED_RATES:
        return None
    return f"has a sample rate of {rate} Hz, which can't be played (the rates that play are {rates_text()})"


def _spoken_length(seconds: float) -> str:
    return f"{seconds:.0f} seconds" if seconds < 120 else format_seconds(round(seconds), words=True)


def too_long(seconds: float, limit: float, what: str = "a cue") -> str | None:
    """Why a sound is too long ("lasts …; a cue can last at most …"), or None."""
    if seconds <= limit:
        return None
    return f"lasts {_spoken_length(seconds)}; {what} can last at most {_spoken_length(limit)}"


def length_problem(frames: int, rate: int) -> str | None:
    """Why a cue is too long to be one ("lasts …"), or None when it is short enough."""
    return too_long(frames / rate if rate > 0 else 0.0, MAX_CUE_SECONDS)


LENGTH_HINT = "a cue is a short sound that marks a moment: trim it to a few seconds (for example in Audacity)"
RECORDING_LENGTH_HINT = (
    f"a recording is one phase's guidance: keep it under {MAX_RECORDING_SECONDS // 60} minutes, "
    "or split it into a recording for each phase"
)


def needs_ffmpeg(path: Path) -> bool:
    """True for the formats only ffmpeg reads (every supported one but WAV)."""
    return path.suffix.lower() != ".wav"


def ffmpeg_missing(path: Path) -> SoundProblem:
    """The problem of a file that needs ffmpeg where ffmpeg is not installed."""
    return SoundProblem(
        f"can't be read without ffmpeg ({path.suffix.lower()} files need it), and ffmpeg is not installed",
        f"{FFMPEG_INSTALL}; or save the sound as a WAV file, which plays without it",
    )


def probe(path: Path, use: Use = "cue") -> SoundInfo:
    """The header of the sound file at ``path``; raises :class:`SoundProblem` saying why not.

    Only the header is read (by ``wave`` for a WAV, by ffprobe for the rest).
    """
    hint = SAVE_HINT if use == "cue" else RECORDING_HINT
    if needs_ffmpeg(path):
        return _ffprobe(path, hint)
    import wave  # start-up: loaded only for a script that names a sound file of its own

    try:
        with path.open("rb") as raw, wave.open(raw, "rb") as reader:
            channels = reader.getnchannels()
            width = reader.getsampwidth()
            rate = reader.getframerate()
            frames = reader.getnframes()
    except OSError as error:
        raise SoundProblem(
            f"can't be read: {paths.os_error_reason(error)}", paths.os_error_hint(error) or hint
        ) from None
    except (EOFError, wave.Error) as error:
        detail = f" ({error})" if str(error) else ""
        raise SoundProblem(f"is not a PCM WAV file that can be played{detail}", hint) from None
    return SoundInfo(channels, rate, frames / rate if rate > 0 else 0.0, width, frames)


def limits_problem(
    info: SoundInfo, use: Use = "cue", max_seconds: float | None = None, *, resampled: bool = False
) -> SoundProblem | None:
    """What makes a file with this header unusable as a ``use``, or None when it plays.

    ``max_seconds`` defaults to the limit for the use (30 s for a cue, 10 min for a recording);
    ``resampled`` says the sound is brought to a rate that plays as it is decoded (every
    recording, and every cue but a WAV one), so its own rate does not matter.
    """
    what = "a cue" if use == "cue" else "a recording"
    hint = SAVE_HINT if use == "cue" else RECORDING_HINT
    if info.channels not in CHANNELS:
        return SoundProblem(f"has {info.channels} channels; {what} is mono or stereo", hint)
    if info.width not in SAMPLE_WIDTHS:
        return SoundProblem(f"uses {8 * info.width}-bit samples, which can't be played", hint)
    if not resampled:
        why = rate_problem(info.rate)
        if why is not None:
            return SoundProblem(
                why, "save it again at one of these rates (44.1 or 48 kHz is usual), for example in Audacity"
            )
    if info.frames == 0 or info.seconds <= 0:
        return SoundProblem("holds no sound (it is empty)", hint)
    limit = max_seconds if max_seconds is not None else (MAX_CUE_SECONDS if use == "cue" else MAX_RECORDING_SECONDS)
    why = too_long(info.seconds, limit, what)
    if why is not None:
        return SoundProblem(why, LENGTH_HINT if use == "cue" else RECORDING_LENGTH_HINT)
    return None


def check_sound(path: Path, use: Use = "cue") -> SoundInfo:
    """The header of a file that can be used as a ``use``; raises :class:`SoundProblem` when not."""
    info = probe(path, use)
    problem = limits_problem(info, use, resampled=use == "recording" or needs_ffmpeg(path))
    if problem is not None:
        raise problem
    return info


def find_sound(folder: Path | None, ref: str, use: Use = "cue") -> tuple[Path, SoundInfo]:
    """The resolved path and header of the sound file ``ref`` names in ``folder``, checked for ``use``.

    Never outside that folder: no absolute path, no '..', no link leading out of it. Raises
    :class:`SoundProblem` whose ``why`` is a whole message ("the sound file 'x' …").
    """
    noun = "sound file" if use == "cue" else "recording"
    if folder is None:
        raise SoundProblem(
            f"the {noun} '{ref}' cannot be used here",
            "a script read without a folder can only use the bundled cues: " + ", ".join(CUE_NAMES)
            if use == "cue"
            else "a script read without a folder has no recordings; its prompts are shown (or read) instead",
        )
    example = "sounds/rain.wav" if use == "cue" else "prompts/ground.m4a"
    if (
        PurePosixPath(ref).is_absolute()
        or PureWindowsPath(ref).is_absolute()
        or PureWindowsPath(ref).drive
        or ref.startswith("~")
    ):
        raise SoundProblem(
            f"the {noun} '{ref}' is an absolute path", f"name a file in the script's own folder, for example {example}"
        )
    if ".." in re.split(r"[\\/]", ref):
        raise SoundProblem(
            f"the {noun} '{ref}' reaches outside the script's folder ('..')", f"keep {noun}s in the script's own folder"
        )
    home = folder.resolve()
    candidate = home / ref
    kind, reason = paths.look(candidate)
    if kind == "missing":
        raise SoundProblem(f"the {noun} '{ref}' does not exist", f"looked for {candidate}")
    if kind != "file":
        raise SoundProblem(f"the {noun} '{short(ref)}' can't be used: {reason}", f"looked for {candidate}")
    resolved = candidate.resolve()
    if not resolved.is_relative_to(home):
        raise SoundProblem(
            f"the {noun} '{ref}' is a link to a file outside the script's folder",
            f"copy the {noun} into the script's folder instead of linking to it",
        )
    if _later.get() and needs_ffmpeg(resolved) and not _known(resolved):
        return resolved, NOT_READ
    try:
        return resolved, check_sound(resolved, use)
    except SoundProblem as problem:
        raise SoundProblem(f"the {noun} '{short(ref)}' {problem.why}", problem.hint) from None


def wav_problem(path: Path) -> tuple[str, str] | None:
    """``(what is wrong, how to fix it)`` when ``path`` is not a sound pendulate can play as a cue.

    Only the header is read: the channels, the sample width, the rate and the length.
    """
    try:
        check_sound(path, "cue")
    except SoundProblem as problem:
        return problem.why, problem.hint
    return None


def _ffprobe(path: Path, hint: str) -> SoundInfo:
    # start-up: loaded only for a script that names a sound file other than a WAV
    import json
    import shutil
    import subprocess

    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        raise ffmpeg_missing(path)
    try:
        stat = path.stat()
        if stat.st_size == 0:
            raise SoundProblem("holds no sound (it is empty: 0 bytes)", hint)
        key = (str(path.absolute()), stat.st_size, stat.st_mtime_ns)
        if key in _probed:
            return _probed[key]
        done = subprocess.run(
            [
                ffprobe,
                *("-v", "error", "-select_streams", "a:0"),
                *("-show_entries", "stream=channels,sample_rate,duration:format=duration", "-of", "json"),
                "file:" + str(path.absolute()),
            ],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=PROBE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SoundProblem(
            f"took more than {PROBE_TIMEOUT:g} seconds just to open, so it is probably damaged", hint
        ) from None
    except FileNotFoundError:  # ffprobe went away between which() and run()
        raise ffmpeg_missing(path) from None
    except OSError as error:
        raise SoundProblem(
            f"can't be read: {paths.os_error_reason(error)}", paths.os_error_hint(error) or hint
        ) from None
    if done.returncode != 0:
        raise SoundProblem(f"is not a sound file that can be read (ffmpeg: {ffmpeg_says(done.stderr, path)})", hint)
    try:
        found = json.loads(done.stdout or b"{}")
        streams = found.get("streams") or []
        if not streams:
            raise SoundProblem("holds no sound that can be read (no audio in it)", hint)
        stream = streams[0]
        duration = stream.get("duration") or (found.get("format") or {}).get("duration")
        seconds = float(duration) if duration not in (None, "N/A") else math.nan
        info = SoundInfo(int(stream.get("channels") or 0), int(stream.get("sample_rate") or 0), seconds)
    except (ValueError, TypeError, AttributeError):
        raise SoundProblem("is not a sound file that can be read (its header makes no sense)", hint) from None
    if not math.isfinite(info.seconds):
        raise SoundProblem("does not say how long it lasts, so it can't be checked before it plays", hint)
    if len(_probed) >= _PROBED_KEPT:
        _probed.clear()
    _probed[key] = info
    return info


# Headers read by ffprobe, by (path, size, modification time): the library, ``validate`` and the
# session's preparation each read a script, and each ffprobe run costs about 70 ms.
_probed: dict[tuple[str, int, int], SoundInfo] = {}


def _known(path: Path) -> bool:
    """Whether ``path``'s header is remembered from an earlier read in this process."""
    try:
        stat = path.stat()
    except OSError:
        return False
    return (str(path.absolute()), stat.st_size, stat.st_mtime_ns) in _probed


_PROBED_KEPT = 512


def ffmpeg_says(stderr: bytes, path: Path) -> str:
    """ffmpeg's own last word about a file, short, without the file's name in front."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    last = lines[-1] if lines else "no reason given"
    for name in (f"file:{path.absolute()}", str(path.absolute()), str(path)):
        if last.startswith(name + ": "):
            last = last[len(name) + 2 :]
    return last[:120]
