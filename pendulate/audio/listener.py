"""Connecting the engine's events to a player: the cues (``CuePlayer``) and the voice and taps
(``Guide``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from pendulate.audio.clips import recorded, said
from pendulate.audio.player import Player
from pendulate.audio.taps import TapPacer
from pendulate.engine.clock import Clock
from pendulate.engine.events import (
    CueDue,
    Event,
    GroundingStarted,
    Paused,
    PhaseEnded,
    PhaseStarted,
    PromptDue,
    Resumed,
    SessionEnded,
)
from pendulate.plan.build import Plan
from pendulate.script.model import CHECKIN_CUE, CLOSING_CUE, CUE_NAMES, INTERVAL_CUE


class CuePlayer:
    """Plays the cue of every ``CueDue`` event; ignores all other events."""

    def __init__(self, player: Player) -> None:
        self.player = player

    def handle(self, event: Event) -> None:
        """Feed one engine event; only ``CueDue`` makes a sound."""
        if isinstance(event, CueDue):
            self.player.play(event.cue)

    def handle_all(self, events: list[Event]) -> None:
        """Feed a batch of events in order (what ``Session.advance`` returns)."""
        for event in events:
            self.handle(event)


log = logging.getLogger("pendulate.audio")

PacerFactory = Callable[[Callable[[str], None], int], TapPacer]

# A reply to a key ("noted", "skipped", a digit) is under a second long. At a boundary the
# person did not ask for (a phase's time up, a check-in answered) one still sounding ends by
# itself; the next phase's guidance begins with a longer lead-in of silence anyway.
REPLY_SECONDS = 1.0
# Reasons a phase ends that the person chose there and then: what is spoken stops at once.
CHOSEN_ENDS = frozenset({"skip", "enough", "ground", "stop"})


class Guide:
    """Speaks a session's guidance and paces its bilateral taps; never raises.

    * ``PhaseStarted``: what was being spoken stops; the phase's recording (``voice``) is
      spoken when it has one, and a bilateral phase with a ``tempo`` starts its taps (the
      first one period after the phase's cue).
    * ``PromptDue``: the prompt is spoken (``said(text)``), unless the phase has a recording,
      which is then its guidance (the prompts stay on screen as text).
    * ``PhaseEnded``, ``Paused``, ``GroundingStarted``, ``SessionEnded``: the voice is hushed at
      once (at a boundary the person did not choose, a short reply to a key still sounding
      ends by itself: :data:`REPLY_SECONDS`); the taps stop at ``PhaseEnded``, ``Paused``, ``GroundingStarted`` and
      ``SessionEnded`` and start again on ``Resumed`` when the phase is still the bilateral one.

    Put it after the ``CuePlayer`` in the runner's listeners, so a boundary's cue starts
    before its speech (each clip's lead-in of silence then lets the cue be heard first).
    ``clock`` is the taps' schedule (real time by default); ``pacer`` makes a pacer (tests).
    """

    def __init__(self, player: Player, *, clock: Clock | None = None, pacer: PacerFactory | None = None) -> None:
        self.player = player
        self._clock = clock
        self._make_pacer = pacer
        self._recording: str | None = None  # the current phase's recording, if it has one
        self._tempo: int | None = None  # the current phase's taps a minute, while it runs
        self.taps: TapPacer | None = None

    def handle(self, event: Event) -> None:
        """Feed one engine event; any failure is logged, never raised."""
        try:
            self._handle(event)
        except Exception:  # the boundary: guidance is never worth ending a session over
            log.exception("spoken guidance failed at %s", type(event).__name__)

    def handle_all(self, events: list[Event]) -> None:
        for event in events:
            self.handle(event)

    def _handle(self, event: Event) -> None:
        if isinstance(event, PhaseStarted):
            self._stop_taps()
            self.player.hush(let_finish=REPLY_SECONDS)
            self._recording = event.voice
            self._tempo = event.tempo if event.tempo and event.tempo > 0 else None
            if event.voice:
                self.player.speak(recorded(event.voice))
            self._start_taps()
        elif isinstance(event, PromptDue):
            if self._recording is None:
                self.player.speak(said(event.text))
        elif isinstance(event, (PhaseEnded, SessionEnded)):
            self._stop_taps()
            # A session that came to its end lets the last "noted" finish under the closing bell.
            chosen = event.status != "completed" if isinstance(event, SessionEnded) else event.reason in CHOSEN_ENDS
            self.player.hush(let_finish=0.0 if chosen else REPLY_SECONDS)
            self._recording = None
            self._tempo = None
        elif isinstance(event, (Paused, GroundingStarted)):
            self._stop_taps()
            self.player.hush()
        elif isinstance(event, Resumed):
            self._start_taps()

    def _tap(self, side: str) -> None:
        tap = getattr(self.player, "tap", None)  # a player from before taps existed has none
        if tap is not None:
            tap(side)

    def _start_taps(self) -> None:
        if self._tempo is None or not getattr(self.player, "available", True):
            return  # no thread waking every second for a player that cannot sound
        if self.taps is None or self.taps.tempo != self._tempo:
            self._stop_taps()
            if self._make_pacer is not None:
                self.taps = self._make_pacer(self._tap, self._tempo)
            else:
                self.taps = TapPacer(self._tap, self._tempo, clock=self._clock)
        self.taps.start(delay=self.taps.period)

    def _stop_taps(self) -> None:
        if self.taps is not None:
            self.taps.stop()

    def close(self) -> None:
        """Stop the taps (the app's end of a session; ``SessionEnded`` does it too)."""
        try:
            self._stop_taps()
        except Exception:
            log.exception("stopping the taps failed")


def play_through(listeners: Iterable[object], player: Player) -> None:
    """From now on, every cue and guide listener among ``listeners`` (a runner's) plays through ``player``."""
    for listener in listeners:
        if isinstance(listener, (CuePlayer, Guide)):
            listener.player = player


def session_cues(*plans: Plan) -> tuple[str, ...]:
    """Every cue a session of these plans may play: the bundled set plus the plans' own files.

    Pass the stop plan too, so even the stop path never decodes during the session.
    """
    cues: dict[str, None] = dict.fromkeys(CUE_NAMES)
    cues.update(dict.fromkeys((CHECKIN_CUE, CLOSING_CUE, INTERVAL_CUE)))
    for plan in plans:
        for step in plan.steps:
            if step.cue:
                cues[step.cue] = None
    return tuple(cues)
