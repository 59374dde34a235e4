"""What an export contains: the filter, the preview shown before writing, and the bulk read.

The writers read rows a chunk of sessions at a time (:mod:`pendulate.export.rows`), so a
lifetime export stays quick and its memory bounded.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from pendulate.export import rows
from pendulate.export.rows import SessionHeader
from pendulate.export.words import plural
from pendulate.homework.adherence import Adherence, adherence
from pendulate.homework.model import Homework
from pendulate.store.queries import SessionDetail, session_filter
from pendulate.store.store import Store


@dataclass(frozen=True)
class ExportFilter:
    """Which sessions to export. Days are inclusive local calendar days."""

    since: date | None = None
    until: date | None = None
    script_id: str | None = None
    include_notes: bool = True

    def where(self, alias: str = "", rehearsal: bool | None = None) -> tuple[str, list]:
        """The SQL filter; ``rehearsal`` False keeps only practice, True only rehearsals."""
        return session_filter(self.since, self.until, self.script_id, alias, rehearsal)

    def selection(self) -> str:
        """The filter in words, e.g. "of the script body-pendulation from 2024-05-01"; empty for everything."""
        parts = [f"of the script {self.script_id}"] if self.script_id else []
        if self.since and self.until:
            parts.append(f"from {self.since} to {self.until}" if self.since != self.until else f"on {self.since}")
        elif self.since:
            parts.append(f"from {self.since}")
        elif self.until:
            parts.append(f"up to {self.until}")
        return " ".join(parts)


class NothingToExport(ValueError):
    """The selection matches no session: nothing was written. ``str()`` says so in a sentence."""


@dataclass(frozen=True)
class ExportPreview:
    sessions: int
    checkins: int
    first_day: date | None
    last_day: date | None
    include_notes: bool
    selection: str = ""  # the filter in words (ExportFilter.selection); empty for the whole log

    def describe(self) -> str:
        """A short plain summary to show before writing."""
        if not self.sessions:
            return self._none() + "; there is nothing to export."
        # A date prints as its ISO form: one day, or the first and last.
        span = f"{self.first_day}" if self.first_day == self.last_day else f"{self.first_day} to {self.last_day}"
        notes = "your notes are included" if self.include_notes else "your notes are left out"
        counts = f"{plural(self.sessions, 'session')} and {plural(self.checkins, 'check-in')}"
        return f"{counts}, {span}; {notes}."

    def nothing(self) -> str:
        """What to say when no session matched, after an export was asked for: no file was written."""
        return self._none() + ", so no file was written."

    def _none(self) -> str:
        if self.selection:
            return f"No sessions {self.selection} are in your log"
        return "There are no sessions in your log yet"


def preview(store: Store, filt: ExportFilter) -> ExportPreview:
    """Counts and the date range an export with ``filt`` would contain."""
    where, args = filt.where()

    def _run(conn: sqlite3.Connection) -> ExportPreview:
        count, checkins, first, last = conn.execute(
            f"SELECT count(*), coalesce(sum(checkin_count), 0), min(local_day), max(local_day) FROM sessions {where}",
            args,
        ).fetchone()
        return ExportPreview(
            count,
            checkins,
            date.fromisoformat(first) if first else None,
            date.fromisoformat(last) if last else None,
            filt.include_notes,
            filt.selection(),
        )

    return store.read(_run)


def without_notes(detail: SessionDetail) -> SessionDetail:
    """``detail`` with the session's and every check-in's note removed."""
    return replace(detail, note=None, checkins=tuple(replace(c, note=None) for c in detail.checkins))


def collect(store: Store, filt: ExportFilter, newest: int | None = None) -> list[SessionDetail]:
    """Every matching session in full, oldest first (or the ``newest`` few, newest first);
    notes removed when ``include_notes`` is off.

    This builds an object per phase, check-in and event: the writers stream rows instead
    (:mod:`pendulate.export.rows`); use this for a few sessions, not a lifetime.
    """
    where, args = filt.where()

    def _run(conn: sqlite3.Connection) -> list[SessionDetail]:
        return [rows.detail(r) for r in rows.with_children(conn, rows.session_rows(conn, where, args, newest))]

    details = store.read(rows.snapshot(_run))
    return details if filt.include_notes else [without_notes(d) for d in details]


def exported_adherence(
    headers: Sequence[SessionHeader], homework: Sequence[Homework], today: date | None = None
) -> list[Adherence]:
    """Adherence of the homework handed in, over the exported sessions.

    The exporters never read the homework folder themselves: whoever asks for an export hands
    in the imported homework (``homework.install.installed_homework()``), or none. Rehearsals
    are not practice and are left out of the count.
    """
    sessions = [
        (h.summary.started_local.date(), h.summary.script_id, h.summary.homework_id)
        for h in headers
        if not h.summary.rehearsal
    ]
    return adherence(homework, sessions, today or date.today())
