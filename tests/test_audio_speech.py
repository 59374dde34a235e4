"""The simpleaudio player's voice and taps, against a stand-in for the simpleaudio module."""

from __future__ import annotations

import array
import os
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest

from pendulate.audio.clips import said
from pendulate.audio.cues import Pcm, scale, volume_gain
from pendulate.audio.simple import DEVICE_LOST, SimpleaudioPlayer
from pendulate.audio.spoken import lead_frames
from pendulate.audio.taps import tap_sounds

REPO = Path(__file__).resolve().parent.parent


class _Error(Exception):
    pass


class _Play:
    def __init__(self, sa: _Sa, data: bytes, channels: int, rate: int) -> None:
        self.sa, self.data, self.channels, self.rate = sa, data, channels, rate
        self.playing = True

    def is_playing(self) -> bool:
        return self.playing

    def stop(self) -> None:
        self.playing = False


class _Sa:
    """Stands in for simpleaudio: every stream it starts is kept, and stays playing until stopped."""

    def __init__(self) -> None:
        self.plays: list[_Play] = []
        self.refuse_while_busy = False  # a device that cannot mix
        self.fail = False  # the device is gone
        self.stopped_all = 0

    def play_buffer(self, data: bytes, channels: int, width: int, rate: int) -> _Play:
        if self.fail:
            raise _Error("device gone")
        if self.refuse_while_busy and any(p.playing for p in self.plays):
            raise _Error("device busy")
        play = _Play(self, bytes(data), channels, rate)
        self.plays.append(play)
        return play

    def stop_all(self) -> None:
        self.stopped_all += 1
        for play in self.plays:
            play.playing = False

    def kinds(self) -> list[tuple[int, int]]:
        return [(p.channels, p.rate) for p in self.plays]


def _clip(seconds: float = 0.5, lead: float = 0.2, rate: int = 22050) -> Pcm:
    frames = round(seconds * rate)
    silent = round(lead * rate)
    samples = array.array("h", [0] * silent + [8000 if i % 2 else -8000 for i in range(frames - silent)])
    return Pcm(samples.tobytes(), 1, rate)


HELLO, THERE = said("hello"), said("there")


def _player(sa: _Sa | None = None, volume: int = 60) -> tuple[SimpleaudioPlayer, _Sa, list[str]]:
    sa = sa or _Sa()
    player = SimpleaudioPlayer(sa, _Error, volume=volume, probe=False)
    heard: list[str] = []
    player.on_notice = heard.append
    player.prepare(["bowl", "tick"], volume)
    player.prepare_voice({HELLO: _clip(), THERE: _clip(0.3, 0.0)}, 50)
    return player, sa, heard


def test_speech_has_its_own_stream_and_hush_stops_only_it() -> None:
    player, sa, heard = _player()
    player.play("bowl")
    player.speak(HELLO)
    cue, voice = sa.plays
    assert (cue.channels, cue.rate) == (1, 44100) and (voice.channels, voice.rate) == (1, 22050)
    assert voice.data == scale(_clip(), volume_gain(50)) == player.voice_buffer(HELLO)
    assert player.speaking
    player.hush()
    assert not voice.playing and cue.playing and sa.stopped_all == 0
    assert not player.speaking and heard == []


def test_a_new_clip_silences_the_one_still_speaking_and_unknown_keys_are_ignored() -> None:
    player, sa, _ = _player()
    player.speak(HELLO)
    player.speak(THERE)
    first, second = sa.plays
    assert not first.playing and second.playing
    player.speak(said("never prepared"))
    assert len(sa.plays) == 2 and second.playing


def test_mute_silences_speech_and_taps_and_close_stops_everything() -> None:
    player, sa, _ = _player()
    player.speak(HELLO)
    player.tap("left")
    player.set_muted(True)
    assert not any(p.playing for p in sa.plays)
    player.speak(HELLO)
    player.tap("right")
    player.play("bowl")
    assert len(sa.plays) == 2
    player.set_muted(False)
    player.play("bowl")
    player.speak(THERE)
    player.close()
    assert len(sa.plays) == 4 and not any(p.playing for p in sa.plays)


def test_voice_volume_is_its_own_and_zero_is_silent() -> None:
    player, sa, _ = _player(volume=80)
    player.set_voice_volume(100)
    assert player.voice_buffer(HELLO) == _clip().data  # full volume: the clip as prepared
    player.set_voice_volume(0)
    player.speak(HELLO)
    assert sa.plays == []
    player.set_voice_volume(30)
    player.speak(HELLO)
    assert sa.plays[0].data == scale(_clip(), volume_gain(30))
    assert player.buffer("bowl") is not None and player.volume == 80


def test_a_lost_device_turns_everything_silent_with_the_one_notice() -> None:
    player, sa, heard = _player()
    sa.fail = True
    player.speak(HELLO)
    player.play("bowl")
    player.tap("left")
    player.hush()
    sa.fail = False
    player.speak(THERE)
    player.play("tick")
    assert heard == [DEVICE_LOST] and not player.available and sa.plays == []


def test_on_a_device_that_cannot_mix_speech_waits_for_the_cue_and_skips_the_lead_it_waited() -> None:
    player, sa, heard = _player()
    sa.refuse_while_busy = True
    player.play("bowl")
    player.speak(HELLO)  # refused: the bowl still sounds
    assert len(sa.plays) == 1 and heard == []
    time.sleep(0.1)
    sa.plays[0].playing = False  # the bowl ends
    deadline = time.monotonic() + 2.0
    while len(sa.plays) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(sa.plays) == 2 and heard == [] and player.available
    full = scale(_clip(), volume_gain(50))
    spoken = sa.plays[1].data
    skipped = (len(full) - len(spoken)) // 2
    assert full.endswith(spoken) and 0.1 * 22050 <= skipped <= lead_frames(_clip())


def test_a_waiting_clip_is_hushed_before_it_starts() -> None:
    player, sa, _ = _player()
    sa.refuse_while_busy = True
    player.play("bowl")
    player.speak(HELLO)
    player.hush()
    sa.plays[0].playing = False
    time.sleep(0.15)
    assert len(sa.plays) == 1


def test_on_a_device_that_cannot_mix_a_cue_takes_over_and_a_tap_is_left_out() -> None:
    player, sa, heard = _player()
    sa.refuse_while_busy = True
    player.speak(HELLO)
    player.tap("left")  # refused while the voice speaks: left out, quietly
    assert len(sa.plays) == 1
    player.play("tick")  # a cue does not wait: it takes the device
    assert sa.stopped_all == 1 and len(sa.plays) == 2 and not player.speaking
    assert heard == [] and player.available


def test_taps_are_stereo_one_side_each_at_the_cue_volume() -> None:
    player, sa, _ = _player(volume=70)
    player.tap("left")
    player.tap("right")
    gain = volume_gain(70)
    assert [p.data for p in sa.plays] == [scale(pcm, gain) for pcm in tap_sounds().values()]
    assert sa.kinds() == [(2, 44100), (2, 44100)]
    player.set_volume(40)
    player.tap("left")
    assert sa.plays[-1].data == scale(tap_sounds()["left"], volume_gain(40))


def test_lead_frames_counts_the_silent_start() -> None:
    assert lead_frames(_clip(0.5, 0.2)) == round(0.2 * 22050)
    assert lead_frames(Pcm(bytes(8), 2, 22050)) == 2


CHILD = r"""
import array, sys
import simpleaudio
from simpleaudio._simpleaudio import SimpleaudioError
from pendulate.audio.cues import Pcm
from pendulate.audio.simple import SimpleaudioPlayer
player = SimpleaudioPlayer(simpleaudio, SimpleaudioError, volume=100)
player.prepare(["bowl"], 100)
tone = array.array("h", [0] * 2205 + [6000, -6000] * 4410).tobytes()
player.prepare_voice({"say:hello": Pcm(tone, 1, 22050)}, 100)
player.play("bowl")
player.speak("say:hello")
player.tap("left")
player.wait_done()
import time; time.sleep(0.3)
player.close()
print(player.notice)
"""


def test_cue_voice_and_tap_really_reach_libasound_as_three_streams(tmp_path: Path) -> None:
    pytest.importorskip("simpleaudio")
    capture = tmp_path / "capture"
    capture.mkdir()
    conf = tmp_path / "asound.conf"
    conf.write_text(
        "pcm.!default {\n    type file\n    slave.pcm { type null }\n"
        f'    file "{capture / "s.wav"}"\n    format "wav"\n    truncate false\n}}\n'
    )
    env = {**os.environ, "ALSA_CONFIG_PATH": str(conf), "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, env=env, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == b"None\n" and done.stderr == b""
    made = sorted(capture.iterdir(), key=lambda p: (len(p.name), p.name))
    formats = []
    for path in made[1:]:  # the first is the device probe
        with open(path, "rb") as raw, wave.open(raw, "rb") as reader:
            formats.append((reader.getnchannels(), reader.getframerate()))
    assert formats == [(1, 44100), (1, 22050), (2, 44100)]
