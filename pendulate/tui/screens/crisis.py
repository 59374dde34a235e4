"""Crisis help: one key away on every screen. Contacts come from the person's settings.

The therapist named in imported homework is added once the homework has been read, in a
worker: crisis help itself opens at once and never waits for (or fails with) a homework file.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from pendulate import paths
from pendulate.settings import Settings
from pendulate.tui.screens import SCREENS_CSS, PendulateModal

if TYPE_CHECKING:
    from pendulate.homework.model import Homework

log = logging.getLogger(__name__)


def therapist_lines(homework: Iterable[Homework] | None = None) -> list[str]:
    """ "Your therapist: Dr. Lee, lee@example.org", once per therapist the imported homework names."""
    if homework is None:
        from pendulate.homework.install import installed_homework  # start-up: reads the homework

        homework = installed_homework()
    lines: list[str] = []
    for item in homework:
        name, contact = item.therapist.name.strip(), item.therapist.contact.strip()
        if not name:
            continue
        line = f"Your therapist: {name}, {contact}" if contact else f"Your therapist: {name}"
        if line not in lines:
            lines.append(line)
    return lines


NO_PLAN_YET = "Nothing is written here yet. Press e to note your warning signs, what helps, and who you can reach."


def crisis_text(
    settings: Settings, reason: str | None = None, therapists: Sequence[str] = (), plan_first: bool = False
) -> Text:
    """``plan_first``: the person's safety plan before the contacts (an urge still at its
    strongest at the end, rule U2: what they wrote for this moment comes first)."""
    text = Text()
    if reason:
        text.append("Thank you for staying with this. It sounds like things are hard right now.\n", style="bold")
        text.append("It may help to reach out to your therapist or someone you trust today.\n\n")
    if plan_first:
        _plan(text, settings, first=True)
    text.append("pendulate is a practice aid, not crisis care.\n\n", style="italic")
    for contact in settings.crisis_contacts:
        text.append("• " + contact + "\n")
    for line in therapists:
        text.append("• " + line + "\n", style="bold")
    if not plan_first:
        _plan(text, settings)
    text.append(f"\nPress e to edit these; they are kept in {settings_location()}.", style="dim")
    return text


def _plan(text: Text, settings: Settings, first: bool = False) -> None:
    plan = [
        ("Warning signs", settings.warning_signs),
        ("What helps", settings.what_helps),
        ("People", settings.people),
        ("Professionals", settings.professionals),
    ]
    if first and not any(value for _, value in plan):
        # U2 says the plan comes first: where none is written yet, the way to write one does.
        text.append("My safety plan\n", style="bold")
        text.append(NO_PLAN_YET + "\n\n")
    elif any(value for _, value in plan):
        text.append("My safety plan\n" if first else "\nMy safety plan\n", style="bold")
        for label, value in plan:
            if value:
                text.append(f"{label}: ", style="bold")
                text.append(value + "\n")
        if first:
            text.append("\n")


def settings_location() -> str:
    return str(paths.config_path())


class CrisisScreen(PendulateModal[None]):
    CSS_PATH = SCREENS_CSS
    # The key line stays in sight below the text, which scrolls on a small terminal.
    DEFAULT_CSS = """
    #crisis-keys { dock: bottom; height: auto; border-top: solid $panel-lighten-2; }
    """

    BINDINGS = [
        Binding("escape", "close", "close"),
        # No "c closes": a held c would close and reopen crisis help (reading the homework each
        # time). c here finds it already open and does nothing; Esc closes.
        Binding("e", "edit", "edit my contacts"),
    ]

    def __init__(self, settings: Settings, reason: str | None = None, plan_first: bool = False) -> None:
        super().__init__()
        self.settings, self.reason, self.plan_first = settings, reason, plan_first
        self.therapists: list[str] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="crisis-box"):
            yield Static("Help, right now", id="crisis-title")
            yield Static(crisis_text(self.settings, self.reason, plan_first=self.plan_first), id="crisis-text")
            yield Static("Esc: close · g: ground now · e: edit my contacts and plan", id="crisis-keys")

    def on_mount(self) -> None:
        self.run_worker(self._add_therapists(), group="therapists", exit_on_error=False)

    async def _add_therapists(self) -> None:
        try:
            found = await asyncio.to_thread(therapist_lines)
        except Exception:  # the one boundary: crisis help stays, with the contacts it has
            log.exception("crisis help: the homework could not be read for the therapist's contact")
            return
        if found:
            self.therapists = found
            self._refresh_text()

    def _refresh_text(self) -> None:
        text = crisis_text(self.settings, self.reason, self.therapists, self.plan_first)
        self.query_one("#crisis-text", Static).update(text)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        from pendulate.tui.screens.crisis_edit import CrisisEditScreen  # start-up: TextArea loads only to edit

        def saved(changed: bool | None) -> None:
            if changed:
                self._refresh_text()

        self.app.push_screen(CrisisEditScreen(self.settings), saved)
