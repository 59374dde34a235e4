"""A 0–N rating the person sets with a digit, the arrows or the mouse."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget


class RatingScale(Widget, can_focus=True):
    DEFAULT_CSS = """
    RatingScale { height: 2; width: 1fr; }
    RatingScale:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("left", "step(-1)", "less", show=False),
        Binding("right", "step(1)", "more", show=False),
        Binding("down", "step(-1)", show=False),
        Binding("up", "step(1)", show=False),
        Binding("plus", "set_value(-1)", "10", show=False),
    ]

    value: reactive[int | None] = reactive(None)

    def __init__(self, label: str, low: str, high: str, maximum: int = 10, **kwargs) -> None:
        super().__init__(**kwargs)
        self.label, self.low, self.high, self.maximum = label, low, high, maximum

    def action_step(self, delta: int) -> None:
        start = self.value if self.value is not None else (0 if delta > 0 else self.maximum + 1)
        self.value = max(0, min(self.maximum, start + delta))

    def action_set_value(self, value: int) -> None:
        self.value = self.maximum if value < 0 else value

    def _cells(self) -> list[tuple[int, int]]:
        """(first column, value) of each number on the second line, for mouse clicks."""
        return [(n * 3, n) for n in range(self.maximum + 1)]

    def on_click(self, event: events.Click) -> None:
        if event.y != 1:
            return
        for col, n in self._cells():
            if col <= event.x < col + 3:
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
