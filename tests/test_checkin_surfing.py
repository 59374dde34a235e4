"""The check-in's newer questions by keys alone: the urge now and its wave, a part and the room
around it, the resource that helped, and the homework's targets asked by name."""

from __future__ import annotations

import pytest

from pendulate.engine.answers import CheckinAnswers, Part, Tracked
from pendulate.homework.model import Target
from pendulate.tui.screens.checkin import CheckinScreen
from tests.checkin_helpers import Host, hints, shown_summary


class FakeStore:
    """What the check-in reads of the log: the person's own names, most recent first."""

    def __init__(self, parts=(), resources=()) -> None:
        self.parts, self.resources = list(parts), list(resources)

    def own_parts(self, limit: int = 8) -> list[str]:
        return self.parts[:limit]

    def own_resources(self, limit: int = 8) -> list[str]:
        return self.resources[:limit]


class BrokenStore:
    def own_parts(self, limit: int = 8) -> list[str]:
        raise OSError("the log is on a drive that went away")

    own_resources = own_parts


class NamesHost(Host):
    """The check-in host, with a log to read names from and the homework's targets."""

    def __init__(self, scales, store=None, targets=()) -> None:
        super().__init__(scales)
        self.store, self.targets = store, targets

    def on_mount(self, event) -> None:
        event.prevent_default()  # this host's check-in, not the plain host's
        screen = CheckinScreen(self.scales, "Check in", "activation", targets=self.targets)
        self.push_screen(screen, self.results.append)


async def test_the_urge_now_is_rated_0_to_5_and_its_wave_chosen_with_r_s_or_e():
    app = NamesHost(("urge", "wave"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.step.name == "urge_now"
        assert "0 none · 5 the strongest" in str(screen.query_one("#urge_now").render())
        await pilot.press("7")  # not on the 0-5 scale
        assert screen.step.name == "urge_now" and screen._rating("urge_now") is None
        await pilot.press("4")
        assert screen.step.name == "wave"
        assert hints(screen)[1].startswith("r/s/e chooses")
        await pilot.press("c")  # crisis help stays where it always is
        assert app.crisis_opened == 1
        await pilot.press("s")
        assert shown_summary(screen) == "urge now 4 · steady"
        await pilot.press("left", "e", "enter")
    assert app.results == [CheckinAnswers(urge=4, wave="easing")]


async def test_a_part_is_picked_from_the_persons_own_list_then_the_room_around_it():
    app = NamesHost(("part",), store=FakeStore(parts=["the critic", "the numbing part"]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        shown = str(screen.query_one("#part").query_one(".names").render())
        assert shown.splitlines() == ["(1) the critic", "(2) the numbing part", "(n) a new name"]
        assert "Is a part of you here? Which one?" in str(screen.query_one("#part").query_one(".question").render())
        assert hints(screen)[1].startswith("1–2 picks · n a new one")
        await pilot.press("2")
        assert screen.step.name == "room"
        await pilot.press("4")
        assert shown_summary(screen) == "part “the numbing part” (room 4)"
        await pilot.press("enter")
    assert app.results == [CheckinAnswers(part=Part("the numbing part", 4))]


async def test_a_new_part_is_typed_where_g_and_c_are_letters_and_ctrl_g_still_grounds():
    app = NamesHost(("part", "note"))  # no names given before: the field is all there is
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert "letters are text" in hints(screen)[1]
        assert hints(screen)[2] == "ctrl+g ground now · ctrl+t crisis help"
        await pilot.press(*"the good cop")
        assert (app.grounded, app.crisis_opened) == (0, 0)
        assert shown_summary(screen) == "part “the good cop”"
        await pilot.press("enter")
        assert screen.step.name == "room"
        await pilot.press("7", "right")
        assert screen.step.name == "note"
        await pilot.press("enter")
    assert app.results == [CheckinAnswers(part=Part("the good cop", 7))]


async def test_n_opens_the_field_beside_the_list_and_ctrl_g_grounds_from_it():
    app = NamesHost(("part",), store=FakeStore(parts=["the critic"]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("n", *"the one who waits", "ctrl+g")
        assert app.grounded == 1
        assert screen._answers() == CheckinAnswers(part=Part("the one who waits"))


async def test_one_key_skips_the_part_and_the_room_is_never_asked_without_one():
    app = NamesHost(("suds", "part", "note"), store=FakeStore(parts=["the critic"]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("3")
        assert screen.step.name == "part"
        await pilot.press("right")  # skipped: on to the note, past the room
        assert screen.step.name == "note"
        await pilot.press("shift+tab")
        assert screen.step.name == "part"
        await pilot.press("enter")
    assert app.results == [CheckinAnswers(suds=3)]


@pytest.mark.parametrize("store", [None, BrokenStore()], ids=["no log", "log fails"])
async def test_with_no_log_nothing_is_offered_and_the_name_can_still_be_typed(store):
    app = NamesHost(("resource",), store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert str(screen.query_one("#resource").query_one(".names").render()) == ""
        await pilot.press(*"my dog", "enter")  # Enter, as on every question: saved
    assert app.results == [CheckinAnswers(resource="my dog")]


async def test_a_resource_named_before_is_picked_with_its_digit():
    app = NamesHost(("suds", "resource"), store=FakeStore(resources=["warm spot in my chest", "my dog"]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("2")
        assert "Would you like to name what helped?" in str(screen.query_one("#resource .question").render())
        await pilot.press("2")
        assert shown_summary(screen) == "intensity 2 · resource “my dog”"
        await pilot.press("left", "backspace")
        assert shown_summary(screen) == "intensity 2"
        await pilot.press("1", "enter")
    assert app.results == [CheckinAnswers(suds=2, resource="warm spot in my chest")]


TARGETS = (
    Target("urge to self-harm", "urge"),
    Target("acted on it", "acted"),
    Target("skills used", "skills", ("paced breathing", "TIPP", "opposite action")),
)


async def test_the_diary_asks_the_homeworks_targets_by_name():
    app = NamesHost(("suds", "diary"), targets=TARGETS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert [s.name for s in screen.steps] == ["suds", "track-0", "track-1", "track-2"]
        await pilot.press("2")
        assert "urge to self-harm" in str(screen.query_one("#track-0").render())
        await pilot.press("3")
        assert "acted on it" in str(screen.query_one("#track-1").render())
        await pilot.press("n")
        await pilot.press("space", "down", "down", "space")
        assert shown_summary(screen) == (
            "intensity 2 · urge to self-harm 3 · acted on it: no · skills used: paced breathing, opposite action"
        )
        await pilot.press("enter")
    assert app.results == [
        CheckinAnswers(
            suds=2,
            tracked=(
                Tracked("urge to self-harm", "urge", 3),
                Tracked("acted on it", "acted", False),
                Tracked("skills used", "skills", ("paced breathing", "opposite action")),
            ),
        )
    ]


async def test_a_target_left_unanswered_is_not_saved_and_no_targets_keeps_the_generic_diary():
    app = NamesHost(("diary",), targets=TARGETS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right", "y", "enter")
    assert app.results == [CheckinAnswers(tracked=(Tracked("acted on it", "acted", True),))]
    plain = NamesHost(("diary",))
    async with plain.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [s.name for s in plain.screen.steps] == ["urge", "acted"]


async def test_enter_in_a_name_finishes_it_and_goes_on_to_the_next_question():
    app = NamesHost(("resource", "part"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert hints(screen)[0].startswith("Enter: next")
        await pilot.press(*"warm spot", "enter")
        assert screen.step.name == "part"
        await pilot.press("enter")  # nothing typed for a part, and nothing after it: saved
    assert app.results == [CheckinAnswers(resource="warm spot")]


async def test_the_room_counts_in_the_progress_only_once_a_part_is_named():
    app = NamesHost(("part", "note"), store=FakeStore(parts=["the critic"]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        progress = screen.query_one("#checkin-progress")
        assert str(progress.render()) == "1 of 2"
        await pilot.press("1")
        assert str(progress.render()) == "2 of 3"
