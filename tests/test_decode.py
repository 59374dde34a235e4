"""Decoding recordings and cue files in every format: asked rate and channels, the cues' loudness,
soft edges; a hostile file is refused quickly and calmly; without ffmpeg WAV still works."""

from __future__ import annotations

import array
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pendulate import resources
from pendulate.audio import decode
from pendulate.audio.cues import CueLoadError, load_cue, load_wav
from pendulate.audio.decode import (
    FADE_IN_SECONDS,
    FADE_OUT_SECONDS,
    PEAK_CEILING_DBFS,
    TARGET_DBFS,
    Pcm,
    conform,
    level_dbfs,
    load_sound,
)
from pendulate.script import sounds
from tests import recording_helpers as rec

TONE_DBFS = -21.1  # RMS of a sine at amplitude 1/8, the tone ffmpeg's lavfi "sine" makes


@pytest.fixture(scope="session")
def tones(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return rec.tones(tmp_path_factory.mktemp("tones"))


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory, tones: dict[str, Path]) -> dict[str, Path]:
    return rec.hostile(tmp_path_factory.mktemp("hostile-sounds"), tones["m4a"])


def _samples(pcm: Pcm) -> array.array[int]:
    out = array.array("h")
    out.frombytes(pcm.data)
    return out


@pytest.mark.parametrize("ext", rec.FORMATS)
@pytest.mark.parametrize("rate, channels", [(22050, 1), (48000, 2)])
def test_every_format_decodes_to_the_asked_rate_channels_and_level(
    tones: dict[str, Path], ext: str, rate: int, channels: int
) -> None:
    pcm = load_sound(tones[ext], rate=rate, channels=channels)
    assert (pcm.rate, pcm.channels) == (rate, channels)
    assert pcm.seconds == pytest.approx(rec.TONE_SECONDS, abs=0.06)  # AAC and Opus pad a little
    assert level_dbfs(pcm) == pytest.approx(TARGET_DBFS, abs=0.5)
    assert max(abs(s) for s in _samples(pcm)) <= 32768 * 10 ** (PEAK_CEILING_DBFS / 20)


@pytest.mark.parametrize("name", ["stereo.wav", "stereo.m4a", "wav", "m4a"])
def test_rate_and_channels_none_keep_the_files_own(tones: dict[str, Path], name: str) -> None:
    pcm = load_sound(tones[name], level=False)
    assert (pcm.rate, pcm.channels) == (44100, 2 if name.startswith("stereo") else 1)
    assert level_dbfs(pcm) == pytest.approx(TONE_DBFS, abs=0.3)  # level=False leaves it as it is


def test_opus_whose_rate_is_always_48k_keeps_it(tones: dict[str, Path]) -> None:
    assert load_sound(tones["opus"]).rate == 48000


def test_a_stereo_recording_made_mono_is_the_mean_of_its_sides(tones: dict[str, Path]) -> None:
    mono = load_sound(tones["stereo.wav"], channels=1, level=False)
    assert mono.channels == 1 and level_dbfs(mono) == pytest.approx(TONE_DBFS, abs=0.3)


def test_the_target_level_sits_among_the_bundled_cues() -> None:
    levels = {wav.stem: level_dbfs(load_wav(wav)) for wav in sorted(resources.sounds_dir().glob("*.wav"))}
    assert set(levels) == {"bell", "bowl", "chime", "low", "tick", "swell"}
    assert min(levels.values()) <= TARGET_DBFS <= max(levels.values())
    assert statistics.median(levels.values()) == pytest.approx(TARGET_DBFS, abs=1.0)


def test_fades_in_over_30_ms_and_out_over_60_ms(tones: dict[str, Path]) -> None:
    pcm = load_sound(tones["wav"], rate=22050, channels=1)
    samples = _samples(pcm)
    fade_in, fade_out = int(22050 * FADE_IN_SECONDS), int(22050 * FADE_OUT_SECONDS)

    def peak(part: array.array[int]) -> int:
        return max(abs(s) for s in part)

    steady = peak(samples[fade_in : fade_in + 2205])
    assert abs(samples[0]) <= steady / fade_in + 1  # the first sample is all but silent
    quarters = [peak(samples[i * fade_in // 4 : (i + 1) * fade_in // 4]) for i in range(4)]
    assert quarters == sorted(quarters) and quarters[0] < steady / 3 and quarters[-1] > steady / 2
    ending = [peak(samples[len(samples) - fade_out + i * fade_out // 4 :][: fade_out // 4]) for i in range(4)]
    assert ending == sorted(ending, reverse=True) and ending[-1] < steady / 3
    assert abs(samples[-1]) <= steady / fade_out + 1
    assert peak(samples[len(samples) // 2 - 2205 : len(samples) // 2 + 2205]) == pytest.approx(steady, rel=0.02)


def test_a_clip_shorter_than_its_fades_fades_over_a_third_each() -> None:
    short = Pcm(array.array("h", [8000] * 300).tobytes(), 1, 22050)
    out = _samples(conform(short))
    assert out[0] < out[150] and out[-1] < out[150]
    assert len(set(out[100:200])) == 1  # the middle third is left whole


def test_silence_is_not_lifted() -> None:
    quiet = Pcm(bytes(44100), 1, 22050)
    assert conform(quiet).data == quiet.data


@pytest.mark.parametrize("name", sorted(rec.HOSTILE))
def test_a_hostile_file_gives_a_calm_reason_quickly(hostile: dict[str, Path], name: str) -> None:
    started = time.monotonic()
    with pytest.raises(CueLoadError) as caught:
        load_sound(hostile[name], rate=22050, channels=1)
    assert time.monotonic() - started < 3.0  # a 3-hour file is refused from its header
    assert caught.value.path == hostile[name]
    assert rec.HOSTILE[name] in caught.value.why
    assert "Traceback" not in caught.value.why and "\n" not in caught.value.why


def test_a_pipe_named_like_a_recording_is_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "voice.mp3"
    os.mkfifo(fifo)
    with pytest.raises(CueLoadError) as caught:
        load_sound(fifo)
    assert "not a plain file" in caught.value.why


def test_a_missing_file_is_said() -> None:
    with pytest.raises(CueLoadError) as caught:
        load_sound(Path("/nowhere/voice.m4a"))
    assert caught.value.why == "the file is missing"


def test_a_header_is_read_once_while_the_file_stays_the_same(tones: dict[str, Path], tmp_path: Path) -> None:
    copy = tmp_path / "voice.ogg"
    copy.write_bytes(tones["ogg"].read_bytes())
    first = sounds.probe(copy)
    assert sounds.probe(copy) is first
    copy.write_bytes(tones["long-tone.m4a"].read_bytes())  # another recording under the same name
    assert sounds.probe(copy).seconds == pytest.approx(40, abs=0.1)


def test_the_length_limit_is_the_callers_or_the_uses(tones: dict[str, Path]) -> None:
    with pytest.raises(CueLoadError) as caught:
        load_sound(tones["long-tone.m4a"], use="cue")
    assert caught.value.why == "lasts 40 seconds; a cue can last at most 30 seconds"
    with pytest.raises(CueLoadError) as caught:
        load_sound(tones["m4a"], max_seconds=1.5)
    assert caught.value.why.startswith("lasts 2 seconds; a recording can last at most 2 seconds")
    assert load_sound(tones["long-tone.m4a"], rate=22050).seconds == pytest.approx(40, abs=0.1)


def _without_ffmpeg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "no-programs"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(empty))


@pytest.mark.parametrize("ext", [e for e in rec.FORMATS if e != "wav"])
def test_without_ffmpeg_the_reason_names_what_to_install_and_wav_still_plays(
    tones: dict[str, Path], ext: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _without_ffmpeg(monkeypatch, tmp_path)
    with pytest.raises(CueLoadError) as caught:
        load_sound(tones[ext], rate=22050, channels=1)
    assert caught.value.why == (
        f"can't be read without ffmpeg (.{ext} files need it), and ffmpeg is not installed: "
        "install ffmpeg, e.g. apt install ffmpeg"
    )
    assert load_sound(tones["wav"], rate=22050, channels=1).seconds == pytest.approx(2.0)
    assert load_cue("bowl").seconds > 1  # the bundled cues never needed it


def _stuck_program(folder: Path, name: str) -> None:
    program = folder / name
    program.write_text(f"#!/bin/sh\nexec {_real('sleep')} 30\n")
    program.chmod(0o755)


def test_a_stuck_decoder_is_given_up_on_in_time(
    tones: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _stuck_program(tmp_path, "ffprobe")
    _stuck_program(tmp_path, "ffmpeg")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(sounds, "PROBE_TIMEOUT", 0.5)
    monkeypatch.setattr(sounds, "_probed", {})  # headers read by other tests are remembered
    monkeypatch.setattr(decode, "DECODE_TIMEOUT", 0.5)
    started = time.monotonic()
    with pytest.raises(CueLoadError) as caught:
        load_sound(tones["mp3"])
    assert time.monotonic() - started < 5
    assert caught.value.why == "took more than 0.5 seconds just to open, so it is probably damaged"


def test_a_decoder_that_stalls_after_the_header_is_given_up_on_too(
    tones: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "ffprobe").symlink_to(_real("ffprobe"))
    _stuck_program(tmp_path, "ffmpeg")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(decode, "DECODE_TIMEOUT", 0.5)
    monkeypatch.setattr(sounds, "_probed", {})
    with pytest.raises(CueLoadError) as caught:
        load_sound(tones["flac"])
    assert caught.value.why == "took more than 0.5 seconds to decode, so it is probably damaged"


def _real(name: str) -> str:
    import shutil

    found = shutil.which(name)
    assert found, f"{name} is installed by 'make setup'"
    return found


def test_own_cue_files_of_any_format_play_at_the_cues_level(tones: dict[str, Path]) -> None:
    for ext in rec.FORMATS:
        pcm = load_cue(str(tones[ext]))
        assert pcm.rate in sounds.SUPPORTED_RATES and pcm.channels == 1
        assert level_dbfs(pcm) == pytest.approx(TARGET_DBFS, abs=0.5)
    bundled = load_cue("bowl")
    assert bundled == load_wav(resources.sounds_dir() / "bowl.wav")  # bundled cues are played as they are


def test_pydub_loads_with_the_first_clip_made_never_with_the_decoder_or_a_plain_wav(tones: dict[str, Path]) -> None:
    code = (
        "import sys, warnings\n"
        "from pathlib import Path\n"
        "warnings.simplefilter('error')\n"  # pydub's missing-ffmpeg warning must never surface
        "from pendulate.audio.decode import load_sound\n"
        "assert 'pydub' not in sys.modules, 'pydub with the decoder'\n"
        "load_sound(Path(sys.argv[1]), level=False)\n"
        "assert 'pydub' not in sys.modules, 'pydub for a WAV played as it is'\n"
        "load_sound(Path(sys.argv[2]), rate=22050, channels=1)\n"
        "assert 'pydub' in sys.modules, 'the clip is shaped by pydub'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tones["wav"]), str(tones["m4a"])], capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode()


@pytest.mark.slow  # encoding the file takes about 3 s; decoding it about 0.45 s
def test_a_three_minute_recording_decodes_in_a_moment(tmp_path: Path) -> None:
    path = tmp_path / "three-minutes.m4a"
    rec.ffmpeg("-f", "lavfi", "-i", "sine=frequency=220:duration=180", "-ac", "2", str(path))
    started = time.monotonic()
    pcm = load_sound(path, rate=22050, channels=1)
    took = time.monotonic() - started
    assert pcm.seconds == pytest.approx(180, abs=0.1)
    assert took < 10, f"{took:.2f} s"  # about 0.5 s here; the bound is for a busy CI machine
