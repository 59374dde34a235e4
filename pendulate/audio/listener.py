"""Connecting the engine's events to a player."""

from __future__ import annotations

from collections.abc import Iterable

from pendulate.audio.player import Player
from pendulate.engine.events import CueDue, Event
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


def play_through(listeners: Iterable[object], player: Player) -> None:
    """From now on, every cue listener among ``listeners`` (a runner's) plays through ``player``."""
    for listener in listeners:
        if isinstance(listener, CuePlayer):
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
