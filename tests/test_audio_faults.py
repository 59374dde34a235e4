"""The four ways sound can fail. In each the session completes, exactly one calm notice
appears, and nothing at all reaches the terminal (a child process's fds are captured)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pendulate.audio.factory import NO_PLAYER
from pendulate.audio.simple import DEVICE_LOST, NO_DEVICE, SimpleaudioPlayer

REPO = Path(__file__).resolve().parent.parent

# Runs a short session through the real factory and listener, reports as JSON in a file
# (stdout and stderr must stay empty).
CHILD = r"""
import json, shutil, sys
config = json.loads(sys.argv[1])
if config.get("block_simpleaudio"):
    sys.modules["simpleaudio"] = None  # makes "import simpleaudio" raise ImportError
from pendulate.audio import CuePlayer, make_player, session_cues
from pendulate.engine.clock import FakeClock
from pendulate.plan.build import Plan, Step
from pendulate.engine.session import Session

cues = config["cues"]
steps = tuple(Step("resource", f"step {i}", 5.0, cue=cue) for i, cue in enumerate(cues))
plan = Plan("faults", steps + (Step("orient", "Room", 5.0, cue="bowl"),))
notices = []
player = make_player(mute=False, volume=60)
player.on_notice = notices.append
player.prepare(session_cues(plan), 60)
clock = FakeClock(0.0)
session = Session(plan, clock=clock)
listener = CuePlayer(player)
listener.handle_all(session.start())
while not session.finished:
    if session.index == config.get("remove_at") and config.get("remove"):
        shutil.rmtree(config["remove"], ignore_errors=False)
        config["remove"] = None
    clock.set(session.next_due())
    listener.handle_all(session.advance())
for _ in range(3):
    player.play("bowl")
player.close()
with open(config["out"], "w") as out:
    json.dump({"notices": notices, "notice": player.notice, "available": player.available,
               "finished": session.finished, "kind": type(player).__name__}, out)
"""

CAPTURE_CONF = """pcm.!default {{
    type file
    slave.pcm {{ type null }}
    file "{file}"
    format "wav"
    truncate false
}}
"""
# libasound prints "ALSA lib … Unknown PCM hw:99,0" for this one, which is what we must hide.
NO_DEVICE_CONF = 'pcm.!default { type plug slave.pcm "hw:99,0" }\n'


def _simpleaudio_importable() -> bool:
    try:
        import simpleaudio  # noqa: F401
    except ImportError:
        return False
    return True


needs_simpleaudio = pytest.mark.skipif(not _simpleaudio_importable(), reason="simpleaudio is not installed")


def _run(code: str, conf: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "ALSA_CONFIG_PATH": str(conf), "PYTHONPATH": str(REPO)}
    if path is not None:
        env["PATH"] = path
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, env=env, cwd=REPO, timeout=120)


def _session(tmp_path: Path, conf_text: str, **config) -> dict:
    conf = tmp_path / "asound.conf"
    conf.write_text(conf_text)
    config["out"] = str(tmp_path / "result.json")
    config.setdefault("cues", ["bowl", "low", "chime"])
    # Without simpleaudio the platform's player would play: PATH then holds none.
    no_players = tmp_path / "no-players"
    no_players.mkdir(exist_ok=True)
    result = _run(CHILD, conf, json.dumps(config), path=str(no_players) if config.get("block_simpleaudio") else None)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == b""
    assert result.stderr == b""
    report = json.loads(Path(config["out"]).read_text())
    assert report["finished"]
    return report


def test_neither_simpleaudio_nor_a_platform_player(tmp_path: Path) -> None:
    report = _session(tmp_path, "pcm.!default { type null }\n", block_simpleaudio=True)
    assert report["kind"] == "NullPlayer"
    assert report["notices"] == [NO_PLAYER] and not report["available"]


@needs_simpleaudio
def test_no_sound_device(tmp_path: Path) -> None:
    report = _session(tmp_path, NO_DEVICE_CONF)
    assert report["notices"] == [NO_DEVICE] and not report["available"]


@needs_simpleaudio
def test_without_the_handler_libasound_would_print(tmp_path: Path) -> None:
    """The control for the test above: the quiet is our doing, not the config's."""
    conf = tmp_path / "asound.conf"
    conf.write_text(NO_DEVICE_CONF)
    code = (
        "import simpleaudio\n"
        "from simpleaudio._simpleaudio import SimpleaudioError\n"
        "try:\n    simpleaudio.play_buffer(bytes(882), 1, 2, 44100)\n"
        "except SimpleaudioError:\n    pass\n"
    )
    assert b"ALSA lib" in _run(code, conf).stderr


@needs_simpleaudio
def test_missing_and_corrupt_cue_files(tmp_path: Path) -> None:
    corrupt = tmp_path / "scratchy.wav"
    corrupt.write_bytes(b"RIFF\x00\x00\x00\x00WAVEnot really")
    missing = tmp_path / "nowhere.wav"
    capture = tmp_path / "capture"
    capture.mkdir()
    report = _session(
        tmp_path,
        CAPTURE_CONF.format(file=capture / "cue.wav"),
        cues=["bowl", str(missing), str(corrupt), "low"],
    )
    assert len(report["notices"]) == 1
    notice = report["notices"][0]
    assert "nowhere.wav" in notice and "scratchy.wav" in notice and "Visual cues continue" in notice
    assert report["available"]
    # The readable cues still played: the probe, then bowl, low, bowl (closing orient),
    # the bell and three more bowls; the two broken cues made no sound.
    assert len(list(capture.iterdir())) == 1 + 3 + 1 + 3


@needs_simpleaudio
def test_device_disappearing_mid_session(tmp_path: Path) -> None:
    device = tmp_path / "device"
    device.mkdir()
    report = _session(
        tmp_path,
        CAPTURE_CONF.format(file=device / "cue.wav"),
        remove=str(device),
        remove_at=1,
    )
    assert report["notices"] == [DEVICE_LOST] and not report["available"]


class _FakeError(Exception):
    pass


class _FakePlay:
    def __init__(self, playing: bool) -> None:
        self.playing = playing

    def is_playing(self) -> bool:
        return self.playing


class _FakeSimpleaudio:
    """Stands in for the simpleaudio module to steer one failure at a time."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int, int]] = []
        self.fail_next = 0
        self.stopped = 0
        self.raise_type: type[BaseException] = _FakeError

    def play_buffer(self, data: bytes, channels: int, width: int, rate: int) -> _FakePlay:
        if self.fail_next:
            self.fail_next -= 1
            raise self.raise_type("device busy")
        self.calls.append((len(data), channels, rate))
        return _FakePlay(playing=True)

    def stop_all(self) -> None:
        self.stopped += 1


def _fake_player(volume: int = 60) -> tuple[SimpleaudioPlayer, _FakeSimpleaudio, list[str]]:
    sa = _FakeSimpleaudio()
    player = SimpleaudioPlayer(sa, _FakeError, volume=volume)
    heard: list[str] = []
    player.on_notice = heard.append
    player.prepare(["bowl", "tick"], volume)
    return player, sa, heard


def test_a_busy_device_lets_the_new_cue_take_over_without_a_notice() -> None:
    player, sa, heard = _fake_player()
    player.play("bowl")
    sa.fail_next = 1  # a device without mixing refuses while the bowl still sounds
    player.play("tick")
    assert sa.stopped == 1 and len(sa.calls) == 3 and heard == [] and player.available


def test_an_unexpected_library_error_is_caught_at_the_boundary() -> None:
    player, sa, heard = _fake_player()
    sa.raise_type = RuntimeError
    sa.fail_next = 5
    player.play("bowl")
    player.play("bowl")
    assert heard == [DEVICE_LOST] and not player.available


def test_volume_mute_and_late_cues_with_a_fake_device(tmp_path: Path) -> None:
    player, sa, heard = _fake_player(volume=100)
    loud = player.buffer("bowl")
    player.set_volume(50)
    assert player.buffer("bowl") != loud and len(player.buffer("bowl")) == len(loud)
    player.set_muted(True)
    player.play("bowl")
    player.set_muted(False)
    player.set_volume(0)
    player.play("bowl")
    assert len(sa.calls) == 1  # only the probe so far
    player.set_volume(60)
    player.play("chime")  # not prepared: decoded late, still played
    player.play(str(tmp_path / "absent.wav"))
    player.play(str(tmp_path / "absent.wav"))
    assert len(sa.calls) == 2 and len(heard) == 1 and "absent.wav" in heard[0]
