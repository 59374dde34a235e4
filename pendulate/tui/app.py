"""The pendulate application. Build it with :func:`pendulate.tui.factory.build_app`."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.reactive import Reactive
from textual.widgets import Input

if TYPE_CHECKING:
    from pendulate.engine.clock import Clock
    from pendulate.script.model import Script
    from pendulate.settings import Settings
    from pendulate.tui.library_index import Entry
    from pendulate.tui.screens.library import LibraryScreen


def local_now() -> datetime:
    return datetime.now().astimezone()


class PendulateApp(App):
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
        start_script: Script | None = None,
        plain: bool = False,
        wall_clock: Callable[[], datetime] = local_now,
    ) -> None:
        """The app's frame; :meth:`adopt` gives it the log, the player and the settings, before it
        runs or (see :meth:`open_library_early`) right after the library's first frame."""
        super().__init__()
        self.clock = clock
        self.scripts = scripts
        self.start_script = start_script
        self.plain = plain
        self.wall_clock = wall_clock
        self.practice = None
        self.pending_notices: list[str] = []  # said before the practice screen was up
        # Until adopt(): nothing to play, nothing to record.
        self.player: Any = None
        self.store: Any = None
        self.settings: Settings | None = None
        self.stop_script: Script | None = None
        self.reduced_motion = plain
        self.store_problem: str | None = None
        self.safety = None
        # open_library_early(): the library drawn from the index, and what completes it.
        self._early: tuple[LibraryScreen, Callable[[], None]] | None = None

    def adopt(
        self,
        *,
        player: Any,
        store: Any,
        settings: Settings,
        stop_script: Script | None,
        reduced_motion: bool = False,
        store_problem: str | None = None,
    ) -> None:
        from pendulate.safety.record import SafetyRecord
        from pendulate.tui.safety_flow import SafetyFlow

        self.player = player
        self.store = store
        self.settings = settings
        self.stop_script = stop_script
        self.reduced_motion = reduced_motion or self.plain
        self.store_problem = store_problem
        self.safety = SafetyFlow(self, SafetyRecord(store, self.wall_clock))
        if hasattr(player, "on_notice"):
            player.on_notice = self.show_notice

    def open_library_early(self, entries: list[Entry], adopt: Callable[[], None]) -> None:
        """Open on the library drawn from ``entries``; ``adopt`` runs right after its first frame,
        or at the first key or click if that comes sooner."""
        from pendulate.tui.screens.library import LibraryScreen

        self._early = (LibraryScreen(entries=entries), adopt)

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
        if self._early is not None:
            self.screen.call_after_refresh(self._finish_early_start)

    async def on_event(self, event: events.Event) -> None:
        # A key or a click that arrives before the early library was completed completes it
        # first, so nothing typed is lost or acted on half-loaded.
        if (self._early is not None and isinstance(event, events.InputEvent)
                and not isinstance(event, events.MouseMove)):
            if not self._finish_early_start():
                return  # the first-run statement came up instead: it is read, not keyed through
        await super().on_event(event)

    def _begin(self) -> None:
        if self.store_problem:
            self.show_notice(self.store_problem)
        self.safety.ensure_intro(then=self._open_first, declined=self.exit)

    def _open_first(self) -> None:
        if self.start_script is not None:
            self.request_practice(self.start_script, first=True)
        else:
            self.show_library(first=True)

    def _go(self, screen, first: bool) -> None:
        if first:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def _finish_early_start(self) -> bool:
        """Load what the early library was drawn without; False if the library had to give way."""
        if self._early is None:
            return True
        (screen, adopt), self._early = self._early, None
        adopt()
        if not self.safety.record.state().intro_accepted:
            # The log was replaced since the index was written: start over, statement first.
            self.pop_screen()
            self._begin()
            return False
        if self.store_problem:
            self.show_notice(self.store_problem)
        screen.show_scripts(*self._scripts_and_notes())
        self._keep_library(screen)
        return True

    def show_library(self, first: bool = False) -> None:
        from pendulate.tui.screens.library import LibraryScreen

        screen = LibraryScreen(*self._scripts_and_notes())
        self._go(screen, first)
        screen.call_after_refresh(self._keep_library, screen)

    def _scripts_and_notes(self) -> tuple[list[Script], dict[str, str]]:
        """Every script the library lists, and the resting note of those resting today."""
        scripts = self.scripts()
        return scripts, self.safety.resting_notes(scripts)

    def _keep_library(self, screen) -> None:
        """Keep the library as drawn for the next start's first frame (only with a working log:
        without one, the first-run statement would be asked for again)."""
        if self.store is not None:
            from pendulate.tui import library_index

            library_index.save(screen.entries, self.plain)

    def show_history(self) -> None:
        if self.store is None:
            self.show_notice("Your practice log isn't available, so there is no history to show.")
            return
        from pendulate.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.store))

    def request_practice(self, script: Script, first: bool = False) -> None:
        """Start ``script`` with its homework overrides, homework id and R4 progression."""
        from pendulate.catalogue.effective import session_setup

        setup = session_setup(script, self.store)
        self.start_practice(script, first, notice=setup.message, **setup.options())

    def start_practice(self, script: Script, first: bool = False, notice: str = "", **options: Any) -> None:
        """Start ``script`` once the safety gate is clear (first run screening, rest days, …).

        ``notice`` is said once on the practice screen when the session starts.
        """
        if not options.pop("cleared", False):
            self.safety.clear_for(
                script,
                then=lambda: self.start_practice(script, first, notice, cleared=True, **options),
                otherwise=lambda: self.show_library(first=True) if first else None,
            )
            return
        from pendulate.audio.listener import CuePlayer
        from pendulate.practice import cues_for, prepare
        from pendulate.tui.screens.session import SessionScreen

        self.practice = prepare(
            script,
            clock=self.clock,
            stop_script=self.stop_script,
            store=self.store,
            listeners=[CuePlayer(self.player)],
            **options,
        )
        screen = SessionScreen(self.practice)
        self._preparing = True
        try:
            self.player.prepare(cues_for(self.practice.plan, self.practice.stop_plan), self.settings.volume)
        finally:
            self._preparing = False
        if notice:
            self.pending_notices.append(notice)
        self._go(screen, first)

    def session_finished(self, screen) -> None:
        from pendulate.tui.screens.summary import SessionSummary, SummaryScreen

        self._finished_screen = screen
        self._summary = SummaryScreen(SessionSummary.from_events(screen.log_events))
        self.set_timer(0.01, self._show_summary)

    def _show_summary(self) -> None:
        """Replace the finished practice screen with its summary, once nothing is open over it
        (crisis help opened by a hard ending stays in front until the person closes it)."""
        if getattr(self, "_summary", None) is None or self.screen is not self._finished_screen:
            return
        summary, self._summary = self._summary, None
        self.switch_screen(summary)

    # ----- help that is always one key away ----------------------------------------------

    def action_crisis(self) -> None:
        self.open_crisis()

    def open_crisis(self, reason: str | None = None) -> None:
        from pendulate.tui.screens.crisis import CrisisScreen

        if any(isinstance(s, CrisisScreen) for s in self.screen_stack):
            return
        session = self.practice.session if self.practice else None
        if session is not None and not session.finished and not session.paused and not session.awaiting_checkin:
            self.practice.runner.toggle_pause()
        self.push_screen(CrisisScreen(self.settings, reason), lambda _: self._reschedule())

    def rest_activation(self, reason: str) -> None:
        """After a hard ending (rule R6), activation practice rests until tomorrow."""
        self.safety.rest_for_today(reason)

    def action_ground_now(self) -> None:
        """g, from anywhere in a session: close what is open over it and go into grounding."""
        from pendulate.tui.screens.session import SessionScreen

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
            # Outside a session, g starts the grounding practice itself.
            if self.stop_script is not None:
                while len(self.screen_stack) > 2:
                    self.pop_screen()
                self.start_practice(self.stop_script)
            return
        while self.screen is not session_screen:
            self.pop_screen()
        session_screen.action_ground()

    def _reschedule(self) -> None:
        from pendulate.tui.screens.session import SessionScreen

        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen._after_command()
        self.call_later(self._show_summary)

    def action_help(self) -> None:
        from pendulate.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def show_notice(self, text: str) -> None:
        """One calm line: on the practice screen while a session runs, else a gentle toast."""
        from pendulate.tui.screens.session import SessionScreen

        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                from pendulate.tui.messages import Notice

                screen.post_message(Notice(text))
                return
        if getattr(self, "_preparing", False):
            self.pending_notices.append(text)
            return
        # Notices quote paths and error text: shown literally, never as markup.
        self.notify(text, timeout=8, markup=False)
