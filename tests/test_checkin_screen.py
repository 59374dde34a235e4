"""The check-in, one question at a time: a key acts only on the question on screen."""

from __future__ import annotations

import string

from pendulate.engine import events as ev
from pendulate.engine.answers import CheckinAnswers, Diary
from pendulate.tui.checkin_summary import summary_line
from pendulate.tui.messages import EngineEvent
from pendulate.tui.screens.checkin import CheckinScreen
from pendulate.tui.screens.crisis import CrisisScreen
from tests.checkin_helpers import ALL_SCALES, ALL_STEPS, Host, burst, checkin_first, held, hints, shown_summary, tap
from tests.tui_helpers import SHORT, make_app, session_screen

MARKS = ("location", "quality", "discharge")


def recorder():
    """A message hook and the check-in answers the session recorded through it."""
    recorded: dict[int, CheckinAnswers] = {}

    def hook(message) -> None:
        if isinstance(message, EngineEvent) and isinstance(message.event, ev.CheckinRecorded):
            recorded.setdefault(id(message.event), message.event.answers)

    return hook, recorded


async def test_every_letter_and_digit_on_every_question_sets_only_that_question():
    # The check-in on its own (crisis help and grounding have their own tests with the whole app).
    app = Host(ALL_SCALES)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        assert [s.name for s in screen.steps] == list(ALL_STEPS)
        crisis = 0
        for index, name in enumerate(ALL_STEPS):
            assert screen.at == index
            keys = [*string.ascii_lowercase, *string.digits]
            if name in MARKS:
                keys += ["space", "down", "down", "space"]  # the first and the third
            for key in keys:
                if key == "g" and name != "note":
                    continue  # the app's key: it grounds at once (tests below)
                before = held(screen._answers())
                await tap(pilot, key)
                if key == "c" and name != "note":
                    crisis += 1
                assert app.crisis_opened == crisis, f"{key!r} on {name}"
                after = held(screen._answers())
                changed = {q for q in ALL_STEPS if before[q] != after[q]}
                assert changed <= {name}, f"{key!r} on {name} changed {changed}"
                if screen.at != index:  # the key answered the question and moved on: come back
                    assert screen.at == index + 1
                    await tap(pilot, "shift+tab")
                    assert screen.at == index
            if index + 1 < len(ALL_STEPS):
                await tap(pilot, "tab")
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [
        CheckinAnswers(
            suds=9,
            settling=9,
            zone="within",  # a, b, then w: the last of its keys typed
            okay=True,  # n, then y
            valence="unpleasant",  # p, u, then x
            location=("head", "throat"),
            quality=("tight", "fluttery"),
            discharge=("sigh", "trembling"),
            diary=Diary(urge=5, acted=True),  # 6–9 are not on the urge scale
            note=string.ascii_lowercase + string.digits,  # c and g too: in the note they are text
        )
    ]


async def test_two_digits_and_enter_typed_in_one_burst():
    for scales, expected in [
        (("suds", "settling"), CheckinAnswers(suds=2, settling=7)),
        (("suds", "settling", "zone"), CheckinAnswers(suds=2, settling=7)),
        # Only intensity asked: the 7 finds no question on screen, so it is not taken as intensity.
        (("suds",), CheckinAnswers(suds=2)),
        (ALL_SCALES, CheckinAnswers(suds=2, settling=7)),
    ]:
        app = Host(scales)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await burst(pilot, "2", "7", "enter")
        assert app.results == [expected], scales


async def test_two_digits_and_enter_in_a_session_are_recorded():
    app, _, _ = make_app(start=SHORT)
    hook, recorded = recorder()
    async with app.run_test(message_hook=hook) as pilot:
        await pilot.pause()
        await burst(pilot, "2", "7", "enter")
        assert not isinstance(app.screen, CheckinScreen)
    assert list(recorded.values()) == [CheckinAnswers(suds=2, settling=7)]


async def test_a_letter_before_the_note_is_never_another_questions_shortcut():
    # The reproduced bug: "a" typed on the way to the note set zone to "above" out of view.
    scales = ("suds", "settling", "zone", "okay", "location", "quality", "note", "discharge")
    app = Host(scales)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "2", "7", "tab", "tab", "tab", "tab", "tab", "tab", "a", "b", "w", "enter")
    assert app.results == [CheckinAnswers(suds=2, settling=7, note="abw")]


async def test_a_note_typed_in_one_burst_keeps_its_letters_in_order():
    app, _, _ = make_app(start=checkin_first(("suds", "note")))
    hook, recorded = recorder()
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await pilot.pause()
        await burst(pilot, "2", *"big cat, going 2 c", "enter")
        await pilot.pause()
        assert not any(isinstance(s, CheckinScreen) for s in app.screen_stack)
    assert list(recorded.values()) == [CheckinAnswers(suds=2, note="big cat, going 2 c")]


async def test_back_keeps_answers():
    app = Host(("suds", "settling", "zone"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("2", "7", "w")
        assert screen.step is None  # every question passed: ready to save
        assert shown_summary(screen) == "intensity 2 · settled 7 · within"
        await pilot.press("left")
        assert screen.step.name == "zone" and screen._choice("zone") == "within"
        await pilot.press("shift+tab")
        assert screen.step.name == "settling" and screen._rating("settling") == 7
        await pilot.press("left", "left")  # no question before the first: it stays
        assert screen.step.name == "suds" and screen._rating("suds") == 2
        assert shown_summary(screen) == "intensity 2 · settled 7 · within"
        await pilot.press("4", "enter")  # a new rating replaces the old one; Enter saves the rest as they are
    assert app.results == [CheckinAnswers(suds=4, settling=7, zone="within")]


async def test_escape_skips_the_whole_checkin():
    for keys in [(), ("2", "7"), ("2", "7", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "h")]:
        app = Host(ALL_SCALES)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press(*keys, "escape")
            await pilot.pause()
        assert app.results == [None], keys


async def test_enter_never_invents_an_answer():
    app = Host(("suds", "settling", "zone"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert hints(screen)[0].startswith("Enter: next")  # settling is still ahead
        await pilot.press("enter")  # intensity left unanswered; on to settling
        assert screen.step.name == "settling" and screen._rating("suds") is None
        assert hints(screen)[0].startswith("Enter: done")
        assert shown_summary(screen) == "nothing yet"
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [None]  # nothing given, nothing saved (the check-in is skipped)

    app = Host(("suds", "settling", "zone"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3", "enter")
        await pilot.pause()
    assert app.results == [CheckinAnswers(suds=3)]


async def test_plus_is_ten_and_the_urge_scale_stops_at_five():
    app = Host(("suds", "settling", "diary"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("plus", "plus")
        assert (screen._rating("suds"), screen._rating("settling")) == (10, 10)
        await pilot.press("plus", "7")  # neither is on the 0–5 urge scale
        assert screen.step.name == "urge" and screen._rating("urge") is None
        assert not any("+ is 10" in line for line in hints(screen))
        await pilot.press("3", "n", "enter")
    assert app.results == [CheckinAnswers(suds=10, settling=10, diary=Diary(urge=3, acted=False))]


async def test_the_summary_follows_every_change_and_is_exactly_what_is_saved():
    app = Host(ALL_SCALES)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        steps = [
            (("2",), "intensity 2"),
            (("7",), "intensity 2 · settled 7"),
            (("w",), "intensity 2 · settled 7 · within"),
            (("n",), "intensity 2 · settled 7 · within · not really okay"),
            (("down", "down", "down", "down", "space", "tab"), "… · in chest"),
            (("space", "tab"), "… · in chest · tight"),
            (("p",), "… · in chest · tight · pleasant"),
            (("space", "tab"), "… · tight · pleasant · sigh"),
            (("1",), "… · sigh · urge 1"),
            (("n",), "… · urge 1 · did not act on it"),
            (("h", "i", "space"), "… · did not act on it · note “hi”"),
        ]
        for keys, expected in steps:
            await pilot.press(*keys)
            shown = shown_summary(screen)
            assert shown == summary_line(screen._answers())
            if expected.startswith("… · "):
                assert shown.endswith(expected.removeprefix("…"))
            else:
                assert shown == expected
        await pilot.press("backspace", "backspace", "left")  # in the note they edit the text
        assert shown_summary(screen).endswith("did not act on it · note “h”")
        before = screen._answers()
        await pilot.press("enter")
    assert app.results == [before]
    assert summary_line(before).endswith("note “h”")


async def test_backspace_clears_a_rating_or_a_choice():
    app = Host(("suds", "settling", "zone"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2", "left", "backspace", "tab", "7", "w", "left", "delete", "enter")
    assert app.results == [CheckinAnswers(settling=7)]


async def test_the_progress_line_counts_the_questions_asked():
    app = Host(("zone", "suds", "note"))  # asked in scale order, whatever the script's order
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert [s.name for s in screen.steps] == ["suds", "zone", "note"]
        progress = [str(screen.query_one("#checkin-progress").render())]
        for key in ("tab", "tab", "tab"):
            await pilot.press(key)
            progress.append(str(screen.query_one("#checkin-progress").render()))
    assert progress == ["1 of 3", "2 of 3", "3 of 3", "ready to save"]


async def test_ctrl_g_in_the_note_grounds_and_g_there_is_text():
    app, _, _ = make_app(start=checkin_first(("suds", "settling", "note")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("2", "7", "g", "c")
        assert app.screen is screen and screen.query_one("#note").value == "gc"
        assert not session_screen(app).practice.session.grounding
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert not any(isinstance(s, CheckinScreen) for s in app.screen_stack)
        session = session_screen(app).practice.session
        assert session.grounding and session.step.origin == "stop"


async def test_ctrl_t_in_the_note_opens_crisis_help_and_the_note_is_still_there():
    app, _, _ = make_app(start=checkin_first(("suds", "settling", "note")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("2", "7", "h", "i")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.step.name == "note"
        await pilot.press("!")
        assert screen.query_one("#note").value == "hi!"
        assert screen.focused is screen.query_one("#note")


async def test_c_opens_crisis_help_on_every_question_but_the_note():
    app, _, _ = make_app(start=checkin_first(ALL_SCALES))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        for name in ALL_STEPS[:-1]:
            assert screen.step.name == name
            await pilot.press("c")
            await pilot.pause()
            assert isinstance(app.screen, CrisisScreen), name
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen and screen.step.name == name
            await pilot.press("tab")


async def test_g_grounds_from_a_choice_a_list_and_once_every_question_is_passed():
    for tabs in (2, 4, len(ALL_STEPS)):  # zone, location, ready to save (after the note)
        app, _, _ = make_app(start=checkin_first(ALL_SCALES))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press(*["tab"] * tabs)
            assert app.screen.step is (None if tabs == len(ALL_STEPS) else app.screen.steps[tabs])
            await pilot.press("g")
            await pilot.pause()
            assert session_screen(app).practice.session.grounding, tabs
            assert not any(isinstance(s, CheckinScreen) for s in app.screen_stack)


async def test_the_key_line_shows_the_chords_only_in_the_note():
    app = Host(("suds", "zone", "location", "note"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        for _ in range(3):
            assert hints(screen)[-1] == "g ground now · c crisis help"
            assert not any("ctrl+" in line for line in hints(screen))
            await pilot.press("tab")
        assert screen.step.name == "note"
        assert hints(screen)[-1] == "ctrl+g ground now · ctrl+t crisis help"
        assert "shift+tab back" in hints(screen)[1]
        await pilot.press("ctrl+t")
        assert app.crisis_opened == 1
        await pilot.press("shift+tab")
        assert hints(screen)[-1] == "g ground now · c crisis help"


async def test_at_40x12_the_keys_stay_on_screen_on_every_question():
    app = Host(ALL_SCALES)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("3", "7", "w", "y")  # a long line of answers above the keys
        await pilot.press("left", "left", "left", "left")
        for _ in range(len(ALL_STEPS)):
            keys = screen.query_one("#checkin-hints")
            assert keys.region.bottom <= 12 and keys.region.right <= 40, screen.step.name
            assert screen.query_one(f"#{screen.step.name}").region.height > 0
            assert "Esc: skip" in str(keys.render())
            await pilot.press("tab")
