"""Preparing a practice session: the script, the person's parameters, and what listens to it.

Headless glue shared by the TUI, the tests and the benchmarks: no UI or audio imports here;
the player and the store are handed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pendulate.engine.clock import Clock
from pendulate.engine.progression import Progress, shape_plan
from pendulate.engine.runner import Listener, Runner
from pendulate.engine.session import Meta, Session
from pendulate.homework.model import Target
from pendulate.plan.build import Plan, build_plan, checkin_step
from pendulate.script.model import CLOSING_CUE, INTERVAL_CUE, PARAM_NAMES, Params, Script, default_cue, effective_params
from pendulate.store.recorder import SessionRecorder
from pendulate.store.store import Store


@dataclass
class Practice:
    script: Script
    plan: Plan
    params: Params
    session: Session
    runner: Runner
    stop_plan: Plan | None = None
    recorder: SessionRecorder | None = None  # when the log is available
    effective: dict[str, Any] = field(default_factory=dict)
    speed: float = 1.0  # the clock's rate; anything but 1 is a rehearsal
    targets: tuple[Target, ...] = ()  # the homework's targets the diary check-in asks by name

    @property
    def rehearsal(self) -> bool:
        """A run on a scaled clock: recorded and marked, never counted as practice, and never
        a reason to rest activation scripts for the day."""
        return self.speed != 1.0


def cues_for(plan: Plan, stop_plan: Plan | None) -> set[str]:
    """Every cue the session could play, so the player can prepare them before it starts."""
    cues = {CLOSING_CUE, INTERVAL_CUE, default_cue("checkin"), default_cue("resource"), default_cue("activation")}
    for p in (plan, stop_plan):
        if p is not None:
            cues.update(step.cue for step in p.steps if step.cue)
    return cues


def prepare(
    script: Script,
    *,
    clock: Clock,
    stop_script: Script | None,
    listeners: list[Listener] | tuple[Listener, ...] = (),
    overrides: Mapping[str, Any] | None = None,
    progress: Progress = Progress(),
    store: Store | None = None,
    homework_id: str | None = None,
    speed: float | None = None,
    last_ticks: int = 0,
    breath_cues: bool = False,
    targets: tuple[Target, ...] = (),
) -> Practice:
    """Build the plan, session and runner for ``script``, with the store recorder attached.

    ``speed`` is how fast ``clock`` runs (``pendulate run --speed``); None reads the clock's own
    ``rate`` (a :class:`~pendulate.engine.clock.ScaledClock`'s), 1 when it has none. Any speed
    but 1 makes the session a rehearsal. ``last_ticks`` marks each touch's last seconds with a
    soft tick, and ``breath_cues`` each in-breath of a breath phase with a soft swell (see
    :class:`~pendulate.engine.session.Session`).
    """
    if speed is None:
        speed = float(getattr(clock, "rate", 1.0))
    params = effective_params(script, overrides)
    # Someone who asked for grounding gets it straight away, without a question first.
    grounding = stop_script is not None and script.id == stop_script.id
    plan = shape_plan(build_plan(script, opening=not grounding), params, progress)
    stop_plan = build_plan(stop_script, bookend_checkins=False) if stop_script is not None else None
    if stop_plan is not None and not stop_plan.steps[-1].is_checkin:
        stop_plan = Plan(
            stop_plan.script_id, stop_plan.steps + (checkin_step(("suds", "settling", "okay"), "How are you now?"),)
        )
    effective: dict[str, Any] = {
        **params.as_dict(),
        "overrides": dict(overrides or {}),
        "progression": {"extra_touch_s": progress.extra_touch, "extra_cycles": progress.extra_cycles},
    }
    if homework_id:
        effective["homework_id"] = homework_id
    session = Session(
        plan,
        params=params,
        clock=clock,
        stop_plan=stop_plan,
        meta=Meta(script.id, script.version, script.content_hash),
        extra_params={k: v for k, v in effective.items() if k not in PARAM_NAMES},
        last_ticks=last_ticks,
        breath_cues=breath_cues,
    )
    recorder = None
    all_listeners = list(listeners)
    if store is not None:
        # Rehearsals are recorded by default, marked as such: a therapist rehearsing a script
        # may want to look back at what they tried. They are never counted as practice (trends,
        # adherence, R4, the report's totals leave them out), and their times are real seconds.
        recorder = SessionRecorder(store, script, plan, effective, homework_id=homework_id, speed=speed)
        # After the cue player: each write is fsynced (a few ms), and a cue must sound on the
        # boundary, not after the log has been written. The write is still made in this tick.
        all_listeners.append(recorder)
    runner = Runner(session, all_listeners)
    return Practice(script, plan, params, session, runner, stop_plan, recorder, effective, speed, tuple(targets))
