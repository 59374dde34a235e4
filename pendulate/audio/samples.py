"""Small operations on 16-bit samples: mono, rate, level and fades (stdlib only, audioop when present).

Shared by the speech engines, the voice bank and the renderer, so each clip goes through
one way of being made mono, resampled and levelled.
"""

from __future__ import annotations

import array
import importlib
import sys

from pendulate.audio.cues import Pcm, _audioop

PEAK = 8231  # −12 dBFS, the level of the bundled cues, so speech sits beside them evenly
FADE_IN = 0.03  # seconds
FADE_OUT = 0.06


def samples_of(data: bytes) -> array.array:
    """Little-endian s16 bytes as an array of samples."""
    out = array.array("h")
    out.frombytes(data)
    if sys.byteorder == "big":  # pragma: no cover - WAV data is little-endian
        out.byteswap()
    return out


def frame_bytes(samples: array.array) -> bytes:
    """An array of samples as little-endian s16 bytes."""
    if sys.byteorder == "big":  # pragma: no cover
        samples = array.array("h", samples)
        samples.byteswap()
    return samples.tobytes()


def resample(samples: array.array, src: int, dst: int) -> array.array:
    """Linear-interpolation resampling in Python; plenty for cues and speech."""
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


def mono(pcm: Pcm) -> array.array:
    """The samples of ``pcm`` with its channels averaged."""
    samples = samples_of(pcm.data)
    if pcm.channels == 1:
        return samples
    if _audioop is not None and pcm.channels == 2:
        return samples_of(_audioop.tomono(pcm.data, 2, 0.5, 0.5))
    c = pcm.channels
    return array.array("h", (sum(samples[i : i + c]) // c for i in range(0, len(samples) - c + 1, c)))


def to_speech_format(pcm: Pcm, rate: int) -> Pcm:
    """``pcm`` made mono at ``rate`` (audioop's resampler in C when present, else linear)."""
    samples = mono(pcm)
    if pcm.rate != rate:
        if _audioop is not None:
            converted, _ = _audioop.ratecv(frame_bytes(samples), 2, 1, pcm.rate, rate, None)
            samples = samples_of(converted)
        else:  # pragma: no cover - depends on the interpreter
            samples = resample(samples, pcm.rate, rate)
    return Pcm(frame_bytes(samples), 1, rate)


def speech_clip(pcm: Pcm, rate: int) -> Pcm:
    """``pcm`` made a spoken clip: mono at ``rate``, loudness-matched to the cues, faded in and out.

    The one place speech and recordings read without the decoder are levelled: with
    :mod:`pendulate.audio.decode` present its loudness matching is used (the same as for
    recordings), else :func:`level`'s peak normalising.
    """
    try:
        decode = importlib.import_module("pendulate.audio.decode")
    except ImportError:
        return level(to_speech_format(pcm, rate))
    made: Pcm = decode.conform(pcm, rate=rate, channels=1, level=True)
    return made


def level(pcm: Pcm, peak: int = PEAK) -> Pcm:
    """``pcm`` brought to the cues' peak level, with a short fade in and out."""
    data = pcm.data
    if not data:
        return pcm
    highest = _audioop.max(data, 2) if _audioop is not None else max(abs(x) for x in samples_of(data))
    if highest:
        gain = peak / highest
        if _audioop is not None:
            data = _audioop.mul(data, 2, gain)
        else:  # pragma: no cover - depends on the interpreter
            data = frame_bytes(array.array("h", (max(-32768, min(32767, int(x * gain))) for x in samples_of(data))))
    return Pcm(_faded(data, pcm.channels, pcm.rate), pcm.channels, pcm.rate)


def _faded(data: bytes, channels: int, rate: int) -> bytes:
    samples = samples_of(data)
    frames = len(samples) // channels
    fade_in = min(frames // 2, int(FADE_IN * rate))
    fade_out = min(frames - fade_in, int(FADE_OUT * rate))
    for f in range(fade_in):
        gain = f / fade_in
        for c in range(channels):
            samples[f * channels + c] = int(samples[f * channels + c] * gain)
    for k in range(fade_out):
        f = frames - 1 - k
        gain = k / fade_out
        for c in range(channels):
            samples[f * channels + c] = int(samples[f * channels + c] * gain)
    return frame_bytes(samples)


def silence(seconds: float, rate: int, channels: int = 1) -> bytes:
    """``seconds`` of silence as s16 bytes."""
    return bytes(2 * channels * round(seconds * rate))
