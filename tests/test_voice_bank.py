"""The voice bank: what a session may speak, made before it starts, within a memory budget."""

from __future__ import annotations

import array
import math
import sys
import types
import wave
from pathlib import Path

import pytest

from pendulate.audio import clips as keys
from pendulate.audio.cues import CueLoadError, Pcm
from pendulate.audio.speech import SPEECH_RATE, FakeSpeaker
from pendulate.audio.voices import SPEECH_LEAD, ClipMaker, SpokenItem, prepare_clips, spoken_items
from pendulate.plan.build import Plan, Step, checkin_step
from pendulate.script.model import Prompt

LEAD = round(SPEECH_LEAD * SPEECH_RATE)


def _tone_wav(path: Path, rate: int = 44100, seconds: float = 2.0, channels: int = 2) -> Path:
    frames = round(rate * seconds)
    tone = [round(12000 * math.sin(2 * math.pi * 220 * i / rate)) for i in range(frames) for _ in range(channels)]
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(array.array("h", tone).tobytes())
    return path


def _plan(recording: Path | None = None) -> Plan:
    return Plan(
        "bank",
        (
            Step("orient", "Room", 30.0, prompts=(Prompt(0.0, "Look around."), Prompt(10.0, "Notice the light."))),
            checkin_step(),
            Step(
                "ground",
                "Feet",
                30.0,
                prompts=(Prompt(0.0, "Feel your feet."),),
                voice=str(recording) if recording else None,
            ),
            Step("orient", "Room again", 20.0, prompts=(Prompt(0.0, "Look   around."),)),  # the same words
        ),
    )


def test_spoken_items_are_a_phases_recording_or_else_each_prompt_once(tmp_path: Path) -> None:
    recording = tmp_path / "feet.wav"
    items = spoken_items(_plan(recording), Plan("stop", (Step("ground", "Stop", 10.0, prompts=(Prompt(0, "Rest."),)),)))
    assert [item.key for item in items] == [
        keys.said("Look around."),
        keys.said("Notice the light."),
        keys.recorded(str(recording)),  # its prompt is shown as text, not read
        keys.said("Rest."),
    ]
    assert items[2].path == str(recording) and items[2].text == "Feel your feet."


def test_prepare_clips_speaks_every_prompt_with_a_lead_in_and_extra_phrases_without(tmp_path: Path) -> None:
    fake = FakeSpeaker()
    seen: list[tuple[int, int]] = []
    bank = prepare_clips(
        _plan(), engine=fake, extra=("skipped", "Look around."), progress=lambda d, t: seen.append((d, t))
    )
    assert fake.said == ["Look around.", "Notice the light.", "Feel your feet.", "skipped"]
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    look = bank.clips[keys.said("Look around.")]
    assert (look.channels, look.rate) == (1, SPEECH_RATE)
    assert look.seconds == pytest.approx(SPEECH_LEAD + fake.seconds("Look around."), abs=0.001)
    assert not any(look.data[: 2 * LEAD])  # the cue is heard first, then the voice
    skipped = bank.clips[keys.said("skipped")]
    assert skipped.seconds == pytest.approx(fake.seconds("skipped"), abs=0.001)  # answers a key at once
    assert bank.source(keys.said("Look around.")) == "fake"
    assert bank.source(keys.said("never said")) == "text only"
    assert bank.notices == []


def test_a_wav_recording_is_the_phases_guidance_mono_at_the_speech_rate(tmp_path: Path) -> None:
    recording = _tone_wav(tmp_path / "feet.wav", rate=44100, seconds=2.0, channels=2)
    fake = FakeSpeaker()
    bank = prepare_clips(_plan(recording), engine=fake)
    clip = bank.clips[keys.recorded(str(recording))]
    assert (clip.channels, clip.rate) == (1, SPEECH_RATE)
    assert clip.seconds == pytest.approx(SPEECH_LEAD + 2.0, abs=0.01)
    assert bank.source(keys.recorded(str(recording))) == "recording"
    assert "Feel your feet." not in fake.said


def test_recordings_go_through_the_decoder_with_the_agreed_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Path, dict[str, object]]] = []

    def load_sound(path: Path, **kwargs: object) -> Pcm:
        calls.append((path, kwargs))
        return Pcm(bytes(2 * SPEECH_RATE), 1, SPEECH_RATE)

    decode = types.ModuleType("pendulate.audio.decode")
    decode.load_sound = load_sound  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pendulate.audio.decode", decode)
    recording = tmp_path / "feet.m4a"
    bank = prepare_clips(_plan(recording), engine=None)
    assert calls == [(recording, {"rate": 22050, "channels": 1, "max_seconds": 600})]
    assert bank.clips[keys.recorded(str(recording))].seconds == pytest.approx(SPEECH_LEAD + 1.0)


def test_an_unreadable_recording_is_read_by_the_engine_instead_with_a_notice(tmp_path: Path) -> None:
    broken = tmp_path / "feet.wav"
    broken.write_text("this is text, not sound")
    fake = FakeSpeaker()
    bank = prepare_clips(_plan(broken), engine=fake)
    key = keys.recorded(str(broken))
    assert bank.source(key) == "fake" and key in bank.clips
    assert fake.said[-1] == "Feel your feet."
    assert str(broken) in bank.unreadable
    assert (
        len(bank.notices) == 1
        and "could not be read" in bank.notices[0]
        and "fake reads its prompts" in bank.notices[0]
    )


def test_without_an_engine_prompts_stay_text_and_nothing_is_said_about_it() -> None:
    bank = prepare_clips(_plan(), engine=None)
    assert bank.clips == {} and bank.notices == []
    assert bank.source(keys.said("Look around.")) == "text only"


def test_an_engine_that_breaks_is_not_asked_again() -> None:
    fake = FakeSpeaker(refuse=("Look around.",))
    bank = prepare_clips(_plan(), engine=fake)
    assert fake.said == ["Look around."]
    assert bank.clips == {}
    assert len(bank.notices) == 1 and bank.notices[0].endswith("the prompts left will be shown as text.")


def test_the_budget_keeps_the_clips_within_it_with_one_notice() -> None:
    fake = FakeSpeaker()
    one = 2 * (LEAD + round(fake.seconds("Look around.") * SPEECH_RATE))
    bank = prepare_clips(_plan(), engine=fake, budget=one + 10)
    assert list(bank.clips) == [keys.said("Look around.")]
    assert bank.size <= one + 10
    assert bank.notices == ["The spoken clips reached their memory limit (0 MiB); 2 more will be shown as text."]
    assert fake.said == ["Look around.", "Notice the light."]  # nothing more is made once the limit is met
    assert bank.source(keys.said("Notice the light.")) == "text only"


def test_clip_maker_makes_one_clip_when_asked(tmp_path: Path) -> None:
    maker = ClipMaker(FakeSpeaker("espeak-ng"))
    clip = maker.make(SpokenItem(keys.said("Rest."), "Rest."))
    assert clip is not None and clip.seconds > SPEECH_LEAD
    assert maker.bank.source(keys.said("Rest.")) == "espeak-ng"
    with pytest.raises(CueLoadError):
        from pendulate.audio.voices import load_recording

        load_recording(tmp_path / "missing.wav")
