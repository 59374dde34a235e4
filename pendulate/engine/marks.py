"""The soft sounds a phase carries at set moments inside it, apart from its own cue.

* interval ticks: every ``step.interval`` seconds, none within :data:`TICK_MARGIN` of the end;
* last-second ticks: one on each of a touch's last ``last_ticks`` seconds (for someone
  practising with their eyes closed), never on the touch's own cue;
* breath swells: the start of each in-breath of a breath phase after the first, while a whole
  in-breath still fits, when breath sounds are on.

Each is placed from the phase's own (active) time and its length as extended so far, never by
counting ticks; :class:`Marks` only counts how many of each the phase has given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pendulate.plan.build import Step
from pendulate.script.model import BREATH_CUE, INTERVAL_CUE

# An interval tick this close to a phase's end would blur into the next phase's cue.
TICK_MARGIN = 3.0
# At most as many last-second ticks as the interval ticks leave free.
MAX_LAST_TICKS = int(TICK_MARGIN)

INTERVAL, BREATH, LAST_SECONDS = "interval", "breath", "last-seconds"  # CueDue purposes
CUES = {INTERVAL: INTERVAL_CUE, BREATH: BREATH_CUE, LAST_SECONDS: INTERVAL_CUE}


@dataclass
class Marks:
    """What a session's phases mark, and how many of each the current phase has given."""

    last_ticks: int = 0
    breath_cues: bool = False
    _given: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.last_ticks = max(0, min(MAX_LAST_TICKS, int(self.last_ticks)))
        self.breath_cues = bool(self.breath_cues)

    def new_phase(self) -> None:
        self._given = {}

    def given(self, purpose: str) -> None:
        self._given[purpose] = self._given.get(purpose, 0) + 1

    def next(self, step: Step | None, length: float | None, activation: bool) -> tuple[float, str] | None:
        """``(seconds into the phase, purpose)`` of the next mark, or None. Of two at one moment
        the interval tick comes first, then the breath, then the last-second tick."""
        if step is None or length is None:
            return None
        dues = [
            (at, purpose)
            for at, purpose in (
                (self._interval(step, length), INTERVAL),
                (self._breath(step, length), BREATH),
                (self._last_second(length, activation), LAST_SECONDS),
            )
            if at is not None
        ]
        return min(dues, key=lambda due: due[0]) if dues else None

    def _interval(self, step: Step, length: float) -> float | None:
        if not step.interval:
            return None
        at = (self._given.get(INTERVAL, 0) + 1) * step.interval
        return at if at <= length - TICK_MARGIN else None

    def _breath(self, step: Step, length: float) -> float | None:
        if not self.breath_cues or step.breath is None:
            return None
        at = (self._given.get(BREATH, 0) + 1) * (step.breath[0] + step.breath[1])
        return at if at <= length - step.breath[0] else None

    def _last_second(self, length: float, activation: bool) -> float | None:
        if not self.last_ticks or not activation:
            return None
        left = min(self.last_ticks, int(length) - 1) - self._given.get(LAST_SECONDS, 0)
        return length - left if left > 0 else None
