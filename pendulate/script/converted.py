"""What :meth:`Converter.values` gives back for each table of :mod:`pendulate.script.fields`.

A key's ``type`` in the table fixes the Python type its converter returns ("line" → ``str``,
"params" → ``Params``); these dictionaries say so to the type checker. Every key is optional:
an absent or invalid key is left out, and the reader falls back to its default.
"""

from __future__ import annotations

from typing import TypedDict

from pendulate.script.model import AudioSettings, CheckinSpec, Params, Prompt


class HeaderValues(TypedDict, total=False):
    format: int
    id: str
    title: str
    version: str
    author: str
    description: str
    intended_use: str
    requires_therapist: bool
    params: Params
    audio: AudioSettings


class ParamValues(TypedDict, total=False):
    threshold: int
    touch_min: int
    touch_max: int
    resource_ratio: float
    max_cycles: int
    step_pct: int
    crisis_level: int
    rise_over_first: int
    shorten_factor: float
    lengthen_factor: float
    max_extra_resource: int
    max_closing_settle: int
    step_seconds: int
    quiet_peak: int


class AudioValues(TypedDict, total=False):
    volume: int
    interval: float | None
    cues: dict[str, str]
    reminders: int


class PhaseValues(TypedDict, total=False):
    kind: str
    title: str
    duration: float | None  # None: open-ended
    prompt: str
    prompts: tuple[Prompt, ...]
    cue: str
    interval: float | None
    checkin: CheckinSpec | None
    voice: str
    bilateral: int | None  # taps a minute; None: `bilateral: false`
    breath: tuple[float, float]  # (in, out) seconds


class PromptValues(TypedDict, total=False):
    at: float
    text: str


class CheckinValues(TypedDict, total=False):
    scales: tuple[str, ...]
    title: str
