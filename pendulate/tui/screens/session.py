"""The practice screen: what a person sees while a session runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Center, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from pendulate.engine import events as ev
from pendulate.engine.answers import CheckinAnswers
from pendulate.engine.session import EXTEND_SECONDS, MAX_EXTENSIONS, RUNNING
from pendulate.practice import Practice
from pendulate.store.recorder import LOG_HELD
from pendulate.tui.kinds import badge, clock_text, look
from pendulate.tui.messages import CrisisSuggested, EngineEvent, Notice, SessionFinished
from pendulate.tui.pacing import Pacer
from pendulate.tui.phase_extras import (
    URGE_AT_END,
    breath_of,
    offer_line,
    own_resources,
    plain_checkin_line,
    remember,
    urge_at_top,
)
from pendulate.tui.screens import SCREENS_CSS, PendulateScreen
from pendulate.tui.screens.checkin import CheckinScreen
from pendulate.tui.widgets.breath import BreathBar, static_line
from pendulate.tui.widgets.countdown import Countdown
from pendulate.tui.widgets.keybar import KeyBar
from pendulate.tui.widgets.pendulum import Pendulum
from pendulate.tui.widgets.phase_bar import PhaseBar
from pendulate.tui.widgets.session_strip import SessionStrip

if TYPE_CHECKING:
    from textual.widgets import RichLog

FLASH_SECONDS = 0.6
# Said when "more time" reaches its cap (and, once, if it is pressed again after that).
LAST_EXTENSION = (
    f"{EXTEND_SECONDS:g} seconds more here; that is all the extra time one part takes "
    f"({MAX_EXTENSIONS * EXTEND_SECONDS / 60:g} minutes). Space pauses for as long as you need."
)
NO_MORE_TIME = "This part has had all its extra time. Space pauses for as long as you need."
# Said once the log another program held is free again and everything waiting is in it.
LOG_FREE = "Your practice log is free again, and everything from this session is saved in it."


class LogChanged(Message):
    """The recorder's retry thread changed what it says about the log (read on the screen's loop)."""


def about(seconds: float) -> str:
    """``about 30 seconds``, ``about 2 minutes``: how long, in words."""
    if seconds < 90:
        whole = max(1, round(seconds))
        return f"about {whole} second{'s' if whole != 1 else ''}"
    return f"about {round(seconds / 60)} minutes"


class SessionScreen(PendulateScreen[None]):
    CSS_PATH = SCREENS_CSS
    BINDINGS = [
        Binding("space", "pause", "pause"),
        Binding("e", "extend", "more time"),
        # During a touch "e more" leaves the key line to make room for "b enough"; e still answers.
        Binding("e", "more_time", "more time", show=False),
        Binding("n", "next", "next"),
        Binding("m", "mute", "mute"),
        Binding("q", "quit_session", "quit"),
        # Shown only during a touch (see check_action): one key ends it at once (rule R1).
        # "enough", not "that's enough", so the whole key line keeps its words at 80 columns.
        Binding("b", "end_touch", "enough"),
        Binding("enter", "end_touch", "enough", show=False),
        # A digit during a touch is its rating: the touch ends and the digit is the first answer.
        *[Binding(str(digit), f"rate_touch('{digit}')", show=False) for digit in range(10)],
        Binding("plus", "rate_touch('+')", show=False),
        # Not on the key line (it is full at 80 columns): in help, and said when pressed.
        Binding("v", "eyes_closed", "eyes closed", show=False),
    ]

    def __init__(self, practice: Practice, notices: tuple[str, ...] = ()) -> None:
        """``notices``: said once, in order, as the session starts (given before the screen was up)."""
        super().__init__()
        self.practice = practice
        self._notices = notices
        self._typed_in_touch = ""  # a rating typed during a touch, for the check-in that follows it
        self._urge_at_top = False  # U2 came: crisis help opens with the safety plan first
        self._resources: list[str] = []  # the person's own resource names, offered in resource phases
        self.log_events: list[ev.Event] = []
        self.pacer: Pacer | None = None  # made on mount, when the app (clock, plain mode) is known
        self._settle_timer: Timer | None = None
        self._step_count = 0
        self._notice_step = 0  # the phase a notice was given in; it stays through the next one
        self._muted = False
        self._store_problem: str | None = None
        self._small_shown: str | None = None
        self._pause_note: str | None = None  # said instead of the usual line when help paused the session
        self._last_notice: str | None = None
        self._quiet_resume = False  # the next "Resumed" closes a stretch the app was not running

    # ----- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        app = self.app
        if app.plain:
            from textual.widgets import RichLog  # start-up of a session: only plain mode loads it

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
                yield Static(id="return-to")
            with Vertical(id="breath-row", classes="stage-part"):
                yield BreathBar(id="breath")
            with Center(id="countdown-row"):
                yield Countdown("", id="countdown")
            yield Static(id="countdown-small")
            yield PhaseBar(id="phase-progress")
            with Vertical(id="stage-foot", classes="stage-part"):
                yield SessionStrip(id="timeline")
                yield Pendulum(id="pendulum")
                yield Static(id="notice")
                yield Static("g ground now · c crisis help", id="always")
        yield KeyBar()

    def on_mount(self) -> None:
        rate = getattr(self.app.clock, "rate", 1.0)
        self._resources = own_resources(getattr(self.app, "store", None))  # read once, not at a boundary
        if self.app.plain:
            self.query_one("#keys-plain", Static).update(
                "Keys: space pause, g ground now, e more time, n next, m mute, c crisis help, ? help, q quit; "
                "during a touch, b or Enter: that's enough."
            )
            if rate != 1.0:
                self._line(f"A rehearsal at {rate:g}× speed: kept apart, never counted as practice.")
        else:
            rehearsal = self.query_one("#rehearsal", Static)
            rehearsal.update(f"rehearsal at {rate:g}× speed" if rate != 1.0 else "")
            rehearsal.display = rate != 1.0
            # Touched every second: looked up once.
            self._countdown = self.query_one("#countdown", Countdown)
            self._phase_bar = self.query_one(PhaseBar)
            self._strip = self.query_one(SessionStrip)
        # Decided before the first layout, so the screen never draws once at the wrong size.
        self.set_class(self._is_small(self.app.size.width, self.app.size.height), "-small")
        for text in self._notices:
            self.post_message(Notice(text))
        # Started silent (--mute, or sound off in the settings): the first m turns sound on.
        self._muted = bool(getattr(self.app.player, "muted", False))
        self.practice.runner.listeners.append(self)
        if self.practice.recorder is not None:
            # From the recorder's retry thread, while another program holds the log: only a
            # message crosses over (post_message is thread-safe); the state is read here.
            self.practice.recorder.on_problem = lambda _problem: self.post_message(LogChanged())
        self.pacer = Pacer(
            self.practice.session,
            self.app.clock,
            self.poll,
            self._refresh_display,
            counts_down=not self.app.plain,
            on_late=self._woke_late,
        )
        self.pacer.start()
        self.practice.runner.start()
        self.pacer.schedule()

    # ----- engine events -----------------------------------------------------------------

    def handle(self, event: ev.Event) -> None:
        """Runner listener: keep a log for the summary and hand the event to the screen."""
        self.log_events.append(event)
        self.post_message(EngineEvent(event))
        self._check_log()

    def on_log_changed(self, _message: LogChanged) -> None:
        self._check_log()

    def _check_log(self) -> None:
        """Say once what keeps the log from being written, and once that a held log is free again."""
        recorder = self.practice.recorder
        problem = recorder.problem if recorder is not None else None
        if problem and problem != self._store_problem:
            self._store_problem = problem
            self.post_message(Notice(problem))
        elif problem is None and self._store_problem == LOG_HELD:
            self._store_problem = None
            self.post_message(Notice(LOG_FREE))

    def on_engine_event(self, message: EngineEvent) -> None:
        event = message.event
        if isinstance(event, ev.PhaseStarted):
            self._show_phase(event)
            self.refresh_bindings()  # "that's enough" is shown only during a touch
        elif isinstance(event, ev.TouchEnded):
            self._notice("You chose to end the touch here. Coming back now.")
        elif isinstance(event, ev.PromptDue):
            self._say(event.text, prompt=True)
        elif isinstance(event, ev.CueDue) and event.purpose != "breath":  # the breath pacer shows those
            self._flash()
        elif isinstance(event, ev.CheckinDue):
            if self.app.plain:
                self._line(plain_checkin_line(event.scales))
            typed, self._typed_in_touch = self._typed_in_touch, ""
            checkin = CheckinScreen(
                event.scales, event.title, event.after_kind, typed_ahead=typed, targets=self.practice.targets
            )
            self.app.push_screen(checkin, self._answered)
        elif isinstance(event, ev.TitrationApplied):
            self._urge_at_top = self._urge_at_top or event.rule == URGE_AT_END
            self._notice(event.message)
        elif isinstance(event, ev.CrisisSuggested):
            self.post_message(CrisisSuggested(event.reason, plan_first=self._urge_at_top))
        elif isinstance(event, ev.Paused) and event.reason == ev.NOT_RUNNING:
            self._not_running(event)
        elif isinstance(event, ev.Paused):
            note, self._pause_note = self._pause_note, None
            self._say(note or "Paused. Take all the time you need; press space to go on.")
        elif isinstance(event, ev.Resumed) and self._quiet_resume:
            self._quiet_resume = False  # a check-in's stretch not running: the check-in simply waited
        elif isinstance(event, ev.Resumed):
            self._say("Going on.")
        elif isinstance(event, ev.GroundingStarted):
            self._notice("Let's come back to the ground and the room together.")
        elif isinstance(event, ev.SessionEnded):
            self.refresh_bindings()
            self.post_message(SessionFinished(self, self.log_events))
        self._refresh_display()

    def on_notice(self, message: Notice) -> None:
        self._notice(message.text)

    def _not_running(self, event: ev.Paused) -> None:
        """The app was not running for a while (suspended, or held up): say so, and how long."""
        rate = getattr(self.app.clock, "rate", 1.0) or 1.0
        what = f"pendulate was stopped or held up for {about(event.not_running_for / rate)}, so that time isn't counted"
        if self.practice.session.awaiting_checkin:
            self._quiet_resume = True
            self._notice(f"{what}.")
        else:
            self._notice(f"{what}. Paused for now; press space to go on when you're ready.")

    def _answered(self, answers: CheckinAnswers | None) -> None:
        runner = self.practice.runner
        if answers is None:
            runner.skip_checkin()
        else:
            runner.submit_checkin(answers)
            self._resources = remember(self._resources, answers.resource)
        self._after_command()

    # ----- time --------------------------------------------------------------------------

    def near_boundary(self) -> bool:
        """True in the short hold before a timed boundary, when nothing should start a redraw."""
        return self.pacer is not None and self.pacer.near_boundary()

    def on_unmount(self) -> None:
        if self.pacer is not None:
            self.pacer.stop()

    def poll(self) -> None:
        """Process whatever has come due (the pacer calls this; tests call it after moving the clock)."""
        self.practice.runner.tick()
        pacer = self._pacer()
        pacer.schedule()
        pacer.after_boundary()

    def _woke_late(self, planned: float) -> bool:
        """The pacer's wake-up meant for ``planned`` came only now: time the app was not running
        is not practice (the session decides whether it was that late). True if anything changed."""
        if not self.practice.runner.woke(planned):
            return False
        self._after_command()
        return True

    def _after_command(self) -> None:
        self._pacer().schedule()
        self._refresh_display()

    def _pacer(self) -> Pacer:
        assert self.pacer is not None, "the pacer is made on mount"
        return self.pacer

    # ----- keys --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("end_touch", "rate_touch"):
            return self.practice.session.can_end_touch
        if action == "extend":
            return not self.practice.session.can_end_touch
        return True

    def action_rate_touch(self, key: str) -> None:
        """A digit (or + for 10) during a touch: the touch ends, and its check-in opens with it."""
        if not self.practice.session.can_end_touch:
            return
        self._typed_in_touch = key
        self.action_end_touch()

    def action_end_touch(self) -> None:
        """b or Enter during a touch: that's enough. The touch ends now and its check-in follows."""
        if not self.practice.session.can_end_touch:
            return
        self.practice.runner.end_touch()
        self._after_command()

    def pause_for_help(self) -> None:
        """Help or crisis help is opening: a running session pauses and says so. It goes on only
        when the person presses space, never just because the help closed."""
        session = self.practice.session
        if session.state != RUNNING:
            return
        self._pause_note = "Paused while help is open. Press space to go on when you're ready."
        self.practice.runner.pause()
        self._after_command()

    def action_pause(self) -> None:
        self.practice.runner.toggle_pause()
        self._after_command()

    def action_ground(self) -> None:
        self.practice.runner.ground_now()
        self._after_command()

    def action_more_time(self) -> None:
        self.action_extend()

    def action_extend(self) -> None:
        session = self.practice.session
        if not session.can_extend:
            self._notice_once("This part keeps its length; more time can be added in resource phases.")
            return
        if not session.extensions_left:
            # A held key: said once, not once a press.
            if self._last_notice not in (LAST_EXTENSION, NO_MORE_TIME):
                self._notice(NO_MORE_TIME)
            return
        self.practice.runner.extend()
        self._after_command()
        self._notice(LAST_EXTENSION if not session.extensions_left else f"{EXTEND_SECONDS:g} seconds more here.")

    def action_next(self) -> None:
        session = self.practice.session
        if not session.can_skip:
            self._notice_once("This closing part stays, so the session can end settled.")
            return
        self.practice.runner.skip()
        self._after_command()

    def action_mute(self) -> None:
        self._muted = not self._muted
        self._notice(self.app.set_sound(not self._muted))

    def action_eyes_closed(self) -> None:
        from pendulate.tui.eyes_closed import toggle  # start-up: loaded with the check-in already

        self._notice(toggle(self.app))

    def action_quit_session(self) -> None:
        self.ask_to_leave()

    def ask_to_leave(self, exit_after: bool = False) -> None:
        """Every way of leaving (q, ctrl+q, the palette's Quit, ctrl+c) asks gently first.

        ``exit_after``: the person asked to quit the app, which closes once the session is kept
        as stopped, unless leaving calls for care (then crisis help opens instead).
        """
        from pendulate.tui.screens.confirm import ConfirmQuit  # start-up: asked only on leaving

        if self.practice.session.finished:
            if exit_after:
                self.app.exit()
            return
        if any(isinstance(screen, ConfirmQuit) for screen in self.app.screen_stack):
            return

        def chosen(choice: str | None) -> None:
            if choice == "leave":
                self.leave(exit_after)

        self.app.push_screen(ConfirmQuit(), chosen)

    def leave(self, exit_after: bool = False) -> None:
        """End the session now, kept as stopped. Leaving at the crisis level (or flooded) gets
        the care of a hard ending: crisis help, a word about the therapist, activation resting."""
        app = self.app
        while app.screen is not self and len(app.screen_stack) > 1:
            app.pop_screen()  # a check-in or help left open over the session
        concern = self.practice.session.leaving_concern()
        self.practice.runner.stop("quit")
        self._after_command()
        if concern is not None:
            app.post_message(CrisisSuggested(concern, plan_first=urge_at_top(self.practice.session)))
        elif exit_after:
            app.exit()

    # ----- drawing -----------------------------------------------------------------------

    def _show_phase(self, event: ev.PhaseStarted) -> None:
        breath, offer = breath_of(event), offer_line(event, self.practice.script.id, self._resources)
        if not self.app.plain:
            self._show_extras(breath, offer)
        if event.kind == "checkin":
            return
        self._step_count += 1
        item = look(event.kind)
        length = "take your time" if event.duration is None else clock_text(event.duration)
        if self.app.plain:
            self._last_notice = None  # a new phase: a key's answer is worth saying again
            self._line(f"Now: {item.label}, {event.title}, {length}.")
            for line in (static_line(*breath) if breath else "", offer):
                if line:
                    self._line(line)
            return
        title = Text()
        title.append(f" {badge(event.kind)} ", style=f"bold on {item.colour} #1d2021")
        title.append(f"  {event.title}", style="bold")
        self.query_one("#phase-title", Static).update(title)
        self.query_one("#prompt", Static).update("")
        if self._notice_step < self._step_count - 1:
            self._last_notice = None
            self.query_one("#notice", Static).update("")
        self.query_one(Pendulum).swing_to(item.side, self.app.reduced_motion, hold=self.near_boundary)
        session = self.practice.session
        self.query_one(SessionStrip).set_blocks(
            [(s.kind, s.duration or 60.0) for s in session.steps if not s.is_checkin]
        )

    def _show_extras(self, breath: tuple[float, float] | None, offer: str) -> None:
        """The breath pacer and the offer of the person's own resources, for this phase only."""
        bar = self.query_one(BreathBar)
        if breath is None:
            bar.stop()
        else:
            session = self.practice.session
            bar.start(breath, session.step_elapsed, self.app.reduced_motion, hold=self.near_boundary)
        line = self.query_one("#return-to", Static)
        line.update(Text(offer))
        line.display = bool(offer)

    def _say(self, text: str, prompt: bool = False) -> None:
        if self.app.plain:
            self._line(text)
        elif prompt:
            self.query_one("#prompt", Static).update(Text(text))
        else:
            self._notice(text)

    def _notice_once(self, text: str) -> None:
        """A key's "not here" answer: a held key says it once, not once a press."""
        if text != self._last_notice:
            self._notice(text)

    def _notice(self, text: str) -> None:
        self._notice_step = self._step_count
        self._last_notice = text
        if self.app.plain:
            self._line(text)
        else:
            self.query_one("#notice", Static).update(Text(text))

    def _line(self, text: str) -> None:
        lines = cast("RichLog", self.query_one("#lines"))
        lines.write(Text(text.replace("\n", " ")))

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
        self._strip.move_to(done + session.step_elapsed())

    def _is_small(self, width: int, height: int) -> bool:
        return height < 20 or width < 60

    def on_resize(self) -> None:
        small = self._is_small(self.size.width, self.size.height)
        if small != self.has_class("-small"):
            self.set_class(small, "-small")
            self._refresh_display()
