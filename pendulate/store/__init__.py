"""The local practice log: SQLite on this machine only, written as the session happens.

Public entry points: :class:`Store` (open, history, detail, trends, state), :class:`SessionRecorder`
(feed it engine events), :class:`StoreError` and :func:`set_aside_corrupt`. Nothing here imports a
UI or audio library, and nothing here talks to a network.
"""

from pendulate.store.db import StoreError, set_aside_corrupt
from pendulate.store.queries import CheckinRecord, EventRecord, PhaseRecord, RecentSession, SessionDetail, SessionSummary
from pendulate.store.recorder import SessionRecorder
from pendulate.store.store import Store
from pendulate.store.trends import PracticeDay, SessionTrend, Trends, WeekTotal

__all__ = [
    "CheckinRecord",
    "EventRecord",
    "PhaseRecord",
    "PracticeDay",
    "RecentSession",
    "SessionDetail",
    "SessionRecorder",
    "SessionSummary",
    "SessionTrend",
    "Store",
    "StoreError",
    "Trends",
    "WeekTotal",
    "set_aside_corrupt",
]
