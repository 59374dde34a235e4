"""The local practice log: SQLite on this machine only, written as the session happens.

Public entry points: :class:`Store` (open, history, detail, trends, state), :class:`SessionRecorder`
(feed it engine events), :class:`StoreError` and :func:`set_aside_corrupt`. Nothing here imports a
UI or audio library, and nothing here talks to a network.
"""

import importlib
from typing import Any

# Names are imported on first use, so a command that needs only a little of the store (or a
# module such as ``pendulate.store.db``) does not pay for all of it at start-up.
_HOMES = {
    "StoreError": "db",
    "set_aside_corrupt": "db",
    "CheckinRecord": "queries",
    "EventRecord": "queries",
    "PhaseRecord": "queries",
    "RecentSession": "queries",
    "SessionDetail": "queries",
    "SessionSummary": "queries",
    "PartAppearance": "personal",
    "ResourceRecovery": "personal",
    "SessionRecorder": "recorder",
    "Store": "store",
    "PracticeDay": "trends",
    "SessionTrend": "trends",
    "TrackedAnswer": "personal",
    "Trends": "trends",
    "WeekTotal": "trends",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'pendulate.store' has no attribute {name!r}")
    return getattr(importlib.import_module(f"pendulate.store.{home}"), name)


__all__ = [
    "CheckinRecord",
    "EventRecord",
    "PartAppearance",
    "PhaseRecord",
    "PracticeDay",
    "RecentSession",
    "ResourceRecovery",
    "SessionDetail",
    "SessionRecorder",
    "SessionSummary",
    "SessionTrend",
    "Store",
    "StoreError",
    "TrackedAnswer",
    "Trends",
    "WeekTotal",
    "set_aside_corrupt",
]
