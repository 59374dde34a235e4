"""Every key, and what pendulate is (and is not)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from pendulate.tui.screens import SCREENS_CSS, PendulateModal
from pendulate.tui.screens.first_run import IntroScreen

KEYS = """\
While practising
  space   pause or go on (paused time doesn't count)
  g       ground now: eyes open, feet, holding, the room
  e       more time here (30 s, up to 4 times a phase; in resource phases)
  n       next phase (the closing part always stays)
  b Enter that's enough: end a touch now (during a touch; a digit ends it and is its rating)
  m       sound off / on (visual cues continue)
  v       eyes-closed mode on / off: check-in questions spoken, answers confirmed
  q       leave the session (kept as stopped)

In a check-in
  0-9 +   rate (+ is 10); the next question follows
  ← →     change a rating or a choice
  Enter   done          Esc   skip this check-in

In crisis help
  e       edit your contacts and safety plan
  ctrl+s  save them     Tab   next field     Esc   leave (asks first)

Everywhere
  c       crisis help          ?   this help          Esc   close them
          (a session pauses while help is open; space goes on)
  ctrl+p  commands and themes
"""

ABOUT = (
    "pendulate is a practice aid for gentle pendulation between something that feels okay and a "
    "small dose of something harder. It is not treatment and not for crises; if things feel too "
    "much, press g to ground, or c for help. Evidence for Somatic Experiencing is still limited; "
    "practise at your own pace, ideally alongside a therapist. Your check-ins stay on this "
    "computer; nothing is sent anywhere. Exports happen only when you ask."
)


class HelpScreen(PendulateModal[None]):
    CSS_PATH = SCREENS_CSS
    BINDINGS = [
        Binding("escape", "close", "close"),
        Binding("a", "about", "welcome statement"),
        Binding("c", "app.crisis", "crisis help"),
        # No "? closes": a held ? would close and reopen help hundreds of times. ? here finds
        # help already open and does nothing; Esc closes.
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static("Keys", classes="help-heading")
            yield Static(KEYS)
            yield Static("About", classes="help-heading")
            yield Static(ABOUT)
            yield Static("a: read the welcome statement again · Esc: close", classes="dim")

    def action_about(self) -> None:
        self.app.push_screen(IntroScreen(reading=True))

    def action_close(self) -> None:
        self.dismiss(None)
