"""JSON export: everything recorded, with ``schema_version`` so other tools can read it safely.

One session per line inside the ``sessions`` array keeps a lifetime export streamable and
still valid JSON. The layout is documented in docs/data-export.md.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone
from itertools import chain, groupby
from json.encoder import encode_basestring
from operator import itemgetter
from pathlib import Path
from typing import Any, TextIO

from pendulate import __version__
from pendulate.export.collect import ExportFilter, exported_adherence
from pendulate.export.named import named_fields, named_json
from pendulate.export.rows import (
    CANONICAL_UTC,
    N_SUMMARY,
    SessionHeader,
    SessionRows,
    Texts,
    header,
    joined_rows,
    session_rows,
    snapshot,
    utc_text,
)
from pendulate.homework.model import Homework
from pendulate.paths import write_private
from pendulate.store.queries import CHECKIN_COLUMNS, EVENT_COLUMNS, PHASE_COLUMNS, DetailRow, summary_from_row
from pendulate.store.store import Store

SCHEMA_VERSION = 1
FLUSH_SESSIONS = 200  # sessions per write (a few MB)
QUOTE = '"'


def _utc(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment is not None else None


PHASE_KEYS = (
    "index",
    "kind",
    "title",
    "origin",
    "planned_start_s",
    "planned_duration_s",
    "start_s",
    "end_s",
    "active_start_s",
    "active_end_s",
    "end_reason",
)  # queries.PHASE_COLUMNS after seq
CHECKIN_KEYS = (
    "number",
    "phase_index",
    "after_kind",
    "t_s",
    "active_s",
    "suds",
    "settling",
    "zone",
    "location",
    "quality",
    "valence",
    "note",
    "diary",
    "other_answers",
    "confirmed_utc",
    "waited_s",
)  # queries.CHECKIN_COLUMNS; then the named answers (``named.named_fields``)
EVENT_KEYS = ("t_s", "active_s", "type", "rule", "message", "data")  # queries.EVENT_COLUMNS after seq


def _checkin(row: tuple, include_notes: bool) -> dict[str, Any]:
    item = dict(zip(CHECKIN_KEYS, row, strict=False))
    diary, extra = row[12], row[13]
    item["diary"] = json.loads(diary) if diary else None
    item["other_answers"] = json.loads(extra) if extra else {}
    item["confirmed_utc"] = utc_text(row[14])
    if not include_notes:
        item["note"] = None
    item.update(named_fields(extra))
    return item


def _event(row: tuple) -> dict[str, Any]:
    item = dict(zip(EVENT_KEYS, row[1:], strict=False))
    item["data"] = json.loads(row[6]) if row[6] else {}
    return item


def _session_dict(row: tuple, include_notes: bool) -> dict[str, Any]:
    """A session's JSON-ready data without its phases, check-ins and events (which come last)."""
    s = summary_from_row(row[:N_SUMMARY])
    d = DetailRow(*row[N_SUMMARY:])
    return {
        "id": s.id,
        "script": {
            "id": s.script_id,
            "version": s.script_version,
            "content_hash": d.content_hash,
            "origin": d.script_origin,
        },
        "homework_id": s.homework_id,
        "params": json.loads(d.params_json) if d.params_json else {},
        "started_utc": utc_text(row[3]),
        "utc_offset_min": s.utc_offset_min,
        "started_local": s.started_local.isoformat(),
        "ended_utc": utc_text(d.ended_utc),
        "status": s.status,
        # A run at a faster speed, to try a script out: not practice. Its times are real seconds.
        "rehearsal": s.rehearsal,
        "speed": s.speed,
        "end": {"phase_index": d.end_phase_index, "phase_kind": d.end_phase_kind, "reason": d.end_reason},
        "planned_total_s": d.planned_total_s,
        "active_s": s.duration_s,
        "elapsed_s": d.elapsed_s,
        "summary": {
            "pre_suds": s.pre_suds,
            "peak_suds": s.peak_suds,
            "end_suds": s.end_suds,
            "checkin_count": s.checkin_count,
            "recovery_s": d.recovery_s,
            "tolerated_activation_s": d.tolerated_activation_s,
        },
        "note": d.note if include_notes else None,
    }


def session_to_json(rows: SessionRows, include_notes: bool = True) -> dict[str, Any]:
    """One session as plain JSON-ready data, built from its rows (no record objects in between)."""
    return {
        **_session_dict(rows.session, include_notes),
        "phases": [dict(zip(PHASE_KEYS, p[1:], strict=False)) for p in rows.phases],
        "checkins": [_checkin(c, include_notes) for c in rows.checkins],
        "events": [_event(e) for e in rows.events],
    }


def _head(
    filt: ExportFilter, headers: list[SessionHeader], homework: Sequence[Homework], now: datetime | None = None
) -> str:
    """The file up to the opening of the ``sessions`` array (with what needs every session, from ``headers``)."""
    header = {
        "schema_version": SCHEMA_VERSION,
        "generator": f"pendulate {__version__}",
        "exported_utc": _utc(now or datetime.now(UTC)),
        "filters": {
            "since": filt.since.isoformat() if filt.since else None,
            "until": filt.until.isoformat() if filt.until else None,
            "script_id": filt.script_id,
            "notes_included": filt.include_notes,
        },
        # Sessions per week of each imported homework's schedule, beside the number suggested.
        "adherence": [item.as_dict() for item in exported_adherence(headers, homework)],
    }
    return json.dumps(header, indent=2, ensure_ascii=False)[:-2] + ',\n  "sessions": ['


def write_json(
    headers: list[SessionHeader],
    sessions: Iterable[SessionRows],
    filt: ExportFilter,
    handle: TextIO,
    now: datetime | None = None,
    homework: Sequence[Homework] = (),
) -> None:
    """The header, then one line per session: the reference way, from rows as stored.

    :func:`export_json` writes the same bytes faster (``_write_fast``, compared in the tests).
    """
    handle.write(_head(filt, headers, homework, now))
    for i, session in enumerate(sessions):
        text = json.dumps(session_to_json(session, filt.include_notes), ensure_ascii=False)
        handle.write(("\n    " if i == 0 else ",\n    ") + text)
    handle.write("\n  ]\n}\n")


def _json_scalar(value: Any) -> str:
    """One value as ``json.dumps(..., ensure_ascii=False)`` writes it, the usual ones the quick way."""
    kind = value.__class__
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is float and value - value == 0.0:  # finite: json writes float.__repr__
        return float.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


def _json_document(text: str | None) -> str:
    """A stored JSON document as the export writes it inside a session (``diary``)."""
    return json.dumps(json.loads(text), ensure_ascii=False) if text else "null"


def _json_object(text: str | None) -> str:
    """A stored JSON object, ``{}`` when empty (``other_answers``, an event's ``data``)."""
    return json.dumps(json.loads(text), ensure_ascii=False) if text else "{}"


class _Items:
    """Each session's phases, check-ins and events as JSON text, read in the sessions' order.

    Every value goes through ``_json_scalar`` (json.dumps' own text for it), remembered per
    kind of column (``Texts``): the same few words, kinds and whole seconds come back again and
    again, and a look-up costs a fraction of formatting.
    """

    def __init__(self, conn: sqlite3.Connection, filt: ExportFilter):
        where = filt.where("s")
        self.include_notes = filt.include_notes
        self.ints, self.reals, self.texts = Texts(_json_scalar), Texts(_json_scalar), Texts(_json_scalar)
        self.documents, self.objects, self.named = Texts(_json_document), Texts(_json_object), Texts(named_json)
        self.streams = [
            self._phases(joined_rows(conn, "phases", _columns(PHASE_COLUMNS), "seq", *where)),
            self._checkins(joined_rows(conn, "checkins", _columns(CHECKIN_COLUMNS), "idx", *where)),
            self._events(joined_rows(conn, "events", _columns(EVENT_COLUMNS), "seq", *where)),
        ]
        self.pending = [next(stream, None) for stream in self.streams]

    def _phases(self, batches: Iterator[list[tuple]]) -> Iterator[tuple[int, list[str]]]:
        i, r, t = self.ints, self.reals, self.texts
        for sid, rows in groupby(chain.from_iterable(batches), itemgetter(0)):
            yield (
                sid,
                [
                    f'{{"index": {i[index]}, "kind": {t[kind]}, "title": {t[title]}, "origin": {t[origin]}, '
                    f'"planned_start_s": {r[start]}, "planned_duration_s": {r[length]}, "start_s": {r[s0]}, '
                    f'"end_s": {r[s1]}, "active_start_s": {r[a0]}, "active_end_s": {r[a1]}, "end_reason": {t[reason]}}}'
                    for _, _, index, kind, title, origin, start, length, s0, s1, a0, a1, reason in rows
                ],
            )

    def _checkins(self, batches: Iterator[list[tuple]]) -> Iterator[tuple[int, list[str]]]:
        i, r, t, documents, objects, named = self.ints, self.reals, self.texts, self.documents, self.objects, self.named
        canonical, notes = CANONICAL_UTC.fullmatch, self.include_notes
        for sid, rows in groupby(chain.from_iterable(batches), itemgetter(0)):
            yield (
                sid,
                [
                    f'{{"number": {i[number]}, "phase_index": {i[phase]}, "after_kind": {t[after]}, "t_s": {r[t_s]}, '
                    f'"active_s": {r[active_s]}, "suds": {i[suds]}, "settling": {i[settling]}, "zone": {t[zone]}, '
                    f'"location": {t[location]}, "quality": {t[quality]}, "valence": {t[valence]}, '
                    f'"note": {"null" if note is None or not notes else _json_scalar(note)}, '
                    f'"diary": {documents[diary]}, '
                    f'"other_answers": {objects[extra]}, "confirmed_utc": '
                    f"{QUOTE + stamp + QUOTE if canonical(stamp) else _json_scalar(utc_text(stamp))}, "
                    f'"waited_s": {r[waited]}{named[extra]}}}'
                    for (
                        _,
                        number,
                        phase,
                        after,
                        t_s,
                        active_s,
                        suds,
                        settling,
                        zone,
                        location,
                        quality,
                        valence,
                        note,
                        diary,
                        extra,
                        stamp,
                        waited,
                    ) in rows
                ],
            )

    def _events(self, batches: Iterator[list[tuple]]) -> Iterator[tuple[int, list[str]]]:
        r, t, objects = self.reals, self.texts, self.objects
        for sid, rows in groupby(chain.from_iterable(batches), itemgetter(0)):
            yield (
                sid,
                [
                    f'{{"t_s": {r[t_s]}, "active_s": {r[active_s]}, "type": {t[kind]}, "rule": {t[rule]}, '
                    f'"message": {t[message]}, "data": {objects[data]}}}'
                    for _, _, t_s, active_s, kind, rule, message, data in rows
                ],
            )

    def of(self, sid: int) -> tuple[list[str], list[str], list[str]]:
        """The session's phases, check-ins and events as JSON text."""
        out: list[list[str]] = []
        for k, stream in enumerate(self.streams):
            items: list[str] = []
            while (group := self.pending[k]) is not None and group[0] == sid:
                items += group[1]
                self.pending[k] = next(stream, None)
            out.append(items)
        return out[0], out[1], out[2]


def _columns(columns: str) -> str:
    return "c.session_id, " + ", ".join("c." + name.strip() for name in columns.split(","))


def _session_text(row: tuple, include_notes: bool, objects: Texts, zones: dict[int, timezone]) -> str:
    """``json.dumps(_session_dict(row, include_notes))`` without its closing brace, value by value."""
    j = _json_scalar
    (sid, script_id, version, started, offset, status, active, pre, peak, end, count, homework, rehearsal, speed) = row[
        :N_SUMMARY
    ]
    (
        content_hash,
        origin,
        params,
        ended,
        end_index,
        end_kind,
        end_reason,
        planned,
        elapsed,
        note,
        recovery,
        tolerated,
    ) = row[N_SUMMARY:]
    zone = zones.get(offset) or zones.setdefault(offset, timezone(timedelta(minutes=offset)))
    local = datetime.fromisoformat(started).astimezone(zone).isoformat()
    return (
        f'{{"id": {j(sid)}, "script": {{"id": {j(script_id)}, "version": {j(version)}, '
        f'"content_hash": {j(content_hash)}, "origin": {j(origin)}}}, "homework_id": {j(homework)}, '
        f'"params": {objects[params]}, "started_utc": {j(utc_text(started))}, "utc_offset_min": {j(offset)}, '
        f'"started_local": {j(local)}, "ended_utc": {j(utc_text(ended))}, "status": {j(status)}, '
        f'"rehearsal": {"true" if rehearsal else "false"}, "speed": {j(speed)}, '
        f'"end": {{"phase_index": {j(end_index)}, "phase_kind": {j(end_kind)}, "reason": {j(end_reason)}}}, '
        f'"planned_total_s": {j(planned)}, '
        f'"active_s": {j(active)}, "elapsed_s": {j(elapsed)}, "summary": {{"pre_suds": {j(pre)}, '
        f'"peak_suds": {j(peak)}, "end_suds": {j(end)}, "checkin_count": {j(count)}, "recovery_s": {j(recovery)}, '
        f'"tolerated_activation_s": {j(tolerated)}}}, "note": {j(note) if include_notes else "null"}'
    )


def _write_fast(conn: sqlite3.Connection, filt: ExportFilter, handle: TextIO, homework: Sequence[Homework]) -> None:
    """The JSON export, the bytes of ``write_json`` faster: items as text from SQLite (``_Items``)."""
    found = session_rows(conn, *filt.where())
    # Only adherence needs every session's header, and there is none without homework.
    handle.write(_head(filt, [header(r) for r in found] if homework else [], homework))
    include_notes = filt.include_notes
    items = _Items(conn, filt)
    zones: dict[int, timezone] = {}
    out: list[str] = []
    for i, row in enumerate(found):
        phases, checkins, events = items.of(row[0])
        text = (
            f'{_session_text(row, include_notes, items.objects, zones)}, "phases": [{", ".join(phases)}], '
            f'"checkins": [{", ".join(checkins)}], "events": [{", ".join(events)}]}}'
        )
        out.append(("\n    " if i == 0 else ",\n    ") + text)
        if len(out) >= FLUSH_SESSIONS:
            handle.write("".join(out))
            out = []
    handle.write("".join(out) + "\n  ]\n}\n")


def export_json(
    store: Store, path: Path, filt: ExportFilter = ExportFilter(), homework: Sequence[Homework] = ()
) -> Path:
    """Write the JSON export of the sessions ``filt`` selects to ``path`` (mode 0600)."""

    def _write(handle: TextIO) -> None:
        def _read(conn: sqlite3.Connection) -> None:
            _write_fast(conn, filt, handle, homework)

        store.read(snapshot(_read))

    return write_private(path, _write)
