"""What the catalogue reads from the session log: the store seen through the two questions it asks.

The store sits beside the catalogue in the layers (neither imports the other), so the catalogue
names the shape it needs; :class:`pendulate.store.store.Store` has it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol


class PractisedSession(Protocol):
    """A logged session, as far as this week's count needs it."""

    @property
    def homework_id(self) -> str | None: ...

    @property
    def rehearsal(self) -> bool: ...  # a run at a faster speed: never counted as practice


class RecentSession(Protocol):
    """One of a script's last sessions, as R4 progression reads it."""

    @property
    def completed(self) -> bool: ...

    @property
    def peak_suds(self) -> int | None: ...

    @property
    def zone_below(self) -> bool: ...

    @property
    def zone_above(self) -> bool: ...

    @property
    def zone_within(self) -> bool: ...

    @property
    def params(self) -> dict[str, Any]: ...  # the recorded parameters, as JSON data


class SessionLog(Protocol):
    def history(
        self,
        limit: int | None = None,
        since: date | None = None,
        until: date | None = None,
        script_id: str | None = None,
    ) -> Sequence[PractisedSession]: ...

    def recent_for_script(self, script_id: str, n: int) -> Sequence[RecentSession]: ...
