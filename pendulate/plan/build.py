"""A plan: a script expanded into a flat timeline of concrete steps with planned offsets."""

from __future__ import annotations

from dataclasses import dataclass, replace

from pendulate.script.model import (
    DEFAULT_SCALES,
    CheckinItem,
    Item,
    Phase,
    Prompt,
    Repeat,
    Script,
    default_cue,
)

CHECKIN = "checkin"
OPENING_SCALES = ("suds", "settling", "zone")
# The check-ins the closing rule adds ask the zone too: feeling flooded or far away at the end
# matters as much as the rating (R5, and the care after a hard ending).
CLOSING_SCALES = ("suds", "settling", "zone")


@dataclass(frozen=True)
class Step:
    """One step of the timeline: a timed phase, or a check-in gate (``kind == "checkin"``)."""

    kind: str
    title: str
    duration: float | None  # seconds; None = open-ended; 0 for a check-in
    prompts: tuple[Prompt, ...] = ()
    cue: str | None = None
    scales: tuple[str, ...] = ()  # for check-ins
    interval: float | None = None
    origin: str = "script"  # "script", "stop", "titration", "closing"
    voice: str | None = None  # a recording of the phase's guidance (a resolved path)
    tempo: int | None = None  # bilateral taps a minute, or None
    breath: tuple[float, float] | None = None  # a breath pacer: (in, out) seconds, or None

    @property
    def is_checkin(self) -> bool:
        return self.kind == CHECKIN

    @property
    def open_ended(self) -> bool:
        return self.duration is None


@dataclass(frozen=True)
class Plan:
    script_id: str
    steps: tuple[Step, ...]

    @property
    def starts(self) -> tuple[float, ...]:
        """Planned start of each step in active seconds (open-ended phases count as zero)."""
        out, at = [], 0.0
        for step in self.steps:
            out.append(at)
            at += step.duration or 0.0
        return tuple(out)

    @property
    def total(self) -> float:
        return sum(step.duration or 0.0 for step in self.steps)

    @property
    def has_open_end(self) -> bool:
        return any(step.open_ended for step in self.steps)

    def phases(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if not step.is_checkin)


def checkin_step(scales: tuple[str, ...] = DEFAULT_SCALES, title: str = "", origin: str = "script") -> Step:
    return Step(
        kind=CHECKIN, title=title or "Check in", duration=0.0, cue=default_cue(CHECKIN), scales=scales, origin=origin
    )


def _expand(items: tuple[Item, ...], script: Script) -> list[Step]:
    steps: list[Step] = []
    for item in items:
        if isinstance(item, Repeat):
            for _ in range(item.times):
                steps.extend(_expand(item.items, script))
        elif isinstance(item, CheckinItem):
            steps.append(checkin_step(item.spec.scales, item.spec.title))
        elif isinstance(item, Phase):
            cue = item.cue or script.audio.cues.get(item.kind) or default_cue(item.kind)
            interval = item.interval if item.interval is not None else script.audio.interval
            steps.append(
                Step(
                    kind=item.kind,
                    title=item.title,
                    duration=item.duration,
                    prompts=item.prompts,
                    cue=cue,
                    interval=interval,
                    voice=item.voice,
                    tempo=item.tempo,
                    breath=item.breath,
                )
            )
            if item.checkin is not None:
                steps.append(checkin_step(item.checkin.scales, item.checkin.title))
    return steps


def build_plan(script: Script, *, bookend_checkins: bool = True, opening: bool = True, origin: str = "script") -> Plan:
    """Expand ``script`` into a plan.

    With ``bookend_checkins`` the plan always opens and closes with a check-in, so every
    session has a starting and an ending rating even when the script asks for none;
    ``opening=False`` leaves out the opening one (grounding starts at once).
    """
    steps = _expand(script.phases, script)
    if bookend_checkins:
        if opening and (not steps or not steps[0].is_checkin):
            steps.insert(0, checkin_step(OPENING_SCALES, "Before we begin"))
        if not steps[-1].is_checkin:
            steps.append(checkin_step(DEFAULT_SCALES, "As we close"))
    if origin != "script":
        steps = [replace(step, origin=origin) for step in steps]
    return Plan(script_id=script.id, steps=tuple(steps))
