"""Players without a device: the recording and null players, the event listener, cue decoding."""

from __future__ import annotations

import array
import wave
from pathlib import Path

import pytest

from pendulate.audio import CuePlayer, NullPlayer, RecordingPlayer, session_cues
from pendulate.audio import cues as cues_mod
from pendulate.audio.cues import CueLoadError, Pcm, cue_path, load_wav, scale, volume_gain
from pendulate.engine.answers import CheckinAnswers
from pendulate.engine.clock import FakeClock
from pendulate.engine.events import CueDue, PhaseStarted, PromptDue
from pendulate.engine.session import Session
from pendulate.plan.build import Plan, Step, build_plan, checkin_step
from pendulate.resources import sounds_dir
from pendulate.script.model import CUE_NAMES


def _drive(session: Session, clock: FakeClock, listener: CuePlayer, hooks=None) -> None:
    """Run a session from due time to due time, answering check-ins calmly and at once."""
    hooks = hooks or {}
    listener.handle_all(session.start())
    started: set[int] = set()
    while not session.finished:
        if session.index not in started:
            started.add(session.index)
            hook = hooks.get(session.index)
            if hook is not None:
                hook(session, clock, listener)
                continue
        if session.awaiting_checkin:
            listener.handle_all(session.submit_checkin(CheckinAnswers(suds=1, settling=8, zone="within")))
            continue
        due = session.next_due()
        assert due is not None
        clock.set(due)
        listener.handle_all(session.advance())


def test_cue_player_plays_only_cue_events_at_their_time() -> None:
    clock = FakeClock(0.0)
    player = RecordingPlayer(clock)
    listener = CuePlayer(player)
    listener.handle(PhaseStarted(0.0, 0.0, 0, "orient", "Room", 60.0, 0.0, "script"))
    listener.handle(CueDue(0.0, 0.0, "bowl", 0, "phase"))
    clock.set(12.5)
    listener.handle(PromptDue(12.5, 12.5, 0, "notice the room"))
    listener.handle(CueDue(12.5, 12.5, "/scripts/own.wav", 0, "interval"))
    assert player.played == [(0.0, "bowl"), (12.5, "/scripts/own.wav")]


def test_whole_builtin_session_with_pause_and_extend() -> None:
    from pendulate.catalogue.scripts import resolve

    script = resolve("body-pendulation")
    plan = build_plan(script)
    clock = FakeClock(100.0)
    player = RecordingPlayer(clock)
    session = Session(plan, params=script.params, clock=clock)
    paused_at, extended_at = 2, 5  # hooks run as these steps begin
    assert plan.steps[paused_at].kind == "resource" and plan.steps[extended_at].kind == "return"

    def pause(session: Session, clock: FakeClock, listener: CuePlayer) -> None:
        listener.handle_all(session.pause())
        clock.advance(20.0)
        listener.handle_all(session.resume())

    def extend(session: Session, clock: FakeClock, listener: CuePlayer) -> None:
        listener.handle_all(session.extend(30.0))

    _drive(session, clock, CuePlayer(player), {paused_at: pause, extended_at: extend})

    # The pause delays every step after the paused one by 20 s; the extension delays every
    # step after the extended one by 30 s. Check-ins are answered at once, so take no time.
    expected = []
    for i, (step, start) in enumerate(zip(plan.steps, plan.starts, strict=False)):
        shift = (20.0 if i > paused_at else 0.0) + (30.0 if i > extended_at else 0.0)
        expected.append((100.0 + start + shift, step.cue))
    expected.append((100.0 + plan.total + 50.0, "bell"))
    assert all(step.cue for step in plan.steps)
    assert player.played == expected


def test_ground_now_plays_the_grounding_cues_from_that_moment() -> None:
    plan = Plan(
        "t",
        (
            Step("resource", "Resource", 60.0, cue="bowl"),
            Step("activation", "Touch", 20.0, cue="low"),
            Step("orient", "Room", 60.0, cue="bowl"),
        ),
    )
    stop = Plan("stop", (Step("ground", "Feet", 45.0, cue="bowl"), Step("orient", "Eyes open", 30.0, cue="chime")))
    clock = FakeClock(0.0)
    player = RecordingPlayer(clock)
    listener = CuePlayer(player)
    session = Session(plan, clock=clock, stop_plan=stop)
    listener.handle_all(session.start())
    clock.set(60.0)
    listener.handle_all(session.advance())  # the activation begins
    clock.set(67.0)
    listener.handle_all(session.ground_now())
    while not session.finished:
        clock.set(session.next_due())
        listener.handle_all(session.advance())
    assert player.played == [(0.0, "bowl"), (60.0, "low"), (67.0, "bowl"), (112.0, "chime"), (142.0, "bell")]


def test_interval_ticks_inside_a_long_phase() -> None:
    plan = Plan("t", (Step("resource", "Resource", 40.0, cue="bowl", interval=10.0), checkin_step()))
    clock = FakeClock(0.0)
    player = RecordingPlayer(clock)
    session = Session(plan, clock=clock)
    _drive(session, clock, CuePlayer(player))
    assert player.played[0] == (0.0, "bowl")
    assert [t for t, cue in player.played if cue == "tick"] == [10.0, 20.0, 30.0]
    assert player.played[-2:] == [(40.0, "chime"), (40.0, "bell")]


def test_recording_player_respects_mute_and_close() -> None:
    clock = FakeClock(0.0)
    player = RecordingPlayer(clock)
    player.prepare(["bowl", "bowl", "tick"], 140)
    assert player.prepared == ("bowl", "tick") and player.volume == 100
    player.set_muted(True)
    player.play("bowl")
    player.set_muted(False)
    player.play("tick")
    player.close()
    player.play("bell")
    assert player.cues == ["tick"]


def test_null_player_delivers_its_notice_once_on_prepare() -> None:
    heard: list[str] = []
    player = NullPlayer(notice="Sound is off for this session.")
    player.on_notice = heard.append
    player.prepare(CUE_NAMES, 60)
    player.prepare(CUE_NAMES, 60)
    player.play("bowl")
    assert heard == ["Sound is off for this session."]
    assert player.notice == "Sound is off for this session." and not player.available
    silent = NullPlayer()
    silent.prepare(CUE_NAMES, 60)
    assert silent.notice is None


def test_session_cues_cover_the_bundled_set_and_a_script_file() -> None:
    plan = Plan("t", (Step("resource", "R", 10.0, cue="/home/x/own.wav"),))
    cues = session_cues(plan)
    assert set(CUE_NAMES) <= set(cues) and "/home/x/own.wav" in cues
    assert len(cues) == len(set(cues))


def test_cue_path_bundled_and_own() -> None:
    assert cue_path("bowl") == sounds_dir() / "bowl.wav"
    assert cue_path("/a/b/own.wav") == Path("/a/b/own.wav")


def _write(path: Path, width: int, channels: int, frames: bytes, rate: int = 22050) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(frames)
    return path


def test_load_wav_brings_other_widths_to_16_bit(tmp_path: Path) -> None:
    eight = load_wav(_write(tmp_path / "8.wav", 1, 1, bytes([128, 255, 0])))
    assert array.array("h", eight.data).tolist() == [0, 127 << 8, -128 << 8]
    twenty_four = load_wav(_write(tmp_path / "24.wav", 3, 2, bytes([0x11, 0x34, 0x12, 0x00, 0x00, 0x80])))
    assert array.array("h", twenty_four.data).tolist() == [0x1234, -32768]
    assert twenty_four.channels == 2 and twenty_four.rate == 22050 and twenty_four.frames == 1


@pytest.mark.parametrize(
    "content, why",
    [(None, "missing"), (b"RIFF nonsense", "readable"), (b"", "readable")],
)
def test_load_wav_reports_missing_and_corrupt_files(tmp_path: Path, content: bytes | None, why: str) -> None:
    path = tmp_path / "cue.wav"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CueLoadError) as caught:
        load_wav(path)
    assert why in caught.value.why and caught.value.path == path


def test_volume_curve() -> None:
    assert volume_gain(0) == 0.0 and volume_gain(100) == 1.0
    assert volume_gain(50) == pytest.approx(0.25)
    assert volume_gain(-5) == 0.0 and volume_gain(250) == 1.0
    gains = [volume_gain(v) for v in range(101)]
    assert gains == sorted(gains)


def test_scaling_is_the_same_with_and_without_audioop(monkeypatch: pytest.MonkeyPatch) -> None:
    pcm = Pcm(array.array("h", [0, 1, -1, 1000, -1000, 32767, -32768]).tobytes(), 1, 44100)
    fast = scale(pcm, 0.36)
    monkeypatch.setattr(cues_mod, "_audioop", None)
    slow = scale(pcm, 0.36)
    assert fast == slow
    assert array.array("h", slow).tolist()[3:5] == [360, -360]
    assert scale(pcm, 1.0) == pcm.data
