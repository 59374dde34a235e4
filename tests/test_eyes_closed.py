"""Eyes-closed practice, driven by keys alone: every line the person hears, in order."""

from __future__ import annotations

import csv
import json
import threading

from pendulate.audio import phrases
from pendulate.audio.clips import said
from pendulate.audio.cues import Pcm
from pendulate.export import export
from pendulate.script.library import stop_ground
from pendulate.store import Store
from pendulate.tui.screens.checkin import CheckinScreen
from pendulate.tui.screens.session import SessionScreen
from pendulate.tui.voice_prep import PreparingScreen
from tests.checkin_helpers import burst, checkin_first
from tests.tui_helpers import SHORT, make_app, session_screen

SUDS, SETTLING = phrases.question("suds"), phrases.question("settling")


def clip(seconds: float = 0.03) -> Pcm:
    return Pcm(b"\x10\x00" * int(22050 * seconds), 1, 22050)


def fake_voice(*plans, model, extra, progress):
    """Every phrase asked for, as a short clip (a stand-in for the voice bank)."""
    extra = list(extra)
    for n in range(len(extra)):
        progress(n + 1, len(extra))
    return {said(text): clip() for text in extra}, []


def keys_spoken(player) -> list[str]:
    """What was heard, as the words (or the tone) of each clip."""
    return [key.removeprefix("say:") for key in player.said]


async def until(pilot, condition, tries: int = 300) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("it did not happen")


async def open_checkin(pilot, app) -> CheckinScreen:
    await until(pilot, lambda: isinstance(app.screen, CheckinScreen) and app.screen.eyes is not None)
    await pilot.pause()
    return app.screen


async def past_the_opening_checkin(pilot, app) -> None:
    """The session is up, its opening check-in skipped (keys now go to the practice screen)."""
    await open_checkin(pilot, app)
    await pilot.press("escape")
    await until(pilot, lambda: isinstance(app.screen, SessionScreen))


async def test_each_question_is_spoken_each_digit_confirmed_and_enter_says_noted():
    app, clock, player = make_app(
        start=checkin_first(("suds", "settling")), speech=True, eyes_closed=True, clip_maker=fake_voice
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot, app)
        assert keys_spoken(player) == [SUDS]
        await pilot.press("7")
        await until(pilot, lambda: len(player.said) == 3)  # the next question once "seven" is heard
        assert keys_spoken(player) == [SUDS, "seven", SETTLING]
        await pilot.press("plus")
        await pilot.pause(0.1)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert keys_spoken(player) == [SUDS, "seven", SETTLING, "ten", "noted"]
        assert not isinstance(app.screen, CheckinScreen)


async def test_escape_says_skipped_and_a_digit_before_the_question_is_heard_cuts_it_short():
    app, clock, player = make_app(
        start=checkin_first(("suds", "settling", "zone")), speech=True, eyes_closed=True, clip_maker=fake_voice
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot, app)
        await burst(pilot, "2", "5")  # typed fast: the second answer before its question was said
        await until(pilot, lambda: len(player.said) == 4)
        assert keys_spoken(player) == [SUDS, "two", "five", phrases.question("zone")]
        await pilot.press("w")
        await until(pilot, lambda: len(player.said) == 5)
        await pilot.press("escape")
        await pilot.pause()
        assert keys_spoken(player)[-2:] == ["within", "skipped"]


async def test_without_a_voice_each_answer_is_a_tone_rising_with_the_number():
    app, clock, player = make_app(start=checkin_first(("suds", "settling")), speech=False, eyes_closed=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot, app)
        assert player.said == []  # no voice for the question: the check-in's chime said it
        await pilot.press("3", "9", "enter")
        await pilot.pause()
        assert player.said == ["tone:3", "tone:9", "tone:confirm"]
        assert player.clips["tone:9"] <= 0.3
    app, clock, player = make_app(start=checkin_first(("suds",)), eyes_closed=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot, app)
        await pilot.press("escape")
        await pilot.pause()
        assert player.said == ["tone:skipped"]


async def test_a_quiet_check_in_brings_one_gentle_sound_then_one_spoken_line_never_more():
    app, clock, player = make_app(
        start=checkin_first(("suds", "settling")), speech=True, eyes_closed=True, clip_maker=fake_voice
    )
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_checkin(pilot, app)
        eyes = screen.eyes
        assert eyes is not None
        heard = len(player.said)
        clock.advance(19)
        eyes.tick()
        assert len(player.said) == heard  # nothing yet
        clock.advance(1)
        eyes.tick()
        assert keys_spoken(player)[heard:] == ["tone:gentle"]
        for _ in range(3):
            clock.advance(20)
            eyes.tick()
        assert keys_spoken(player)[heard:] == ["tone:gentle", phrases.TAKE_YOUR_TIME]
        clock.advance(600)
        eyes.tick()
        assert keys_spoken(player)[heard:] == ["tone:gentle", phrases.TAKE_YOUR_TIME]
        assert not any("remaining" in k or ":" in k.removeprefix("tone:") for k in keys_spoken(player))


async def test_how_long_a_check_in_waited_for_its_first_key_is_kept_and_exported(tmp_path):
    store = Store.open()
    app, clock, player = make_app(
        start=checkin_first(("suds", "settling")), store=store, speech=True, eyes_closed=True, clip_maker=fake_voice
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot, app)
        clock.advance(42.5)  # eyes closed, a long breath before answering
        await pilot.press("4")
        clock.advance(3)
        await pilot.press("6", "enter")
        await pilot.pause()
    detail = store.session_detail(1)
    assert detail is not None
    assert [(c.suds, c.settling, c.waited_s) for c in detail.checkins] == [(4, 6, 42.5)]
    rows = list(csv.DictReader(export(store, "csv", tmp_path / "x.csv").read_text("utf-8-sig").splitlines()))
    assert [row["waited_seconds"] for row in rows] == ["42.5"]
    data = json.loads(export(store, "json", tmp_path / "x.json").read_text())
    assert [c["waited_s"] for c in data["sessions"][0]["checkins"]] == [42.5]
    store.close()


async def test_waiting_is_measured_with_eyes_open_too_and_zero_when_typed_during_the_touch():
    from tests.test_checkin_screen import recorder

    hook, recorded = recorder()
    app, clock, player = make_app(start=SHORT)
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await past_the_opening_checkin(pilot, app)
        screen = session_screen(app)
        clock.set(screen.practice.session.next_due())  # into the touch
        screen.poll()
        await pilot.pause()
        await pilot.press("5")  # during the touch: ends it, and is the first answer
        await until(pilot, lambda: isinstance(app.screen, CheckinScreen))
        await pilot.press("3", "enter")
        await pilot.pause()
    assert [(a.suds, a.waited) for a in recorded.values()] == [(5, 0.0)]
    assert player.said == []  # eyes open: nothing spoken


async def test_v_turns_eyes_closed_mode_over_saying_so():
    app, clock, player = make_app(start=SHORT, speech=True, clip_maker=fake_voice)
    async with app.run_test(size=(80, 24)) as pilot:
        await past_the_opening_checkin(pilot, app)
        assert app.eyes_closed is False
        await pilot.press("v")
        await pilot.pause()
        assert app.eyes_closed is True
        heard = keys_spoken(player)
        assert heard[-1] == phrases.EYES_CLOSED_ON
        assert "Eyes-closed mode on" in str(app.screen.query_one("#notice").render())
        await pilot.press("v")
        await pilot.pause()
        assert keys_spoken(player) == [*heard, phrases.EYES_CLOSED_OFF]
        assert "Eyes-closed mode off" in str(app.screen.query_one("#notice").render())


async def test_v_with_no_voice_prepared_brings_the_tones_in():
    app, clock, player = make_app(start=checkin_first(("suds", "settling")))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot, app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert player.said == ["tone:confirm"] and "tone:7" in player.clips


async def test_mute_silences_speech_too():
    app, clock, player = make_app(start=SHORT, speech=True, clip_maker=fake_voice)
    async with app.run_test(size=(80, 24)) as pilot:
        await past_the_opening_checkin(pilot, app)
        heard = len(player.said)
        await pilot.press("m")
        await pilot.pause()
        assert player.muted
        await pilot.press("v")
        await pilot.pause()
        assert len(player.said) == heard


def preparing_line(app) -> str:
    found = app.screen.query("#preparing")
    return str(found.first().render()) if found else ""


class SlowVoice:
    """A voice bank that takes its time: each step waits until the test lets it go on."""

    def __init__(self) -> None:
        self.go = threading.Event()
        self.asked = threading.Event()

    def __call__(self, *plans, model, extra, progress):
        extra = list(extra)
        progress(12, 30)
        self.asked.set()
        self.go.wait(10)
        return {said(text): clip() for text in extra}, []


async def test_a_slow_preparation_shows_its_progress_and_the_session_starts_when_it_is_done():
    slow = SlowVoice()
    app, clock, player = make_app(start=SHORT, speech=True, clip_maker=slow)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PreparingScreen))
        await until(pilot, lambda: "12 of 30" in preparing_line(app))
        assert preparing_line(app) == "Getting the spoken guidance ready… 12 of 30"
        assert not any(isinstance(s, SessionScreen) for s in app.screen_stack)  # nothing has started
        slow.go.set()
        await until(pilot, lambda: any(isinstance(s, SessionScreen) for s in app.screen_stack))
        assert said(SUDS) in player.clips and "tone:confirm" in player.clips
        await open_checkin(pilot, app)  # the opening check-in comes up
        assert keys_spoken(player) == []  # eyes open: the check-in is read, not heard


async def test_g_during_the_preparation_grounds_at_once():
    slow = SlowVoice()
    app, clock, player = make_app(start=SHORT, speech=True, clip_maker=slow)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PreparingScreen))
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen))
        assert app.screen.practice.script.id == stop_ground().id
        slow.go.set()  # the first preparation ends: its session never starts
        await pilot.pause(0.3)
        assert isinstance(app.screen, SessionScreen) and app.screen.practice.script.id == stop_ground().id
        assert not any(isinstance(s, PreparingScreen) for s in app.screen_stack)


async def test_crisis_help_during_the_preparation_stays_in_front_until_closed():
    slow = SlowVoice()
    app, clock, player = make_app(start=SHORT, speech=True, clip_maker=slow)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PreparingScreen))
        await pilot.press("c")
        await pilot.pause()
        from pendulate.tui.screens.crisis import CrisisScreen

        assert isinstance(app.screen, CrisisScreen)
        slow.go.set()
        await pilot.pause(0.3)
        assert isinstance(app.screen, CrisisScreen)
        await pilot.press("escape")
        await until(pilot, lambda: any(isinstance(s, SessionScreen) for s in app.screen_stack))


def test_every_phrase_is_listed_once_and_in_the_apps_gentle_words():
    assert len(set(phrases.EYES_CLOSED_PHRASES)) == len(phrases.EYES_CLOSED_PHRASES)
    for needed in (SUDS, SETTLING, "nought", "ten", "skipped", "noted", phrases.TAKE_YOUR_TIME):
        assert needed in phrases.EYES_CLOSED_PHRASES
    assert SUDS == "How intense is it now, nought to ten?"
    pressure = ("must", "should", "fail", "missed", "resist", "hurry", "quickly", "seconds")
    for text in phrases.EYES_CLOSED_PHRASES:
        assert not any(word in text.lower().split() for word in pressure), text


def test_the_tones_are_short_soft_and_rise_with_the_number():
    from pendulate.audio import tones

    made = tones.tones()
    assert set(made) == {*(f"tone:{n}" for n in range(11)), "tone:confirm", "tone:gentle", "tone:skipped"}
    for key, pcm in made.items():
        assert (pcm.channels, pcm.rate) == (1, 22050) and 0 < pcm.seconds <= 0.3, key
        samples = memoryview(pcm.data).cast("h")
        assert abs(samples[0]) < 50 and max(abs(s) for s in samples) < 0.3 * 32767, key  # soft onset, soft
    assert [tones.pitch(n) for n in range(11)] == sorted(tones.pitch(n) for n in range(11))
    assert tones.pitch(0) < tones.pitch(10)


def test_the_command_line_turns_eyes_closed_and_speech_for_this_run_only():
    import argparse

    from pendulate.audio import RecordingPlayer
    from pendulate.cli.practice import add_practice_options
    from pendulate.engine.clock import FakeClock
    from pendulate.settings import Settings
    from pendulate.tui.factory import build_app

    parser = argparse.ArgumentParser()
    add_practice_options(parser)
    args = parser.parse_args(["--eyes-closed", "--voice-model", "voices/alba.onnx", "--no-speech"])
    assert (args.eyes_closed, args.voice_model, args.no_speech) == (True, "voices/alba.onnx", True)
    assert parser.parse_args([]).eyes_closed is False and parser.parse_args([]).voice_model is None
    mine = Settings(speech=True, voice_model="mine.onnx")
    clock = FakeClock()
    app = build_app(
        clock=clock,
        player=RecordingPlayer(clock),
        store=None,
        settings=mine,
        scripts=lambda: [],
        eyes_closed=True,
        speech=False,
        voice_model="voices/alba.onnx",
    )
    assert (app.eyes_closed, app.speech, app.voice_model) == (True, False, "voices/alba.onnx")
    assert (mine.eyes_closed, mine.speech, mine.voice_model) == (False, True, "mine.onnx")  # never saved
    app = build_app(clock=clock, player=RecordingPlayer(clock), store=None, settings=mine, scripts=lambda: [])
    assert (app.eyes_closed, app.speech, app.voice_model) == (False, True, "mine.onnx")


def test_a_confirmation_starts_at_once_while_a_question_keeps_its_lead_in():
    from pendulate.tui.voice_prep import quick_starts

    lead, sound = b"\x00\x00" * int(22050 * 1.2), b"\x00\x10" * 2205  # 1.2 s of silence, then 0.1 s
    clips = {said("seven"): Pcm(lead + sound, 1, 22050), said(SUDS): Pcm(lead + sound, 1, 22050)}
    made = quick_starts(clips)
    assert 0.1 < made[said("seven")].seconds < 0.13  # a breath of silence left before it
    assert made[said(SUDS)] == clips[said(SUDS)]  # the cue sounds first, then the question


async def test_sound_turned_on_in_a_session_started_silent_brings_the_tones(monkeypatch):
    from pendulate.audio import NullPlayer, RecordingPlayer
    from pendulate.engine.clock import FakeClock
    from pendulate.settings import Settings
    from pendulate.tui.factory import build_app

    clock = FakeClock()
    sounding = RecordingPlayer(clock)
    monkeypatch.setattr("pendulate.audio.make_player", lambda **_: sounding)
    app = build_app(
        clock=clock,
        player=NullPlayer(),  # what --mute builds
        store=None,
        settings=Settings(),
        scripts=lambda: [SHORT],
        start_script=SHORT,
        reduced_motion=True,
        eyes_closed=True,
    )
    app.safety.record.accept_intro()
    app.safety.record.record_screening("clear")
    async with app.run_test(size=(80, 24)) as pilot:
        await past_the_opening_checkin(pilot, app)
        await pilot.press("m")
        await pilot.pause()
        assert app.player is sounding and "tone:confirm" in sounding.clips and "tone:10" in sounding.clips


async def test_the_script_sets_how_many_rounds_of_reminders_a_quiet_check_in_brings():
    from dataclasses import replace

    for rounds in (0, 2):
        script = checkin_first(("suds",))
        script = replace(script, audio=replace(script.audio, reminders=rounds))
        app, clock, player = make_app(start=script, speech=True, eyes_closed=True, clip_maker=fake_voice)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_checkin(pilot, app)
            eyes = screen.eyes
            assert eyes is not None
            heard = len(player.said)
            for _ in range(40):  # ten minutes without a key
                clock.advance(15)
                eyes.tick()
            given = keys_spoken(player)[heard:]
        assert given == ["tone:gentle", phrases.TAKE_YOUR_TIME] * rounds


async def test_a_rating_typed_during_the_touch_is_said_back_and_its_question_not_asked():
    app, clock, player = make_app(start=SHORT, speech=True, eyes_closed=True, clip_maker=fake_voice)
    async with app.run_test(size=(80, 24)) as pilot:
        await past_the_opening_checkin(pilot, app)
        screen = session_screen(app)
        clock.set(screen.practice.session.next_due())  # into the touch
        screen.poll()
        await pilot.pause()
        heard = len(player.said)
        await pilot.press("4")  # eyes closed, during the touch: ends it, and is its rating
        await until(pilot, lambda: isinstance(app.screen, CheckinScreen))
        await until(pilot, lambda: SETTLING in keys_spoken(player)[heard:])
        spoken = keys_spoken(player)[heard:]
    assert spoken[:2] == ["four", SETTLING] and SUDS not in spoken
