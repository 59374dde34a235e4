"""How far through the current phase we are: one quiet line, redrawn without re-layout."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from pendulate.tui.widgets.cells import RedrawsByCell


class PhaseBar(RedrawsByCell, Widget):
    DEFAULT_CSS = """
    PhaseBar { height: 1; width: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.fraction = 0.0  # 0 … 1

    def _done(self, fraction: float) -> int:
        return round(min(max(fraction, 0.0), 1.0) * max(self.size.width, 1))

    def set_fraction(self, fraction: float) -> None:
        """Redraw only when another cell fills."""
        self.fraction = fraction
        self.show_cell(self._done(fraction))

    def render(self) -> Text:
        width = max(self.size.width, 1)
        done = self.drawn_at(self._done(self.fraction))
        text = Text(no_wrap=True)
        text.append("━" * done, style="bold #88c0d0")
        text.append("─" * (width - done), style="#4c566a")
        return text
