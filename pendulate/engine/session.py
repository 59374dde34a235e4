"""A running session: a pure state machine driven by a clock.

Boundaries are computed from the moment each step started plus its planned duration,
recorded extensions and paused time; a step starts exactly when the previous one was due
to end, however late ``advance`` is called. So a long session accumulates no drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from pendulate.engine import events as ev
from pendulate.engine.answers import URGE_MAX, CheckinAnswers
from pendulate.engine.clock import Clock
from pendulate.engine.marks import CUES, Marks
from pendulate.engine.titration import TitrationState, after_checkin, closing_index, is_activation, is_settling
from pendulate.plan.build import Plan, Step, checkin_step
from pendulate.plan.inserts import FALLBACK_GROUNDING
from pendulate.script.model import CLOSING_CUE, Params

EXTEND_SECONDS = 30.0
# A held "more time" key must not stretch a phase without end: a phase takes this many
# extensions at most (two minutes more); pausing stays possible for as long as anyone needs.
MAX_EXTENSIONS = 4
# A wake-up this much later than planned (real seconds) means the app was not running in
# between: the process was suspended (Ctrl+Z, SIGSTOP; the monotonic clock runs on while it
# is stopped) or held up. Normal lateness is a few milliseconds (the bench: p99 ~3 ms, worst
# ~70 ms on a loaded machine); this is far beyond it and still short next to any phase.
LATE_LIMIT = 2.0
# Asked after a touch the person ended when the plan has no check-in right after it.
ENDED_TOUCH_SCALES = ("suds", "settling")

READY, RUNNING, PAUSED, CHECKIN, FINISHED = "ready", "running", "paused", "checkin", "finished"


@dataclass(frozen=True)
class Meta:
    """What the session records about its script."""

    script_id: str = ""
    script_version: str = ""
    content_hash: str = ""


class Session:
    """Runs a :class:`Plan`. Every command returns the events it caused."""

    def __init__(
        self,
        plan: Plan,
        *,
        params: Params | None = None,
        clock: Clock,
        stop_plan: Plan | None = None,
        meta: Meta | None = None,
        extra_params: Mapping[str, Any] | None = None,
        last_ticks: int = 0,
        breath_cues: bool = False,
    ):
        """``last_ticks``: a soft tick on each of an activation's last seconds (0 = none, at
        most :data:`~pendulate.engine.marks.MAX_LAST_TICKS`), for someone practising with their eyes closed."""
        self.params = params or Params()
        self.marks = Marks(last_ticks, breath_cues)  # ticks and swells inside a phase
        self.clock = clock
        self.meta = meta or Meta(script_id=plan.script_id)
        self.steps: list[Step] = list(plan.steps)
        self.planned_starts: list[float] = list(plan.starts)
        self.planned_total = plan.total
        stop_steps = stop_plan.steps if stop_plan is not None else FALLBACK_GROUNDING
        self._stop_steps = tuple(replace(s, origin="stop") for s in stop_steps)
        self._extra_params = dict(extra_params or {})
        self.titration = TitrationState()
        self.state = READY
        self.index = -1
        self.grounding_from: tuple[int, str] | None = None
        self._t0 = 0.0
        self._step_start = 0.0
        self._extension = 0.0
        self._extensions = 0  # how many times the current step was extended
        self._paused_in_step = 0.0
        self._paused_total = 0.0
        self._pause_began = 0.0
        self._next_prompt = 0
        self._last_activation: float | None = None
        self._checkin_after: Step | None = None
        self._touch_ended = False  # the check-in under way follows a touch the person ended

    # ----- reading the state -------------------------------------------------------------

    @property
    def step(self) -> Step | None:
        return self.steps[self.index] if 0 <= self.index < len(self.steps) else None

    @property
    def _current(self) -> Step:
        """The step under way, for the code paths that only run while there is one."""
        step = self.step
        if step is None:
            raise RuntimeError("no step is under way")
        return step

    @property
    def finished(self) -> bool:
        return self.state == FINISHED

    @property
    def awaiting_checkin(self) -> bool:
        return self.state == CHECKIN

    @property
    def paused(self) -> bool:
        return self.state == PAUSED

    @property
    def grounding(self) -> bool:
        return self.grounding_from is not None

    def step_elapsed(self, now: float | None = None) -> float:
        """Active seconds spent in the current step."""
        now = self.clock.now() if now is None else now
        if self.state == PAUSED:
            now = self._pause_began
        return max(0.0, now - self._step_start - self._paused_in_step)

    def step_length(self) -> float | None:
        step = self.step
        if step is None or step.duration is None:
            return None
        return step.duration + self._extension

    def step_remaining(self, now: float | None = None) -> float | None:
        length = self.step_length()
        return None if length is None else max(0.0, length - self.step_elapsed(now))

    def elapsed(self, now: float | None = None) -> float:
        """Seconds since the session started, pauses included."""
        return (self.clock.now() if now is None else now) - self._t0

    def next_due(self) -> float | None:
        """Clock time of the next timed event, or None when nothing is scheduled."""
        if self.state != RUNNING:
            return None
        mark = self._mark_due()
        dues = [d for d in (self._prompt_due(), mark[0] if mark else None, self._end_due()) if d is not None]
        return min(dues) if dues else None

    @property
    def can_extend(self) -> bool:
        step = self.step
        return self.state in (RUNNING, PAUSED) and step is not None and is_settling(step) and step.duration is not None

    @property
    def extensions_left(self) -> int:
        """How many more times the current step may be extended (see ``MAX_EXTENSIONS``)."""
        return max(0, MAX_EXTENSIONS - self._extensions) if self.can_extend else 0

    @property
    def can_end_touch(self) -> bool:
        """A touch (activation) is under way, running or paused: the person may end it now."""
        step = self.step
        return self.state in (RUNNING, PAUSED) and step is not None and is_activation(step)

    @property
    def can_skip(self) -> bool:
        """Skipping never goes past the closing resource (an open-ended phase may always be ended)."""
        step = self.step
        if step is None or self.state not in (RUNNING, PAUSED):
            return False
        if step.open_ended:
            return True
        closing = closing_index(self.steps)
        return closing is not None and self.index < closing

    def leaving_concern(self) -> str | None:
        """Why leaving now calls for the care a hard ending gets (crisis help, resting activation
        until tomorrow), or None: the last rating was at the crisis level, the last zone
        answered was "above", or the last urge rating was at the top (as U2 reads it). A zone
        never answered is unknown and raises no concern by itself."""
        last = self.titration.last_suds
        if last is not None and last >= self.params.crisis_level:
            return f"left at rating {last}/10"
        if self.titration.last_zone == "above":
            return "left feeling flooded"
        if self.titration.last_urge == URGE_MAX:
            return f"left with the urge at {URGE_MAX}/{URGE_MAX}"
        return None

    # ----- commands ----------------------------------------------------------------------

    def start(self) -> list[ev.Event]:
        if self.state != READY:
            return []
        self._t0 = self.clock.now()
        params = {**self.params.as_dict(), **self._extra_params}
        out: list[ev.Event] = [
            ev.SessionStarted(
                0.0,
                0.0,
                self.meta.script_id,
                self.meta.script_version,
                self.meta.content_hash,
                params,
                self.planned_total,
            )
        ]
        self.state = RUNNING
        out += self._begin(0, self._t0)
        return out

    def advance(self) -> list[ev.Event]:
        """Emit everything that has come due by now, in order."""
        return self._advance_to(self.clock.now())

    def woke(self, planned: float) -> list[ev.Event]:
        """The caller meant to be awake at ``planned`` (clock time) and is only now.

        A wake-up more than ``LATE_LIMIT`` real seconds late means the app was not running
        since ``planned``: that time is not practice. What came due before ``planned`` happens
        first; then a running session pauses from ``planned`` (with reason ``NOT_RUNNING``) and
        stays paused until the person goes on, so nothing moves on or sounds the moment they
        come back. During a check-in the time is left out in the same way, and the check-in
        simply waits as before.
        """
        now = self.clock.now()
        rate = getattr(self.clock, "rate", 1.0) or 1.0
        if self.state not in (RUNNING, CHECKIN) or now - planned <= LATE_LIMIT * rate:
            return []
        since = max(planned, self._step_start)
        out = self._advance_to(since)
        if self.state not in (RUNNING, CHECKIN):
            return out  # the session ended before the app stopped
        gap = now - since
        out.append(ev.Paused(*self._stamp(since), ev.NOT_RUNNING, gap))
        if self.state == RUNNING:
            self.state, self._pause_began = PAUSED, since
        else:
            self._paused_in_step += gap
            self._paused_total += gap
            out.append(ev.Resumed(*self._stamp(now), gap))
        return out

    def _advance_to(self, now: float) -> list[ev.Event]:
        out: list[ev.Event] = []
        while self.state == RUNNING:
            due = self.next_due()
            if due is None or due > now:
                break
            if due == self._prompt_due():
                out.append(ev.PromptDue(*self._stamp(due), self.index, self._current.prompts[self._next_prompt].text))
                self._next_prompt += 1
            elif (mark := self._mark_due()) is not None and due == mark[0]:
                out.append(ev.CueDue(*self._stamp(due), CUES[mark[1]], self.index, mark[1]))
                self.marks.given(mark[1])
            else:
                out += self._finish_step(due, "time")
        return out

    def pause(self) -> list[ev.Event]:
        if self.state != RUNNING:
            return []
        now = self.clock.now()
        self.state, self._pause_began = PAUSED, now
        return [ev.Paused(*self._stamp(now))]

    def resume(self) -> list[ev.Event]:
        if self.state != PAUSED:
            return []
        now = self.clock.now()
        span = now - self._pause_began
        self._paused_in_step += span
        self._paused_total += span
        self.state = RUNNING
        return [ev.Resumed(*self._stamp(now), span)]

    def toggle_pause(self) -> list[ev.Event]:
        return self.resume() if self.paused else self.pause()

    def extend(self, seconds: float = EXTEND_SECONDS) -> list[ev.Event]:
        if not self.extensions_left:
            return []
        self._extensions += 1
        self._extension += seconds
        return [ev.Extended(*self._stamp(self.clock.now()), self.index, seconds)]

    def skip(self) -> list[ev.Event]:
        if not self.can_skip:
            return []
        out = self.resume()
        now = self.clock.now()
        out.append(ev.Skipped(*self._stamp(now), self.index, self._current.kind))
        return out + self._finish_step(now, "skip")

    def end_touch(self) -> list[ev.Event]:
        """R1 by the person's own choice: end the touch now and go to its check-in.

        The check-in that follows the touch in the plan is asked; when there is none right
        after it, one asking intensity and settling is added. Once that check-in is answered
        or skipped, R1 (and R2) apply as for an over-threshold rating.
        """
        if not self.can_end_touch:
            return []
        out = self.resume()
        now = self.clock.now()
        out.append(ev.TouchEnded(*self._stamp(now), self.index, self._current.kind, "enough"))
        out += self._end_current(now, "enough")
        following = self.index + 1
        if following >= len(self.steps) or not self.steps[following].is_checkin:
            self.steps.insert(following, checkin_step(ENDED_TOUCH_SCALES, "How is it now?", origin="titration"))
            self.planned_starts.insert(following, -1.0)
        self._touch_ended = True
        return out + self._begin(following, now)

    def ground_now(self) -> list[ev.Event]:
        """Leave whatever is happening and go into the grounding sequence, at once."""
        if self.state in (READY, FINISHED):
            return []
        out = self.resume()
        if self.grounding:
            return out
        now = self.clock.now()
        step = self.step
        self.grounding_from = (self.index, step.kind if step else "")
        out.append(ev.GroundingStarted(*self._stamp(now), self.index, self.grounding_from[1]))
        out += self._end_current(now, "ground")
        self._replace_remaining(self._stop_steps)
        return out + self._begin(self.index + 1, now)

    def stop(self, reason: str = "quit") -> list[ev.Event]:
        """End the session now, kept as stopped (the person chose to leave)."""
        if self.state in (READY, FINISHED):
            return []
        out = self.resume()
        now = self.clock.now()
        index, kind = self.index, self.step.kind if self.step else ""
        out += self._end_current(now, "stop")
        self.state = FINISHED
        return out + [ev.SessionEnded(*self._stamp(now), "stopped", reason, index, kind)]

    def submit_checkin(self, answers: CheckinAnswers) -> list[ev.Event]:
        if self.state != CHECKIN:
            return []
        now = self.clock.now()
        after = self._checkin_after
        out: list[ev.Event] = [
            ev.CheckinRecorded(*self._stamp(now), self.index, answers, after.kind if after else None)
        ]
        out += self._titrate(answers, now)
        out += self._end_current(now, "answered")
        return out + self._begin(self.index + 1, now)

    def skip_checkin(self) -> list[ev.Event]:
        if self.state != CHECKIN:
            return []
        now = self.clock.now()
        # A skipped check-in changes nothing, except after a touch the person ended: R1 still
        # applies then, since ending it said enough.
        out = self._titrate(CheckinAnswers(), now) if self._touch_ended else []
        return out + self._end_current(now, "skipped-checkin") + self._begin(self.index + 1, now)

    # ----- internals ---------------------------------------------------------------------

    def _titrate(self, answers: CheckinAnswers, now: float) -> list[ev.Event]:
        """Apply the titration rules to this check-in's answers and change the timeline."""
        after = self._checkin_after
        ended, self._touch_ended = self._touch_ended, False
        out: list[ev.Event] = []
        outcome = after_checkin(
            self.titration,
            answers,
            after,
            tuple(self.steps[self.index + 1 :]),
            self.params,
            last_activation=self._last_activation,
            grounding=self.grounding,
            ended_touch=ended,
        )
        self.titration = outcome.state
        for change in outcome.changes:
            out.append(ev.TitrationApplied(*self._stamp(now), change.rule, change.message, change.details))
        if outcome.crisis:
            out.append(ev.CrisisSuggested(*self._stamp(now), outcome.crisis))
        if outcome.changes:
            self._replace_remaining(outcome.remaining)
        return out

    def _stamp(self, at: float) -> tuple[float, float]:
        t = at - self._t0
        return t, t - self._paused_total

    def _replace_remaining(self, steps: tuple[Step, ...] | list[Step]) -> None:
        self.steps[self.index + 1 :] = list(steps)
        self.planned_starts[self.index + 1 :] = [-1.0] * len(steps)

    def _prompt_due(self) -> float | None:
        step = self.step
        if step is None or step.is_checkin or self._next_prompt >= len(step.prompts):
            return None
        return self._step_start + self._paused_in_step + step.prompts[self._next_prompt].at

    def _mark_due(self) -> tuple[float, str] | None:
        """Clock time and purpose of the phase's next tick or swell (see :mod:`.marks`)."""
        step = self.step
        mark = self.marks.next(step, self.step_length(), step is not None and is_activation(step))
        return None if mark is None else (self._step_start + self._paused_in_step + mark[0], mark[1])

    def _end_due(self) -> float | None:
        step = self.step
        length = self.step_length()
        if length is None or step is None or step.is_checkin:
            return None
        return self._step_start + self._paused_in_step + length

    def _end_current(self, at: float, reason: str) -> list[ev.Event]:
        step = self.step
        if step is None:
            return []
        if is_activation(step):
            self._last_activation = self.step_elapsed(at)
        return [ev.PhaseEnded(*self._stamp(at), self.index, step.kind, reason)]

    def _finish_step(self, at: float, reason: str) -> list[ev.Event]:
        return self._end_current(at, reason) + self._begin(self.index + 1, at)

    def _begin(self, index: int, at: float) -> list[ev.Event]:
        previous = self.step
        self.index = index
        self._step_start, self._extension, self._paused_in_step = at, 0.0, 0.0
        self._extensions = 0
        self._next_prompt = 0
        self.marks.new_phase()
        step = self.step
        if step is None:
            return self._complete(at)
        stamp = self._stamp(at)
        out: list[ev.Event] = [
            ev.PhaseStarted(
                *stamp,
                index,
                step.kind,
                step.title,
                step.duration,
                self.planned_starts[index],
                step.origin,
                step.voice,
                step.tempo,
                step.breath,
            )
        ]
        if step.cue:
            out.append(ev.CueDue(*stamp, step.cue, index, "checkin" if step.is_checkin else "phase"))
        if step.is_checkin:
            self.state = CHECKIN
            self._checkin_after = previous if previous is not None and not previous.is_checkin else None
            out.append(
                ev.CheckinDue(
                    *stamp, index, step.scales, step.title, self._checkin_after.kind if self._checkin_after else None
                )
            )
        else:
            self.state = RUNNING
            self._touch_ended = False
        return out

    def _complete(self, at: float) -> list[ev.Event]:
        self.state = FINISHED
        self.index = len(self.steps) - 1
        last = self.steps[-1] if self.steps else None
        stamp = self._stamp(at)
        if self.grounding_from is not None:
            index, kind = self.grounding_from
            end = ev.SessionEnded(*stamp, "stopped", "ground now", index, kind)
        else:
            end = ev.SessionEnded(*stamp, "completed", "", self.index, last.kind if last else "")
        return [ev.CueDue(*stamp, CLOSING_CUE, self.index, "closing"), end]
