"""The real device path: simpleaudio → libasound → a ``type file`` pcm that writes every
sound it is given to a WAV. What was captured must be exactly the prepared cue audio."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from pendulate.audio.cues import load_cue, scale, volume_gain
from pendulate.audio.simple import PROBE_FRAMES

pytest.importorskip("simpleaudio")

REPO = Path(__file__).resolve().parent.parent
SEQUENCE = ["tick", "chime", "low", "bowl"]
VOLUME = 60

CHILD = r"""
import json, sys
from pendulate.audio import CuePlayer, make_player
from pendulate.engine.events import CueDue
sequence, volume, out = json.loads(sys.argv[1])
player = make_player(mute=False, volume=volume)
player.prepare(sequence, volume)
listener = CuePlayer(player)
for i, cue in enumerate(sequence):
    listener.handle(CueDue(float(i), float(i), cue, i, "phase"))
    player.wait_done()  # the null slave consumes audio quickly; let each cue finish whole
player.close()
with open(out, "w") as f:
    json.dump({"notice": player.notice, "available": player.available}, f)
"""


def _frames(path: Path) -> tuple[tuple[int, int, int], bytes]:
    with open(path, "rb") as raw, wave.open(raw, "rb") as reader:
        return (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()), reader.readframes(
            reader.getnframes()
        )


def test_cues_really_play_through_libasound(tmp_path: Path) -> None:
    capture = tmp_path / "capture"
    capture.mkdir()
    conf = tmp_path / "asound.conf"
    conf.write_text(
        "pcm.!default {\n    type file\n    slave.pcm { type null }\n"
        f'    file "{capture / "cue.wav"}"\n    format "wav"\n    truncate false\n}}\n'
    )
    result_file = tmp_path / "result.json"
    env = {**os.environ, "ALSA_CONFIG_PATH": str(conf), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps([SEQUENCE, VOLUME, str(result_file)])],
        capture_output=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert (result.stdout, result.stderr) == (b"", b"")
    report = json.loads(result_file.read_text())
    assert report == {"notice": None, "available": True}

    # libasound names the files cue.wav, cue.wav.0001, … in the order the streams opened.
    captured = sorted(capture.iterdir(), key=lambda p: (len(p.name), p.name))
    assert len(captured) == 1 + len(SEQUENCE)
    _, probe = _frames(captured[0])
    assert probe == bytes(2 * PROBE_FRAMES)  # the device check is silence
    for path, cue in zip(captured[1:], SEQUENCE, strict=False):
        pcm = load_cue(cue)
        fmt, frames = _frames(path)
        assert fmt == (1, 2, 44100)
        assert frames == scale(pcm, volume_gain(VOLUME)), f"{cue}: captured audio differs from the prepared cue"
