"""A 0–N rating, set by the check-in's keys (a digit, ``+`` for 10, up and down) or the mouse."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class RatingScale(Widget, can_focus=True):
    """Keys are the check-in screen's (one place decides what a key means on each question);
    the scale itself only turns a key into a value and draws the numbers."""

    DEFAULT_CSS = """
    RatingScale { height: 2; width: 1fr; }
    """

    value: reactive[int | None] = reactive(None)

    class Changed(Message):
        """The value changed (by a key or a click)."""

    def __init__(self, label: str, low: str, high: str, maximum: int = 10, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.label, self.low, self.high, self.maximum = label, low, high, maximum

    def watch_value(self) -> None:
        self.post_message(self.Changed())

    def value_for_key(self, key: str) -> int | None:
        """The rating ``key`` stands for on this scale: a digit up to the maximum, or ``plus`` for
        10 where 10 is on the scale; None when the key means nothing here."""
        if key == "plus":
            return 10 if self.maximum >= 10 else None
        if len(key) == 1 and key.isdigit() and int(key) <= self.maximum:
            return int(key)
        return None

    def step(self, delta: int) -> None:
        """One more or one less; from no answer, up starts at 0 and down at the top."""
        start = self.value if self.value is not None else (-1 if delta > 0 else self.maximum + 1)
        self.value = max(0, min(self.maximum, start + delta))

    def on_click(self, event: events.Click) -> None:
        if event.y != 1:
            return
        for n in range(self.maximum + 1):
            if n * 3 <= event.x < n * 3 + 3:
                self.value = n
                break

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="crop")
        label = self.label.strip()
        legend = f"   0 {self.low} · {self.maximum} {self.high}"
        if len(label) + len(legend) > self.size.width:
            legend = f"   0–{self.maximum}"
        text.append(label, style="bold")
        text.append(legend + "\n", style="dim")
        for n in range(self.maximum + 1):
            chosen = n == self.value
            text.append(f"[{n}]" if chosen else f" {n} ", style="reverse bold" if chosen else "")
        return text
