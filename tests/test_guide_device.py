"""Spoken guidance through the real device path: simpleaudio (or the platform's player) → libasound
→ a ``type file`` pcm that writes every stream it is given to a WAV. The captured streams show
the spoken prompt after the cue at each boundary, and `g` interrupting it for the grounding
prompt."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

CHILD = r"""
import array, json, sys, time
config = json.loads(sys.argv[1])
if config["block_simpleaudio"]:
    sys.modules["simpleaudio"] = None
from pendulate.audio import make_player
from pendulate.audio.clips import recorded, said
from pendulate.audio.cues import Pcm
from pendulate.audio.listener import CuePlayer, Guide, session_cues
from pendulate.engine.clock import FakeClock
from pendulate.engine.runner import Runner
from pendulate.engine.session import Session
from pendulate.plan.build import Plan, Step
from pendulate.script.model import Prompt

def clip(level):
    # 0.2 s of lead-in silence, then a square wave at its own level: each clip is recognisable.
    return Pcm(array.array("h", [0] * 4410 + [level, -level] * 2205).tobytes(), 1, 22050)

steps = (
    Step("orient", "Room", 30.0, prompts=(Prompt(0, "Look around."),), cue="bowl"),
    Step("ground", "Feet", 30.0, prompts=(Prompt(0, "Feel the feet."),), cue="low", voice="/s/feet.wav"),
    Step("orient", "Back", 30.0, prompts=(Prompt(0, "Back in the room."),), cue="bowl"),
)
stop = Plan("stop", (Step("ground", "Ground now", 30.0, prompts=(Prompt(0, "Feet on the floor."),), cue="chime", origin="stop"),))
plan = Plan("device", steps)
levels = {said("Look around."): 1000, recorded("/s/feet.wav"): 2000, said("Back in the room."): 3000,
          said("Feet on the floor."): 4000}
player = make_player(mute=False, volume=60)
player.prepare(session_cues(plan, stop), 60)
player.prepare_voice({key: clip(level) for key, level in levels.items()}, 80)
clock = FakeClock(0.0)
runner = Runner(Session(plan, clock=clock, stop_plan=stop), [CuePlayer(player), Guide(player)])
def settle():
    time.sleep(0.4)  # each stream opens (and is captured) in turn
runner.start(); settle()
clock.set(30.0); runner.tick(); settle()
clock.set(35.0); runner.ground_now(); settle()
player.close()
with open(config["out"], "w") as out:
    json.dump({"notice": player.notice, "kind": type(player).__name__, "levels": levels}, out)
"""


def _capture_conf(tmp_path: Path) -> tuple[Path, Path]:
    capture = tmp_path / "capture"
    capture.mkdir()
    conf = tmp_path / "asound.conf"
    conf.write_text(
        "pcm.!default {\n    type file\n    slave.pcm { type null }\n"
        f'    file "{capture / "s.wav"}"\n    format "wav"\n    truncate false\n}}\n'
    )
    return capture, conf


def _streams(capture: Path) -> list[tuple[tuple[int, int], bytes]]:
    out = []
    for path in sorted(capture.iterdir(), key=lambda p: (len(p.name), p.name)):
        with open(path, "rb") as raw, wave.open(raw, "rb") as reader:
            out.append(((reader.getnchannels(), reader.getframerate()), reader.readframes(reader.getnframes())))
    return out


def _run(tmp_path: Path, conf: Path, *, block_simpleaudio: bool, path: str | None = None) -> dict:
    out = tmp_path / "result.json"
    env = {**os.environ, "ALSA_CONFIG_PATH": str(conf), "PYTHONPATH": str(REPO)}
    if path is not None:
        env["PATH"] = path
    config = json.dumps({"out": str(out), "block_simpleaudio": block_simpleaudio})
    done = subprocess.run([sys.executable, "-c", CHILD, config], capture_output=True, env=env, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert (done.stdout, done.stderr) == (b"", b"")
    return json.loads(out.read_text())


def _spoken_levels(streams: list[tuple[tuple[int, int], bytes]]) -> list[str | int]:
    """Each stream as "cue" (44.1 kHz) or the level of the voice clip it carried (22.05 kHz)."""
    import array

    out: list[str | int] = []
    for (_channels, rate), frames in streams:
        if rate == 22050:
            samples = array.array("h", frames)
            out.append(max(samples))
        else:
            out.append("cue")
    return out


def _expected(levels: dict[str, int]) -> list[str | int]:
    from pendulate.audio.cues import volume_gain

    def heard(level: int) -> int:
        return int(level * volume_gain(80))

    # The orient phase: its cue, then its prompt; the ground phase: its cue, then its recording
    # (its prompt stays text); g: the grounding's cue, then its prompt.
    return ["cue", heard(1000), "cue", heard(2000), "cue", heard(4000)]


def test_simpleaudio_speaks_each_prompt_after_its_cue_and_g_interrupts(tmp_path: Path) -> None:
    pytest.importorskip("simpleaudio")
    capture, conf = _capture_conf(tmp_path)
    report = _run(tmp_path, conf, block_simpleaudio=False)
    assert report["notice"] is None and report["kind"] == "SimpleaudioPlayer"
    streams = _streams(capture)[1:]  # the first is the device probe
    assert _spoken_levels(streams) == _expected(report["levels"])


@pytest.mark.skipif(shutil.which("aplay") is None, reason="aplay (alsa-utils) is not installed")
def test_the_platform_player_speaks_the_same_way(tmp_path: Path) -> None:
    capture, conf = _capture_conf(tmp_path)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "aplay").symlink_to(shutil.which("aplay") or "")
    report = _run(tmp_path, conf, block_simpleaudio=True, path=str(bin_dir))
    assert report["notice"] is None and report["kind"] == "ExternalPlayer"
    streams = _streams(capture)[1:]  # the first is the player's probe
    # Two processes start at a boundary, and which opens the device first is theirs to race
    # (the clip's lead-in of silence still lets the cue be heard first): compare boundary by boundary.
    heard, expected = _spoken_levels(streams), _expected(report["levels"])

    def pairs(levels: list[str | int]) -> list[list[str]]:
        return [sorted(map(str, levels[i : i + 2])) for i in range(0, len(levels), 2)]

    assert pairs(heard) == pairs(expected)
