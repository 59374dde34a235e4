"""The named answers of a check-in (urge, wave, part, resource, the homework's targets), for the exports.

They are stored whole in the check-in's ``extra_json`` (see :mod:`pendulate.store.checkin_fields`)
and kept there, under ``other_answers``, as before; the exports also give each its own CSV
column and JSON field, so a spreadsheet or a script reads them without parsing JSON. Nothing is
interpreted: the person's words and ratings come out as given.

A log of a lifetime has hundreds of thousands of check-ins, nearly all without these answers;
the writers call in here only for a check-in that has an ``extra_json`` at all, and remember
each distinct text's result (:class:`pendulate.export.rows.Texts`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from pendulate.homework.model import Homework
from pendulate.store.checkin_fields import LIST_SEPARATOR

NAMED_COLUMNS = ("urge", "wave", "part", "part_room", "resource")
TARGET_PREFIX = "target: "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _answers(extra: str | None) -> dict[str, Any]:
    value = json.loads(extra) if extra else None
    return value if isinstance(value, dict) else {}


def tracked_values(answers: dict[str, Any]) -> dict[str, Any]:
    """``{target name: value}`` from a check-in's recorded ``tracked`` list (the first answer per name)."""
    out: dict[str, Any] = {}
    for item in answers.get("tracked") or ():
        if isinstance(item, dict) and isinstance(item.get("target"), str):
            out.setdefault(item["target"], item.get("value"))
    return out


def _part(answers: dict[str, Any]) -> dict[str, Any] | None:
    part = answers.get("part")
    if not isinstance(part, dict):
        return None
    return {"name": part.get("name"), "room": part.get("room")}


def named_fields(extra: str | None) -> dict[str, Any]:
    """The JSON export's named fields of one check-in, every one present (null or {} when not given)."""
    answers = _answers(extra)
    return {
        "urge": answers.get("urge"),
        "wave": answers.get("wave"),
        "part": _part(answers),
        "resource": answers.get("resource"),
        "tracked": tracked_values(answers),
    }


def named_json(extra: str | None) -> str:
    """``named_fields`` as the text the JSON export writes after a check-in's other keys (", " first)."""
    return "".join(
        f", {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in named_fields(extra).items()
    )


def _safe(value: object) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(round(value, 2)) if isinstance(value, float) else _safe(value)


def _tracked_cell(value: object) -> str:
    if isinstance(value, list):
        return _safe(LIST_SEPARATOR.join(str(v) for v in value)) if value else "none"
    return _number(value)


def named_cells(extra: str | None, targets: Sequence[str]) -> list[str]:
    """The CSV cells of :data:`NAMED_COLUMNS`, then one per target name, for one check-in."""
    answers = _answers(extra)
    part = _part(answers) or {}
    tracked = tracked_values(answers)
    return [
        _number(answers.get("urge")),
        _safe(answers.get("wave")),
        _safe(part.get("name")),
        _number(part.get("room")),
        _safe(answers.get("resource")),
        *(_tracked_cell(tracked[name]) if name in tracked else "" for name in targets),
    ]


def target_names(conn: sqlite3.Connection, homework: Sequence[Homework], where: str, args: list) -> list[str]:
    """The CSV's target columns: the handed-in homework's targets in their order, then any other
    target answered in the selected check-ins (a homework removed since), in the order first met."""
    names = list(dict.fromkeys(target.name for item in homework for target in item.track))
    rows = conn.execute(
        f"SELECT c.extra_json FROM sessions s JOIN checkins c ON c.session_id = s.id {where} "
        f"{'AND' if where else 'WHERE'} c.extra_json LIKE '%\"tracked\"%' ORDER BY s.started_utc, s.id, c.idx",
        args,
    )
    seen = set(names)
    for (extra,) in rows:
        for name in tracked_values(_answers(extra)):
            if name not in seen:
                seen.add(name)
                names.append(name)
    return names
