"""A short reply to a key ("noted") ends by itself at a boundary nobody chose; a choice hushes at once."""

from __future__ import annotations

from test_audio_speech import _clip, _Error, _Sa

from pendulate.audio.clips import said
from pendulate.audio.listener import REPLY_SECONDS, Guide
from pendulate.audio.player import RecordingPlayer
from pendulate.audio.simple import SimpleaudioPlayer
from pendulate.engine import events as ev
from pendulate.engine.clock import FakeClock

NOTED, PROMPT, LONG = said("noted"), said("Let your eyes wander."), said("A long prompt.")


def player_with_clips(sa: _Sa) -> SimpleaudioPlayer:
    player = SimpleaudioPlayer(sa, _Error, volume=60, probe=False)
    player.prepare(["bowl"], 60)
    player.prepare_voice(
        {NOTED: _clip(0.4, 0.0), PROMPT: _clip(4.0, 1.2), LONG: _clip(8.0, 0.0)},
        60,
    )
    return player


def test_a_reply_with_less_left_than_allowed_ends_by_itself_a_longer_clip_stops() -> None:
    sa = _Sa()
    player = player_with_clips(sa)
    player.speak(NOTED)
    player.hush(let_finish=REPLY_SECONDS)
    (reply,) = sa.plays
    assert reply.playing and not player.speaking  # left to end; no longer the voice's clip
    player.speak(LONG)
    player.hush(let_finish=REPLY_SECONDS)
    assert not sa.plays[-1].playing  # eight seconds left: stopped at once
    player.speak(NOTED)
    player.hush()
    assert not sa.plays[-1].playing  # asked at once: stopped at once


def test_the_next_phase_guidance_lets_the_reply_finish_in_its_silent_lead_in() -> None:
    sa = _Sa()
    player = player_with_clips(sa)
    player.speak(NOTED)
    player.speak(PROMPT)  # its 1.2 s of silence outlast the reply's 0.4 s
    reply, prompt = sa.plays
    assert reply.playing and prompt.playing
    player.speak(LONG)  # no lead-in: the prompt still speaking is silenced
    assert not prompt.playing and sa.plays[-1].playing


def test_a_device_that_cannot_mix_waits_for_the_reply_instead_of_calling_itself_gone() -> None:
    sa = _Sa()
    player = player_with_clips(sa)
    heard: list[str] = []
    player.on_notice = heard.append
    player.speak(NOTED)
    sa.refuse_while_busy = True
    player.speak(PROMPT)
    assert heard == [] and player.available


def checkin_ended(reason: str) -> list[ev.Event]:
    return [
        ev.PhaseEnded(10.0, 10.0, 3, "checkin" if reason == "answered" else "resource", reason),
        ev.PhaseStarted(10.0, 10.0, 4, "orient", "Room", 60.0, 10.0, "script"),
    ]


def test_the_guide_lets_a_reply_end_after_an_answer_or_time_up_and_hushes_at_once_on_a_choice() -> None:
    for reason, allowed in (("answered", REPLY_SECONDS), ("time", REPLY_SECONDS), ("skip", 0.0), ("ground", 0.0)):
        player = RecordingPlayer(FakeClock())
        guide = Guide(player)
        guide.handle_all(checkin_ended(reason))
        assert player.let_finish[0] == allowed, reason
    player = RecordingPlayer(FakeClock())
    guide = Guide(player)
    guide.handle(ev.Paused(5.0, 5.0))
    guide.handle(ev.GroundingStarted(6.0, 5.0, 2, "activation"))
    assert player.let_finish == [0.0, 0.0]


def test_a_session_that_came_to_its_end_lets_the_last_reply_finish_a_stopped_one_does_not() -> None:
    for status, allowed in (("completed", REPLY_SECONDS), ("stopped", 0.0)):
        player = RecordingPlayer(FakeClock())
        Guide(player).handle(ev.SessionEnded(90.0, 90.0, status, "quit" if status == "stopped" else "end", 9, "orient"))
        assert player.let_finish == [allowed], status
