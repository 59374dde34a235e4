"""The validated, immutable form of a session script (format version 1)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1

PHASE_KINDS: tuple[str, ...] = (
    "orient",
    "ground",
    "resource",
    "activation",
    "return",
    "discharge",
    "contain",
    "sound",
    "bilateral",
)
# Kinds that settle rather than stir: a script's closing phase must be one of them (rule R6),
# and only they may be open-ended.
RESOURCE_KINDS: frozenset[str] = frozenset(
    {"resource", "return", "ground", "discharge", "contain", "sound", "bilateral"}
)

# "okay" is a yes/no ("are you okay for now?") asked at the end of grounding; "not okay"
# opens the crisis panel (rule R6).
SCALES: tuple[str, ...] = (
    "suds",
    "settling",
    "zone",
    "location",
    "quality",
    "note",
    "diary",
    "discharge",
    "okay",
    "urge",  # urge surfing: the urge's strength, 0-5
    "wave",  # ...rising, steady or easing
    "part",  # a part noticed here (IFS), optional, never interpreted
    "resource",  # the person names their resource in their own words
)
DEFAULT_SCALES: tuple[str, ...] = ("suds", "settling")
BODY_REGIONS: tuple[str, ...] = (
    "head",
    "face and jaw",
    "throat",
    "neck and shoulders",
    "chest",
    "heart area",
    "upper back",
    "belly",
    "lower back",
    "pelvis",
    "arms",
    "hands",
    "legs",
    "feet",
    "whole body",
    "can't find it",
)
QUALITY_WORDS: tuple[str, ...] = (
    "tight",
    "knotted",
    "fluttery",
    "tingly",
    "numb",
    "heavy",
    "warm",
    "icy",
    "hollow",
    "flowing",
    "calm",
)
DISCHARGE_SIGNS: tuple[str, ...] = ("sigh", "yawn", "trembling", "warmth", "tears", "gurgling", "none")

# Bundled cue names (files ``sounds/<name>.wav``).
CUE_NAMES: tuple[str, ...] = ("bowl", "low", "chime", "bell", "tick", "swell")
BREATH_CUE = "swell"  # the start of each in-breath in a breath phase, when breath sounds are on
CHECKIN_CUE = "chime"
CLOSING_CUE = "bell"
INTERVAL_CUE = "tick"


def default_cue(kind: str) -> str:
    """The cue that marks the start of a phase of ``kind`` when the script names none."""
    if kind == "activation":
        return "low"
    if kind == "checkin":
        return CHECKIN_CUE
    return "bowl"


@dataclass(frozen=True)
class Params:
    """Titration parameters; a therapist may override any of them per client."""

    threshold: int = 5  # SUDS above this during activation ends it (R1)
    touch_min: int = 10  # shortest activation, seconds
    touch_max: int = 30  # longest activation, seconds
    resource_ratio: float = 2.0  # resource time at least this many times activation time
    max_cycles: int = 6  # cap on activation cycles, also the cap for R4 progression
    step_pct: int = 25  # largest growth from one session to the next, percent (R4)
    crisis_level: int = 7  # an ending SUDS at or above this opens the crisis panel (R6)
    rise_over_first: int = 3  # a touch rated this much above the first rating counts as over (R1)
    shorten_factor: float = 0.5  # R1: the next touch is this fraction of the last one
    lengthen_factor: float = 1.5  # R1: the next resource is this many times longer
    max_extra_resource: int = 2  # R3: extra resource blocks before moving to closing
    max_closing_settle: int = 2  # R6: settle blocks added after a high ending, before contain
    step_seconds: int = 5  # R4: seconds added to each touch after two quiet sessions
    quiet_peak: int = 2  # R4: a session whose peak SUDS is at most this counts as quiet

    def as_dict(self) -> dict[str, float | int]:
        return {name: getattr(self, name) for name in PARAM_NAMES}


# In the order of the script format (and of pendulate.script.fields.PARAM_FIELDS).
PARAM_NAMES: tuple[str, ...] = tuple(f.name for f in dataclass_fields(Params))


def effective_params(script: Script, overrides: Mapping[str, Any] | None = None) -> Params:
    """Script defaults with a therapist's per-client overrides on top (unknown names are ignored)."""
    known = {k: v for k, v in (overrides or {}).items() if k in PARAM_NAMES}
    return replace(script.params, **known)


@dataclass(frozen=True)
class AudioSettings:
    cues: dict[str, str] = field(default_factory=dict)  # phase kind -> cue reference
    volume: int = 60  # 0-100
    interval: float | None = None  # seconds between soft ticks inside long phases; None = off
    reminders: int = 1  # eyes-closed check-ins: rounds of gentle reminders when one stays quiet


@dataclass(frozen=True)
class Prompt:
    at: float  # seconds from the start of the phase
    text: str


@dataclass(frozen=True)
class CheckinSpec:
    scales: tuple[str, ...] = DEFAULT_SCALES
    title: str = ""


@dataclass(frozen=True)
class Phase:
    kind: str
    title: str
    duration: float | None  # seconds; None = open-ended ("stay as long as you like")
    prompts: tuple[Prompt, ...] = ()
    cue: str | None = None
    checkin: CheckinSpec | None = None  # asked right after the phase
    interval: float | None = None
    line: int = 0  # where it was written, for messages
    # A recording of the phase's guidance (a file beside the script, resolved by the loader):
    # spoken at the phase's start, after its cue, in place of a speech engine's reading.
    voice: str | None = None
    tempo: int | None = None  # bilateral phases: soft alternating taps a minute; None = no taps
    breath: tuple[float, float] | None = None  # settling phases: a breath pacer, (in, out) seconds


@dataclass(frozen=True)
class CheckinItem:
    """A check-in standing on its own in the phase list (for example before the first phase)."""

    spec: CheckinSpec
    line: int = 0


@dataclass(frozen=True)
class Repeat:
    times: int
    items: tuple[Item, ...]
    line: int = 0


Item = Phase | CheckinItem | Repeat


@dataclass(frozen=True)
class Script:
    id: str
    title: str
    version: str
    phases: tuple[Item, ...]
    author: str = ""
    description: str = ""
    intended_use: str = ""
    requires_therapist: bool = False
    params: Params = field(default_factory=Params)
    audio: AudioSettings = field(default_factory=AudioSettings)
    # The params the file itself writes; every other one is pendulate's default. Only
    # ``show --effective`` asks: a value equal to the default may still be the script's choice.
    params_set: frozenset[str] = frozenset()
    source: Path | None = None
    content_hash: str = ""  # sha256 of the file bytes, recorded with every session
    origin: str = "built-in"  # built-in, user, assigned or file
