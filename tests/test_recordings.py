"""A phase's ``voice:`` recording and ``bilateral:`` taps in the script format: read into the model,
confined to the script's folder like cue files, and every problem a located error with a hint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pendulate.audio.cues import load_cue
from pendulate.audio.decode import TARGET_DBFS, level_dbfs
from pendulate.cli import main
from pendulate.plan.build import build_plan
from pendulate.script.loader import check_script, check_script_text, load_script
from pendulate.script.model import Phase
from pendulate.script.schema import build_schema
from pendulate.script.sounds import MAX_RECORDING_SECONDS
from tests import recording_helpers as rec
from tests.wav_helpers import write_wav

CORPUS = Path(__file__).resolve().parent / "hostile" / "recordings"
SETUP = Path(__file__).resolve().parents[1] / "tools" / "setup.sh"
END = "  - {kind: resource, duration: 60}\n  - {kind: orient, duration: 60}\n"

# Every hostile script beside its files, and its one error: (line:col, a piece of the message).
EXPECTED: dict[str, tuple[str, str]] = {
    "voice_text.yaml": ("6:12", "the recording 'text.mp3' is not a sound file that can be read"),
    "voice_empty.yaml": ("6:12", "the recording 'empty.m4a' holds no sound (it is empty: 0 bytes)"),
    "voice_traversal.yaml": ("6:12", "reaches outside the script's folder ('..')"),
    "voice_absolute.yaml": ("6:12", "the recording '/etc/ground.m4a' is an absolute path"),
    "voice_home.yaml": ("6:12", "is an absolute path"),
    "voice_windows.yaml": ("6:12", "is an absolute path"),
    "voice_missing.yaml": ("6:12", "the recording 'prompts/ground.m4a' does not exist"),
    "voice_not_a_sound.yaml": ("6:12", "is not a sound file pendulate reads"),
    "voice_list.yaml": ("6:12", "'voice' expects the name of a recording"),
    "cue_text.yaml": ("6:10", "the sound file 'text.mp3' is not a sound file that can be read"),
    "bilateral_fast.yaml": ("6:24", "'tempo' goes from 40 to 80, found 120"),
    "bilateral_slow.yaml": ("6:24", "'tempo' goes from 40 to 80, found 20"),
    "bilateral_fraction.yaml": ("6:24", "'tempo' expects a whole number, found 60.5"),
    "bilateral_words.yaml": ("6:16", "'bilateral' expects true, false or {tempo: N}"),
    "bilateral_unknown_key.yaml": ("6:28", "unknown key 'side' in bilateral taps"),
    "bilateral_on_ground.yaml": ("6:5", "'bilateral' taps belong to a bilateral phase; this is a ground phase"),
}


@pytest.fixture(scope="session")
def tones(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return rec.tones(tmp_path_factory.mktemp("tones"))


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory, tones: dict[str, Path]) -> dict[str, Path]:
    return rec.hostile(tmp_path_factory.mktemp("hostile-sounds"), tones["m4a"])


def script_with(folder: Path, phase_lines: str, kind: str = "ground", duration: str = "60") -> Path:
    path = folder / "s.yaml"
    path.write_text(f"id: t\ntitle: T\nphases:\n  - kind: {kind}\n    duration: {duration}\n    {phase_lines}\n{END}")
    return path


def first_phase(path: Path) -> Phase:
    phase = load_script(path).phases[0]
    assert isinstance(phase, Phase)
    return phase


def located(path: Path) -> list[tuple[str, str, str]]:
    _, problems = check_script(path)
    return [(f"{p.line}:{p.col}", p.severity, p.message) for p in problems]


# ---- voice: --------------------------------------------------------------------------------
@pytest.mark.parametrize("ext", rec.FORMATS)
def test_a_recording_in_each_format_fills_the_phase_and_the_plan(
    tmp_path: Path, tones: dict[str, Path], ext: str
) -> None:
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / f"ground.{ext}").write_bytes(tones[ext].read_bytes())
    path = script_with(tmp_path, f"voice: prompts/ground.{ext}")
    assert located(path) == []
    phase = first_phase(path)
    assert phase.voice == str((tmp_path / "prompts" / f"ground.{ext}").resolve())
    assert build_plan(load_script(path)).steps[1].voice == phase.voice


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_script_gives_one_located_error(name: str) -> None:
    script, problems = check_script(CORPUS / name)
    assert script is None
    [problem] = problems
    where, message = EXPECTED[name]
    assert f"{problem.line}:{problem.col}" == where
    assert message in problem.message
    assert problem.hint or "expects" in problem.message  # says what to do, or what is expected


def test_the_corpus_is_all_listed() -> None:
    assert sorted(p.name for p in CORPUS.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(rec.HOSTILE))
def test_each_hostile_recording_is_a_located_error_found_quickly(
    tmp_path: Path, hostile: dict[str, Path], name: str
) -> None:
    (tmp_path / name).write_bytes(hostile[name].read_bytes())
    path = script_with(tmp_path, f"voice: {name}")
    started = time.monotonic()
    [(where, severity, message)] = located(path)
    assert time.monotonic() - started < 3.0  # headers only: nothing is decoded at validate time
    assert (where, severity) == ("6:12", "error")
    assert message.startswith(f"the recording '{name}' ") and rec.HOSTILE[name] in message


@pytest.mark.parametrize("name", ["text.mp3", "three-hours.flac", "eight.ogg"])
def test_validate_on_the_command_line_is_calm(
    tmp_path: Path, hostile: dict[str, Path], name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / name).write_bytes(hostile[name].read_bytes())
    path = script_with(tmp_path, f"voice: {name}")
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"{path}:6:12: the recording '{name}' ")
    assert "hint: " in out and "Traceback" not in out + err


def test_a_link_leading_out_of_the_folder_is_refused(tmp_path: Path, tones: dict[str, Path]) -> None:
    folder = tmp_path / "script"
    folder.mkdir()
    (folder / "ground.m4a").symlink_to(tones["m4a"])
    [(where, _, message)] = located(script_with(folder, "voice: ground.m4a"))
    assert where == "6:12" and message == "the recording 'ground.m4a' is a link to a file outside the script's folder"


def test_an_absolute_path_to_a_real_recording_outside_is_refused(tmp_path: Path, tones: dict[str, Path]) -> None:
    [(_, _, message)] = located(script_with(tmp_path, f"voice: {tones['m4a']}"))
    assert message == f"the recording '{tones['m4a']}' is an absolute path"


def test_a_script_read_without_a_folder_has_no_recordings() -> None:
    text = f"id: t\ntitle: T\nphases:\n  - kind: ground\n    duration: 60\n    voice: ground.m4a\n{END}"
    _, problems = check_script_text(text, "t.yaml")
    assert [(p.line, p.col, p.message) for p in problems] == [(6, 12, "the recording 'ground.m4a' cannot be used here")]


def test_a_recording_longer_than_its_phase_is_a_warning_at_its_line(tmp_path: Path, tones: dict[str, Path]) -> None:
    (tmp_path / "settle.m4a").write_bytes(tones["long-tone.m4a"].read_bytes())  # 40 s
    path = script_with(tmp_path, "voice: settle.m4a", duration="30")
    assert located(path) == [
        (
            "6:12",
            "warning",
            "the recording lasts 40 s, longer than the phase (30 s); it stops when the phase ends",
        )
    ]
    assert first_phase(path).voice is not None  # a warning: the script loads
    assert located(script_with(tmp_path, "voice: settle.m4a", duration="40")) == []
    # An open-ended phase lasts as long as the person likes: nothing to warn about.
    text = (
        "id: t\ntitle: T\nphases:\n  - {kind: ground, duration: 30}\n"
        "  - {kind: resource, duration: open, voice: settle.m4a}\n  - {kind: orient, duration: 60}\n"
    )
    (tmp_path / "open.yaml").write_text(text)
    assert located(tmp_path / "open.yaml") == []


def test_a_wav_recording_may_be_at_any_rate(tmp_path: Path) -> None:
    write_wav(tmp_path / "odd-rate.wav", 12000, frames=12000)  # a cue at 12 kHz can't play; a voice is resampled
    assert located(script_with(tmp_path, "voice: odd-rate.wav")) == []
    [(_, _, message)] = located(script_with(tmp_path, "cue: odd-rate.wav"))
    assert message.startswith("the sound file 'odd-rate.wav' has a sample rate of 12000 Hz")


def test_exactly_ten_minutes_is_allowed_and_a_second_more_is_not(tmp_path: Path) -> None:
    write_wav(tmp_path / "ten.wav", 8000, frames=MAX_RECORDING_SECONDS * 8000)
    assert located(script_with(tmp_path, "voice: ten.wav", duration="10m")) == []
    write_wav(tmp_path / "more.wav", 8000, frames=(MAX_RECORDING_SECONDS + 1) * 8000)
    [(_, _, message)] = located(script_with(tmp_path, "voice: more.wav", duration="10m"))
    assert message == "the recording 'more.wav' lasts 10 min 1 s; a recording can last at most 10 min"


# ---- ffmpeg missing ------------------------------------------------------------------------
def test_without_ffmpeg_validate_names_what_to_install_and_wav_still_works(
    tmp_path: Path, tones: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ground.m4a").write_bytes(tones["m4a"].read_bytes())
    (tmp_path / "ground.wav").write_bytes(tones["wav"].read_bytes())
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    _, problems = check_script(script_with(tmp_path, "voice: ground.m4a"))
    [problem] = problems
    assert (problem.line, problem.col) == (6, 12)
    assert problem.message == (
        "the recording 'ground.m4a' can't be read without ffmpeg (.m4a files need it), and ffmpeg is not installed"
    )
    assert problem.hint.startswith("install ffmpeg, e.g. apt install ffmpeg")
    assert located(script_with(tmp_path, "voice: ground.wav")) == []
    assert located(script_with(tmp_path, "cue: ground.wav")) == []


# ---- cue: files of any format ---------------------------------------------------------------
@pytest.mark.parametrize("ext", rec.FORMATS)
def test_a_cue_file_may_be_any_format_and_plays_at_the_cues_level(
    tmp_path: Path, tones: dict[str, Path], ext: str
) -> None:
    (tmp_path / f"rain.{ext}").write_bytes(tones[ext].read_bytes())
    path = script_with(tmp_path, f"cue: rain.{ext}")
    assert located(path) == []
    cue = first_phase(path).cue
    assert cue is not None
    assert level_dbfs(load_cue(cue)) == pytest.approx(TARGET_DBFS, abs=0.5)


def test_a_cue_file_over_half_a_minute_is_refused_whatever_its_format(tmp_path: Path, tones: dict[str, Path]) -> None:
    (tmp_path / "rain.m4a").write_bytes(tones["long-tone.m4a"].read_bytes())
    [(where, _, message)] = located(script_with(tmp_path, "cue: rain.m4a"))
    assert (where, message) == ("6:10", "the sound file 'rain.m4a' lasts 40 seconds; a cue can last at most 30 seconds")


def test_an_unknown_cue_lists_the_formats(tmp_path: Path) -> None:
    _, problems = check_script(script_with(tmp_path, "cue: rain.aiff"))
    assert problems[0].message == "unknown cue 'rain.aiff'"
    assert "a sound file (WAV, MP3, M4A, OGG, Opus or FLAC)" in problems[0].hint


# ---- bilateral: ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "written, tempo",
    [
        ("bilateral: true", 60),
        ("bilateral: {}", 60),
        ("bilateral: {tempo: 40}", 40),
        ("bilateral: {tempo: 72}", 72),
        ("bilateral: {tempo: 80}", 80),
        ("bilateral: false", None),
        ("prompt: Cross your arms and tap.", None),  # no taps unless the script asks
    ],
)
def test_bilateral_taps_fill_the_phases_tempo(tmp_path: Path, written: str, tempo: int | None) -> None:
    path = script_with(tmp_path, written, kind="bilateral")
    assert located(path) == []
    assert first_phase(path).tempo == tempo
    assert build_plan(load_script(path)).steps[1].tempo == tempo


@pytest.mark.parametrize("tempo", [39, 81, 0, -60])
def test_a_tempo_outside_40_to_80_is_located(tmp_path: Path, tempo: int) -> None:
    [(where, _, message)] = located(script_with(tmp_path, f"bilateral: {{tempo: {tempo}}}", kind="bilateral"))
    assert where == "6:24" and message == f"'tempo' goes from 40 to 80, found {tempo}"


def test_taps_on_another_kind_are_refused_even_false(tmp_path: Path) -> None:
    for written in ("bilateral: true", "bilateral: false", "bilateral: {tempo: 60}"):
        [(where, _, message)] = located(script_with(tmp_path, written, kind="resource"))
        assert where == "6:5" and message.endswith("this is a resource phase")


def test_a_bilateral_phase_may_have_a_recording_and_taps(tmp_path: Path, tones: dict[str, Path]) -> None:
    (tmp_path / "hug.mp3").write_bytes(tones["mp3"].read_bytes())
    path = tmp_path / "s.yaml"
    path.write_text(
        "id: t\ntitle: T\nphases:\n  - kind: bilateral\n    duration: 90\n    voice: hug.mp3\n"
        f"    bilateral: {{tempo: 50}}\n{END}"
    )
    phase = first_phase(path)
    assert (Path(phase.voice or "").name, phase.tempo) == ("hug.mp3", 50)


# ---- the schema and set-up -------------------------------------------------------------------
def test_the_schema_knows_voice_and_bilateral() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(build_schema())
    good = {
        "id": "t",
        "title": "T",
        "phases": [
            {"kind": "bilateral", "duration": 90, "voice": "prompts/hug.m4a", "bilateral": {"tempo": 60}},
            {"kind": "ground", "duration": 60, "voice": "ground.OPUS", "cue": "rain.flac"},
            {"kind": "orient", "duration": 60},
        ],
    }
    assert list(validator.iter_errors(good)) == []
    for phase in (
        {"kind": "bilateral", "duration": 90, "bilateral": {"tempo": 90}},
        {"kind": "bilateral", "duration": 90, "bilateral": {"speed": 60}},
        {"kind": "ground", "duration": 60, "voice": "/home/me/ground.m4a"},
        {"kind": "ground", "duration": 60, "voice": "ground.txt"},
    ):
        assert list(validator.iter_errors({**good, "phases": [phase]})), json.dumps(phase)


def test_set_up_installs_ffmpeg_or_says_in_one_line_what_is_missing() -> None:
    text = SETUP.read_text(encoding="utf-8")
    assert "apt_install ffmpeg ||" in text
    assert 'echo "setup: recordings other than WAV are not available' in text


def test_validating_a_script_with_recordings_never_loads_an_audio_library(
    tmp_path: Path, tones: dict[str, Path]
) -> None:
    (tmp_path / "ground.m4a").write_bytes(tones["m4a"].read_bytes())
    path = script_with(tmp_path, "voice: ground.m4a")
    code = (
        "import sys\n"
        "from pendulate.script.loader import load_script\n"
        "load_script(sys.argv[1])\n"
        "loaded = [m for m in ('pydub', 'simpleaudio', 'audioop', 'pendulate.audio') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, timeout=60, env=dict(os.environ)
    )
    assert done.returncode == 0, done.stderr.decode()
