"""How far through the current phase we are: one quiet line, redrawn without re-layout.

Drawn through Textual's line API (one strip of two runs of cells): it redraws whenever another
cell fills, about once a second in a session, and a rendered text would be laid out afresh
each time.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from pendulate.tui.widgets.cells import RedrawsByCell

DONE = Style.parse("bold #88c0d0")
TO_GO = Style.parse("#4c566a")


class PhaseBar(RedrawsByCell, Widget):
    DEFAULT_CSS = """
    PhaseBar { height: 1; width: 1fr; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fraction = 0.0  # 0 … 1

    def _done(self, fraction: float) -> int:
        return round(min(max(fraction, 0.0), 1.0) * max(self.size.width, 1))

    def set_fraction(self, fraction: float) -> None:
        """Redraw only when another cell fills."""
        self.fraction = fraction
        self.show_cell(self._done(fraction))

    def render_line(self, y: int) -> Strip:
        width = max(self.size.width, 1)
        base = self.rich_style
        if y:
            return Strip.blank(width, base)
        done = self.drawn_at(self._done(self.fraction))
        return Strip([Segment("━" * done, base + DONE), Segment("─" * (width - done), base + TO_GO)], width)
