"""The breath pacer: a slow bar that fills on the in-breath and empties on the longer out-breath.

Drawn from the session's clock (the phase's elapsed time, so a pause holds it and a late frame
lands where it should be), never by counting frames. A few frames a second, and a frame is
drawn only when the bar's edge moves by an eighth of a cell or the word changes; none while a
boundary is near. No numbers count down: the words "breathe in" and "breathe out" and the
bar's movement are all there is. In plain mode and with reduced motion it is one still line.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from rich.text import Text
from textual.timer import Timer
from textual.widget import Widget

from pendulate.tui.widgets.cells import RedrawsByCell

BREATH_FPS = 6  # frames a second while a breath phase runs: a slow bar needs few
EIGHTHS = " ▏▎▍▌▋▊▉"  # a cell's partial fill, by eighths
IN, OUT = "breathe in", "breathe out"
WORD_WIDTH = len(OUT) + 2


def breath_at(elapsed: float, inhale: float, exhale: float) -> tuple[str, float]:
    """Where the breath is ``elapsed`` seconds into the phase: its word and the bar's fill (0-1).

    The bar rises for ``inhale`` seconds and falls for ``exhale``, easing at each turn (slow
    out, slow in) as a breath does."""
    cycle = inhale + exhale
    t = max(0.0, elapsed) % cycle
    if t < inhale:
        return IN, (1 - math.cos(math.pi * t / inhale)) / 2
    return OUT, (1 + math.cos(math.pi * (t - inhale) / exhale)) / 2


def static_line(inhale: float, exhale: float) -> str:
    """The pacer as one still line (plain mode, reduced motion)."""
    return f"Breathing, if it suits you: in for {inhale:g}, out for {exhale:g}."


class BreathBar(RedrawsByCell, Widget):
    DEFAULT_CSS = """
    BreathBar { height: 1; width: 1fr; color: #86b3c9; }
    BreathBar.-off { display: none; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.breath: tuple[float, float] | None = None
        self.still = False
        self._elapsed: Callable[[], float] = lambda: 0.0
        self._hold: Callable[[], bool] | None = None
        self._timer: Timer | None = None
        self.add_class("-off")

    @property
    def running(self) -> bool:
        return self._timer is not None

    def start(
        self,
        breath: tuple[float, float],
        elapsed: Callable[[], float],
        still: bool,
        hold: Callable[[], bool] | None = None,
    ) -> None:
        """Pace ``breath`` (in, out seconds) from ``elapsed()`` (the phase's elapsed time);
        ``still``: one line, no movement; ``hold()``: a frame is left out while it says so."""
        self.stop()
        self.breath, self.still, self._elapsed, self._hold = breath, still, elapsed, hold
        self.remove_class("-off")
        self._drawn_cell = -1
        self.refresh()
        if not still:
            self._timer = self.set_interval(1 / BREATH_FPS, self.frame)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.breath = None
        self.add_class("-off")

    def on_unmount(self) -> None:
        self.stop()

    def frame(self) -> None:
        """One frame: redrawn only when the bar's edge or the word moved (and no boundary is near)."""
        if self.breath is None or (self._hold is not None and self._hold()):
            return
        self.show_cell(self._mark())

    def _bar_width(self) -> int:
        return max(self.size.width - WORD_WIDTH, 4)

    def _mark(self) -> int:
        assert self.breath is not None
        word, fill = breath_at(self._elapsed(), *self.breath)
        return round(fill * self._bar_width() * 8) * 2 + (word == OUT)

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="crop")
        if self.breath is None:
            return text
        if self.still:
            text.append(static_line(*self.breath))
            return text
        mark = self.drawn_at(self._mark())
        eighths, word = mark // 2, OUT if mark % 2 else IN
        full, part = divmod(eighths, 8)
        width = self._bar_width()
        bar = "█" * full + (EIGHTHS[part] if part and full < width else "")
        text.append(f"{word:<{WORD_WIDTH}}", style="bold")
        text.append(bar.ljust(width), style="on #2a3540")
        return text
