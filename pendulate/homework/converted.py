"""What :meth:`HomeworkConverter.values` gives back for each table of :mod:`pendulate.homework.fields`.

As for scripts (:mod:`pendulate.script.converted`): a key's ``type`` fixes the Python type its
converter returns, and every key is optional because an absent or invalid one is left out.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import NamedTuple, TypedDict

from pendulate.homework.model import AssignedScript, Schedule, Target, Therapist
from pendulate.script.converted import ParamValues
from pendulate.script.model import Script
from pendulate.script.yamlnodes import YMap


class ScriptRef(NamedTuple):
    """An assigned script as written (``ref``), loaded, and its file when it is not a built-in."""

    ref: str
    script: Script
    source: Path | None


class Overrides(NamedTuple):
    """A therapist's parameter overrides, and the group they were written in (for messages)."""

    values: ParamValues
    node: YMap


class HomeworkValues(TypedDict, total=False):
    format: int
    id: str
    therapist: Therapist
    client: str
    note: str
    assigned: tuple[AssignedScript, ...]
    track: tuple[Target, ...]


class TargetValues(TypedDict, total=False):
    name: str
    kind: str
    skills: tuple[str, ...]


class TherapistValues(TypedDict, total=False):
    name: str
    contact: str


class AssignedValues(TypedDict, total=False):
    script: ScriptRef
    params: Overrides
    schedule: Schedule


# "from" is a Python keyword, hence the functional form.
ScheduleValues = TypedDict("ScheduleValues", {"times_per_week": int, "from": date, "until": date}, total=False)
