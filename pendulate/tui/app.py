"""The pendulate application. Build it with :func:`pendulate.tui.factory.build_app`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import constants, events, on, work
from textual.app import App
from textual.binding import Binding
from textual.driver import Driver
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import Input

from pendulate import collector
from pendulate.tui.messages import CrisisSuggested, Notice, SessionFinished

if TYPE_CHECKING:
    from pendulate.audio.cues import Pcm
    from pendulate.audio.player import Player
    from pendulate.engine.clock import Clock
    from pendulate.practice import Practice
    from pendulate.script.library import SkippedScript
    from pendulate.script.model import Script
    from pendulate.settings import Settings
    from pendulate.store.store import Store
    from pendulate.tui.library_index import Entry
    from pendulate.tui.safety_flow import SafetyFlow
    from pendulate.tui.screens.library import LibraryScreen
    from pendulate.tui.screens.session import SessionScreen
    from pendulate.tui.screens.summary import SummaryScreen
    from pendulate.tui.voice_prep import ClipMaker, VoicePrep

GATE = "safety-gate"  # the worker group of the safety steps: one passage through them at a time


def local_now() -> datetime:
    return datetime.now().astimezone()


@dataclass(frozen=True)
class PracticeRequest:
    """A practice to start once the safety gate is clear."""

    script: Script
    first: bool = False  # the run's first screen: stepping back at the gate opens the library
    notice: str = ""  # said once on the practice screen when the session starts
    at_once: bool = False  # g from outside a session: grounding starts now, its voice when ready
    options: Mapping[str, Any] = field(default_factory=dict)  # for prepare(): overrides, progress, homework id


class PendulateApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "pendulate"
    # The theme is the app's from the start: setting it after construction would make Textual
    # parse every style sheet a second time before the first frame.
    theme: Reactive[str] = Reactive("nord")
    BINDINGS = [
        # The stop key is the app's, with priority, so no screen or script can take it away.
        Binding("g", "ground_now", "ground now", priority=True),
        Binding("c", "crisis", "crisis help"),
        Binding("question_mark", "help", "help"),
    ]

    def __init__(
        self,
        *,
        clock: Clock,
        scripts: Callable[[], list[Script]],
        left_out: Callable[[], list[SkippedScript]] = list,
        start_script: Script | None = None,
        plain: bool = False,
        wall_clock: Callable[[], datetime] = local_now,
        clip_maker: ClipMaker | None = None,
    ) -> None:
        """The app's frame; :meth:`attach_services` gives it the log, the player and the settings,
        before it runs or (see :meth:`open_library_early`) right after the library's first frame."""
        super().__init__()
        self.clock = clock
        self.scripts = scripts
        self.left_out = left_out  # the person's files the library can't offer, after scripts()
        self.start_script = start_script
        self.plain = plain
        self.wall_clock = wall_clock
        self.practice: Practice | None = None
        # Until attach_services(): nothing to play, nothing to record.
        self.player: Player | None = None
        self.store: Store | None = None
        self.settings: Settings | None = None
        self.stop_script: Script | None = None
        self.reduced_motion = plain
        self.store_problem: str | None = None
        self.start_notices: tuple[str, ...] = ()  # said once on the run's first screen, before store_problem
        self.safety: SafetyFlow | None = None
        # open_library_early(): the library drawn from the index, and what loads the rest.
        self._early: tuple[LibraryScreen, Callable[[], None]] | None = None
        self._notices_for_session: list[str] = []  # said before the practice screen was up
        self._preparing = False  # the player is preparing a session's cues
        # A finished session's screen, and the summary that replaces it once nothing is over it.
        self._finished_screen: Screen[None] | None = None
        self._summary: SummaryScreen | None = None
        # Spoken guidance: this run's choices (the settings, or the command line's for this run).
        self.eyes_closed = False
        self.speech = False
        self.voice_model = ""
        self.voice_clips: MutableMapping[str, Pcm] = {}  # what the player was given to speak, by key
        self._clip_maker = clip_maker
        self._voice_prep: VoicePrep | None = None

    def attach_services(
        self,
        *,
        player: Player,
        store: Store | None,
        settings: Settings,
        stop_script: Script | None,
        reduced_motion: bool = False,
        store_problem: str | None = None,
        notices: tuple[str, ...] = (),
        eyes_closed: bool = False,
        speech: bool = False,
        voice_model: str = "",
    ) -> None:
        """The player, the practice log (None when it can't be opened) and the settings;
        ``notices`` (and ``store_problem``) are said once, on the run's first screen."""
        # start-up: the safety steps load with the log, after the library's first frame.
        from pendulate.safety.record import SafetyRecord
        from pendulate.tui.safety_flow import SafetyFlow

        self.player = player
        self.store = store
        self.settings = settings
        self.stop_script = stop_script
        self.reduced_motion = reduced_motion or self.plain
        self.store_problem = store_problem
        self.start_notices = notices
        self.eyes_closed, self.speech, self.voice_model = eyes_closed, speech, voice_model
        self.safety = SafetyFlow(self, SafetyRecord(store, self.wall_clock), self.show_notice)
        if hasattr(player, "on_notice"):
            player.on_notice = self.show_notice

    def open_library_early(self, entries: list[Entry], load_services: Callable[[], None]) -> None:
        """Open on the library drawn from ``entries``; ``load_services`` runs right after its
        first frame, or at the first key or click if that comes sooner."""
        # start-up: `pendulate practice` opens on a session and never loads the library.
        from pendulate.tui.screens.library import LibraryScreen

        self._early = (LibraryScreen(entries=entries), load_services)

    def get_driver_class(self) -> type[Driver]:
        """Textual's terminal driver, but with pastes kept whole (see ``pendulate.tui.paste``):
        on Linux and macOS, unless ``TEXTUAL_DRIVER`` names another."""
        stock = super().get_driver_class()
        if constants.DRIVER is None and sys.platform != "win32":
            from textual.drivers.linux_driver import LinuxDriver  # Textual's choice here, loaded already

            if stock is LinuxDriver:
                from pendulate.tui.driver import PendulateDriver

                return PendulateDriver
        return stock

    def _safety(self) -> SafetyFlow:
        """The safety steps, there once the services are attached (before any screen acts)."""
        assert self.safety is not None, "attach_services() comes first"
        return self.safety

    # ----- navigation --------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.plain:
            self.add_class("-plain")
        if self._early is not None:
            self.push_screen(self._early[0])
            return
        self._begin()

    def on_ready(self) -> None:
        # Ready comes once the first frame is laid out; the callback waits until it is drawn.
        self.screen.call_after_refresh(self._first_frame_drawn)

    def _first_frame_drawn(self) -> None:
        if self._early is not None:
            self._finish_early_start()
        collector.release()  # held back by the command line until now

    async def on_event(self, event: events.Event) -> None:
        # A key or a click that arrives before the early library was completed completes it
        # first, so nothing typed is lost or acted on half-loaded.
        if self._early is not None and isinstance(event, events.InputEvent) and not isinstance(event, events.MouseMove):
            if not self._finish_early_start():
                return  # the first-run statement came up instead: it is read, not keyed through
        if isinstance(event, events.Paste) and not event.is_forwarded:
            # Whatever field it lands in, a paste keeps only text: no escape sequences, no CR.
            from pendulate.tui.paste import clean_text  # start-up: loaded with the first paste

            event.text = clean_text(event.text)
        await super().on_event(event)

    def _say_start_notices(self) -> None:
        for text in (*self.start_notices, self.store_problem):
            if text:
                self.show_notice(text)
        self.start_notices = ()

    def _begin(self) -> None:
        """The run's first screen: the first-run statement if it was never accepted, then the
        start script or the library."""
        self._say_start_notices()
        if not self._safety().welcomed():
            self._through_the_gate(None)
        elif self.start_script is not None:
            self._practise(self._request(self.start_script, first=True))
        else:
            self.show_library(first=True)

    def _put_in_front(self, screen: Screen[Any], first: bool) -> None:
        """The run's first screen goes over Textual's default one; a later one replaces the
        screen in front."""
        if first:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def _finish_early_start(self) -> bool:
        """Load what the early library was drawn without; False if the library had to give way."""
        if self._early is None:
            return True
        (screen, load_services), self._early = self._early, None
        load_services()
        if not self._safety().welcomed():
            # The log was replaced since the index was written: start over, statement first.
            self.pop_screen()
            self._begin()
            return False
        self._say_start_notices()
        screen.show_scripts(*self._scripts_and_notes())
        self._keep_library(screen)
        return True

    def show_library(self, first: bool = False) -> None:
        # start-up: `pendulate practice` opens on a session and never loads the library.
        from pendulate.tui.screens.library import LibraryScreen

        screen = LibraryScreen(*self._scripts_and_notes())
        self._put_in_front(screen, first)
        screen.call_after_refresh(self._keep_library, screen)

    def _scripts_and_notes(self) -> tuple[list[Script], dict[str, str], list[SkippedScript]]:
        """Every script the library lists, the resting note of those resting today, and the
        person's files it leaves out (read with the scripts)."""
        scripts = self.scripts()
        return scripts, self._safety().resting_notes(scripts), self.left_out()

    def _keep_library(self, screen: LibraryScreen) -> None:
        """Keep the library as drawn for the next start's first frame (only with a working log:
        without one, the first-run statement would be asked for again)."""
        if self.store is not None:
            from pendulate.tui import library_index  # start-up: written after the first frame

            library_index.save(screen.entries, self.plain)

    def show_history(self) -> None:
        if self.store is None:
            self.show_notice("Your practice log isn't available, so there is no history to show.")
            return
        from pendulate.tui.screens.history import HistoryScreen  # start-up: loads the store's queries

        self.push_screen(HistoryScreen(self.store))

    # ----- starting a practice, through the safety gate ----------------------------------

    def request_practice(self, script: Script, first: bool = False) -> None:
        """Start ``script`` with its homework overrides, homework id and R4 progression, once
        the safety gate is clear."""
        self._practise(self._request(script, first))

    def _request(self, script: Script, first: bool) -> PracticeRequest:
        from pendulate.catalogue.effective import session_setup  # start-up: loads the homework

        setup = session_setup(script, self.store)
        return PracticeRequest(script, first, notice=setup.message, options=setup.options())

    def _practise(self, request: PracticeRequest) -> None:
        """Start ``request`` once the safety gate is clear: at once, in this same turn, when the
        gate asks nothing; otherwise through its screens, in the gate worker."""
        safety = self._safety()
        step = safety.step_before(request.script)
        if safety.asks(step):
            self._through_the_gate(request, step)
        elif safety.may_start(step):
            self._start(request)
        elif request.first:
            self.show_library(first=True)

    @work(group=GATE, exclusive=True)
    async def _through_the_gate(self, request: PracticeRequest | None, step: str | None = None) -> None:
        """The safety steps in order, each screen awaited: the first-run statement unless it was
        accepted before, then whatever the gate asks before ``request``'s script (from
        ``step``), then the practice. ``None``: the run's opening (start script or library).

        ``g`` ends a passage at any step (see :meth:`action_ground_now`); ``c`` opens crisis
        help over the step, which is still there when it closes.
        """
        safety = self._safety()
        if not await safety.welcome():
            self.exit()
            return
        if request is None:
            if self.start_script is None:
                self.show_library(first=True)
                return
            request = self._request(self.start_script, first=True)
            step = safety.step_before(request.script)
        if await safety.clear(request.script, step):
            self._start(request)
        elif request.first:
            self.show_library(first=True)

    def _start(self, request: PracticeRequest) -> None:
        """Prepare the session and its cues, and bring up the practice screen."""
        # start-up: the engine, the store's recorder and the practice screen load with a practice.
        from pendulate.engine.marks import MAX_LAST_TICKS
        from pendulate.practice import cues_for, prepare
        from pendulate.tui.sound import listeners

        player, settings = self.player, self.settings
        assert player is not None and settings is not None, "attach_services() comes first"
        # A scaled clock (--speed) makes the run a rehearsal: recorded and marked, never counted
        # as practice; or not recorded at all when the person's settings say so.
        speed = getattr(self.clock, "rate", 1.0)
        keep = speed == 1.0 or settings.record_rehearsals
        self.practice = prepare(
            request.script,
            clock=self.clock,
            stop_script=self.stop_script,
            store=self.store if keep else None,
            listeners=listeners(player),
            speed=speed,
            last_ticks=MAX_LAST_TICKS if settings.touch_end_ticks else 0,
            breath_cues=settings.breath_sound,
            **request.options,
        )
        self._preparing = True
        try:
            player.prepare(cues_for(self.practice.plan, self.practice.stop_plan), settings.volume)
        finally:
            self._preparing = False
        if request.notice:
            self._notices_for_session.append(request.notice)
        if player.available and (self.speech or self.eyes_closed):
            from pendulate.tui.voice_prep import VoicePrep  # start-up: loaded with a practice that speaks

            self._voice_prep = self._voice_prep or VoicePrep(self, self._clip_maker)
            self._preparing = not request.at_once  # notices wait for the practice screen
            self._voice_prep.before(self.practice, lambda: self._show_session(request), request.at_once)
        else:
            self._show_session(request)

    def _show_session(self, request: PracticeRequest) -> None:
        from pendulate.tui.screens.session import SessionScreen  # start-up: loads the engine

        assert self.practice is not None
        self._preparing = False
        notices, self._notices_for_session = tuple(self._notices_for_session), []
        self._put_in_front(SessionScreen(self.practice, notices), request.first)

    def take_voice(self, clips: MutableMapping[str, Pcm]) -> None:
        """Give the player the session's spoken clips (and tones), at the voice's own volume."""
        assert self.player is not None and self.settings is not None, "attach_services() comes first"
        self.voice_clips = clips
        self.player.prepare_voice(clips, self.settings.voice_volume)

    @on(SessionFinished)
    def _summarise(self, message: SessionFinished) -> None:
        from pendulate.tui.screens.summary import SummaryFigures, SummaryScreen  # start-up: after a session

        self._finished_screen = message.screen
        speed = self.practice.speed if self.practice is not None else 1.0
        self._summary = SummaryScreen(SummaryFigures.from_events(message.events, speed))
        self.set_timer(0.01, self._show_summary)

    def _show_summary(self) -> None:
        """Replace the finished practice screen with its summary, once nothing is open over it
        (crisis help opened by a hard ending stays in front until the person closes it)."""
        if self._summary is None or self.screen is not self._finished_screen:
            return
        summary, self._summary = self._summary, None
        self.switch_screen(summary)

    # ----- help that is always one key away ----------------------------------------------

    def action_crisis(self) -> None:
        self.open_crisis()

    def open_crisis(self, reason: str | None = None, plan_first: bool = False) -> None:
        from pendulate.tui.screens.crisis import CrisisScreen  # start-up: opened on request

        if any(isinstance(s, CrisisScreen) for s in self.screen_stack):
            return
        self._pause_for_help()
        assert self.settings is not None, "attach_services() comes first"
        self.push_screen(CrisisScreen(self.settings, reason, plan_first), lambda _: self._reschedule())

    @on(CrisisSuggested)
    def _after_a_hard_ending(self, message: CrisisSuggested) -> None:
        """Rule R6: activation practice rests until tomorrow, and crisis help opens."""
        # A rehearsal (a therapist trying a script at speed) is not practice: crisis help still
        # opens, but activation does not rest because of it.
        if self.practice is None or not self.practice.rehearsal:
            self._safety().rest_for_today(message.reason)
        self.open_crisis(reason=message.reason, plan_first=message.plan_first)

    def action_ground_now(self) -> None:
        """g, from anywhere in a session: close what is open over it and go into grounding."""
        from pendulate.tui.screens.session import SessionScreen  # start-up: loads the engine

        focused = self.focused
        if isinstance(focused, Input):
            focused.insert_text_at_cursor("g")
            return
        # TextArea is only loaded by the screens that use it; no need to load it for this check.
        text_area = sys.modules.get("textual.widgets._text_area")
        if text_area is not None and isinstance(focused, text_area.TextArea):
            focused.insert("g")
            return
        session_screen = next((s for s in self.screen_stack if isinstance(s, SessionScreen)), None)
        if session_screen is None or session_screen.practice.session.finished:
            # Outside a session, g starts the grounding practice itself, leaving any safety step
            # that was being asked (its answer would only have started another practice).
            if self.stop_script is not None:
                self.workers.cancel_group(self, GATE)
                if self._voice_prep is not None:
                    self._voice_prep.cancel()
                while len(self.screen_stack) > 2:
                    self.pop_screen()
                self._practise(PracticeRequest(self.stop_script, at_once=True))
            return
        while self.screen is not session_screen:
            self.pop_screen()
        session_screen.action_ground()

    def _reschedule(self) -> None:
        from pendulate.tui.screens.session import SessionScreen  # start-up: loads the engine

        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen._after_command()
        self.call_later(self._show_summary)

    def action_help(self) -> None:
        from pendulate.tui.screens.help import HelpScreen  # start-up: opened on request

        if any(isinstance(s, HelpScreen) for s in self.screen_stack):
            return  # already open (a held ? asks once)
        self._pause_for_help()
        self.push_screen(HelpScreen())

    def _live_session(self) -> SessionScreen | None:
        """The practice screen of a session still under way, if there is one."""
        from pendulate.tui.screens.session import SessionScreen  # start-up: loads the engine

        screen = next((s for s in self.screen_stack if isinstance(s, SessionScreen)), None)
        return screen if screen is not None and not screen.practice.session.finished else None

    def _pause_for_help(self) -> None:
        """Help over a running session pauses it (and says so); space goes on, not closing help."""
        screen = self._live_session()
        if screen is not None:
            screen.pause_for_help()

    # ----- leaving ------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """ctrl+q and the command palette's Quit: during a session, the gentle leave dialog first."""
        screen = self._live_session()
        if screen is None:
            self.exit()
        else:
            screen.ask_to_leave(exit_after=True)

    def action_help_quit(self) -> None:
        """ctrl+c: during a session it leaves as ctrl+q does, through the leave dialog."""
        screen = self._live_session()
        if screen is None:
            super().action_help_quit()
        else:
            screen.ask_to_leave(exit_after=True)

    # ----- sound --------------------------------------------------------------------------

    def set_sound(self, on: bool) -> str:
        """Turn cues on or off for the rest of the session; returns the calm line that says so.

        A session started silent (``--mute``, or sound off in the settings) has a player that
        plays nothing; turning sound on swaps in one that sounds, prepared with this session's cues.
        """
        player = self.player
        assert player is not None and self.settings is not None, "attach_services() comes first"
        if on and not player.available and player.notice is None and self.practice is not None:
            from pendulate.tui.sound import sounding_player

            if self.eyes_closed and not self.voice_clips:  # started silent: its answers heard as tones
                from pendulate.audio.tones import add_tones

                self.voice_clips = add_tones({})
            sounding = sounding_player(self.practice, self.settings, self.voice_clips, self.show_notice)
            player.close()
            self.player = player = sounding
        player.set_muted(not on)
        if not on:
            return "Sound off; visual cues continue."
        if not player.available:
            return "Sound isn't available here, so the cues stay visual."
        return "Sound on."

    def show_notice(self, text: str) -> None:
        """One calm line: on the practice screen while a session runs, else a gentle toast."""
        from pendulate.tui.screens.session import SessionScreen  # start-up: loads the engine

        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.post_message(Notice(text))
                return
        if self._preparing:
            self._notices_for_session.append(text)
            return
        # Notices quote paths and error text: shown literally, never as markup.
        self.notify(text, timeout=8, markup=False)
