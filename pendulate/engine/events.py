"""Typed events a running session emits. The TUI, the audio player and the store consume them.

Every event carries ``t``: seconds since the session started, on the session's monotonic
timeline, at the exact moment the event was due (not when it was noticed). Pauses are
included in ``t``; ``active`` is the same moment with paused time left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pendulate.engine.answers import CheckinAnswers

NOT_RUNNING = "not-running"  # a pause's reason: the app was not running (see Session.woke)


@dataclass(frozen=True)
class Event:
    t: float
    active: float


@dataclass(frozen=True)
class SessionStarted(Event):
    script_id: str
    script_version: str
    content_hash: str
    params: dict[str, Any]
    planned_total: float  # seconds, open-ended phases counted as zero


@dataclass(frozen=True)
class PhaseStarted(Event):
    index: int  # position in the live timeline
    kind: str  # a phase kind, or "checkin"
    title: str
    duration: float | None  # None for open-ended; 0 for a check-in
    planned_start: float  # where the original plan placed it (active seconds), or -1 if added live
    origin: str  # "script", "stop", "titration" or "closing"
    voice: str | None = None  # a recording of the phase's guidance, spoken after its cue
    tempo: int | None = None  # bilateral phases: alternating taps a minute, or None
    breath: tuple[float, float] | None = None  # a breath pacer: (in, out) seconds, or None


@dataclass(frozen=True)
class PhaseEnded(Event):
    index: int
    kind: str
    reason: str  # "time", "skip", "enough", "ground", "titration", "answered", "skipped-checkin", "stop"


@dataclass(frozen=True)
class PromptDue(Event):
    index: int
    text: str


@dataclass(frozen=True)
class CueDue(Event):
    cue: str  # bundled name or a path resolved by the loader
    index: int
    purpose: str  # "phase", "checkin", "interval", "closing"


@dataclass(frozen=True)
class CheckinDue(Event):
    index: int
    scales: tuple[str, ...]
    title: str
    after_kind: str | None  # kind of the phase just finished, if any


@dataclass(frozen=True)
class CheckinRecorded(Event):
    index: int
    answers: CheckinAnswers  # what the person gave; skipped questions are unset
    after_kind: str | None


@dataclass(frozen=True)
class TitrationApplied(Event):
    rule: str  # "R1" … "R6", "U1", "U2"
    message: str  # one calm sentence for the person
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Paused(Event):
    # "" when the person paused; NOT_RUNNING when the app itself was not running (suspended, or
    # held up) from this moment, for ``not_running_for`` seconds that were not practice.
    reason: str = ""
    not_running_for: float = 0.0


@dataclass(frozen=True)
class Resumed(Event):
    paused_for: float


@dataclass(frozen=True)
class GroundingStarted(Event):
    from_index: int
    from_kind: str


@dataclass(frozen=True)
class Extended(Event):
    index: int
    seconds: float


@dataclass(frozen=True)
class Skipped(Event):
    index: int
    kind: str


@dataclass(frozen=True)
class TouchEnded(Event):
    """The person ended an activation themselves ("that's enough"); rule R1 follows its check-in."""

    index: int
    kind: str
    reason: str  # "enough"


@dataclass(frozen=True)
class CrisisSuggested(Event):
    reason: str


@dataclass(frozen=True)
class SessionEnded(Event):
    status: str  # "completed" or "stopped"
    reason: str
    index: int
    kind: str
