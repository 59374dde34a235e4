"""Messages the interface posts: engine events travel to the screen wrapped in one of these,
and the practice screen tells the app when its session has ended or crisis help is due.

Only Textual's message class is imported at run time, so the app can import this module on
the start-up path (its ``@on`` handlers need these classes when the app class is made).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import Screen

if TYPE_CHECKING:  # the engine loads when a practice starts, not with the library
    from pendulate.engine.events import Event


class EngineEvent(Message):
    """One event from the running session."""

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event


class Notice(Message):
    """A calm one-line notice for the person (sound unavailable, log not writable, …)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class SessionFinished(Message):
    """The session on ``screen`` has ended with ``events``: the app replaces it with its summary."""

    def __init__(self, screen: Screen[None], events: list[Event]) -> None:
        super().__init__()
        self.screen = screen
        self.events = events


class CrisisSuggested(Message):
    """A hard ending (rule R6, or U2's urge still at the top): the app rests activation until
    tomorrow and opens crisis help; ``plan_first``: with the person's safety plan first (U2)."""

    def __init__(self, reason: str, plan_first: bool = False) -> None:
        super().__init__()
        self.reason = reason
        self.plan_first = plan_first
