"""Asked before leaving a session part-way."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from pendulate.tui.screens import SCREENS_CSS, PendulateModal


class ConfirmQuit(PendulateModal[str | None]):
    CSS_PATH = SCREENS_CSS
    BINDINGS = [
        Binding("y", "choose('leave')", "leave now"),
        Binding("escape", "choose(None)", "stay"),
        # Modal screens hide the app's own keys, so crisis help is bound here too.
        Binding("c", "app.crisis", "crisis help"),
        Binding("n", "choose(None)", "stay", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static("Leave this session?", id="confirm-title")
            yield Static(
                "It will be kept in your log as stopped, nothing is lost.\n"
                "If things feel stirred, a minute of grounding first may help.\n\n"
                "g  ground first (recommended)\ny  leave now\nEsc  stay"
            )

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
