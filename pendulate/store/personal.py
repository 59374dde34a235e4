"""The person's own words in the log: the resources and parts they named, and what went with them.

Names live in the check-ins' ``extra_json`` (``resource``: a few words; ``part``: ``{name,
room}``; see :mod:`pendulate.store.checkin_fields`), so no table of their own is needed. Nothing
here interprets a name: each comes back as the person last wrote it, and two spellings that
differ only in capitals or surrounding spaces are one name.

Only practice counts: a rehearsal (a run on a faster clock, often someone trying a script out)
is left out, so a word typed while previewing is never offered back as the person's own.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
from dataclasses import dataclass
from datetime import date

from pendulate.store.checkin_fields import LIST_SEPARATOR
from pendulate.store.queries import session_filter

DEFAULT_LIMIT = 8
MEMO_LIMIT = 1 << 14
# Cheap text filters before JSON is parsed: most check-ins have no extra answers at all.
_HAS = {"resource": '%"resource"%', "part": '%"part"%'}
_PATH = {"resource": "$.resource", "part": "$.part.name"}


def _get(column: str, path: str) -> str:
    """SQL for one value of a stored JSON document, NULL when the document is not valid JSON."""
    return f"(CASE WHEN json_valid({column}) THEN json_extract({column}, '{path}') END)"


@dataclass(frozen=True)
class ResourceRecovery:
    """A resource the person named, and the recovery of the practice sessions it was named in."""

    name: str  # as last written
    sessions: int  # practice sessions it was named in that have a recovery figure
    median_recovery_s: float  # the median of those sessions' recovery (seconds for settling to come back)


@dataclass(frozen=True)
class PartAppearance:
    """One check-in where the person named a part, with what the same check-in said."""

    day: date  # the session's local calendar day
    session_id: int
    checkin_number: int  # 0-based within the session
    name: str  # as written in that check-in
    room: int | None  # how much room around it, 0-10
    urge: int | None  # the urge 0-5 in the same check-in (or the diary's urge when the diary asked it)
    location: tuple[str, ...]  # the body locations marked in the same check-in


def _names(conn: sqlite3.Connection, what: str, limit: int, rehearsals: bool) -> list[str]:
    """Distinct names, newest first: read backwards through the log, stopping at ``limit``.

    Sessions are numbered as they start, so the log read backwards is the most recent first;
    the read stops once ``limit`` names are found (a few milliseconds in a lifetime's log).
    """
    value = _get("c.extra_json", _PATH[what])
    cursor = conn.execute(
        f"SELECT {value} FROM sessions s JOIN checkins c ON c.session_id = s.id "
        f"WHERE c.extra_json LIKE ? {'' if rehearsals else 'AND s.rehearsal = 0'} ORDER BY s.id DESC, c.idx DESC",
        (_HAS[what],),
    )
    found: dict[str, str] = {}
    while len(found) < limit and (batch := cursor.fetchmany(256)):
        for (name,) in batch:
            if isinstance(name, str) and name.strip():
                found.setdefault(name.strip().casefold(), name.strip())
                if len(found) >= limit:
                    break
    cursor.close()
    return list(found.values())


def own_resources(conn: sqlite3.Connection, limit: int = DEFAULT_LIMIT, rehearsals: bool = False) -> list[str]:
    """The resources the person named, most recently named first, each once."""
    return _names(conn, "resource", limit, rehearsals)


def own_parts(conn: sqlite3.Connection, limit: int = DEFAULT_LIMIT, rehearsals: bool = False) -> list[str]:
    """The parts the person named, most recently named first, each once."""
    return _names(conn, "part", limit, rehearsals)


def _rating(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class TrackedAnswer:
    """One answer about a homework target (``track:``), in a practice check-in."""

    day: date  # the session's local calendar day
    session_id: int
    checkin_number: int
    target: str  # the target's name, as the homework wrote it
    kind: str  # urge (0-5), acted (yes/no) or skills (the skills marked)
    value: int | bool | tuple[str, ...]


def _tracked_value(kind: object, value: object) -> int | bool | tuple[str, ...] | None:
    if kind == "urge":
        return _rating(value)
    if kind == "acted":
        return value if isinstance(value, bool) else None
    if kind == "skills" and isinstance(value, list):
        return tuple(str(v) for v in value)
    return None


@dataclass(frozen=True)
class Named:
    """What the practice check-ins of a range named, read in one pass (for the report)."""

    tracked: list[TrackedAnswer]  # oldest first
    parts: list[PartAppearance]  # oldest first
    resources: list[ResourceRecovery]  # shortest median recovery first


def _object(text: str | None) -> dict:
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _tracked(day: date, sid: int, idx: int, items: object) -> list[TrackedAnswer]:
    out: list[TrackedAnswer] = []
    seen: set[str] = set()
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict) or not isinstance(item.get("target"), str) or item["target"] in seen:
            continue
        value = _tracked_value(item.get("kind"), item.get("value"))
        if value is not None:
            seen.add(item["target"])
            out.append(TrackedAnswer(day, sid, idx, item["target"], item["kind"], value))
    return out


def _ranked(figures: dict[str, dict[int, float]], spelling: dict[str, str]) -> list[ResourceRecovery]:
    ranked = [
        ResourceRecovery(spelling[key], len(by_session), round(statistics.median(by_session.values()), 1))
        for key, by_session in figures.items()
    ]
    return sorted(ranked, key=lambda r: (r.median_recovery_s, -r.sessions, r.name.casefold()))


def named(
    conn: sqlite3.Connection, since: date | None = None, until: date | None = None, script_id: str | None = None
) -> Named:
    """The targets answered, the parts named and the resources ranked, in one read of the log.

    Only check-ins whose other answers mention a resource, a part or a target are handed to
    Python (a text test SQLite does on the stored JSON), so a log without them costs one scan.
    """
    where, args = session_filter(since, until, script_id, "s", rehearsal=False)
    rows = conn.execute(
        "SELECT s.local_day, s.id, c.idx, s.recovery_s, c.extra_json, c.diary_json, c.location "
        f"FROM sessions s JOIN checkins c ON c.session_id = s.id {where} "
        f"{'AND' if where else 'WHERE'} (c.extra_json LIKE ? OR c.extra_json LIKE ? OR c.extra_json LIKE ?) "
        "ORDER BY s.started_utc, s.id, c.idx",
        [*args, _HAS["resource"], _HAS["part"], '%"tracked"%'],
    )
    tracked: list[TrackedAnswer] = []
    parts: list[PartAppearance] = []
    figures: dict[str, dict[int, float]] = {}
    spelling: dict[str, str] = {}
    days: dict[str, date] = {}
    # The same answers come back again and again (a few names, a few ratings): each distinct
    # text is parsed once, up to a bound.
    parsed: dict[str, dict] = {}
    for day_text, sid, idx, recovery, extra, diary, location in rows:
        answers = parsed.get(extra)
        if answers is None:
            if len(parsed) >= MEMO_LIMIT:
                parsed.clear()
            answers = parsed[extra] = _object(extra)
        if not answers:
            continue
        day = days.get(day_text) or days.setdefault(day_text, date.fromisoformat(day_text))
        resource = answers.get("resource")
        if isinstance(resource, str) and resource.strip() and recovery is not None:
            folded = resource.strip().casefold()
            figures.setdefault(folded, {})[sid] = float(recovery)
            spelling[folded] = resource.strip()  # oldest first: the last one is the latest spelling
        part = answers.get("part")
        if isinstance(part, dict) and isinstance(part.get("name"), str) and part["name"].strip():
            urge = _rating(answers.get("urge"))
            if urge is None and diary:
                urge = _rating(_object(diary).get("urge"))
            spots = tuple(location.split(LIST_SEPARATOR)) if location else ()
            parts.append(PartAppearance(day, sid, idx, part["name"].strip(), _rating(part.get("room")), urge, spots))
        if "tracked" in answers:
            tracked += _tracked(day, sid, idx, answers["tracked"])
    return Named(tracked, parts, _ranked(figures, spelling))


def resources_by_recovery(
    conn: sqlite3.Connection, since: date | None = None, until: date | None = None, script_id: str | None = None
) -> list[ResourceRecovery]:
    """Each named resource with the median recovery of the practice sessions it was named in.

    A session counts once per resource however often it was named there, and only when the
    session has a recovery figure (``recovery_s``: settling came back after a touch). Shortest
    median first; ties by more sessions, then by name.
    """
    return named(conn, since, until, script_id).resources


def parts_over_time(
    conn: sqlite3.Connection, since: date | None = None, until: date | None = None, script_id: str | None = None
) -> list[PartAppearance]:
    """Every practice check-in that named a part, oldest first, with its urge and body locations."""
    return named(conn, since, until, script_id).parts


def tracked_over_time(
    conn: sqlite3.Connection, since: date | None = None, until: date | None = None, script_id: str | None = None
) -> list[TrackedAnswer]:
    """Every answer about a homework target in practice check-ins, oldest first."""
    return named(conn, since, until, script_id).tracked
