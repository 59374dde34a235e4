"""Crisis help: one key away on every screen. Contacts come from the person's settings."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from pendulate import paths
from pendulate.settings import Settings
from pendulate.tui.screens import PendulateModal


def crisis_text(settings: Settings, reason: str | None = None) -> Text:
    text = Text()
    if reason:
        text.append("Thank you for staying with this. It sounds like things are hard right now.\n", style="bold")
        text.append("It may help to reach out to your therapist or someone you trust today.\n\n")
    text.append("pendulate is a practice aid, not crisis care.\n\n", style="italic")
    for contact in settings.crisis_contacts:
        text.append("• " + contact + "\n")
    plan = [
        ("Warning signs", settings.warning_signs),
        ("What helps", settings.what_helps),
        ("People", settings.people),
        ("Professionals", settings.professionals),
    ]
    if any(value for _, value in plan):
        text.append("\nMy safety plan\n", style="bold")
        for label, value in plan:
            if value:
                text.append(f"{label}: ", style="bold")
                text.append(value + "\n")
    text.append(f"\nPress e to edit these; they are kept in {settings_location()}.", style="dim")
    return text


def settings_location() -> str:
    return str(paths.config_path())


class CrisisScreen(PendulateModal[None]):
    BINDINGS = [
        Binding("escape", "close", "close"),
        Binding("c", "close", "close", show=False),
        Binding("e", "edit", "edit my contacts"),
    ]

    def __init__(self, settings: Settings, reason: str | None = None) -> None:
        super().__init__()
        self.settings, self.reason = settings, reason

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="crisis-box"):
            yield Static("Help, right now", id="crisis-title")
            yield Static(crisis_text(self.settings, self.reason), id="crisis-text")
            yield Static("Esc: close · g: ground now · e: edit my contacts and plan", id="crisis-keys")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        from pendulate.tui.screens.crisis_edit import CrisisEditScreen  # start-up: TextArea loads only to edit

        def saved(changed: bool | None) -> None:
            if changed:
                self.query_one("#crisis-text", Static).update(crisis_text(self.settings, self.reason))

        self.app.push_screen(CrisisEditScreen(self.settings), saved)
