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
# Urge surfing: how strong an urge is now (the DBT diary's 0-5) and which way it is going.
URGE_MAX = 5
WAVE_VALUES = ("rising", "steady", "easing")
NAME_LIMIT = 60  # characters of a part's or a resource's name, in the person's own words
TRACK_KINDS = ("urge", "acted", "skills")  # what a homework target asks: 0-5, yes/no, or a list


@dataclass(frozen=True)
class Part:
    """A part of the person noticed here (IFS): the name they chose, and the room around it (0-10)."""

    name: str
    room: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip() or len(self.name) > NAME_LIMIT:
            raise ValueError(f"a part's name is 1 to {NAME_LIMIT} characters, not {self.name!r}")
        _check_rating("room", self.room, 10)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "room": self.room}


@dataclass(frozen=True)
class Tracked:
    """The answer about one target the therapist named in the homework (``track:``)."""

    target: str  # the target's name, as the homework writes it
    kind: str  # one of TRACK_KINDS
    value: int | bool | tuple[str, ...]  # 0-5 for "urge", yes/no for "acted", the skills used

    def __post_init__(self) -> None:
        if not isinstance(self.target, str) or not self.target.strip() or len(self.target) > NAME_LIMIT:
            raise ValueError(f"a target's name is 1 to {NAME_LIMIT} characters, not {self.target!r}")
        if self.kind not in TRACK_KINDS:
            raise ValueError(f"a target asks one of {', '.join(TRACK_KINDS)}, not {self.kind!r}")
        if self.kind == "urge":
            _check_rating(self.target, self.value, URGE_MAX)
        elif self.kind == "acted" and not isinstance(self.value, bool):
            raise ValueError(f"{self.target} is yes or no, not {self.value!r}")
        elif self.kind == "skills" and not (
            isinstance(self.value, tuple) and all(isinstance(v, str) for v in self.value)
        ):
            raise ValueError(f"{self.target} is a list of skills, not {self.value!r}")

    def as_dict(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"target": self.target, "kind": self.kind, "value": value}


def _check_rating(name: str, value: object, top: int) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top):
        raise ValueError(f"{name} is a whole number from 0 to {top}, not {value!r}")


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
    urge: int | None = None  # urge surfing: the urge's strength now, 0-5
    wave: str | None = None  # ...and which way it is going: one of WAVE_VALUES
    part: Part | None = None  # a part noticed here, in the person's own words
    resource: str | None = None  # the resource, in the person's own words ("my dog")
    tracked: tuple[Tracked, ...] = ()  # the homework's targets, by name
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
        _check_rating("urge", self.urge, URGE_MAX)
        if self.wave is not None and self.wave not in WAVE_VALUES:
            raise ValueError(f"wave is one of {', '.join(WAVE_VALUES)}, not {self.wave!r}")
        if self.resource is not None and (
            not isinstance(self.resource, str) or not self.resource.strip() or len(self.resource) > NAME_LIMIT
        ):
            raise ValueError(f"a resource's name is 1 to {NAME_LIMIT} characters, not {self.resource!r}")
        if self.part is not None and not isinstance(self.part, Part):
            raise ValueError(f"part is a Part (a name and the room around it), not {self.part!r}")
        if not isinstance(self.tracked, tuple) or not all(isinstance(t, Tracked) for t in self.tracked):
            raise ValueError(f"tracked is a tuple of answers about the homework's targets, not {self.tracked!r}")
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
            if item.name == "tracked":
                value = [answer.as_dict() for answer in value]
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Diary | Part):
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
        if isinstance(values.get("part"), Mapping):
            values["part"] = Part(values["part"].get("name", ""), values["part"].get("room"))
        if "tracked" in values:
            values["tracked"] = tuple(
                Tracked(t["target"], t["kind"], tuple(t["value"]) if isinstance(t["value"], list) else t["value"])
                for t in values["tracked"]
            )
        return cls(**values)
