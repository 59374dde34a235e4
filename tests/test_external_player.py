"""Sound without simpleaudio: the platform's player as a separate process, played by a fake player
command on PATH that keeps its arguments and the bytes of the file it was given."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest

from pendulate.audio.clips import said
from pendulate.audio.cues import Pcm, load_cue, scale, volume_gain
from pendulate.audio.external import ExternalPlayer, candidates, find_command
from pendulate.audio.factory import NO_PLAYER, make_player, player_name
from pendulate.audio.player import NullPlayer
from pendulate.audio.simple import DEVICE_LOST, NO_DEVICE
from pendulate.audio.taps import tap_sounds
from pendulate.cli import main

# The tools it uses are named by their full paths: PATH holds only the fake player's folder.
FAKE = """#!/bin/sh
out="$FAKE_PLAYER_LOG/$({date} +%s%N)-$$"
{cat} "$1" > "$out.wav"
printf '%s\\n' "$0" "$@" > "$out.part" && {mv} "$out.part" "$out.argv"
if [ -n "$FAKE_PLAYER_SLEEP" ]; then exec {sleep} "$FAKE_PLAYER_SLEEP"; fi
exit "${{FAKE_PLAYER_EXIT:-0}}"
"""


@pytest.fixture
def fake_player(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory on PATH (and nothing else) holding a fake ``aplay``; returns its log folder."""
    bin_dir, log = tmp_path / "bin", tmp_path / "played"
    bin_dir.mkdir()
    log.mkdir()
    script = bin_dir / "aplay"
    tools = {name: shutil.which(name) for name in ("date", "cat", "sleep", "mv")}
    script.write_text(FAKE.format(**tools))
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))  # no real player can sound
    monkeypatch.setenv("FAKE_PLAYER_LOG", str(log))
    monkeypatch.delenv("FAKE_PLAYER_EXIT", raising=False)
    monkeypatch.delenv("FAKE_PLAYER_SLEEP", raising=False)
    return log


def _played(log: Path, count: int, timeout: float = 5.0) -> list[tuple[list[str], bytes]]:
    """The first ``count`` plays the fake player recorded, in order, once each has finished."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        argvs = sorted(log.glob("*.argv"), key=lambda p: int(p.name.split("-")[0]))
        if len(argvs) >= count:
            break
        time.sleep(0.01)
    out = []
    for path in argvs[:count]:
        argv = path.read_text().splitlines()
        out.append((argv, path.with_suffix(".wav").read_bytes()))
    return out


def _frames(data: bytes, tmp: Path) -> tuple[tuple[int, int], bytes]:
    path = tmp / "check.wav"
    path.write_bytes(data)
    with open(path, "rb") as raw, wave.open(raw, "rb") as reader:
        return (reader.getnchannels(), reader.getframerate()), reader.readframes(reader.getnframes())


def test_the_player_command_is_chosen_by_platform_best_first() -> None:
    have = {"aplay": "/usr/bin/aplay", "pw-play": "/usr/bin/pw-play", "afplay": "/usr/bin/afplay"}
    assert candidates("linux") == ("pw-play", "paplay", "aplay")
    assert find_command("linux", have.get) == "/usr/bin/pw-play"
    assert find_command("linux", {"aplay": "/bin/aplay"}.get) == "/bin/aplay"
    assert find_command("darwin", have.get) == "/usr/bin/afplay"
    assert find_command("linux", {}.get) is None and find_command("win32", have.get) is None


def test_without_simpleaudio_the_factory_plays_through_the_platform_player(
    fake_player: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", None)
    player = make_player(mute=False, volume=60)
    assert isinstance(player, ExternalPlayer)
    assert player_name(player) == "aplay (the platform's player)"
    monkeypatch.setenv("PATH", str(fake_player))  # a folder with no player in it
    silent = make_player(mute=False, volume=60)
    assert isinstance(silent, NullPlayer) and silent.notice == NO_PLAYER
    assert "alsa-utils" in NO_PLAYER and "simpleaudio" in NO_PLAYER


def test_sounds_names_the_player(
    fake_player: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", None)
    assert main(["sounds"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Sounds play through aplay (the platform's player)."
    monkeypatch.setenv("PATH", str(fake_player))
    assert main(["sounds"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == NO_PLAYER


def test_cues_are_written_once_privately_and_played_as_separate_processes(fake_player: Path, tmp_path: Path) -> None:
    command = str(tmp_path / "bin" / "aplay")
    player = ExternalPlayer(command, volume=60)
    player.prepare(["bowl", "tick"], 60)
    folder = player.folder
    assert folder is not None and stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = sorted(folder.iterdir())
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    began = time.monotonic()
    player.play("tick")
    assert time.monotonic() - began < 1.0  # it does not wait for the sound
    plays = _played(fake_player, 2)  # the probe, then the tick
    (probe_argv, _), (argv, data) = plays
    assert probe_argv[0] == command and argv[0] == command and len(argv) == 2
    assert Path(argv[1]).parent == folder
    fmt, frames = _frames(data, tmp_path)
    tick = load_cue("tick")
    assert fmt == (tick.channels, tick.rate) and frames == scale(tick, volume_gain(60))
    assert player.notice is None and player.available
    player.close()
    assert not folder.exists()


def test_volume_scales_the_files_not_the_player(fake_player: Path, tmp_path: Path) -> None:
    player = ExternalPlayer(str(tmp_path / "bin" / "aplay"), volume=60, probe=False)
    player.prepare(["bowl"], 60)
    player.set_volume(25)
    player.play("bowl")
    player.tap("right")
    plays = _played(fake_player, 2)  # two processes at once: in either order
    assert all(len(argv) == 2 for argv, _ in plays)  # no volume flag
    heard = sorted(_frames(data, tmp_path) for _, data in plays)
    bowl = load_cue("bowl")
    assert heard == sorted(
        [
            ((bowl.channels, bowl.rate), scale(bowl, volume_gain(25))),
            ((2, 44100), scale(tap_sounds()["right"], volume_gain(25))),
        ]
    )
    player.close()


def test_speech_has_its_own_process_and_hush_ends_only_it(
    fake_player: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_PLAYER_SLEEP", "30")
    player = ExternalPlayer(str(tmp_path / "bin" / "aplay"), volume=60, probe=False)
    player.prepare(["bowl"], 60)
    clip = Pcm(bytes(2 * 2205) + b"\x10\x00" * 22050, 1, 22050)
    player.prepare_voice({said("hello"): clip}, 40)
    player.play("bowl")
    player.speak(said("hello"))
    player.speak(said("unknown"))  # ignored
    heard = [_frames(data, tmp_path) for _, data in _played(fake_player, 2)]
    assert ((1, 22050), scale(clip, volume_gain(40))) in heard
    cue_proc, voice_proc = (r.proc for r in player._running)
    player.hush()
    assert voice_proc.wait(5) != 0 and cue_proc.poll() is None
    player.set_muted(True)
    assert cue_proc.wait(5) != 0
    player.speak(said("hello"))
    player.play("bowl")
    assert len(player._running) == 0 or all(r.ended_by_us for r in player._running)
    assert player.notice is None and player.available
    player.close()


def test_a_player_that_cannot_reach_a_device_gives_the_one_notice(
    fake_player: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_PLAYER_EXIT", "1")
    player = ExternalPlayer(str(tmp_path / "bin" / "aplay"), volume=60)
    heard: list[str] = []
    player.on_notice = heard.append
    player.prepare(["bowl"], 60)
    player.play("bowl")
    assert heard == [NO_DEVICE] and not player.available
    player.close()


def test_the_device_going_away_mid_session_turns_sound_off_once(
    fake_player: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    player = ExternalPlayer(str(tmp_path / "bin" / "aplay"), volume=60)
    heard: list[str] = []
    player.on_notice = heard.append
    player.prepare(["bowl"], 60)
    monkeypatch.setenv("FAKE_PLAYER_EXIT", "1")
    player.play("bowl")
    _played(fake_player, 2)
    time.sleep(0.1)
    player.play("bowl")  # notices the failed one
    player.play("bowl")
    assert heard == [DEVICE_LOST] and not player.available
    player.close()


def test_a_player_that_vanished_is_a_lost_device_and_never_a_traceback(tmp_path: Path) -> None:
    player = ExternalPlayer(str(tmp_path / "nowhere" / "aplay"), volume=60, probe=False)
    heard: list[str] = []
    player.on_notice = heard.append
    player.prepare(["bowl"], 60)
    player.play("bowl")
    player.tap("left")
    assert heard == [DEVICE_LOST]
    player.close()


def test_every_process_gets_no_terminal(tmp_path: Path) -> None:
    calls: list[tuple[list[str], dict]] = []

    class Done:
        def poll(self) -> int:
            return 0

        def wait(self, timeout: float | None = None) -> int:
            return 0

    def popen(argv: list[str], **kwargs: object) -> Done:
        calls.append((argv, kwargs))
        return Done()

    player = ExternalPlayer("/usr/bin/aplay", volume=60, popen=popen)  # type: ignore[arg-type]
    player.prepare(["bowl"], 60)
    player.play("bowl")
    assert len(calls) == 2
    for argv, kwargs in calls:
        assert argv[0] == "/usr/bin/aplay"
        assert kwargs["stdin"] == kwargs["stdout"] == kwargs["stderr"] == subprocess.DEVNULL
    player.close()


def test_close_ends_the_processes_still_sounding(
    fake_player: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_PLAYER_SLEEP", "30")
    player = ExternalPlayer(str(tmp_path / "bin" / "aplay"), volume=60, probe=False)
    player.prepare(["bowl"], 60)
    player.play("bowl")
    proc = player._running[0].proc
    began = time.monotonic()
    player.close()
    assert proc.poll() is not None and time.monotonic() - began < 2.0
    assert os.environ["FAKE_PLAYER_SLEEP"] == "30"


def test_the_private_folder_goes_even_without_close(fake_player: Path, tmp_path: Path) -> None:
    import gc

    player = ExternalPlayer(str(tmp_path / "bin" / "aplay"), volume=60, probe=False)
    player.prepare(["bowl"], 60)
    player.prepare_voice({said("hello"): Pcm(b"\x01\x00" * 100, 1, 22050)}, 60)
    folder = player.folder
    assert folder is not None and len(list(folder.iterdir())) >= 2
    del player
    gc.collect()
    assert not folder.exists()
