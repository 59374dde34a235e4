"""The validated form of a homework file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pendulate.script.model import Script


@dataclass(frozen=True)
class Therapist:
    name: str
    contact: str = ""


@dataclass(frozen=True)
class Schedule:
    times_per_week: int | None = None
    start: date | None = None  # written "from" in the file
    until: date | None = None

    def covers(self, day: date) -> bool:
        """True when ``day`` falls inside the date range (an open end covers everything)."""
        return (self.start is None or day >= self.start) and (self.until is None or day <= self.until)

    def describe(self) -> str:
        """A short, neutral phrase such as "3 times a week, 6 Jan – 2 Mar 2025"."""
        parts = []
        if self.times_per_week:
            parts.append("once a week" if self.times_per_week == 1 else f"{self.times_per_week} times a week")
        if self.start and self.until:
            parts.append(f"{self.start:%-d %b} – {self.until:%-d %b %Y}")
        elif self.start:
            parts.append(f"from {self.start:%-d %b %Y}")
        elif self.until:
            parts.append(f"until {self.until:%-d %b %Y}")
        return ", ".join(parts) or "whenever it suits you"


@dataclass(frozen=True)
class AssignedScript:
    """One item of ``assigned``: the script (already loaded), overrides and schedule."""

    ref: str  # as written: a built-in id or a relative path
    script: Script
    overrides: dict[str, Any] = field(default_factory=dict)
    schedule: Schedule = Schedule()
    source_file: Path | None = None  # the script file when ``ref`` is a path


@dataclass(frozen=True)
class Target:
    """Something this person works on, named by their therapist (``track:``), asked by name in
    the scripts' ``diary`` check-in."""

    name: str  # "urge to self-harm", "skills used"
    kind: str  # "urge" (0-5), "acted" (yes/no) or "skills" (which of ``skills`` were used)
    skills: tuple[str, ...] = ()  # for "skills": the list the person picks from


@dataclass(frozen=True)
class Homework:
    id: str
    therapist: Therapist
    assigned: tuple[AssignedScript, ...]
    client: str = ""
    note: str = ""
    path: Path | None = None  # the homework file it was read from
    track: tuple[Target, ...] = ()  # what the diary check-in asks, by name


_KIND_WORDS = {"urge": "0-5", "acted": "yes/no"}


def describe_track(track: tuple[Target, ...]) -> str:
    """One line naming the targets, e.g. "urge to drink (0-5), acted on it (yes/no), skills used (3 skills)"."""
    words = []
    for target in track:
        kind = _KIND_WORDS.get(target.kind) or (
            "1 skill" if len(target.skills) == 1 else f"{len(target.skills)} skills"
        )
        words.append(f"{target.name} ({kind})")
    return ", ".join(words)
