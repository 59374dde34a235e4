"""The whole session as one strip: activation and resource blocks, and where we are now."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget

from pendulate.tui.kinds import look
from pendulate.tui.widgets.cells import RedrawsByCell


class SessionStrip(RedrawsByCell, Widget):
    DEFAULT_CSS = """
    SessionStrip { height: 2; width: 1fr; }
    SessionStrip.-plain { display: none; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._blocks: list[tuple[str, float]] = []
        self.position = 0.0  # active seconds into the session

    def _total(self) -> float:
        return sum(seconds for _, seconds in self._blocks) or 1.0

    def _marker_for(self, position: float) -> int:
        width = max(self.size.width, 1)
        return min(width - 1, int(min(position / self._total(), 1.0) * width))

    def move_to(self, position: float) -> None:
        """Move the "now" marker; the line is redrawn only when the marker changes cell."""
        self.position = position
        self.show_cell(self._marker_for(position))

    def set_blocks(self, blocks: list[tuple[str, float]]) -> None:
        """``(kind, seconds)`` for each timed phase of the live timeline."""
        self._blocks = [(kind, max(seconds, 1.0)) for kind, seconds in blocks]
        self.refresh()

    def render(self) -> Text:
        width = max(self.size.width, 1)
        total = self._total()
        bar = Text(no_wrap=True)
        cells = 0
        for i, (kind, seconds) in enumerate(self._blocks):
            n = max(1, round(seconds / total * width)) if i < len(self._blocks) - 1 else max(1, width - cells)
            n = min(n, width - cells)
            if n <= 0:
                break
            glyph = "▲" if kind == "activation" else "━"
            bar.append(glyph * n, style=look(kind).colour)
            cells += n
        marker = self.drawn_at(self._marker_for(self.position))
        pointer = Text(" " * marker + "▲ now" if marker < width - 5 else " " * (width - 5) + "now ▲", no_wrap=True)
        pointer.stylize("bold")
        return Text("\n").join([bar, pointer])
