"""Connects a session to the things that consume its events (screen, sound, store).

Every command goes through here so that whatever a command causes, and whatever came due
meanwhile, reaches every listener in order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from pendulate.engine.answers import CheckinAnswers
from pendulate.engine.events import Event
from pendulate.engine.session import Session


class Listener(Protocol):
    def handle(self, event: Event) -> None: ...


# A listener may also define ``handle_batch(events)`` to take one command's events at once
# (the store commits them in a single transaction).


class Runner:
    def __init__(self, session: Session, listeners: tuple[Listener, ...] | list[Listener] = ()):
        self.session = session
        self.listeners: list[Listener] = list(listeners)

    def _emit(self, events: list[Event]) -> list[Event]:
        # Listener by listener, in order: the cue player (first) sounds a boundary's cue before
        # the log spends time writing it; each listener still sees every event in order.
        if not events:
            return events
        for listener in list(self.listeners):
            batch = getattr(listener, "handle_batch", None)
            if batch is not None:
                batch(events)
            else:
                for event in events:
                    listener.handle(event)
        return events

    def _run(self, command: Callable[[], list[Event]]) -> list[Event]:
        events = command()
        events += self.session.advance()
        return self._emit(events)

    def start(self) -> list[Event]:
        return self._run(self.session.start)

    def tick(self) -> list[Event]:
        return self._run(lambda: [])

    def woke(self, planned: float) -> list[Event]:
        """A wake-up meant for ``planned``: time the app was not running is not practice."""
        return self._run(lambda: self.session.woke(planned))

    def toggle_pause(self) -> list[Event]:
        return self._run(self.session.toggle_pause)

    def pause(self) -> list[Event]:
        return self._run(self.session.pause)

    def end_touch(self) -> list[Event]:
        return self._run(self.session.end_touch)

    def ground_now(self) -> list[Event]:
        return self._run(self.session.ground_now)

    def extend(self) -> list[Event]:
        return self._run(self.session.extend)

    def skip(self) -> list[Event]:
        return self._run(self.session.skip)

    def stop(self, reason: str = "quit") -> list[Event]:
        return self._run(lambda: self.session.stop(reason))

    def submit_checkin(self, answers: CheckinAnswers) -> list[Event]:
        return self._run(lambda: self.session.submit_checkin(answers))

    def skip_checkin(self) -> list[Event]:
        return self._run(self.session.skip_checkin)
