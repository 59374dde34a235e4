"""Small operations on 16-bit samples: mono, rate and silence (stdlib only, audioop when present).

Shared by the speech engines, the voice bank and the renderer, so each clip goes through
one way of being made mono, resampled and levelled.
"""

from __future__ import annotations

import array
import sys

from pendulate.audio.cues import Pcm, _audioop


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
    """``pcm`` made a spoken clip: mono at ``rate``, loudness-matched to the cues, faded in and out
    (the decoder's own shaping, the same as for recordings)."""
    from pendulate.audio.decode import conform  # start-up: loaded with the first clip a session makes

    return conform(pcm, rate=rate, channels=1, level=True)


def silence(seconds: float, rate: int, channels: int = 1) -> bytes:
    """``seconds`` of silence as s16 bytes."""
    return bytes(2 * channels * round(seconds * rate))
