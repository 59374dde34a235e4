"""A slow pendulum that leans toward the resource side or the activation side."""

from __future__ import annotations

import math
from collections.abc import Callable

from rich.text import Text
from textual.timer import Timer
from textual.widget import Widget

from pendulate.tui.widgets.cells import RedrawsByCell

SWING_SECONDS = 2.0
SWING_FPS = 12  # a slow lean needs few frames; fewer frames, less work on the boundary
LEFT, RIGHT = "resource ◀", "▶ activation"


class Pendulum(RedrawsByCell, Widget):
    DEFAULT_CSS = """
    Pendulum { height: 1; width: 1fr; }
    Pendulum.-plain { display: none; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lean = 0.0  # -1 resource … +1 activation
        self._swing: Timer | None = None

    def _lean_to(self, lean: float) -> None:
        self.lean = lean
        self.show_cell(self._spot(lean))

    def swing_to(self, target: float, reduced_motion: bool, hold: Callable[[], bool] | None = None) -> None:
        """Lean slowly toward ``target``; a frame is left out while ``hold()`` says so."""
        if self._swing is not None:
            self._swing.stop()
            self._swing = None
        if reduced_motion or not self.is_mounted:
            self._lean_to(target)
            return
        start, frames = self.lean, int(SWING_SECONDS * SWING_FPS)
        step = 0

        def frame() -> None:
            nonlocal step
            step += 1
            if hold is not None and hold() and step < frames:
                return  # the next frame catches up; the last one always lands
            eased = (1 - math.cos(math.pi * step / frames)) / 2  # slow out, slow in
            self._lean_to(start + (target - start) * eased)  # drawn only if the dot changes cell
            if step >= frames and self._swing is not None:
                self._swing.stop()
                self._swing = None

        self._swing = self.set_interval(1 / SWING_FPS, frame, repeat=frames)

    def _track_width(self) -> int:
        return max(self.size.width - len(LEFT) - len(RIGHT) - 2, 5)

    def _spot(self, lean: float) -> int:
        """The cell of the track the dot is drawn in."""
        return round((lean + 1) / 2 * (self._track_width() - 1))

    def render(self) -> Text:
        width = self._track_width()
        spot = self.drawn_at(self._spot(self.lean))
        track = "─" * spot + "●" + "─" * (width - 1 - spot)
        text = Text(no_wrap=True)
        text.append(LEFT, style="#8fbf8f")
        text.append(" " + track + " ")
        text.append(RIGHT, style="#d9967f")
        return text
