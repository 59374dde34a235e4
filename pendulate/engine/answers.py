"""A confirmed check-in's answers, as one frozen value from the check-in screen to the log.

Only what the person gave is set: a question they skipped stays ``None`` (or an empty tuple
for the mark-any lists), and :meth:`CheckinAnswers.as_dict` leaves it out, so the log never
holds an answer nobody gave.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

ZONE_VALUES = ("below", "within", "above")
NOTE_LIMIT = 2000  # characters a check-in's note holds (the note field stops there and says so)
VALENCE_VALUES = ("pleasant", "neutral", "unpleasant")
NOT_ANSWERS = frozenset({"waited"})  # what the screen measured, kept beside the answers


@dataclass(frozen=True)
class Diary:
    """The urge diary: how strong an urge was (0–5) and whether it was acted on."""

    urge: int | None = None
    acted: bool | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"urge": self.urge, "acted": self.acted}


@dataclass(frozen=True)
class CheckinAnswers:
    suds: int | None = None  # intensity, 0–10
    settling: int | None = None  # how settled, 0–10
    zone: str | None = None  # window of tolerance: one of ZONE_VALUES
    okay: bool | None = None  # "okay for now?"
    valence: str | None = None  # one of VALENCE_VALUES
    location: tuple[str, ...] = ()  # body regions marked
    quality: tuple[str, ...] = ()  # sensation words marked
    discharge: tuple[str, ...] = ()  # discharge signs marked
    diary: Diary | None = None
    note: str | None = None
    # Seconds from the check-in coming up to the person's first key (the app's clock, so a
    # rehearsal's are its own); None when not measured. Not an answer: as_dict leaves it out,
    # and two check-ins with the same answers are equal however long each waited.
    waited: float | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        for name in ("suds", "settling"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10):
                raise ValueError(f"{name} is a whole number from 0 to 10, not {value!r}")
        if self.zone is not None and self.zone not in ZONE_VALUES:
            raise ValueError(f"zone is one of {', '.join(ZONE_VALUES)}, not {self.zone!r}")
        if self.valence is not None and self.valence not in VALENCE_VALUES:
            raise ValueError(f"valence is one of {', '.join(VALENCE_VALUES)}, not {self.valence!r}")
        if self.okay is not None and not isinstance(self.okay, bool):
            raise ValueError(f"okay is yes or no, not {self.okay!r}")
        if self.waited is not None and (isinstance(self.waited, bool) or not self.waited >= 0):
            raise ValueError(f"waited is a number of seconds, not {self.waited!r}")

    @property
    def empty(self) -> bool:
        """Nothing was answered (the screen then skips the check-in instead of saving it)."""
        return not self.as_dict()

    def as_dict(self) -> dict[str, Any]:
        """The recorded form: scale -> value for the questions answered, lists for the marks."""
        out: dict[str, Any] = {}
        for item in fields(self):
            if item.name in NOT_ANSWERS:
                continue
            value = getattr(self, item.name)
            if value is None or value == ():
                continue
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Diary):
                value = value.as_dict()
            out[item.name] = value
        return out

    @classmethod
    def from_mapping(cls, answers: Mapping[str, Any]) -> CheckinAnswers:
        """Read the recorded form back (the inverse of :meth:`as_dict`); unknown names are refused."""
        known = {item.name for item in fields(cls)} - NOT_ANSWERS
        unknown = sorted(set(answers) - known)
        if unknown:
            raise ValueError(f"no such check-in question: {', '.join(unknown)}")
        values: dict[str, Any] = dict(answers)
        for name in ("location", "quality", "discharge"):
            if name in values:
                values[name] = tuple(values[name])
        if isinstance(values.get("diary"), Mapping):
            values["diary"] = Diary(values["diary"].get("urge"), values["diary"].get("acted"))
        return cls(**values)
