"""Rendered sessions: the live session's voices, bilateral taps in stereo, and WAV/MP3/OGG/FLAC by suffix."""

from __future__ import annotations

import array
import json
import math
import os
import shutil
import subprocess
import wave
from pathlib import Path

import pytest

from pendulate.audio.encode import EncodeError, format_problem, write_output
from pendulate.audio.render import RATE, render, sound_schedule
from pendulate.audio.speech import FakeSpeaker
from pendulate.audio.voices import SPEECH_LEAD
from pendulate.cli import main
from pendulate.plan.build import Plan, Step
from pendulate.script.model import Phase, Prompt, Script

needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")


def _read(path: Path) -> tuple[int, array.array]:
    with open(path, "rb") as raw, wave.open(raw, "rb") as reader:
        return reader.getnchannels(), array.array("h", reader.readframes(reader.getnframes()))


def _tone_wav(path: Path, seconds: float, rate: int = 22050) -> Path:
    frames = round(rate * seconds)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(array.array("h", (round(9000 * math.sin(i / 7)) for i in range(frames))).tobytes())
    return path


def _onset(samples: array.array, start: int, step: int = 1) -> int:
    return next(i for i in range(start, len(samples), step) if abs(samples[i]) > 30)


def test_a_recording_speaks_its_phase_after_the_cue_and_its_prompts_stay_text(tmp_path: Path) -> None:
    recording = _tone_wav(tmp_path / "ground.wav", 2.0)
    plan = Plan(
        "r",
        (
            Step("resource", "Rest", 8.0, cue="tick"),
            Step("ground", "Feet", 10.0, cue="tick", prompts=(Prompt(4.0, "Feel your feet."),), voice=str(recording)),
        ),
    )
    schedule = sound_schedule(plan)
    assert schedule.recordings == [(8.0, str(recording))] and schedule.prompts == []
    fake = FakeSpeaker()
    out = tmp_path / "s.wav"
    result = render(plan, out, voice=True, speaker=fake)
    assert fake.said == []  # the recording speaks; its prompt is not read
    channels, samples = _read(out)
    assert channels == 1 and result.channels == 1
    voice_at = round((8.0 + SPEECH_LEAD) * RATE)
    assert _onset(samples, voice_at - RATE // 4) >= voice_at - 5  # the tick has died away; the voice after the lead-in
    assert max(abs(x) for x in samples[voice_at : voice_at + RATE]) > 1000
    assert (round(8.0 * RATE), str(recording)) in result.placed


def test_without_voice_nothing_is_spoken(tmp_path: Path) -> None:
    plan = Plan("p", (Step("resource", "Rest", 5.0, prompts=(Prompt(1.0, "Rest."),)),))
    fake = FakeSpeaker()
    render(plan, tmp_path / "s.wav", speaker=fake)
    assert fake.said == []


def test_an_unreadable_recording_is_read_by_the_engine_with_a_notice(tmp_path: Path) -> None:
    broken = tmp_path / "ground.wav"
    broken.write_bytes(b"RIFF but no more")
    plan = Plan("r", (Step("ground", "Feet", 10.0, prompts=(Prompt(0.0, "Feel your feet."),), voice=str(broken)),))
    fake = FakeSpeaker()
    result = render(plan, tmp_path / "s.wav", voice=True, speaker=fake)
    assert fake.said == ["Feel your feet."]
    assert len(result.notices) == 1 and "could not be read" in result.notices[0]


def test_bilateral_taps_alternate_left_then_right_at_the_tempo_in_a_stereo_file(tmp_path: Path) -> None:
    plan = Plan("b", (Step("bilateral", "Hug", 4.0, cue="tick", tempo=60), Step("orient", "Room", 3.0, cue="tick")))
    schedule = sound_schedule(plan)
    assert [(run.start, run.end, run.tempo) for run in schedule.taps] == [(0.0, 4.0, 60)]
    out = tmp_path / "b.wav"
    result = render(plan, out)
    channels, samples = _read(out)
    assert channels == 2 == result.channels
    left, right = samples[0::2], samples[1::2]
    taps = [label for _, label in result.placed if label.startswith("tap")]
    assert taps == ["tap left", "tap right", "tap left", "tap right"]
    # Past the tick (its tail is in both channels alike): at 2 s a tap on the left only, at 3 s on the right only.
    for t, loud, quiet in [(2.0, left, right), (3.0, right, left)]:
        a, b = round(t * RATE), round((t + 0.09) * RATE)
        diff = max(abs(loud[i] - quiet[i]) for i in range(a, b))
        assert diff > 2000, t
        assert all(loud[i] == quiet[i] for i in range(b + 10, b + 2000))  # the tap is short
    assert max(abs(left[i] - right[i]) for i in range(round(4.0 * RATE), len(left))) == 0  # no taps after the phase


def test_a_file_without_taps_stays_mono(tmp_path: Path) -> None:
    plan = Plan("m", (Step("bilateral", "Hug", 3.0),))  # no tempo: no taps
    assert render(plan, tmp_path / "m.wav").channels == 1


def test_an_unknown_suffix_is_refused_naming_the_four_formats(tmp_path: Path) -> None:
    problem = format_problem(tmp_path / "session.aiff")
    assert problem is not None and ".wav, .mp3, .ogg or .flac" in problem
    with pytest.raises(EncodeError):
        write_output(tmp_path / "session", lambda path: None)
    assert list(tmp_path.iterdir()) == []


def test_without_ffmpeg_mp3_is_one_sentence_and_wav_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    problem = format_problem(tmp_path / "s.mp3")
    assert problem == (
        "writing .mp3 files needs ffmpeg, which is not installed (e.g. apt install ffmpeg); a .wav file works without it."
    )
    assert format_problem(tmp_path / "s.wav") is None


def _tiny(monkeypatch: pytest.MonkeyPatch) -> None:
    import pendulate.catalogue.scripts as library

    tiny = Script(
        id="tiny",
        title="Tiny",
        version="1",
        phases=(Phase("resource", "Rest", 2.0), Phase("bilateral", "Hug", 3.0, tempo=60)),
    )
    monkeypatch.setattr(library, "resolve", lambda ref: tiny)


def _probe(path: Path) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=format_name,duration:stream=channels,codec_name",
         "-of", "json", str(path)],
        capture_output=True, check=True, text=True,
    )  # fmt: skip
    return json.loads(out.stdout)


@needs_ffmpeg
@pytest.mark.parametrize(("suffix", "codec"), [(".mp3", "mp3"), (".ogg", "vorbis"), (".flac", "flac")])
def test_render_writes_the_format_its_suffix_names_privately(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], suffix: str, codec: str
) -> None:
    _tiny(monkeypatch)
    out = tmp_path / f"session{suffix}"
    old = os.umask(0o022)
    try:
        assert main(["render", "tiny", "-o", str(out)]) == 0
    finally:
        os.umask(old)
    assert capsys.readouterr().out.startswith(f"Wrote {out} (0:")
    info = _probe(out)
    assert info["streams"][0]["codec_name"] == codec and info["streams"][0]["channels"] == 2  # the taps
    assert float(info["format"]["duration"]) == pytest.approx(5.0 + 4.0, abs=0.2)  # the plan plus the bell's tail
    assert out.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary file left beside it


def test_render_refuses_an_unknown_suffix_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _tiny(monkeypatch)
    assert main(["render", "tiny", "-o", str(tmp_path / "s.aiff")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ".wav, .mp3, .ogg or .flac" in err
    assert list(tmp_path.iterdir()) == []


def test_render_without_ffmpeg_says_so_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _tiny(monkeypatch)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["render", "tiny", "-o", str(tmp_path / "s.ogg")]) == 1
    assert "needs ffmpeg" in capsys.readouterr().err
    assert main(["render", "tiny", "-o", str(tmp_path / "s.wav")]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["s.wav"]


def test_render_voice_with_recordings_alone_when_no_engine_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pendulate.catalogue.scripts as library

    recording = _tone_wav(tmp_path / "rest.wav", 1.0)
    script = Script(
        id="rec",
        title="Rec",
        version="1",
        phases=(
            Phase("resource", "Rest", 4.0, voice=str(recording)),
            Phase("orient", "Room", 2.0, prompts=(Prompt(0.0, "Look around."),)),
        ),
    )
    monkeypatch.setattr(library, "resolve", lambda ref: script)
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "espeak-ng" else real_which(name))
    out = tmp_path / "s.wav"
    assert main(["render", "rec", "-o", str(out), "--voice"]) == 0
    captured = capsys.readouterr()
    assert "the recordings are spoken and the other prompts left out" in captured.err
    assert captured.out.startswith(f"Wrote {out}")
    _, samples = _read(out)
    lead = round(SPEECH_LEAD * RATE)
    assert max(abs(x) for x in samples[lead : lead + RATE // 2]) > 4000  # the recording, after its lead-in
