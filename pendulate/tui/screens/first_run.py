"""The first-run statement: what pendulate is, what it isn't, and what it keeps."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from pendulate import paths
from pendulate.safety.texts import INTRO, INTRO_TITLE
from pendulate.tui.screens import PendulateModal


def intro_text() -> str:
    return INTRO.format(data_dir=paths.data_dir())


class IntroScreen(PendulateModal[bool]):
    """Accepted once; readable again from the help screen (there with ``reading=True``)."""

    BINDINGS = [
        Binding("enter", "accept", "I understand, continue"),
        Binding("q", "leave", "not now"),
        Binding("escape", "leave", "not now", show=False),
        Binding("c", "app.crisis", "crisis help"),
    ]

    def __init__(self, reading: bool = False) -> None:
        super().__init__()
        self.reading = reading

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="intro-box"):
            yield Static(INTRO_TITLE, id="intro-title")
            yield Static(intro_text(), id="intro-text")
            keys = "Esc: close" if self.reading else "Enter: I understand, continue · q: not now · c: crisis help"
            yield Static(keys, id="intro-keys")

    def action_accept(self) -> None:
        self.dismiss(True)

    def action_leave(self) -> None:
        self.dismiss(self.reading)
