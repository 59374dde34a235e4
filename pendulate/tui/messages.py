"""Messages the interface posts. Engine events travel to the screen wrapped in one of these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the engine loads when a practice starts, not with the library
    from pendulate.engine.events import Event


class EngineEvent(Message):
    """One event from the running session."""

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event


@dataclass
class CheckinAnswered(Message):
    """The person confirmed (answers) or skipped (None) a check-in."""

    answers: dict | None

    def __post_init__(self) -> None:
        super().__init__()


class Notice(Message):
    """A calm one-line notice for the person (sound unavailable, log not writable, …)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
