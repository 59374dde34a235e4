"""Build realistic engine event streams for the store tests (no engine needed)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from pendulate.engine import events as ev
from pendulate.engine.answers import CheckinAnswers
from pendulate.plan.build import build_plan
from pendulate.script.model import Script
from pendulate.store import SessionRecorder, Store

SCRIPT = Script(
    id="body-pendulation",
    title="Body pendulation",
    version="1.2",
    phases=(),
    content_hash="sha256-test-hash",
    origin="built-in",
)
PARAMS = {"threshold": 5, "touch_min": 10, "touch_max": 30}
BERLIN_SUMMER = timezone(timedelta(hours=2))


class WallClock:
    """A wall clock that the test moves by hand, in a fixed UTC offset."""

    def __init__(self, start: datetime = datetime(2024, 5, 6, 9, 30, tzinfo=BERLIN_SUMMER)):
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def make_recorder(
    store: Store, clock: WallClock | None = None, script: Script = SCRIPT, homework_id: str | None = None
) -> SessionRecorder:
    return SessionRecorder(
        store, script, build_plan(script), PARAMS, wall_clock=clock or WallClock(), homework_id=homework_id
    )


class Timeline:
    """Emits events with consistent ``t``/``active`` offsets, like the engine would."""

    def __init__(self, script: Script = SCRIPT):
        self.t = 0.0
        self.paused = 0.0
        self.index = 0
        self.script = script
        self.events: list[ev.Event] = []

    def _add(self, cls: type, **fields: Any) -> ev.Event:
        event = cls(t=self.t, active=self.t - self.paused, **fields)
        self.events.append(event)
        return event

    def start(self) -> None:
        self._add(
            ev.SessionStarted,
            script_id=self.script.id,
            script_version=self.script.version,
            content_hash=self.script.content_hash,
            params=dict(PARAMS),
            planned_total=600.0,
        )

    def phase(self, kind: str, seconds: float, reason: str = "time") -> None:
        self._add(
            ev.PhaseStarted,
            index=self.index,
            kind=kind,
            title=f"{kind} phase",
            duration=seconds,
            planned_start=self.t - self.paused,
            origin="script",
        )
        self.t += seconds
        self._add(ev.PhaseEnded, index=self.index, kind=kind, reason=reason)
        self.index += 1

    def checkin(self, after: str | None, **answers: Any) -> None:
        self._add(
            ev.PhaseStarted,
            index=self.index,
            kind="checkin",
            title="Check in",
            duration=0.0,
            planned_start=self.t - self.paused,
            origin="script",
        )
        self.t += 5
        self._add(ev.CheckinRecorded, index=self.index, answers=CheckinAnswers.from_mapping(answers), after_kind=after)
        self._add(ev.PhaseEnded, index=self.index, kind="checkin", reason="answered")
        self.index += 1

    def pause(self, seconds: float) -> None:
        self._add(ev.Paused)
        self.t += seconds
        self.paused += seconds
        self._add(ev.Resumed, paused_for=seconds)

    def titration(self, rule: str, message: str) -> None:
        self._add(ev.TitrationApplied, rule=rule, message=message, changes={"touch": 10})

    def end(self, status: str = "completed", reason: str = "time") -> None:
        self._add(ev.SessionEnded, status=status, reason=reason, index=self.index - 1, kind="orient")


def pendulation(
    touches: list[tuple[int, int, int | None]],
    start: tuple[int, int] = (3, 7),
    end: tuple[int, int] = (2, 8),
    note: str | None = None,
    status: str = "completed",
) -> Timeline:
    """A body-pendulation session. ``touches``: (SUDS after touch, settling after touch,
    settling after the return or None for no check-in there). R1 fires when SUDS > 5."""
    tl = Timeline()
    tl.start()
    tl.checkin(None, suds=start[0], settling=start[1], zone="within")
    tl.phase("ground", 60)
    tl.phase("resource", 90)
    for suds, settling, settled in touches:
        tl.phase("activation", 20)
        tl.checkin(
            "activation",
            suds=suds,
            settling=settling,
            location=["chest", "throat"],
            quality=["tight"],
            valence="unpleasant",
        )
        if suds > 5:
            tl.titration("R1", "That was a lot, so the next touch is shorter.")
        tl.phase("return", 45)
        if settled is not None:
            tl.checkin("return", suds=max(0, suds - 3), settling=settled)
    tl.phase("orient", 60)
    answers: dict[str, Any] = {"suds": end[0], "settling": end[1], "zone": "within", "discharge": ["sigh"]}
    if note is not None:
        answers["note"] = note
    tl.checkin("orient", **answers)
    tl.end(status)
    return tl


def record(store: Store, timeline: Timeline, clock: WallClock | None = None, **kwargs: Any) -> SessionRecorder:
    clock = clock or WallClock()
    recorder = make_recorder(store, clock, **kwargs)
    base = clock.now
    for event in timeline.events:
        clock.now = base + timedelta(seconds=event.t)
        recorder.handle(event)
    return recorder
