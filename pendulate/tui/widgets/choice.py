"""Pick one of a few words (zone, okay) with a letter, the arrows or the mouse."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget

Choice = str | bool  # what a row's options stand for: a word ("within") or yes / no


class ChoiceRow(Widget, can_focus=True):
    DEFAULT_CSS = """
    ChoiceRow { height: auto; width: 1fr; }
    ChoiceRow:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", show=False),
        Binding("right", "move(1)", show=False),
    ]

    value: reactive[Choice | None] = reactive(None)

    def __init__(self, label: str, options: Sequence[tuple[Choice, str, str]], **kwargs: Any) -> None:
        """``options``: (value, key, words shown)."""
        super().__init__(**kwargs)
        self.label, self.options = label, options

    def action_move(self, delta: int) -> None:
        values = [v for v, _, _ in self.options]
        at = values.index(self.value) if self.value in values else (-1 if delta > 0 else len(values))
        self.value = values[max(0, min(len(values) - 1, at + delta))]

    def on_click(self, event: events.Click) -> None:
        col = len(self.label) + 2
        for value, _, words in self.options:
            width = len(words) + 4
            if col <= event.x < col + width:
                self.value = value
            col += width

    def render(self) -> Text:
        text = Text()
        text.append(self.label + "  ", style="bold")
        for value, key, words in self.options:
            chosen = value == self.value
            text.append(
                f"({key}) {words}" if not chosen else f"[{key}] {words}", style="reverse bold" if chosen else ""
            )
            text.append("  ")
        return text
