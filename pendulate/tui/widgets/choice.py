"""Pick one of a few words (zone, okay, yes / no) with a letter, the arrows or the mouse.

In a row (the screening's yes / no) or one option a line (the check-in, which shows one
question at a time and takes the keys itself: the letters come from the screen).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

Choice = str | bool  # what a row's options stand for: a word ("within") or yes / no


class ChoiceRow(Widget, can_focus=True):
    DEFAULT_CSS = """
    ChoiceRow { height: auto; width: 1fr; }
    ChoiceRow:focus { background: $boost; }
    ChoiceRow.-lines:focus { background: initial; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", show=False),
        Binding("right", "move(1)", show=False),
    ]

    value: reactive[Choice | None] = reactive(None)

    class Changed(Message):
        """The value changed (by a key or a click)."""

    def __init__(
        self, label: str, options: Sequence[tuple[Choice, str, str]], *, lines: bool = False, **kwargs: Any
    ) -> None:
        """``options``: (value, key, words shown); ``lines``: one option a line, under the label."""
        super().__init__(**kwargs)
        self.label, self.options, self.lines = label, options, lines
        self.set_class(lines, "-lines")

    def watch_value(self) -> None:
        self.post_message(self.Changed())

    @property
    def keys(self) -> list[str]:
        return [key for _, key, _ in self.options]

    def choose_key(self, key: str) -> bool:
        """Choose the option ``key`` stands for; False if it stands for none here."""
        for value, option_key, _ in self.options:
            if option_key == key:
                self.value = value
                return True
        return False

    def action_move(self, delta: int) -> None:
        values = [v for v, _, _ in self.options]
        at = values.index(self.value) if self.value in values else (-1 if delta > 0 else len(values))
        self.value = values[max(0, min(len(values) - 1, at + delta))]

    def on_click(self, event: events.Click) -> None:
        if self.lines:
            if 1 <= event.y <= len(self.options):
                self.value = self.options[event.y - 1][0]
            return
        col = len(self.label) + 2
        for value, _, words in self.options:
            width = len(words) + 4
            if col <= event.x < col + width:
                self.value = value
            col += width

    def render(self) -> Text:
        text = Text()
        text.append(self.label + ("" if self.lines else "  "), style="bold")
        for value, key, words in self.options:
            chosen = value == self.value
            text.append("\n" if self.lines else "")
            text.append(f"[{key}] {words}" if chosen else f"({key}) {words}", style="reverse bold" if chosen else "")
            text.append("" if self.lines else "  ")
        return text
