"""A script's own sound files: one the sound library can't play is refused by validate, located,
and a cue that can't play in a session is named as such, never blamed on the device."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from pendulate.audio import simple as simple_mod
from pendulate.audio.cues import CueLoadError, Pcm, load_wav
from pendulate.audio.simple import DEVICE_LOST, SimpleaudioPlayer
from pendulate.cli import main
from pendulate.script.loader import check_script
from pendulate.script.sounds import SUPPORTED_RATES, rates_text
from tests.test_audio_faults import CAPTURE_CONF, _run, _session, needs_simpleaudio
from tests.wav_helpers import write_wav

END = "  - {kind: resource, duration: 60}\n  - {kind: orient, duration: 60}\n"
BAD_RATES = (12000, 1, 0, 10**9)


def wav_at(path: Path, rate: int) -> Path:
    """A one-frame mono 16-bit WAV claiming ``rate`` (written by hand: ``wave`` refuses a 0 rate)."""
    data = b"\x00\x00"
    fmt = struct.pack("<HHIIHH", 1, 1, rate, (rate * 2) % 2**32, 2, 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


def script_with_cue(folder: Path, cue: str) -> Path:
    path = folder / "s.yaml"
    path.write_text(f"id: t\ntitle: T\nphases:\n  - {{kind: ground, duration: 60, cue: {cue}}}\n{END}")
    return path


def test_the_supported_rates_read_as_a_person_says_them() -> None:
    assert rates_text() == "8, 11.025, 16, 22.05, 24, 32, 44.1, 48, 88.2, 96 or 192 kHz"


@pytest.mark.parametrize("rate", BAD_RATES)
def test_validate_refuses_a_rate_that_cannot_be_played_at_the_line_naming_it(
    tmp_path: Path, rate: int, capsys: pytest.CaptureFixture[str]
) -> None:
    wav_at(tmp_path / "rain.wav", rate)
    path = script_with_cue(tmp_path, "rain.wav")
    script, problems = check_script(path)
    assert script is None
    [problem] = problems
    assert (problem.line, problem.col) == (4, 39)
    assert problem.message == (
        f"the sound file 'rain.wav' has a sample rate of {rate} Hz, which can't be played "
        f"(the rates that play are {rates_text()})"
    )
    assert "44.1 or 48 kHz" in problem.hint
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:4:39: the sound file 'rain.wav' has a sample rate of {rate} Hz")


@pytest.mark.parametrize("rate", SUPPORTED_RATES)
def test_every_supported_rate_validates(tmp_path: Path, rate: int) -> None:
    write_wav(tmp_path / "rain.wav", rate)
    script, problems = check_script(script_with_cue(tmp_path, "rain.wav"))
    assert script is not None and problems == []


@pytest.mark.parametrize(
    "content, message",
    [
        (b"RIFF nonsense", "the sound file 'x.wav' is not a PCM WAV file that can be played"),
        (b"", "the sound file 'x.wav' is not a PCM WAV file that can be played"),
    ],
)
def test_a_file_that_is_not_a_wav_is_refused_too(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "x.wav").write_bytes(content)
    _, problems = check_script(script_with_cue(tmp_path, "x.wav"))
    assert [p.message.split(" (")[0] for p in problems] == [message]


def test_an_empty_wav_and_too_many_channels_are_said(tmp_path: Path) -> None:
    write_wav(tmp_path / "x.wav", frames=0)
    _, problems = check_script(script_with_cue(tmp_path, "x.wav"))
    assert [p.message for p in problems] == ["the sound file 'x.wav' holds no sound (it is empty)"]
    write_wav(tmp_path / "x.wav", channels=3)
    _, problems = check_script(script_with_cue(tmp_path, "x.wav"))
    assert [p.message for p in problems] == ["the sound file 'x.wav' has 3 channels; a cue is mono or stereo"]


@pytest.mark.parametrize("rate", BAD_RATES)
def test_the_player_refuses_the_file_before_the_session_naming_its_rate(tmp_path: Path, rate: int) -> None:
    with pytest.raises(CueLoadError) as caught:
        load_wav(wav_at(tmp_path / "rain.wav", rate))
    assert caught.value.why.startswith(f"has a sample rate of {rate} Hz, which can't be played")


class _Refusing:
    """simpleaudio as far as these tests need it: it refuses one buffer's format, as the real
    one does for a rate it doesn't know, with a ValueError before touching the device."""

    def __init__(self) -> None:
        self.played: list[int] = []

    def play_buffer(self, data: bytes, channels: int, width: int, rate: int) -> object:
        if rate == 12000:
            raise ValueError("Weird sample rates are not supported.")
        self.played.append(rate)
        return self

    def is_playing(self) -> bool:
        return False

    def stop_all(self) -> None:
        return None


class _DeviceError(Exception):
    pass


def test_a_cue_the_library_refuses_is_named_and_the_device_carries_on(monkeypatch: pytest.MonkeyPatch) -> None:
    # A cue that slipped past the checks (a file replaced since it was validated) is refused
    # by the library at the moment it should sound.
    real_load = simple_mod.load_cue
    monkeypatch.setattr(
        simple_mod, "load_cue", lambda cue: Pcm(b"\x00\x00", 1, 12000) if cue == "/x/odd.wav" else real_load(cue)
    )
    sa = _Refusing()
    player = SimpleaudioPlayer(sa, _DeviceError, volume=60)
    heard: list[str] = []
    player.on_notice = heard.append
    player.prepare(["bowl"], 60)
    player.play("/x/odd.wav")
    player.play("/x/odd.wav")
    player.play("bowl")
    assert heard == [
        "The cue sound odd.wav can't be played, so that cue stays silent; the others play. Visual cues continue."
    ]
    assert player.available
    assert sa.played == [44100, 44100]  # the probe, then the bowl after the refused cue


@needs_simpleaudio
def test_the_sound_library_plays_exactly_the_supported_rates(tmp_path: Path) -> None:
    """The list above is what simpleaudio really accepts: each rate played on the silent device."""
    code = (
        "import json, sys, simpleaudio\n"
        "ok = []\n"
        "for rate in json.loads(sys.argv[1]):\n"
        "    try:\n"
        "        simpleaudio.play_buffer(bytes(200), 1, 2, rate).wait_done()\n"
        "        ok.append(rate)\n"
        "    except ValueError:\n"
        "        pass\n"
        "print(json.dumps(ok))\n"
    )
    conf = tmp_path / "asound.conf"
    conf.write_text("pcm.!default { type null }\n")
    tried = [*SUPPORTED_RATES, *BAD_RATES, 12000, 23000, 44099, 384000]
    result = _run(code, conf, json.dumps(tried))
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout) == list(SUPPORTED_RATES)


@needs_simpleaudio
def test_a_session_with_a_12_khz_cue_names_that_cue_and_keeps_the_sound_on(tmp_path: Path) -> None:
    odd = wav_at(tmp_path / "rain12k.wav", 12000)
    capture = tmp_path / "capture"
    capture.mkdir()
    report = _session(tmp_path, CAPTURE_CONF.format(file=capture / "cue.wav"), cues=["bowl", str(odd), "low"])
    assert report["notices"] == [
        "The cue sound rain12k.wav can't be played, so that cue stays silent; the others play. Visual cues continue."
    ]
    assert report["available"] and DEVICE_LOST not in report["notices"]


def test_a_cue_longer_than_half_a_minute_is_refused_by_validate_and_by_the_player(tmp_path: Path) -> None:
    from pendulate.script.sounds import MAX_CUE_SECONDS

    write_wav(tmp_path / "long.wav", 8000, frames=(MAX_CUE_SECONDS + 1) * 8000)
    script = script_with_cue(tmp_path, "long.wav")
    _, problems = check_script(script)
    assert [(p.line, p.message) for p in problems] == [
        (
            4,
            f"the sound file 'long.wav' lasts {MAX_CUE_SECONDS + 1} seconds; a cue can last at most {MAX_CUE_SECONDS} seconds",
        )
    ]
    assert "trim it" in problems[0].hint
    with pytest.raises(CueLoadError) as caught:
        load_wav(tmp_path / "long.wav")
    assert caught.value.why.startswith(f"lasts {MAX_CUE_SECONDS + 1} seconds")
    write_wav(tmp_path / "long.wav", 8000, frames=MAX_CUE_SECONDS * 8000)  # exactly the most a cue lasts
    assert check_script(script)[1] == []
    assert load_wav(tmp_path / "long.wav").seconds == MAX_CUE_SECONDS
