"""A slow pendulum that leans toward the resource side or the activation side."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class Pendulum(Widget):
    DEFAULT_CSS = """
    Pendulum { height: 1; width: 1fr; }
    Pendulum.-plain { display: none; }
    """

    lean: reactive[float] = reactive(0.0)  # -1 resource … +1 activation

    def swing_to(self, target: float, reduced_motion: bool) -> None:
        if reduced_motion:
            self.lean = target
        else:
            self.animate("lean", target, duration=2.0, easing="in_out_sine")

    def render(self) -> Text:
        left, right = "resource ◀", "▶ activation"
        width = max(self.size.width - len(left) - len(right) - 2, 5)
        spot = round((self.lean + 1) / 2 * (width - 1))
        track = "─" * spot + "●" + "─" * (width - 1 - spot)
        text = Text(no_wrap=True)
        text.append(left, style="#8fbf8f")
        text.append(" " + track + " ")
        text.append(right, style="#d9967f")
        return text
