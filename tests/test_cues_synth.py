"""The bundled cue set: reproducible synthesis, length, level and soft onset."""

from __future__ import annotations

import array
import math
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from pendulate.resources import sounds_dir
from pendulate.script.model import CUE_NAMES

REPO = Path(__file__).resolve().parent.parent
RATE = 44100


def _read(path: Path) -> tuple[wave._wave_params, array.array]:
    with open(path, "rb") as raw, wave.open(raw, "rb") as reader:
        params = reader.getparams()
        samples = array.array("h", reader.readframes(reader.getnframes()))
    return params, samples


def _peak(samples: array.array) -> int:
    return max(abs(x) for x in samples)


@pytest.mark.slow
def test_synthesis_reproduces_the_committed_files_quietly(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "make_cues.py"), str(tmp_path)],
        capture_output=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""  # no ffmpeg warning, no ResourceWarning
    for name in CUE_NAMES:
        fresh = (tmp_path / f"{name}.wav").read_bytes()
        committed = (sounds_dir() / f"{name}.wav").read_bytes()
        assert fresh == committed, f"{name}.wav differs from a fresh synthesis"


@pytest.mark.parametrize("name", CUE_NAMES)
def test_cue_format_and_length(name: str) -> None:
    params, samples = _read(sounds_dir() / f"{name}.wav")
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, RATE)
    assert 0 < params.nframes <= 4 * RATE


def test_all_cues_share_one_peak_level() -> None:
    levels = {name: 20 * math.log10(_peak(_read(sounds_dir() / f"{name}.wav")[1]) / 32768) for name in CUE_NAMES}
    assert max(levels.values()) - min(levels.values()) <= 0.1, levels
    assert all(abs(level - -12.0) <= 0.1 for level in levels.values()), levels


@pytest.mark.parametrize("name", CUE_NAMES)
def test_soft_onset_and_silent_end(name: str) -> None:
    _, samples = _read(sounds_dir() / f"{name}.wav")
    peak = _peak(samples)
    first_5ms = samples[: int(0.005 * RATE)]
    assert samples[0] == 0  # starts on a zero crossing
    assert _peak(first_5ms) < 0.16 * peak  # fading in: no click, no startle
    assert abs(samples[-1]) <= 2  # ends on silence, no click either
