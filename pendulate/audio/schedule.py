"""When each sound of a rendered session starts, from the real engine driven by a fake clock.

The schedule holds exactly what the app would play: every check-in is skipped at once (a file
cannot wait for an answer) and an open-ended phase lasts no time, as in the plan's own totals.
A phase with a recording is spoken by it, its prompts then being text only, as in a live
session; a bilateral phase with a tempo carries its taps from its start to its end.
"""

from __future__ import annotations

from dataclasses import dataclass

from pendulate.engine.clock import FakeClock
from pendulate.engine.events import CueDue, PhaseEnded, PhaseStarted, PromptDue
from pendulate.engine.session import Session
from pendulate.plan.build import Plan
from pendulate.script.model import Params

_MAX_STEPS = 1_000_000  # a guard: no real plan needs this many engine calls


@dataclass(frozen=True)
class TimedSound:
    """One sound of the schedule: a cue (``cue``), a prompt to read (``text``) or a recording (``voice``)."""

    t: float  # seconds from the start of the session
    cue: str | None = None
    text: str | None = None
    voice: str | None = None  # a phase's recording, as the plan names it
    words: str = ""  # with a recording: its phase's prompts, read instead when it can't be


@dataclass(frozen=True)
class TapRun:
    """Alternating left/right taps from ``start`` to ``end`` at ``tempo`` taps a minute."""

    start: float
    end: float
    tempo: int

    def times(self) -> list[tuple[float, int]]:
        """``(seconds, channel)`` of every tap: 0 left, 1 right, left first."""
        period = 60.0 / self.tempo
        out = []
        k = 0
        while self.start + k * period < self.end - 1e-9:
            out.append((self.start + k * period, k % 2))
            k += 1
        return out


@dataclass(frozen=True)
class SoundSchedule:
    """A rendered session's cues, spoken prompts and recordings, each at its time, and its end."""

    sounds: tuple[TimedSound, ...]
    end: float  # when the session ends (the closing bell starts here)
    taps: tuple[TapRun, ...] = ()

    @property
    def cues(self) -> list[tuple[float, str]]:
        return [(s.t, s.cue) for s in self.sounds if s.cue is not None]

    @property
    def prompts(self) -> list[tuple[float, str]]:
        return [(s.t, s.text) for s in self.sounds if s.text is not None]

    @property
    def recordings(self) -> list[tuple[float, str]]:
        return [(s.t, s.voice) for s in self.sounds if s.voice is not None]


def sound_schedule(plan: Plan, params: Params | None = None) -> SoundSchedule:
    """Every cue, prompt, recording and tap run of ``plan`` with its time."""
    clock = FakeClock(0.0)
    session = Session(plan, params=params, clock=clock, stop_plan=None)
    sounds: list[TimedSound] = []
    taps: list[TapRun] = []
    # With a recording, its phase's prompts: read instead when the recording can't be.
    words = {step.voice: " ".join(p.text for p in step.prompts) for step in plan.phases() if step.voice}
    recorded = False  # whether the phase now running is spoken by its recording
    tapping: tuple[float, int] | None = None
    events = session.start()
    for _ in range(_MAX_STEPS):
        for event in events:
            if isinstance(event, PhaseStarted):
                recorded = event.voice is not None
                if event.voice is not None:
                    sounds.append(TimedSound(event.t, voice=event.voice, words=words.get(event.voice, "")))
                tapping = (event.t, event.tempo) if event.tempo else None
            elif isinstance(event, PhaseEnded):
                if tapping is not None and event.t > tapping[0]:
                    taps.append(TapRun(tapping[0], event.t, tapping[1]))
                tapping = None
            elif isinstance(event, CueDue):
                sounds.append(TimedSound(event.t, cue=event.cue))
            elif isinstance(event, PromptDue) and not recorded:
                sounds.append(TimedSound(event.t, text=event.text))
        if session.finished:
            return SoundSchedule(tuple(sounds), clock.now(), tuple(taps))
        if session.awaiting_checkin:
            events = session.skip_checkin()
            continue
        due = session.next_due()
        if due is None:  # an open-ended phase: in a file it lasts no time
            events = session.skip()
            continue
        clock.set(max(due, clock.now()))
        events = session.advance()
    raise RuntimeError("the session did not finish while rendering")


def cue_timeline(plan: Plan, params: Params | None = None) -> list[tuple[float, str]]:
    """``(seconds from start, cue)`` for every cue of ``plan``, as the app would play them."""
    return sound_schedule(plan, params).cues
