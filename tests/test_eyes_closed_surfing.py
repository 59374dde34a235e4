"""Eyes closed, the newer questions: the urge now and its wave, a part and its room, the resource
that helped, and the homework's targets by name; every line heard, in order, by keys alone."""

from __future__ import annotations

import pendulate.practice
from pendulate.audio import phrases
from pendulate.audio.clips import said
from pendulate.homework.model import Target
from pendulate.tui.screens.checkin import CheckinScreen
from tests.checkin_helpers import checkin_first
from tests.test_eyes_closed import fake_voice, keys_spoken, open_checkin, until
from tests.tui_helpers import make_app

Q = phrases.question


async def test_urge_wave_part_room_and_resource_are_asked_and_their_answers_said_back():
    app, _, player = make_app(
        start=checkin_first(("urge", "wave", "resource", "part")),
        speech=True,
        eyes_closed=True,
        clip_maker=fake_voice,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_checkin(pilot, app)
        assert keys_spoken(player) == [Q("urge_now")]
        await pilot.press("3")
        await until(pilot, lambda: len(player.said) == 3)
        assert keys_spoken(player) == [Q("urge_now"), "three", Q("wave")]
        await pilot.press("r")
        await until(pilot, lambda: len(player.said) == 5)
        assert keys_spoken(player)[3:] == ["rising", Q("resource")]
        await pilot.press("tab")  # left unnamed
        await until(pilot, lambda: len(player.said) == 6)
        assert keys_spoken(player)[5:] == [Q("part")]
        await pilot.press(*"the critic", "enter")  # typed (nothing named before): no letter is said
        await until(pilot, lambda: len(player.said) == 7)
        assert keys_spoken(player)[6:] == [Q("room")]
        await pilot.press("4")
        await pilot.pause(0.1)
        assert screen.step is None
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert keys_spoken(player)[7:] == ["four", "noted"]
        assert not isinstance(app.screen, CheckinScreen)
    for words in (Q("urge_now"), Q("wave"), Q("part"), Q("room"), Q("resource"), "rising", "steady", "easing"):
        assert words in phrases.EYES_CLOSED_PHRASES


async def test_a_part_picked_from_the_list_is_confirmed_with_the_tone(monkeypatch):
    from pendulate.store import Store

    monkeypatch.setattr(Store, "own_parts", lambda self, limit=8: ["the critic"], raising=False)
    store = Store.open()  # the test's own data folder (conftest)
    app, _, player = make_app(
        start=checkin_first(("part",)), store=store, speech=True, eyes_closed=True, clip_maker=fake_voice
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot, app)
        assert keys_spoken(player) == [Q("part")]
        await pilot.press("1")
        await until(pilot, lambda: len(player.said) == 3)
        assert keys_spoken(player)[1:] == ["tone:confirm", Q("room")]


async def test_the_homeworks_targets_are_asked_aloud_by_their_names(monkeypatch):
    targets = (Target("urge to drink", "urge"), Target("acted on it", "acted"))
    real = pendulate.practice.prepare
    monkeypatch.setattr(pendulate.practice, "prepare", lambda *a, **k: real(*a, **{**k, "targets": targets}))
    app, _, player = make_app(start=checkin_first(("diary",)), speech=True, eyes_closed=True, clip_maker=fake_voice)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checkin(pilot, app)
        first = phrases.target_question("urge to drink", "urge")
        assert first == "urge to drink: how strong, nought to five?"
        assert said(first) in app.voice_clips  # made with the voice bank, before the session
        assert keys_spoken(player) == [first]
        await pilot.press("2")
        await until(pilot, lambda: len(player.said) == 3)
        assert keys_spoken(player)[1:] == ["two", "acted on it: press y for yes, or n for no."]
        await pilot.press("y")
        await pilot.pause(0.1)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert keys_spoken(player)[3:] == ["yes", "noted"]
