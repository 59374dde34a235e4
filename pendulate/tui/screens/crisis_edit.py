"""Editing the crisis contacts and the optional safety plan, saved in the person's settings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Static, TextArea

from pendulate import settings as settings_mod
from pendulate.tui.screens import PendulateModal

PLAN_FIELDS = (
    ("warning_signs", "My warning signs"),
    ("what_helps", "What helps me"),
    ("people", "People I can reach"),
    ("professionals", "Professionals and services"),
)


class CrisisEditScreen(PendulateModal[bool]):
    BINDINGS = [
        Binding("ctrl+s", "save", "save", priority=True),
        Binding("escape", "cancel", "cancel"),
    ]

    def __init__(self, settings: settings_mod.Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="crisis-edit-box"):
            yield Static("Crisis contacts, one per line", classes="question")
            yield TextArea("\n".join(self.settings.crisis_contacts), id="contacts", soft_wrap=True)
            for name, label in PLAN_FIELDS:
                yield Static(label + " (optional)", classes="question")
                yield Input(getattr(self.settings, name), id=name, max_length=500)
            yield Static("ctrl+s: save · Esc: cancel", id="crisis-edit-keys")

    def action_save(self) -> None:
        contacts = [line.strip() for line in self.query_one("#contacts", TextArea).text.splitlines() if line.strip()]
        self.settings.crisis_contacts = contacts or list(settings_mod.DEFAULT_CONTACTS)
        for name, _ in PLAN_FIELDS:
            setattr(self.settings, name, self.query_one(f"#{name}", Input).value.strip())
        try:
            settings_mod.save(self.settings)
        except OSError as error:
            self.notify(f"Your changes could not be saved ({error.strerror or error}).", timeout=8)
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
