"""The pendulate application. Build it with :func:`pendulate.tui.factory.build_app`."""

from __future__ import annotations

from typing import Any, Callable

from textual.app import App
from textual.binding import Binding

from pendulate.engine.clock import Clock
from pendulate.practice import cues_for, prepare
from pendulate.script.model import Script
from pendulate.settings import Settings
from pendulate.tui.messages import Notice


class PendulateApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "pendulate"
    BINDINGS = [
        Binding("c", "crisis", "crisis help"),
        Binding("question_mark", "help", "help"),
    ]

    def __init__(
        self,
        *,
        clock: Clock,
        player: Any,
        store: Any,
        settings: Settings,
        scripts: Callable[[], list[Script]],
        stop_script: Script | None,
        start_script: Script | None = None,
        plain: bool = False,
        reduced_motion: bool = False,
        store_problem: str | None = None,
    ) -> None:
        super().__init__()
        self.clock = clock
        self.player = player
        self.store = store
        self.settings = settings
        self.scripts = scripts
        self.stop_script = stop_script
        self.start_script = start_script
        self.plain = plain
        self.reduced_motion = reduced_motion or plain
        self.store_problem = store_problem
        self.practice = None
        self.pending_notices: list[str] = []  # said before the practice screen was up
        self.theme = "nord"
        if hasattr(player, "on_notice"):
            player.on_notice = self.show_notice

    # ----- navigation --------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.plain:
            self.add_class("-plain")
        if self.start_script is not None:
            self.start_practice(self.start_script, first=True)
        else:
            self.show_library(first=True)
        if self.store_problem:
            self.show_notice(self.store_problem)

    def _go(self, screen, first: bool) -> None:
        if first:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def show_library(self, first: bool = False) -> None:
        from pendulate.tui.screens.library import LibraryScreen

        self._go(LibraryScreen(self.scripts()), first)

    def show_history(self) -> None:
        if self.store is None:
            self.show_notice("Your practice log isn't available, so there is no history to show.")
            return
        from pendulate.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.store))

    def request_practice(self, script: Script) -> None:
        self.start_practice(script)

    def start_practice(self, script: Script, first: bool = False, **options: Any) -> None:
        from pendulate.tui.screens.session import SessionScreen

        from pendulate.audio.listener import CuePlayer

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
        self._go(screen, first)

    def session_finished(self, screen) -> None:
        from pendulate.tui.screens.summary import SessionSummary, SummaryScreen

        summary = SessionSummary.from_events(screen.log_events)
        self.set_timer(0.01, lambda: self.switch_screen(SummaryScreen(summary)))

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

        def closed(choice: str | None) -> None:
            if choice == "ground" and session is not None and not session.finished:
                self.practice.runner.ground_now()
            self._reschedule()

        self.push_screen(CrisisScreen(self.settings, reason), closed)

    def _reschedule(self) -> None:
        from pendulate.tui.screens.session import SessionScreen

        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen._after_command()

    def action_help(self) -> None:
        from pendulate.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def show_notice(self, text: str) -> None:
        """One calm line: on the practice screen while a session runs, else a gentle toast."""
        from pendulate.tui.screens.session import SessionScreen

        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.post_message(Notice(text))
                return
        if getattr(self, "_preparing", False):
            self.pending_notices.append(text)
            return
        # Notices quote paths and error text: shown literally, never as markup.
        self.notify(text, timeout=8, markup=False)
