"""The first-run statement: what pendulate is, what it isn't, and what it keeps.

The statement scrolls; its key line stays below it, so that how to go on is always on the
screen (80×24 and 40×12 included) without scrolling to the end first.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from pendulate import paths
from pendulate.safety.texts import INTRO, INTRO_TITLE
from pendulate.tui.screens import SCREENS_CSS, PendulateModal


def intro_text() -> str:
    return INTRO.format(data_dir=paths.data_dir())


class IntroScreen(PendulateModal[bool]):
    """Accepted once; readable again from the help screen (there with ``reading=True``)."""

    CSS_PATH = SCREENS_CSS

    # Its own ids: the app's style sheet still styles the old one-piece box's, and would win.
    DEFAULT_CSS = """
    #welcome {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 1; border: round $accent; background: $surface;
    }
    .-plain #welcome { border: none; }
    #welcome-title { text-style: bold; margin-bottom: 1; }
    #welcome-keys { dock: bottom; height: auto; border-top: solid $panel-lighten-2; text-style: bold; }
    """

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
        with VerticalScroll(id="welcome"):
            yield Static(INTRO_TITLE, id="welcome-title")
            yield Static(intro_text(), id="intro-text")
            yield Static(self.key_line(), id="welcome-keys")

    def key_line(self, narrow: bool = False) -> str:
        """How to go on: the same keys as the bindings, on two lines when the screen is narrow."""
        if self.reading:
            return "Esc: close" if narrow else "Esc: close · ↑ ↓: scroll"
        if narrow:
            return "Enter: I understand, continue\nq: not now · c: crisis help"
        return "Enter: I understand, continue · q: not now · c: crisis help · ↑ ↓: scroll"

    def on_resize(self) -> None:
        self.query_one("#welcome-keys", Static).update(self.key_line(narrow=self.size.width < 78))

    def action_accept(self) -> None:
        self.dismiss(True)

    def action_leave(self) -> None:
        self.dismiss(self.reading)
