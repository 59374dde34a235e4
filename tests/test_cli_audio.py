"""``pendulate sounds`` and ``pendulate render``."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import pytest

import pendulate.audio
from pendulate.audio import RecordingPlayer
from pendulate.cli import audio as cli_audio
from pendulate.cli import main
from pendulate.engine.clock import FakeClock
from pendulate.script.model import CUE_NAMES, Phase, Script


def test_sounds_lists_every_cue_with_length_and_meaning(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sounds"]) == 0
    *lines, through = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(CUE_NAMES)
    assert through.startswith("Sounds play through ") or through.startswith("Sound is off")
    assert "3.8 s" in lines[0] and "resource" in lines[0]
    assert "check-in" in lines[CUE_NAMES.index("chime")]


def test_sounds_test_plays_each_cue_named(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    player = RecordingPlayer(FakeClock())
    made: list[tuple[bool, int]] = []

    def fake_make_player(*, mute: bool, volume: int) -> RecordingPlayer:
        made.append((mute, volume))
        return player

    monkeypatch.setattr(pendulate.audio, "make_player", fake_make_player)
    monkeypatch.setattr(cli_audio.time, "sleep", lambda seconds: None)
    assert main(["sounds", "--test", "--volume", "35"]) == 0
    assert made == [(False, 35)] and player.volume == 35
    assert player.cues == list(CUE_NAMES) and player.closed
    through, *out = capsys.readouterr().out.splitlines()
    assert through == "Playing through recording."
    assert [line.split(":")[0] for line in out] == list(CUE_NAMES)


def test_sounds_test_says_why_when_there_is_no_sound(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pendulate.audio.player import NullPlayer

    monkeypatch.setattr(pendulate.audio, "make_player", lambda **_: NullPlayer(notice="Sound is off."))
    assert main(["sounds", "--test"]) == 1
    assert capsys.readouterr().out == "Sound is off.\n"


@pytest.mark.parametrize("bad", ["101", "-1", "loud"])
def test_volume_must_be_0_to_100(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["sounds", "--test", "--volume", bad])
    assert exited.value.code == 2
    assert "0 to 100" in capsys.readouterr().err


def _tiny_script() -> Script:
    return Script(
        id="tiny",
        title="Tiny",
        version="1",
        phases=(Phase("resource", "Rest", 6.0), Phase("orient", "Room", 4.0)),
    )


def test_render_writes_the_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pendulate.catalogue.scripts as library

    monkeypatch.setattr(library, "resolve", lambda ref: _tiny_script())
    out = tmp_path / "session.wav"
    assert main(["render", "tiny", "-o", str(out)]) == 0
    with wave.open(str(out), "rb") as reader:
        seconds = reader.getnframes() / reader.getframerate()
    assert seconds == pytest.approx(10.0 + 4.0)  # the plan plus the closing bell's tail
    assert capsys.readouterr().out.startswith(f"Wrote {out} (0:14,")


def test_render_a_builtin_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "orient.wav"
    assert main(["render", "orient-resource", "-o", str(out)]) == 0
    with wave.open(str(out), "rb") as reader:
        assert reader.getnframes() > 60 * reader.getframerate()


def test_render_unknown_script_fails_in_a_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.wav"
    assert main(["render", "no-such-script", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("pendulate render: ") and "no-such-script" in err
    assert not out.exists()


def test_render_voice_without_espeak_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pendulate.catalogue.scripts as library

    monkeypatch.setattr(library, "resolve", lambda ref: _tiny_script())
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "espeak-ng" else real_which(name))
    out = tmp_path / "x.wav"
    assert main(["render", "tiny", "-o", str(out), "--voice"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "espeak-ng" in err and "not installed" in err
    assert not out.exists()


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as reader:
        return reader.getnframes() / reader.getframerate()


def test_render_follows_the_homework_overrides_like_a_live_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A homework shortening every touch (touch_max 12 for 20 s touches) shortens the file as
    the live session would be shortened: 4 touches x 8 s."""
    from homework_helpers import write

    from pendulate.catalogue.effective import session_setup
    from pendulate.catalogue.scripts import resolve
    from pendulate.homework.install import add_homework
    from pendulate.practice import prepare

    plain = tmp_path / "plain.wav"
    assert main(["render", "body-pendulation", "-o", str(plain)]) == 0
    add_homework(
        write(
            tmp_path,
            "hw.yaml",
            "format: 1\nid: short-touches\ntherapist: Dr. Lee\nassigned:\n"
            "  - script: body-pendulation\n    params:\n      touch_max: 12\n",
        )
    )
    shaped = tmp_path / "shaped.wav"
    assert main(["render", "body-pendulation", "-o", str(shaped)]) == 0
    assert _wav_seconds(plain) - _wav_seconds(shaped) == pytest.approx(4 * 8)
    script = resolve("body-pendulation")
    live = prepare(script, clock=FakeClock(), stop_script=None, **session_setup(script).options())
    assert [s.duration for s in live.plan.steps if s.kind == "activation"] == [12.0] * 4


def test_render_includes_r4_progression_from_the_log(tmp_path: Path) -> None:
    from homework_helpers import run_session

    from pendulate.catalogue.effective import session_setup
    from pendulate.catalogue.scripts import resolve
    from pendulate.store.store import Store

    script = resolve("body-pendulation")
    before = tmp_path / "before.wav"
    assert main(["render", "body-pendulation", "-o", str(before)]) == 0
    with Store.open() as store:
        for _ in range(2):  # two quiet sessions: R4 lengthens the next touches
            run_session(script, store, suds=1, options=session_setup(script, store).options())
        grown = session_setup(script, store).progress.extra_touch
    assert grown > 0
    after = tmp_path / "after.wav"
    assert main(["render", "body-pendulation", "-o", str(after)]) == 0
    assert _wav_seconds(after) > _wav_seconds(before) + 4 * grown - 0.01


def test_render_never_replaces_a_file_unasked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pendulate.catalogue.scripts as library

    monkeypatch.setattr(library, "resolve", lambda ref: _tiny_script())
    out = tmp_path / "session.wav"
    out.write_bytes(b"keep me")
    # No terminal to ask (the test's stdin is not one): refused, with the way to do it anyway.
    assert main(["render", "tiny", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"pendulate render: {out} already exists and was left as it is; "
        "use --force to replace it, or name another file with -o.\n"
    )
    assert out.read_bytes() == b"keep me"
    # Asked on a terminal: "no" keeps it, "yes" replaces it.
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter(["no", "yes"])
    asked: list[str] = []
    monkeypatch.setattr("builtins.input", lambda question: asked.append(question) or next(answers))
    assert main(["render", "tiny", "-o", str(out)]) == 1
    assert out.read_bytes() == b"keep me" and asked == [f"{out} already exists. Replace it? Type yes to replace it: "]
    assert main(["render", "tiny", "-o", str(out)]) == 0
    assert _wav_seconds(out) == pytest.approx(14.0)


def test_render_force_replaces_without_asking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pendulate.catalogue.scripts as library

    monkeypatch.setattr(library, "resolve", lambda ref: _tiny_script())
    monkeypatch.setattr("builtins.input", lambda question: pytest.fail("asked although --force"))
    out = tmp_path / "session.wav"
    out.write_bytes(b"old")
    assert main(["render", "tiny", "-o", str(out), "--force"]) == 0
    assert _wav_seconds(out) == pytest.approx(14.0)
    folder = tmp_path / "folder.wav"
    folder.mkdir()
    assert main(["render", "tiny", "-o", str(folder), "--force"]) == 1
    assert "is a folder" in capsys.readouterr().err
