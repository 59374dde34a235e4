"""The safety record keeps decisions in the log, and in memory when the log can't be written."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

from pendulate.safety.gate import SafetyState, end_of_local_day, next_step
from pendulate.safety.record import SafetyRecord
from pendulate.store.store import Store
from tests.tui_helpers import SHORT

ZONE = timezone(timedelta(hours=-5))
NOON = datetime(2026, 6, 1, 12, 0, tzinfo=ZONE)


class BrokenStore:
    """A log whose every read and write fails, as on a full or vanished disk."""

    def get_state(self, key):
        raise sqlite3.OperationalError("disk I/O error")

    def set_state(self, key, value):
        raise sqlite3.OperationalError("database or disk is full")

    def resting(self, now):
        raise sqlite3.OperationalError("disk I/O error")

    def set_resting(self, until, reason):
        raise sqlite3.OperationalError("database or disk is full")


def test_decisions_persist_in_the_log():
    store = Store.open()
    record = SafetyRecord(store, lambda: NOON)
    record.accept_intro()
    record.record_screening("clear")
    record.rest_for_today("ending rating 8/10")
    again = SafetyRecord(store, lambda: NOON).state()
    assert again.intro_accepted and again.screened == "clear"
    assert again.resting[0] == datetime(2026, 6, 2, tzinfo=ZONE)


def test_a_failing_log_never_raises_and_this_run_remembers():
    record = SafetyRecord(BrokenStore(), lambda: NOON)
    assert record.state() == SafetyState()
    record.accept_intro()
    record.record_screening("recommend-therapist")
    record.opt_in()
    record.rest_for_today("not okay")
    state = record.state()
    assert state.intro_accepted and state.opted_in and state.screened == "recommend-therapist"
    assert state.resting is not None and state.resting[1] == "not okay"


def test_resting_ends_at_local_midnight():
    assert end_of_local_day(datetime(2026, 6, 1, 23, 59, tzinfo=ZONE)) == datetime(2026, 6, 2, tzinfo=ZONE)
    record = SafetyRecord(None, lambda: NOON)
    record.rest_for_today("ending rating 7/10")
    assert next_step(SHORT, record.state()) == "resting"
    record.wall_clock = lambda: datetime(2026, 6, 2, 0, 0, 1, tzinfo=ZONE)
    assert record.state().resting is None
