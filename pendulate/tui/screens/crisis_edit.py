"""Editing the crisis contacts and the optional safety plan, saved in the person's settings.

It has to work on any terminal, 40×12 included, because crisis help does: the fields are
one line each and scroll (the focused one and its label always in view), and the Save button
and the key line sit below them, never scrolled away. Leaving with unsaved changes asks first.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Static, TextArea

from pendulate import settings as settings_mod
from pendulate.tui.screens import SCREENS_CSS, PendulateModal

PLAN_FIELDS = (
    ("warning_signs", "My warning signs"),
    ("what_helps", "What helps me"),
    ("people", "People I can reach"),
    ("professionals", "Professionals and services"),
)

KEY_LINE = "Tab: next field · Esc: leave (asks first if anything changed)"
KEY_LINE_NARROW = "Tab: next · Esc: leave"
LEAVE_QUESTION = "Leave without saving? y / n"
LEAVE_KEYS = "What you typed is not saved yet.\ny: leave without saving\nn: keep editing"


class DiscardChanges(PendulateModal[bool]):
    """True: leave without saving; False: back to the editor, everything as it was typed."""

    DEFAULT_CSS = """
    DiscardChanges { align: center middle; background: $background 60%; }
    #discard-box {
        width: 44; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 1; border: round $warning; background: $surface;
    }
    .-plain #discard-box { border: none; }
    #discard-title { text-style: bold; }
    #discard-keys { color: $text-muted; }
    """

    BINDINGS = [
        Binding("y", "choose(True)", "leave without saving"),
        Binding("n", "choose(False)", "keep editing"),
        Binding("escape", "choose(False)", "keep editing", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="discard-box"):
            yield Static(LEAVE_QUESTION, id="discard-title")
            yield Static(LEAVE_KEYS, id="discard-keys")

    def action_choose(self, leave: bool) -> None:
        self.dismiss(leave)


class CrisisEditScreen(PendulateModal[bool]):
    CSS_PATH = SCREENS_CSS
    # Its own ids: the app's style sheet still styles the old editor's, and would win.
    DEFAULT_CSS = """
    #crisis-editor {
        width: 84; max-width: 100%; height: 23; max-height: 100%;
        padding: 0 1; border: round $accent; background: $surface;
    }
    .-plain #crisis-editor { border: none; }
    #crisis-editor-title { text-style: bold; }
    #crisis-editor .field { height: auto; padding-top: 1; }
    /* One line per field, marked on the left so it reads as a field without colour too. */
    #crisis-editor Input, #crisis-editor TextArea {
        height: 1; border: none; border-left: tall $panel-lighten-2; padding: 0 1; background: $boost;
    }
    #crisis-editor TextArea { height: 4; }
    #crisis-editor Input:focus, #crisis-editor TextArea:focus {
        border: none; border-left: tall $accent; background: $accent 20%;
    }
    #crisis-editor-fields { height: 1fr; }
    #crisis-editor-bar { height: 1; margin-top: 1; }
    #crisis-save { width: auto; min-width: 0; margin-right: 1; }
    #crisis-editor-keys { width: 1fr; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "save", priority=True),
        Binding("escape", "leave", "leave"),
    ]

    def __init__(self, settings: settings_mod.Settings) -> None:
        super().__init__()
        self.settings = settings
        self._as_opened: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        with Vertical(id="crisis-editor"):
            yield Static("Your crisis contacts and safety plan", id="crisis-editor-title")
            with VerticalScroll(id="crisis-editor-fields", can_focus=False):
                with Vertical(classes="field"):
                    yield Static("Crisis contacts, one per line", classes="field-label")
                    contacts = "\n".join(self.settings.crisis_contacts)
                    yield TextArea(contacts, id="contacts", soft_wrap=True)
                for name, label in PLAN_FIELDS:
                    with Vertical(classes="field"):
                        yield Static(label + " (optional)", classes="field-label")
                        yield Input(getattr(self.settings, name), id=name, max_length=500)
            with Horizontal(id="crisis-editor-bar"):
                yield Button("Save ctrl+s", id="crisis-save", variant="primary", compact=True)
                yield Static(KEY_LINE, id="crisis-editor-keys")

    def on_mount(self) -> None:
        self._as_opened = self._typed()

    def on_resize(self) -> None:
        narrow = self.size.width < 60
        self.query_one("#crisis-editor-keys", Static).update(KEY_LINE_NARROW if narrow else KEY_LINE)

    def _typed(self) -> tuple[str, ...]:
        contacts = self.query_one("#contacts", TextArea).text
        return (contacts, *(self.query_one(f"#{name}", Input).value for name, _ in PLAN_FIELDS))

    @property
    def changed(self) -> bool:
        """True when something was typed that is not saved yet."""
        return self._typed() != self._as_opened

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Textual scrolls the focused field into view; its label comes along with it.
        group = event.widget.parent
        if isinstance(group, Widget) and group.has_class("field"):
            group.scroll_visible(animate=False)

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#crisis-save")
    def _save_pressed(self) -> None:
        self.action_save()

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

    def action_leave(self) -> None:
        if not self.changed:
            self.dismiss(False)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(False)

        self.app.push_screen(DiscardChanges(), answered)
