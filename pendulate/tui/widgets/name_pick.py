"""Pick a name the person gave before, or type a new one (a part, a resource: their own words).

The names are numbered (a digit picks one); ``n`` opens the small field for a new name, where
every letter is text. With no names given before, the field is all there is. The check-in
screen takes the keys and decides; this widget holds the value and draws the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Static

from pendulate.engine.answers import NAME_LIMIT

SHOWN = 8  # names a digit can pick (1-8)
NEW_KEY = "n"


class NamePick(Vertical, can_focus=True):
    DEFAULT_CSS = """
    NamePick { height: auto; width: 1fr; }
    NamePick > .question { text-style: bold; }
    NamePick > Input, NamePick > Input:focus {
        border: none; height: 1; padding: 0 1; margin-top: 1; background: $boost;
    }
    NamePick > Input.-hidden { display: none; }
    """

    value: reactive[str | None] = reactive(None)

    class Changed(Message):
        """The value changed (picked or typed)."""

    class Finished(Message):
        """Enter was typed in the field."""

    def __init__(self, question: str, names: Sequence[str], new_words: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.question = question
        self.names = [n for n in names if n.strip()][:SHOWN]
        self.new_words = new_words

    def compose(self) -> ComposeResult:
        yield Static(self.question, classes="question")
        names = Static(self._list(), classes="names")
        names.display = bool(self.names)
        yield names
        # A steady cursor: calmer than a blinking one (and the same in every snapshot).
        field = Input(placeholder=f"{self.new_words} (Enter to finish)", max_length=NAME_LIMIT)
        field.cursor_blink = False
        field.set_class(bool(self.names), "-hidden")
        yield field

    @property
    def field(self) -> Input:
        return self.query_one(Input)

    @property
    def keys(self) -> list[str]:
        return [str(i + 1) for i in range(len(self.names))]

    def watch_value(self) -> None:
        self.post_message(self.Changed())
        if self.is_mounted:
            self.query_one(".names", Static).update(self._list())

    def pick_key(self, key: str) -> bool:
        """Pick the name ``key`` (a digit) stands for; False when it stands for none."""
        if key in self.keys:
            self.value = self.names[int(key) - 1]
            return True
        return False

    def open_field(self) -> Input:
        """Show the field for a new name (its text, if any, is kept) and return it to focus."""
        self.field.remove_class("-hidden")
        return self.field

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.value = event.value.strip() or None

    @on(Input.Submitted)
    def _done(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Finished())

    def _list(self) -> Text:
        text = Text()
        for i, name in enumerate(self.names):
            chosen = name == self.value
            line = f"[{i + 1}] {name}" if chosen else f"({i + 1}) {name}"
            text.append(line + "\n", style="reverse bold" if chosen else "")
        if self.names:
            text.append(f"({NEW_KEY}) {self.new_words}")
        return text
