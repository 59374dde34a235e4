"""Decoding a sound file into :class:`Pcm`, made ready to play beside the bundled cues.

WAV is read with the stdlib ``wave`` module and needs nothing else. MP3, M4A/AAC, OGG/Opus and
FLAC are decoded by ffmpeg, run as a subprocess with a timeout: a damaged or hostile file ends
in a :class:`CueLoadError` with a calm reason, never in a stalled session. Before anything is
decoded the header is read (:func:`pendulate.script.sounds.probe`, the same check
``pendulate validate`` makes), so a file over its length limit is refused without decoding it.

What a clip then needs (resampling, mixing down or up, gain, fades) is done with pydub's
``AudioSegment`` on the decoded samples (:func:`conform`). pydub's own ``from_file`` is not used:
it runs ffmpeg without a timeout and reads the whole file first. pydub is imported only here, on
the first clip a session prepares, never before the library draws. Decoding happens once,
before a session starts.
"""

from __future__ import annotations

import array
import importlib
import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from pendulate import paths
from pendulate.script.sounds import (
    FFMPEG_INSTALL,
    SUPPORTED_RATES,
    SoundInfo,
    SoundProblem,
    Use,
    ffmpeg_missing,
    ffmpeg_says,
    limits_problem,
    needs_ffmpeg,
    probe,
    rate_problem,
)

_audioop: ModuleType | None
try:
    # audioop works on a buffer in C (stdlib up to 3.12, the audioop-lts package after that).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        _audioop = importlib.import_module("audioop")
except ImportError:  # pragma: no cover - depends on the interpreter
    _audioop = None

# Loudness: every bundled cue peaks at -12 dBFS, and their level (measured by level_dbfs, which
# skips the quiet tail) is -26 to -21 dBFS: bell -25.8, bowl -25.5, chime -24.4, tick -22.9,
# low -20.8, swell -21.3 (tests/test_decode.py measures them again). A recording is brought to -24 dBFS,
# the middle of that range, so a voice sits with the cues rather than over them.
TARGET_DBFS = -24.0
# Speech has sharper peaks than a bowl; no peak may go above this (no clipping, and room left).
PEAK_CEILING_DBFS = -3.0
# A whispered phone recording may need a lift; more than this would mostly raise the hiss.
MAX_BOOST_DB = 24.0
SILENT_DBFS = -70.0  # below this a clip is silence: nothing to match
_WINDOW = 0.05  # seconds: the level is measured over windows this long...
_GATE_DB = 30.0  # ...leaving out those this far below the loudest (pauses, a bell's fading tail)
FADE_IN_SECONDS = 0.030  # long enough that a recording never starts with a click
FADE_OUT_SECONDS = 0.060  # a little longer: a phone recording often stops mid-breath
# ffmpeg decodes a ten-minute M4A here in about a second; a file that keeps it busy for a whole
# minute is damaged or hostile, and the person is told so instead of waiting.
DECODE_TIMEOUT = 60.0
DEFAULT_RATE = 48000  # for a compressed file whose own rate can't be played (Opus is always 48 kHz)


class CueLoadError(Exception):
    """A sound file is missing, can't be decoded, or can't be played; ``why`` says so calmly."""

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


def load_sound(
    path: Path,
    *,
    rate: int | None = None,
    channels: int | None = None,
    max_seconds: float | None = None,
    level: bool = True,
    use: Use = "recording",
) -> Pcm:
    """Decode the sound file at ``path`` (WAV, MP3, M4A/AAC, OGG/Opus or FLAC).

    ``rate`` and ``channels`` are what the caller wants (None keeps the file's own; a WAV cue's
    rate must then be one that plays). ``max_seconds`` refuses a longer file before decoding it
    (None: the limit for ``use``, 30 s for a cue, 10 min for a recording). ``level`` brings it to
    the bundled cues' loudness and fades it in and out. Raises :class:`CueLoadError`.
    """
    path = Path(path)
    kind, reason = paths.look(path)
    if kind == "missing":
        raise CueLoadError(path, "the file is missing")
    if kind != "file":  # a pipe or a device could keep the reader waiting for ever
        raise CueLoadError(path, f"can't be read: {reason}")
    if needs_ffmpeg(path):
        pcm = _decode_with_ffmpeg(path, rate, channels, max_seconds, use)
    else:
        pcm = read_wav(path, use, max_seconds, resampled=rate is not None)
    try:
        return conform(pcm, rate=rate, channels=channels, level=level)
    except ValueError as error:  # the checks above leave nothing here; said calmly all the same
        raise CueLoadError(path, str(error)) from None


def read_wav(path: Path, use: Use = "cue", max_seconds: float | None = None, *, resampled: bool = False) -> Pcm:
    """Decode a PCM WAV file as it is (any width brought to 16-bit). Raises :class:`CueLoadError`."""
    import wave  # start-up: only decoding a sound needs it

    try:
        with open(path, "rb") as raw, wave.open(raw, "rb") as reader:
            channels, width, rate, frames = (
                reader.getnchannels(),
                reader.getsampwidth(),
                reader.getframerate(),
                reader.getnframes(),
            )
            info = SoundInfo(channels, rate, frames / rate if rate > 0 else 0.0, width, frames)
            problem = limits_problem(info, use, max_seconds, resampled=resampled)
            if problem is not None:  # read no further: decoding it would keep the session waiting
                raise CueLoadError(path, problem.why)
            data = reader.readframes(frames)
    except FileNotFoundError:
        raise CueLoadError(path, "the file is missing") from None
    except (OSError, EOFError, wave.Error) as exc:
        raise CueLoadError(path, f"not a readable PCM WAV ({exc or type(exc).__name__})") from None
    data = data[: len(data) - len(data) % (width * channels)]
    if not data:  # the header promised frames the file does not hold
        raise CueLoadError(path, "holds no sound (the file ends before its first sound)")
    return Pcm(_to_int16(data, width), channels, rate)


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


def _decode_with_ffmpeg(path: Path, rate: int | None, channels: int | None, max_seconds: float | None, use: Use) -> Pcm:
    import shutil  # start-up: only a file other than a WAV needs these
    import subprocess

    ffmpeg = shutil.which("ffmpeg")
    try:
        if ffmpeg is None:
            raise ffmpeg_missing(path)
        info = probe(path, use)
        problem = limits_problem(info, use, max_seconds, resampled=True)
        if problem is not None:
            raise problem
    except SoundProblem as problem:
        why = problem.why + (f": {FFMPEG_INSTALL}" if FFMPEG_INSTALL in problem.hint else "")
        raise CueLoadError(path, why) from None
    out_rate = rate or (info.rate if info.rate in SUPPORTED_RATES else DEFAULT_RATE)
    out_channels = channels or info.channels
    command = [
        ffmpeg,
        *("-nostdin", "-hide_banner", "-v", "error"),
        *("-i", "file:" + str(path.absolute())),
        *("-map", "0:a:0", "-vn", "-sn", "-dn"),
        # The header said it is short enough; this keeps memory bounded should it be wrong.
        *("-t", f"{info.seconds + 1:.3f}"),
        *("-f", "s16le", "-acodec", "pcm_s16le", "-ar", str(out_rate), "-ac", str(out_channels)),
        "pipe:1",
    ]
    try:
        done = subprocess.run(
            command, stdin=subprocess.DEVNULL, capture_output=True, timeout=DECODE_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise CueLoadError(
            path, f"took more than {DECODE_TIMEOUT:g} seconds to decode, so it is probably damaged"
        ) from None
    except OSError as error:
        raise CueLoadError(path, f"can't be decoded: {paths.os_error_reason(error)}") from None
    if done.returncode != 0:
        raise CueLoadError(path, f"can't be decoded ({ffmpeg_says(done.stderr, path)})")
    data = done.stdout
    if len(data) % (2 * out_channels):  # copied only when ffmpeg stopped mid-frame
        data = data[: len(data) - len(data) % (2 * out_channels)]
    if not data:
        raise CueLoadError(path, "holds no sound that can be decoded")
    return Pcm(data, out_channels, out_rate)


def conform(pcm: Pcm, *, rate: int | None = None, channels: int | None = None, level: bool = True) -> Pcm:
    """``pcm`` at ``rate`` Hz with ``channels`` (None keeps its own), leveled and faded when asked.

    Mono becomes stereo by sounding in both ears; stereo becomes mono as the mean of the two.
    """
    out_rate = rate or pcm.rate
    if out_rate not in SUPPORTED_RATES:
        raise ValueError(rate_problem(out_rate))
    if channels is not None and channels not in (1, 2):
        raise ValueError(f"can't bring {pcm.channels} channels to {channels}")
    if not level and out_rate == pcm.rate and channels in (None, pcm.channels):
        return pcm  # played as it is
    segment = _segment(pcm)
    if channels is not None and channels != pcm.channels:
        segment = segment.set_channels(channels)
    if out_rate != pcm.rate:
        segment = segment.set_frame_rate(out_rate)
    if level:
        segment = _leveled(segment)
        longest = len(segment) // 3  # on a clip too short for them, each fade takes at most a third
        segment = segment.fade_in(min(int(FADE_IN_SECONDS * 1000), longest))
        segment = segment.fade_out(min(int(FADE_OUT_SECONDS * 1000), longest))
    return Pcm(segment.raw_data, segment.channels, segment.frame_rate)


def _segment(pcm: Pcm):  # -> pydub.AudioSegment (pydub has no type hints)
    with warnings.catch_warnings():
        # pydub looks for ffmpeg when imported and warns when it is missing: nothing here needs it.
        warnings.simplefilter("ignore", RuntimeWarning)
        from pydub import AudioSegment

    return AudioSegment(data=pcm.data, sample_width=2, frame_rate=pcm.rate, channels=pcm.channels)


def level_dbfs(pcm: Pcm) -> float:
    """How loud ``pcm`` sounds, in dBFS: the RMS of its 50 ms windows, pauses left out."""
    ops = _ops()
    step = max(1, int(pcm.rate * _WINDOW)) * 2 * pcm.channels
    windows = [ops.rms(pcm.data[i : i + step], 2) for i in range(0, len(pcm.data), step)]
    loudest = max(windows, default=0)
    if loudest <= 0:
        return -math.inf
    gate = loudest * 10 ** (-_GATE_DB / 20)
    active = [w for w in windows if w >= gate]
    return _dbfs(math.sqrt(sum(w * w for w in active) / len(active)))


def _leveled(segment):  # pydub.AudioSegment -> the same, at the cues' loudness
    now = level_dbfs(Pcm(segment.raw_data, segment.channels, segment.frame_rate))
    if now < SILENT_DBFS:
        return segment
    gain_db = min(TARGET_DBFS - now, MAX_BOOST_DB, PEAK_CEILING_DBFS - _dbfs(segment.max))
    if abs(gain_db) < 0.05:
        return segment
    return segment.apply_gain(gain_db)


def _dbfs(amplitude: float) -> float:
    return 20 * math.log10(amplitude / 32768) if amplitude > 0 else -math.inf


def _ops() -> ModuleType:
    if _audioop is not None:
        return _audioop
    # pragma: no cover - a Python ≥ 3.13 without audioop-lts (a dependency there): pydub's
    # pure-Python copy of audioop does the same arithmetic, only slower.
    return importlib.import_module("pydub.pyaudioop")  # pragma: no cover
