"""When the practice screen wakes: each boundary on its moment, the countdown once a second.

Everything here is timed from the session's clock and plan, never by counting wake-ups, and
is arranged so that nothing else is running when a boundary comes due: redraws hold off just
before it, and garbage is collected in the quiet just after it.

Every wake-up also checks how late it is. On a clock that runs by itself, a wake-up far past
its moment means the app was not running (suspended, or held up): the session is told, and
that time is not counted as practice (see ``Session.woke``). While nothing else wakes the
screen (a check-in, plain mode, an open-ended phase) a quiet watch does, once a second.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable

from pendulate.engine.clock import Clock
from pendulate.engine.session import CHECKIN, RUNNING, Session
from pendulate.memory import give_back

MAX_REFRESH_HZ = 4.0
# The due moment is a plain event-loop callback (a Textual one-shot timer whose moment has
# already passed is dropped, and the session would stop advancing). It is armed this much
# early and the rest is waited out awake: a sleeping process can be woken ten milliseconds
# late on a busy machine, one that is already running is not. That costs at most this much
# processor time per boundary, and boundaries are half a minute apart or more.
EARLY_WAKE = 0.008  # seconds
MIN_DUE_DELAY = 0.001  # never armed closer than this; the redraw timer re-polls a missed moment
QUIET_FOR_GC = 0.3  # seconds with nothing due: room to collect garbage
GC_AFTER = 0.1  # seconds after a boundary, once it is on screen
FULL_COLLECT_EVERY = 20.0  # session seconds between full collections during a session (a rehearsal
# at ten times the speed collects ten times as often in real time, so it holds what a real session holds)
# Drawing a frame takes a few milliseconds, and tens on a busy machine; one in progress at a
# boundary would delay its cue. Nothing is redrawn on purpose this long before a boundary
# (the boundary redraws everything that changed anyway).
HOLD_BEFORE_DUE = 0.1  # real seconds
# With no countdown to redraw, the screen still wakes this often while time counts, so a
# stretch the app was not running is noticed within about this long (real seconds).
WATCH_EVERY = 1.0


def redraw_delay(remaining: float, rate: float, until_due: float | None) -> float:
    """Real seconds until the countdown should next be redrawn.

    ``remaining`` is the phase's session time left, ``until_due`` the real time to the next
    boundary. The countdown is redrawn when its whole second changes, at most
    ``MAX_REFRESH_HZ`` times a second; a change that would land in the hold before a boundary
    is left to the boundary, and the timer wakes just after it instead (in case the
    boundary's own wake-up was lost).
    """
    fraction = remaining % 1.0  # until the shown whole second changes
    if fraction < 0.02:
        fraction += 1.0  # just past a change: the next one is a whole second away
    delay = max(fraction / rate, 1.0 / MAX_REFRESH_HZ)
    if until_due is not None and delay > until_due - HOLD_BEFORE_DUE:
        delay = max(until_due, 0.0) + HOLD_BEFORE_DUE
    return delay


def wait_awake(seconds: float) -> None:
    """Let ``seconds`` (a few milliseconds) pass without giving up the processor."""
    end = time.perf_counter() + seconds
    now = time.perf_counter()
    while now < end:
        now = time.perf_counter()


class Pacer:
    """Arms the wake-ups of one running session.

    ``on_due`` processes whatever has come due (the screen's ``poll``); ``on_redraw`` redraws
    the countdown. ``counts_down`` is False where there is no countdown to redraw (plain mode).
    """

    def __init__(
        self,
        session: Session,
        clock: Clock,
        on_due: Callable[[], None],
        on_redraw: Callable[[], None],
        counts_down: bool = True,
        on_late: Callable[[float], bool] | None = None,
    ) -> None:
        """``on_late(planned)``: a wake-up meant for ``planned`` (session clock) came now; True
        if that changed the session (it was far too late), and the wake-up's own work is moot."""
        self.session = session
        self.clock = clock
        self.rate = getattr(clock, "rate", 1.0) or 1.0
        self.on_due = on_due
        self.on_redraw = on_redraw
        self.counts_down = counts_down
        # Only a clock that runs by itself can show that the app was not running.
        self.on_late = on_late if getattr(clock, "live", False) else None
        self.due_real: float | None = None  # time.monotonic() of the next due moment
        self._handles: dict[str, asyncio.TimerHandle] = {}
        self._planned: dict[str, float] = {}  # session-clock moment each wake-up is meant for
        self._running = False
        self._last_full_collect = 0.0

    # ----- life --------------------------------------------------------------------------

    def start(self) -> None:
        """Set the collector aside for the session; :meth:`schedule` then arms the wake-ups."""
        # Full sweeps pause the loop for tens of milliseconds, which could land on a boundary.
        # During a session they run only in the quiet just after one (see _collect_in_the_quiet);
        # everything built so far is set aside.
        gc.collect()
        gc.freeze()
        self._last_full_collect = self.clock.now()
        self._running = True

    def stop(self) -> None:
        self._running = False
        for handle in self._handles.values():
            handle.cancel()
        self._handles.clear()
        gc.enable()
        gc.unfreeze()

    def _arm(self, name: str, delay: float, callback: Callable[[], None]) -> None:
        self._cancel(name)
        self._planned[name] = self.clock.now() + delay * self.rate
        self._handles[name] = asyncio.get_running_loop().call_later(delay, self._fire, name, callback)

    def _cancel(self, name: str) -> None:
        self._planned.pop(name, None)
        handle = self._handles.pop(name, None)
        if handle is not None:
            handle.cancel()

    def _fire(self, name: str, callback: Callable[[], None]) -> None:
        self._handles.pop(name, None)
        planned = self._planned.pop(name, None)
        if not self._running:
            return
        if self.on_late is not None and planned is not None and self.on_late(planned):
            return  # the session was told of the time it was not running; all was armed afresh
        callback()

    # ----- scheduling --------------------------------------------------------------------

    def schedule(self) -> None:
        """Wake exactly when the next event is due, and when the countdown next changes."""
        due = self.session.next_due()
        # With nothing timed ahead (a check-in, a pause, an open-ended phase) a collector
        # pause harms nobody, so it runs as usual; otherwise only in the quiet after a boundary.
        if due is None:
            gc.enable()
            self.due_real = None
            self._cancel("due")
        else:
            gc.disable()
            delay = (due - self.clock.now()) / self.rate
            self.due_real = time.monotonic() + delay
            self._arm("due", max(MIN_DUE_DELAY, delay - EARLY_WAKE), self._on_due)
        self._schedule_redraw()

    def after_boundary(self) -> None:
        """Collect garbage once the boundary has been drawn (its messages go first)."""
        self._arm("gc", GC_AFTER, self._collect_in_the_quiet)

    def near_boundary(self) -> bool:
        """True in the short hold before a timed boundary, when nothing should start a redraw."""
        if self.due_real is None:
            return False
        return 0.0 <= self.due_real - time.monotonic() <= HOLD_BEFORE_DUE

    def _on_due(self) -> None:
        due = self.session.next_due()
        if due is not None:
            wait = (due - self.clock.now()) / self.rate
            if 0 < wait <= EARLY_WAKE:
                wait_awake(wait)  # so the cue sounds on the moment
        self.on_due()

    def _schedule_redraw(self) -> None:
        self._cancel("redraw")
        session = self.session
        remaining = session.step_remaining()
        if not self.counts_down or session.finished or session.paused or session.awaiting_checkin or remaining is None:
            self._schedule_watch()
            return  # nothing is counting down
        self._cancel("watch")  # the redraws notice lateness themselves
        until_due = None if self.due_real is None else self.due_real - time.monotonic()
        # A plain loop callback, like the due moment: a Textual timer would start a task every
        # second of every session.
        self._arm("redraw", redraw_delay(remaining, self.rate, until_due), self._on_redraw)

    def _schedule_watch(self) -> None:
        """Wake once a second while time counts and nothing else wakes the screen."""
        self._cancel("watch")
        if self.on_late is not None and self.session.state in (RUNNING, CHECKIN):
            self._arm("watch", WATCH_EVERY, self._schedule_watch)

    def _on_redraw(self) -> None:
        due = self.session.next_due()
        if due is not None and due <= self.clock.now():
            self.on_due()  # the due wake-up was lost (see MIN_DUE_DELAY): never leave a session stuck
        self.on_redraw()
        self._schedule_redraw()

    def _collect_in_the_quiet(self) -> None:
        """Collect garbage now, when nothing is due for a while, rather than at a boundary."""
        due = self.session.next_due()
        if due is not None and (due - self.clock.now()) / self.rate <= QUIET_FOR_GC:
            return
        now = self.clock.now()
        if now - self._last_full_collect > FULL_COLLECT_EVERY:
            gc.collect()
            give_back()
            self._last_full_collect = now
        else:
            gc.collect(1)
