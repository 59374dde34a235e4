"""The practice screen: what a person sees while a session runs."""

from __future__ import annotations

import asyncio
import gc
import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Digits, Static

from pendulate.engine import events as ev
from pendulate.memory import give_back
from pendulate.practice import Practice
from pendulate.tui.kinds import badge, clock_text, look
from pendulate.tui.messages import EngineEvent, Notice
from pendulate.tui.screens.checkin import CheckinScreen
from pendulate.tui.widgets.keybar import KeyBar
from pendulate.tui.widgets.pendulum import Pendulum
from pendulate.tui.widgets.phase_bar import PhaseBar
from pendulate.tui.widgets.timeline import Timeline

FLASH_SECONDS = 0.6
MAX_REFRESH_HZ = 4.0
# The due moment is a plain event-loop callback (a Textual one-shot timer whose moment has
# already passed is dropped, and the session would stop advancing). It is armed this much
# early and the rest is waited out awake: a sleeping process can be woken ten milliseconds
# late on a busy machine, one that is already running is not. That costs at most this much
# processor time per boundary, and boundaries are half a minute apart or more.
EARLY_WAKE = 0.008  # seconds
MIN_DUE_DELAY = 0.001  # never armed closer than this; the display timer re-polls a missed moment
QUIET_FOR_GC = 0.3  # seconds with nothing due: room to collect garbage
GC_AFTER = 0.1  # seconds after a boundary, once it is on screen
FULL_COLLECT_EVERY = 20.0  # seconds between full collections during a session
# Drawing a frame takes a few milliseconds, and tens on a busy machine; one in progress at a
# boundary would delay its cue. Nothing is redrawn on purpose this long before a boundary
# (the boundary redraws everything that changed anyway).
HOLD_BEFORE_DUE = 0.1  # real seconds


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


class SessionScreen(Screen):
    BINDINGS = [
        Binding("space", "pause", "pause"),
        Binding("e", "extend", "more time"),
        Binding("n", "next", "next"),
        Binding("m", "mute", "mute"),
        Binding("q", "quit_session", "quit"),
    ]

    def __init__(self, practice: Practice) -> None:
        super().__init__()
        self.practice = practice
        self.log_events: list[ev.Event] = []
        self._due_timer: asyncio.TimerHandle | None = None
        self._due_real: float | None = None  # time.monotonic() of the next due moment
        self._settle_timer: Timer | None = None
        self._display_timer: asyncio.TimerHandle | None = None
        self._step_count = 0
        self._notice_step = 0  # the phase a notice was given in; it stays through the next one
        self._muted = False
        self._store_problem: str | None = None
        self._small_shown: str | None = None

    # ----- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        app = self.app
        if app.plain:
            from textual.widgets import RichLog  # plain mode only

            yield RichLog(id="lines", wrap=True, markup=False, auto_scroll=True)
            yield Static(id="keys-plain")
            return
        # Textual draws every widget inside a container the moment anything in that container
        # changes. The countdown changes every second, so the parts that change once a phase
        # live in containers of their own.
        with Vertical(id="stage"):
            with Vertical(id="stage-head", classes="stage-part"):
                yield Static(id="phase-title")
                yield Static(id="rehearsal")
                yield Static(id="prompt")
            with Center(id="countdown-row"):
                yield Digits("", id="countdown")
            yield Static(id="countdown-small")
            yield PhaseBar(id="phase-progress")
            with Vertical(id="stage-foot", classes="stage-part"):
                yield Timeline(id="timeline")
                yield Pendulum(id="pendulum")
                yield Static(id="notice")
                yield Static("g ground now · c crisis help", id="always")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.app.plain:
            self.query_one("#keys-plain", Static).update(
                "Keys: space pause, g ground now, e more time, n next, m mute, c crisis help, ? help, q quit."
            )
        else:
            rate = getattr(self.app.clock, "rate", 1.0)
            rehearsal = self.query_one("#rehearsal", Static)
            rehearsal.update(f"rehearsal at {rate:g}× speed" if rate != 1.0 else "")
            rehearsal.display = rate != 1.0
            # Touched every second: looked up once.
            self._countdown = self.query_one("#countdown", Digits)
            self._phase_bar = self.query_one(PhaseBar)
            self._timeline = self.query_one(Timeline)
        # Decided before the first layout, so the screen never draws once at the wrong size.
        self.set_class(self._is_small(self.app.size.width, self.app.size.height), "-small")
        for text in self.app.pending_notices:
            self.post_message(Notice(text))
        self.app.pending_notices.clear()
        self.practice.runner.listeners.append(self)
        # The garbage collector's full sweeps pause the loop for tens of milliseconds, which
        # could land on a phase boundary. During a session it runs only in the quiet just
        # after a boundary (see _collect_in_the_quiet); everything built so far is set aside.
        gc.collect()
        gc.freeze()
        self._last_full_collect = time.monotonic()
        self.practice.runner.start()
        self._schedule()

    # ----- engine events -----------------------------------------------------------------

    def handle(self, event: ev.Event) -> None:
        """Runner listener: keep a log for the summary and hand the event to the screen."""
        self.log_events.append(event)
        self.post_message(EngineEvent(event))
        recorder = self.practice.recorder
        problem = recorder.problem if recorder is not None else None
        if problem and problem != self._store_problem:
            self._store_problem = problem
            self.post_message(Notice(problem))

    def on_engine_event(self, message: EngineEvent) -> None:
        event = message.event
        if isinstance(event, ev.PhaseStarted):
            self._show_phase(event)
        elif isinstance(event, ev.PromptDue):
            self._say(event.text, prompt=True)
        elif isinstance(event, ev.CueDue):
            self._flash()
        elif isinstance(event, ev.CheckinDue):
            if self.app.plain:
                self._line("Check-in: a digit for intensity, a digit for settling, then Enter. Escape skips.")
            self.app.push_screen(CheckinScreen(event.scales, event.title, event.after_kind), self._answered)
        elif isinstance(event, ev.TitrationApplied):
            self._notice(event.message)
        elif isinstance(event, ev.CrisisSuggested):
            self.app.rest_activation(event.reason)
            self.app.open_crisis(reason=event.reason)
        elif isinstance(event, ev.Paused):
            self._say("Paused. Take all the time you need; press space to go on.")
        elif isinstance(event, ev.Resumed):
            self._say("Going on.")
        elif isinstance(event, ev.GroundingStarted):
            self._notice("Let's come back to the ground and the room together.")
        elif isinstance(event, ev.SessionEnded):
            self.app.session_finished(self)
        self._refresh_display()

    def on_notice(self, message: Notice) -> None:
        self._notice(message.text)

    def _answered(self, answers: dict | None) -> None:
        runner = self.practice.runner
        if answers is None:
            runner.skip_checkin()
        else:
            runner.submit_checkin(answers)
        self._after_command()

    # ----- time --------------------------------------------------------------------------

    def _rate(self) -> float:
        return getattr(self.app.clock, "rate", 1.0) or 1.0

    def _schedule(self) -> None:
        """Wake exactly when the next event is due, computed from the clock, never by counting.

        The wake-up is a plain event-loop callback rather than a Textual timer: it runs on
        time even when the screen's message queue is busy drawing.
        """
        if self._due_timer is not None:
            self._due_timer.cancel()
            self._due_timer = None
        due = self.practice.session.next_due()
        # With nothing timed ahead (a check-in, a pause, an open-ended phase) a collector
        # pause harms nobody, so it runs as usual; otherwise only in the quiet after a boundary.
        if due is None:
            gc.enable()
            self._due_real = None
        else:
            gc.disable()
            delay = (due - self.app.clock.now()) / self._rate()
            self._due_real = time.monotonic() + delay
            # Wake a little early: the loop's own wake-ups can run a millisecond or two late.
            wake = max(MIN_DUE_DELAY, delay - EARLY_WAKE)
            self._due_timer = asyncio.get_running_loop().call_later(wake, self._on_due)
        self._schedule_display()

    def near_boundary(self) -> bool:
        """True in the short hold before a timed boundary, when nothing should start a redraw."""
        if self._due_real is None:
            return False
        return 0.0 <= self._due_real - time.monotonic() <= HOLD_BEFORE_DUE

    def on_unmount(self) -> None:
        gc.enable()
        gc.unfreeze()
        for handle in (self._due_timer, self._display_timer):
            if handle is not None:
                handle.cancel()
        self._due_timer = self._display_timer = None

    def _on_due(self) -> None:
        self._due_timer = None
        if not self.is_attached:
            return
        due = self.practice.session.next_due()
        if due is not None:
            wait = (due - self.app.clock.now()) / self._rate()
            if 0 < wait <= EARLY_WAKE:
                on_time = time.perf_counter() + wait
                while time.perf_counter() < on_time:
                    pass  # a few milliseconds, awake, so the cue sounds on the moment
        self.poll()

    def _schedule_display(self) -> None:
        if self._display_timer is not None:
            self._display_timer.cancel()
            self._display_timer = None
        session = self.practice.session
        remaining = session.step_remaining()
        if self.app.plain or session.finished or session.paused or session.awaiting_checkin or remaining is None:
            return  # nothing is counting down
        until_due = None if self._due_real is None else self._due_real - time.monotonic()
        # A plain loop callback, like the due moment: a Textual timer would start a task every
        # second of every session.
        delay = redraw_delay(remaining, self._rate(), until_due)
        self._display_timer = asyncio.get_running_loop().call_later(delay, self._on_display_timer)

    def _on_display_timer(self) -> None:
        self._display_timer = None
        if not self.is_attached:
            return
        due = self.practice.session.next_due()
        if due is not None and due <= self.app.clock.now():
            self.poll()  # the due timer was lost (see MIN_DUE_DELAY): never leave a session stuck
        self._refresh_display()
        self._schedule_display()

    def poll(self) -> None:
        """Process whatever has come due (the timer calls this; tests call it after moving the clock)."""
        self.practice.runner.tick()
        self._schedule()
        # After the boundary has been drawn, not before: its messages go first.
        asyncio.get_running_loop().call_later(GC_AFTER, self._collect_in_the_quiet)

    def _collect_in_the_quiet(self) -> None:
        """Collect garbage now, when nothing is due for a while, rather than at a boundary."""
        if not self.is_attached:
            return
        due = self.practice.session.next_due()
        quiet = due is None or (due - self.app.clock.now()) / self._rate() > QUIET_FOR_GC
        if not quiet:
            return
        now = time.monotonic()
        if now - self._last_full_collect > FULL_COLLECT_EVERY:
            gc.collect()
            give_back()
            self._last_full_collect = now
        else:
            gc.collect(1)

    def _after_command(self) -> None:
        self._schedule()
        self._refresh_display()

    # ----- keys --------------------------------------------------------------------------

    def action_pause(self) -> None:
        self.practice.runner.toggle_pause()
        self._after_command()

    def action_ground(self) -> None:
        self.practice.runner.ground_now()
        self._after_command()

    def action_extend(self) -> None:
        if not self.practice.session.can_extend:
            self._notice("More time can be added in resource phases.")
            return
        self.practice.runner.extend()
        self._after_command()

    def action_next(self) -> None:
        session = self.practice.session
        if not session.can_skip:
            self._notice("This closing part stays, so the session can end settled.")
            return
        self.practice.runner.skip()
        self._after_command()

    def action_mute(self) -> None:
        self._muted = not self._muted
        self.app.player.set_muted(self._muted)
        self._notice("Sound off; visual cues continue." if self._muted else "Sound on.")

    def action_quit_session(self) -> None:
        from pendulate.tui.screens.confirm import ConfirmQuit

        def chosen(choice: str | None) -> None:
            if choice == "leave":
                self.practice.runner.stop("quit")
                self._after_command()

        self.app.push_screen(ConfirmQuit(), chosen)

    # ----- drawing -----------------------------------------------------------------------

    def _show_phase(self, event: ev.PhaseStarted) -> None:
        if event.kind == "checkin":
            return
        self._step_count += 1
        item = look(event.kind)
        length = "take your time" if event.duration is None else clock_text(event.duration)
        if self.app.plain:
            self._line(f"Now: {item.label}, {event.title}, {length}.")
            return
        title = Text()
        title.append(f" {badge(event.kind)} ", style=f"bold on {item.colour} #1d2021")
        title.append(f"  {event.title}", style="bold")
        self.query_one("#phase-title", Static).update(title)
        self.query_one("#prompt", Static).update("")
        if self._notice_step < self._step_count - 1:
            self.query_one("#notice", Static).update("")
        self.query_one(Pendulum).swing_to(item.side, self.app.reduced_motion, hold=self.near_boundary)
        session = self.practice.session
        self.query_one(Timeline).set_blocks([(s.kind, s.duration or 60.0) for s in session.steps if not s.is_checkin])

    def _say(self, text: str, prompt: bool = False) -> None:
        if self.app.plain:
            self._line(text)
        elif prompt:
            self.query_one("#prompt", Static).update(Text(text))
        else:
            self._notice(text)

    def _notice(self, text: str) -> None:
        self._notice_step = self._step_count
        if self.app.plain:
            self._line(text)
        else:
            self.query_one("#notice", Static).update(Text(text))

    def _line(self, text: str) -> None:
        self.query_one("#lines").write(Text(text.replace("\n", " ")))

    def _flash(self) -> None:
        if self.app.plain:
            return
        # An inline style on the frame alone: toggling a class would restyle every widget inside
        # it, twice per cue, right on the phase boundary.
        stage = self.query_one("#stage")
        colour = self.app.current_theme.accent or "white"
        if self.has_class("-small"):
            stage.styles.background = Color.parse(colour).with_alpha(0.15)
        else:
            stage.styles.border = ("round", colour)

        def settle() -> None:
            for rule in ("border_top", "border_right", "border_bottom", "border_left", "background"):
                stage.styles.clear_rule(rule)
            stage.refresh(layout=False)

        if self._settle_timer is not None:
            self._settle_timer.stop()  # an earlier flash's settling must not cut this one short
        self._settle_timer = self.set_timer(FLASH_SECONDS, settle)

    def _refresh_display(self) -> None:
        if self.app.plain or not self.is_mounted:
            return
        session = self.practice.session
        remaining = session.step_remaining()
        length = session.step_length()
        if session.paused:
            shown = "paused"
        elif session.awaiting_checkin or session.finished:
            shown = ""
        elif remaining is None:
            shown = "take your time"
        else:
            shown = clock_text(remaining)
        big = bool(shown) and shown[0].isdigit() and not self.has_class("-small")
        # Only what changed is touched: a text update re-lays out the screen, and this runs
        # every second of every session.
        digits = self._countdown
        if digits.value != (shown if big else ""):
            digits.update(shown if big else "")
        # The line under the digits ("paused", "take your time") keeps its row even when empty,
        # so pausing never moves anything on the screen.
        small_text = "" if big else shown
        if small_text != self._small_shown:
            self._small_shown = small_text
            self.query_one("#countdown-small", Static).update(small_text)
        if length:
            self._phase_bar.set_fraction(min(length, session.step_elapsed()) / length)
        done = sum((s.duration or 0.0) for s in session.steps[: session.index] if not s.is_checkin)
        self._timeline.move_to(done + session.step_elapsed())

    def _is_small(self, width: int, height: int) -> bool:
        return height < 20 or width < 60

    def on_resize(self) -> None:
        small = self._is_small(self.size.width, self.size.height)
        if small != self.has_class("-small"):
            self.set_class(small, "-small")
            self._refresh_display()
