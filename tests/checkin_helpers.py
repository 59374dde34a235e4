"""Driving the check-in screen on its own (a small host app) or inside the real app."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot

from pendulate.engine.answers import CheckinAnswers
from pendulate.engine.clock import FakeClock
from pendulate.script.model import CheckinItem, CheckinSpec, Phase, Script
from pendulate.tui.screens.checkin import CheckinScreen

# Every scale, in the order of the reproduced bug (note before discharge); diary added.
ALL_SCALES = ("suds", "settling", "zone", "okay", "location", "quality", "note", "discharge", "diary")
# The questions the full check-in asks, in the order it asks them.
ALL_STEPS = ("suds", "settling", "zone", "okay", "location", "quality", "valence", "discharge", "urge", "acted", "note")


class Host(App[None]):
    """Just the check-in, over an empty screen; records what it was dismissed with."""

    def __init__(self, scales: tuple[str, ...]) -> None:
        super().__init__()
        self.scales = scales
        self.results: list[CheckinAnswers | None] = []
        self.crisis_opened = 0
        self.grounded = 0
        # What the eyes-closed check-in reads of the app: here, eyes open and nothing to speak with.
        self.clock = FakeClock()
        self.player = None
        self.eyes_closed = False
        self.voice_clips: dict = {}

    def take_voice(self, clips) -> None:
        self.voice_clips = clips

    def on_mount(self) -> None:
        self.push_screen(CheckinScreen(self.scales, "Check in", "activation"), self.results.append)

    def action_crisis(self) -> None:
        self.crisis_opened += 1

    def action_ground_now(self) -> None:
        self.grounded += 1


def checkin_first(scales: tuple[str, ...]) -> Script:
    """A script that opens with a check-in asking ``scales`` (and so no bookend one)."""
    return Script(
        id="checkin-test",
        title="Check-in test",
        version="1",
        description="",
        phases=(
            CheckinItem(CheckinSpec(scales, "Full check")),
            Phase("resource", "Back to the resource", 40),
            Phase("orient", "The room", 20),
        ),
    )


async def tap(pilot: Pilot[Any], key: str) -> None:
    """Press one key and wait until it is handled: ``pilot.press`` without its idle sleeps
    (about 60 ms a key), for the tests that press hundreds of keys."""
    send(pilot, key)
    for _ in range(3):  # the app's queue, then a widget the key was passed on to, then its messages
        await pilot._wait_for_screen()


async def burst(pilot: Pilot[Any], *keys: str) -> None:
    """Send ``keys`` the way a terminal delivers fast typing: all queued before any is handled."""
    send(pilot, *keys)
    await pilot.pause()
    await pilot.pause()


def send(pilot: Pilot[Any], *keys: str) -> None:
    app = pilot.app
    driver = app._driver
    assert driver is not None
    for key in keys:
        char = {"space": " ", "plus": "+"}.get(key, key if len(key) == 1 else None)
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        event = events.Key(key, char)
        event.set_sender(app)
        driver.send_message(event)


def held(answers: CheckinAnswers) -> dict[str, Any]:
    """What each question holds, by question (the diary split into its two questions)."""
    diary = answers.diary
    return {
        "suds": answers.suds,
        "settling": answers.settling,
        "zone": answers.zone,
        "okay": answers.okay,
        "location": answers.location,
        "quality": answers.quality,
        "valence": answers.valence,
        "discharge": answers.discharge,
        "urge": diary.urge if diary else None,
        "acted": diary.acted if diary else None,
        "note": answers.note,
    }


def shown_summary(screen: CheckinScreen) -> str:
    text = str(screen.query_one("#checkin-summary").render())
    assert text.startswith("Will save: "), text
    return text.removeprefix("Will save: ")


def hints(screen: CheckinScreen) -> list[str]:
    return str(screen.query_one("#checkin-hints").render()).splitlines()
