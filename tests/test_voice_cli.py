"""``pendulate voice SCRIPT``: what speaks each phase, for how long, and located trouble with recordings."""

from __future__ import annotations

import array
import math
import shutil
import wave
from pathlib import Path

import pytest

from pendulate.audio import speech
from pendulate.audio.speech import FakeSpeaker
from pendulate.cli import main
from pendulate.script.model import Phase, Prompt, Script

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def _tone_wav(path: Path, seconds: float) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(
            array.array("h", (round(8000 * math.sin(i / 9)) for i in range(round(22050 * seconds)))).tobytes()
        )
    return path


YAML = """id: spoken
title: Spoken
phases:
  - kind: ground
    title: Feet
    duration: 20s
    voice: feet.wav
  - kind: resource
    title: Rest
    duration: 4s
    voice: long.wav
  - kind: orient
    title: Room
    duration: 30s
    prompts:
      - {at: 0, text: "Look around."}
      - {at: 10, text: "Notice the light."}
  - kind: return
    title: Back
    duration: 10s
    voice: broken.mp3
"""


def _script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Script:
    """A script with recordings, as the loader gives it (the file is read for the places only)."""
    import pendulate.catalogue.scripts as library

    source = tmp_path / "spoken.yaml"
    source.write_text(YAML)
    _tone_wav(tmp_path / "feet.wav", 3.0)
    _tone_wav(tmp_path / "long.wav", 6.0)
    (tmp_path / "broken.mp3").write_text("not sound at all")
    script = Script(
        id="spoken",
        title="Spoken",
        version="1",
        phases=(
            Phase("ground", "Feet", 20.0, voice=str(tmp_path / "feet.wav")),
            Phase("resource", "Rest", 4.0, voice=str(tmp_path / "long.wav")),
            Phase("orient", "Room", 30.0, prompts=(Prompt(0, "Look around."), Prompt(10, "Notice the light."))),
            Phase("return", "Back", 10.0, prompts=(Prompt(0, "Come back."),), voice=str(tmp_path / "broken.mp3")),
        ),
        source=source,
    )
    monkeypatch.setattr(library, "resolve", lambda ref: script)
    return script


def test_voice_lists_each_phase_its_source_and_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _script(tmp_path, monkeypatch)
    fake = FakeSpeaker("espeak-ng")
    monkeypatch.setattr(speech, "find_engine", lambda model, on_notice=None: fake)
    assert main(["voice", "spoken"]) == 1  # one recording can't be read
    captured = capsys.readouterr()
    out = captured.out.splitlines()
    assert out[:2] == ["spoken: Spoken", "speech engine: espeak-ng"]
    rows = {line.split()[0]: line for line in out if line[:3].strip().isdigit()}
    assert "feet.wav" in rows["1"] and "3.0 s" in rows["1"]
    assert "long.wav" in rows["2"] and "6.0 s" in rows["2"]
    length = fake.seconds("Look around.") + fake.seconds("Notice the light.")
    assert "espeak-ng, 2 prompts" in rows["3"] and f"{length:.1f} s" in rows["3"]
    assert "espeak-ng (recording unreadable)" in rows["4"]
    source = tmp_path / "spoken.yaml"
    assert f"{source}:11:12: warning: the recording long.wav lasts 6.0 s, longer than its phase (4 s)" in captured.out
    err = captured.err.splitlines()
    assert err[0].startswith(f"{source}:21:12: the recording broken.mp3 can't be read: ")
    assert err[1].startswith("    hint: ")


def test_voice_without_a_speech_engine_is_calm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pendulate.catalogue.scripts as library

    plain = Script(
        id="p", title="P", version="1", phases=(Phase("orient", "Room", 5.0, prompts=(Prompt(0, "Look."),)),)
    )
    monkeypatch.setattr(library, "resolve", lambda ref: plain)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["voice", "p"]) == 0
    out = capsys.readouterr().out
    assert "No speech engine is installed (espeak-ng); prompts will be shown as text." in out
    assert "text only" in out


def test_voice_with_an_unusable_model_says_so_and_speaks_with_espeak(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pendulate.catalogue.scripts as library

    plain = Script(
        id="p", title="P", version="1", phases=(Phase("orient", "Room", 5.0, prompts=(Prompt(0, "Look."),)),)
    )
    monkeypatch.setattr(library, "resolve", lambda ref: plain)
    monkeypatch.setattr(speech, "EspeakSpeaker", lambda: FakeSpeaker("espeak-ng"))
    assert main(["voice", "p", "--voice-model", str(tmp_path / "none.onnx")]) == 0
    out = capsys.readouterr().out
    assert f"The voice model {tmp_path / 'none.onnx'} does not exist." in out
    assert "speech engine: espeak-ng" in out


def test_voice_of_an_unknown_script_is_one_located_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voice", "no-such-script"]) == 1
    assert "no-such-script" in capsys.readouterr().err


@needs_espeak
def test_voice_lists_a_builtin_spoken_by_espeak(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voice", "orient-resource"]) == 0
    out = capsys.readouterr().out
    assert "speech engine: espeak-ng" in out
    rows = [line for line in out.splitlines() if line[:3].strip().isdigit()]
    assert rows and all("espeak-ng" in row and row.endswith(" s") for row in rows)


def test_the_piper_voice_in_the_settings_is_used_when_none_is_given(tmp_path, monkeypatch, capsys):
    import argparse

    from pendulate.cli.render import voice_model
    from pendulate.settings import Settings, save

    assert voice_model(argparse.Namespace(voice_model=None)) is None
    save(Settings(voice_model=str(tmp_path / "mine.onnx")))
    assert voice_model(argparse.Namespace(voice_model=None)) == tmp_path / "mine.onnx"
    given = tmp_path / "other.onnx"
    assert voice_model(argparse.Namespace(voice_model=given)) == given
