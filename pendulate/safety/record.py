"""Where the safety decisions are kept: the store's state table, or this run's memory.

Only outcomes are kept ("recommend-therapist", "opted in"), never the screening answers.
Without a store, nothing persists and the person is asked again next time: the safer default.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from pendulate.safety.gate import SafetyState, end_of_local_day
from pendulate.safety.keys import INTRO_KEY, OPTED_IN_KEY, SCREENED_KEY

log = logging.getLogger(__name__)

RESTING_UNTIL = "resting.until"
RESTING_REASON = "resting.reason"


class StateStore(Protocol):
    """The part of the store the record uses (the store sits beside safety in the layers)."""

    def get_state(self, key: str) -> str | None: ...

    def set_state(self, key: str, value: str | None) -> None: ...

    def resting(self, now_utc: datetime) -> tuple[datetime, str] | None: ...

    def set_resting(self, until_utc: datetime, reason: str) -> None: ...


class SafetyRecord:
    def __init__(self, store: StateStore | None, wall_clock: Callable[[], datetime]):
        self.store = store
        self.wall_clock = wall_clock
        self._memory: dict[str, str] = {}

    def _get(self, key: str) -> str | None:
        if key in self._memory or self.store is None:
            return self._memory.get(key)
        try:
            return self.store.get_state(key)
        except sqlite3.Error as error:
            log.warning("safety state unreadable, asking again: %s", error)
            return None

    def _set(self, key: str, value: str) -> None:
        # This run remembers every decision even when the log can't be written (disk full):
        # a failed save must never stand between a person and grounding or help.
        self._memory[key] = value
        if self.store is None:
            return
        try:
            self.store.set_state(key, value)
        except sqlite3.Error as error:
            log.warning("safety state not saved: %s", error)

    def state(self) -> SafetyState:
        now = self.wall_clock()
        return SafetyState(
            intro_accepted=self._get(INTRO_KEY) == "yes",
            screened=self._get(SCREENED_KEY),
            opted_in=self._get(OPTED_IN_KEY) == "yes",
            resting=self._resting(now),
        )

    def _resting(self, now: datetime) -> tuple[datetime, str] | None:
        if self.store is not None and RESTING_UNTIL not in self._memory:
            try:
                return self.store.resting(now)
            except sqlite3.Error as error:
                log.warning("resting state unreadable: %s", error)
                return None
        until = self._memory.get(RESTING_UNTIL)
        if until is None:
            return None
        moment = datetime.fromisoformat(until)
        return (moment, self._memory.get(RESTING_REASON, "")) if now < moment else None

    def accept_intro(self) -> None:
        self._set(INTRO_KEY, "yes")

    def record_screening(self, outcome: str) -> None:
        self._set(SCREENED_KEY, outcome)

    def opt_in(self) -> None:
        self._set(OPTED_IN_KEY, "yes")

    def rest_for_today(self, reason: str) -> datetime:
        """Hide activation practice until the next local midnight."""
        until = end_of_local_day(self.wall_clock())
        self._memory[RESTING_UNTIL] = until.isoformat()
        self._memory[RESTING_REASON] = reason
        if self.store is not None:
            try:
                self.store.set_resting(until, reason)
            except sqlite3.Error as error:
                log.warning("resting state not saved: %s", error)
        return until
