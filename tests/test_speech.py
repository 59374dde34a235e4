"""Speech engines: espeak-ng (real), Piper (a stand-in package and command), the fake, and the choice."""

from __future__ import annotations

import array
import math
import shutil
import sys
import types
import wave
from pathlib import Path

import pytest

from pendulate.audio import speech
from pendulate.audio.cues import Pcm
from pendulate.audio.speech import (
    SPEECH_RATE,
    EspeakSpeaker,
    FakeSpeaker,
    PiperSpeaker,
    SpeechUnavailable,
    find_engine,
    model_problem,
)

# The peak of a levelled clip: the cues' level (peaks at -12 dBFS) by peak normalising, or by
# the decoder's loudness matching (about -24 dBFS, no peak above -3 dBFS).
LEVELLED = (2000, 23197)
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def _peak(pcm: Pcm) -> int:
    return max(abs(x) for x in array.array("h", pcm.data))


def _tone_wav(path: Path, rate: int, seconds: float, channels: int = 1) -> None:
    frames = round(rate * seconds)
    tone = [round(12000 * math.sin(2 * math.pi * 220 * i / rate)) for i in range(frames) for _ in range(channels)]
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(array.array("h", tone).tobytes())


def _model(tmp_path: Path, *, config: bool = True) -> Path:
    model = tmp_path / "en_GB-test-medium.onnx"
    model.write_bytes(b"not really a network")
    if config:
        (tmp_path / "en_GB-test-medium.onnx.json").write_text('{"audio": {"sample_rate": 16000}}')
    return model


def test_fake_speaker_is_a_soft_tone_whose_length_follows_the_words() -> None:
    fake = FakeSpeaker()
    short, long = fake("Rest."), fake("Let your feet find the floor beneath you.")
    assert (short.channels, short.rate) == (long.channels, long.rate) == (1, SPEECH_RATE)
    assert long.seconds > short.seconds
    assert long.seconds == pytest.approx(fake.seconds("Let your feet find the floor beneath you."), abs=0.001)
    assert LEVELLED[0] < _peak(long) <= LEVELLED[1]  # levelled like the cues
    assert fake.said == ["Rest.", "Let your feet find the floor beneath you."]
    with pytest.raises(SpeechUnavailable):
        FakeSpeaker(refuse=("no",))("no")


@needs_espeak
def test_espeak_speaks_mono_at_the_speech_rate_levelled_and_faded() -> None:
    pcm = EspeakSpeaker()("Notice your feet on the floor.")
    assert (pcm.channels, pcm.rate) == (1, SPEECH_RATE)
    assert 1.0 < pcm.seconds < 5.0
    samples = array.array("h", pcm.data)
    assert LEVELLED[0] < max(abs(x) for x in samples) <= LEVELLED[1]
    assert abs(samples[0]) < 50 and abs(samples[-1]) < 50  # the fades start and end near silence


@needs_espeak
def test_espeak_takes_the_text_on_stdin_never_as_an_option() -> None:
    pcm = EspeakSpeaker()("--version is not an option here")
    assert pcm.seconds > 1.0  # the words were spoken, not espeak's version printed


def test_espeak_missing_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(SpeechUnavailable, match=r"espeak-ng is not installed \(e\.g\. apt install espeak-ng\)"):
        EspeakSpeaker()


def test_espeak_that_hangs_is_given_up_after_its_timeout(tmp_path: Path) -> None:
    slow = tmp_path / "espeak-ng"
    slow.write_text("#!/bin/sh\nsleep 5\n")
    slow.chmod(0o755)
    with pytest.raises(SpeechUnavailable, match="took longer than 0.2 s"):
        EspeakSpeaker(str(slow), timeout=0.2)("Rest.")


@pytest.mark.parametrize(
    ("name", "config", "expected"),
    [
        ("voice.onnx", False, "has no voice.onnx.json beside it"),
        ("voice.pt", True, "is not an .onnx file"),
        ("missing.onnx", True, "does not exist"),
    ],
)
def test_a_piper_model_that_cannot_be_used_is_one_calm_sentence(
    tmp_path: Path, name: str, config: bool, expected: str
) -> None:
    model = tmp_path / name
    if name != "missing.onnx":
        model.write_bytes(b"x")
    if config:
        (tmp_path / (name + ".json")).write_text("{}")
    assert expected in (model_problem(model) or "")
    with pytest.raises(SpeechUnavailable, match=expected) as caught:
        PiperSpeaker(model)
    assert "\n" not in str(caught.value)


def test_piper_without_package_or_command_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speech, "_piper_module", lambda: None)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(SpeechUnavailable, match=r"Piper is not installed \(pip install 'pendulate\[piper\]'"):
        PiperSpeaker(_model(tmp_path))


def test_piper_through_the_python_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded: list[tuple[str, str]] = []

    class PiperVoice:
        @staticmethod
        def load(model: str, config_path: str) -> PiperVoice:
            loaded.append((model, config_path))
            return PiperVoice()

        def synthesize_wav(self, text: str, writer: wave.Wave_write) -> None:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(16000)
            writer.writeframes(array.array("h", [4000, -4000] * 8000).tobytes())  # one second

    fake = types.ModuleType("piper")
    fake.PiperVoice = PiperVoice  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "piper", fake)
    model = _model(tmp_path)
    speaker = PiperSpeaker(model)
    pcm = speaker("Rest here.")
    assert loaded == [(str(model), str(model) + ".json")]
    assert speaker.name == "piper" and (pcm.channels, pcm.rate) == (1, SPEECH_RATE)
    assert pcm.seconds == pytest.approx(1.0, abs=0.01)  # resampled from the model's 16 kHz


def test_an_unrelated_package_named_piper_is_not_taken_for_piper_tts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "piper", types.ModuleType("piper"))  # the pipelines toolkit, say
    assert speech._piper_module() is None


def test_piper_through_its_command_with_the_text_on_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    heard = tmp_path / "heard.txt"
    command = tmp_path / "piper"
    command.write_text(
        f"#!{sys.executable}\n"
        "import sys, wave\n"
        "args = sys.argv[1:]\n"
        "out = args[args.index('-f') + 1]\n"
        f"open({str(heard)!r}, 'w').write(' '.join(args[:4]) + '|' + sys.stdin.read())\n"
        "w = wave.open(out, 'wb'); w.setnchannels(2); w.setsampwidth(2); w.setframerate(22050)\n"
        "w.writeframes(b'\\x10\\x00' * 2 * 11025); w.close()\n"
    )
    command.chmod(0o755)
    monkeypatch.setattr(speech, "_piper_module", lambda: None)
    monkeypatch.setattr(shutil, "which", lambda name: str(command) if name == "piper" else None)
    model = _model(tmp_path)
    pcm = PiperSpeaker(model)("-m is text here")
    assert heard.read_text() == f"-m {model} -c {model}.json|-m is text here"
    assert (pcm.channels, pcm.rate) == (1, SPEECH_RATE) and pcm.seconds == pytest.approx(0.5, abs=0.01)


def test_find_engine_prefers_a_usable_piper_then_espeak_then_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Stand:
        name = "piper"

        def __init__(self, model: Path) -> None:
            if model.suffix != ".onnx":
                raise SpeechUnavailable("The voice model is not an .onnx file.")

    monkeypatch.setattr(speech, "PiperSpeaker", Stand)
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/espeak-ng" if name == "espeak-ng" else None)
    told: list[str] = []
    assert isinstance(find_engine(tmp_path / "v.onnx", on_notice=told.append), Stand) and not told
    engine = find_engine(tmp_path / "v.pt", on_notice=told.append)
    assert engine is not None and engine.name == "espeak-ng"
    assert told == ["The voice model is not an .onnx file."]
    assert find_engine(None) is not None
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert find_engine(None) is None
