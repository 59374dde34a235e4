"""Rendering a session to one WAV: exact cue offsets, exact length, bounded memory."""

from __future__ import annotations

import array
import io
import shutil
import tracemalloc
import wave
from pathlib import Path

import pytest

from pendulate.audio import render as render_mod
from pendulate.audio.cues import Pcm, load_cue
from pendulate.audio.render import RATE, cue_timeline, render, resample, sound_schedule, to_render_format
from pendulate.audio.speech import EspeakSpeaker, SpeechUnavailable
from pendulate.audio.voices import SPEECH_LEAD
from pendulate.plan.build import Plan, Step, checkin_step
from pendulate.script.model import Prompt

MS = RATE // 1000


def _plan() -> Plan:
    # Phases long enough that every cue has died away before the next one starts.
    return Plan(
        "render-test",
        (
            Step("orient", "Room", 12.5, cue="bowl", prompts=(Prompt(6.0, "look around"),)),
            Step("activation", "Touch", 7.25, cue="low"),
            checkin_step(),
            Step("resource", "Rest", 21.0, cue="tick", interval=8.0),
            Step("orient", "Room", 9.0, cue="bowl"),
        ),
    )


def _read(path: Path) -> array.array:
    with open(path, "rb") as raw, wave.open(raw, "rb") as reader:
        assert (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()) == (1, 2, RATE)
        return array.array("h", reader.readframes(reader.getnframes()))


def test_timeline_follows_the_plan() -> None:
    plan = _plan()
    timeline = sound_schedule(plan)
    assert timeline.end == plan.total == 49.75
    assert timeline.cues == [
        (0.0, "bowl"),
        (12.5, "low"),
        (19.75, "chime"),  # a check-in is skipped at once: a file cannot wait
        (19.75, "tick"),
        (27.75, "tick"),  # interval ticks inside the long phase
        (35.75, "tick"),
        (40.75, "bowl"),
        (49.75, "bell"),
    ]
    assert timeline.prompts == [(6.0, "look around")]
    assert cue_timeline(plan) == timeline.cues


def test_cues_sit_at_their_planned_sample_offsets(tmp_path: Path) -> None:
    plan = _plan()
    out = tmp_path / "session.wav"
    result = render(plan, out)
    samples = _read(out)
    bell = to_render_format(load_cue("bell"))
    assert len(samples) == result.frames == round(plan.total * RATE) + len(bell)
    assert result.end_frame == round(plan.total * RATE)

    for t, cue in [(0.0, "bowl"), (12.5, "low"), (27.75, "tick"), (35.75, "tick"), (40.75, "bowl"), (49.75, "bell")]:
        start = round(t * RATE)
        expected = to_render_format(load_cue(cue))
        # Exactly the cue's samples, starting on the planned sample …
        assert samples[start : start + len(expected)] == expected, cue
        # … and found there by its onset too: silence before, sound within 1 ms after.
        before = max(0, start - 50 * MS)
        assert not any(samples[before:start])
        onset = next(i for i in range(before, len(samples)) if abs(samples[i]) > 30)
        assert start <= onset <= start + MS, (cue, onset - start)


@pytest.mark.parametrize("fast", [True, False], ids=["audioop", "pure-python"])
def test_overlapping_cues_are_mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool) -> None:
    if not fast:
        monkeypatch.setattr(render_mod, "_audioop", None)
    plan = _plan()
    out = tmp_path / "session.wav"
    render(plan, out)
    samples = _read(out)
    start = round(19.75 * RATE)
    chime, tick = to_render_format(load_cue("chime")), to_render_format(load_cue("tick"))
    for i in range(start, start + len(tick), 97):
        assert samples[i] == max(-32768, min(32767, chime[i - start] + tick[i - start]))


def test_open_ended_phase_takes_no_time_in_a_file() -> None:
    plan = Plan("t", (Step("resource", "Stay", None, cue="bowl"), Step("orient", "Room", 5.0, cue="chime")))
    assert sound_schedule(plan).cues == [(0.0, "bowl"), (0.0, "chime"), (5.0, "bell")]


class _Sink(io.RawIOBase):
    """A seekable file that keeps nothing, so only the renderer's own memory is measured."""

    def __init__(self) -> None:
        self.pos = 0
        self.size = 0

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def write(self, data) -> int:
        n = len(data)
        self.pos += n
        self.size = max(self.size, self.pos)
        return n

    def seek(self, offset: int, whence: int = 0) -> int:
        self.pos = offset if whence == 0 else self.pos + offset if whence == 1 else self.size + offset
        return self.pos

    def tell(self) -> int:
        return self.pos


@pytest.mark.slow
def test_a_sixty_minute_session_renders_in_bounded_memory() -> None:
    cycle = (
        Step("resource", "Rest", 200.0, cue="bowl", interval=30.0),
        Step("activation", "Touch", 30.0, cue="low"),
        checkin_step(),
        Step("return", "Back", 70.0, cue="bowl"),
    )
    plan = Plan("long", cycle * 12)
    assert plan.total == 3600.0
    sink = _Sink()
    tracemalloc.start()
    try:
        result = render(plan, sink)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    file_size = 44 + 2 * result.frames
    assert sink.size == file_size > 300_000_000
    # The cue cache (about 1 MB for the bundled set) plus a chunk or two: far below the file.
    assert peak < 8_000_000, peak
    assert peak < file_size / 40


def test_resample_keeps_duration_and_shape() -> None:
    ramp = array.array("h", range(0, 4000 * 4, 4))
    out = resample(ramp, 22050, 44100)
    assert len(out) == 8000
    assert out[:5].tolist() == [0, 2, 4, 6, 8]  # new samples fall halfway between old ones
    stereo = Pcm(array.array("h", [100, 300, -100, -300]).tobytes(), 2, RATE)
    assert to_render_format(stereo).tolist() == [200, -200]


def test_voice_needs_espeak(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(SpeechUnavailable, match="espeak-ng"):
        EspeakSpeaker()


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_voice_prompts_are_spoken_at_their_offsets(tmp_path: Path) -> None:
    plan = Plan(
        "voice",
        (Step("resource", "Rest", 14.0, cue="tick", prompts=(Prompt(5.0, "Notice your feet."),)),),
    )
    out = tmp_path / "voice.wav"
    render(plan, out, voice=True, speaker=EspeakSpeaker())
    samples = _read(out)
    start = round(5.0 * RATE)
    lead = round(SPEECH_LEAD * RATE)
    # The tick is long gone and the lead-in is silent (resampling may spread the voice's first,
    # faded sample one sample early: at most the smallest step there is).
    assert max(abs(x) for x in samples[start - RATE : start + lead]) <= 1
    spoken = samples[start + lead : start + lead + 2 * RATE]
    assert max(abs(x) for x in spoken) > 2000  # speech at the cues' level
    onset = next(i for i, x in enumerate(spoken) if abs(x) > 30)
    assert onset < RATE // 2  # espeak's own lead-in silence is short


def test_render_module_never_imports_pydub() -> None:
    assert "pydub" not in render_mod.__dict__
