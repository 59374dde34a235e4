"""After a session: what happened, in a few calm lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from pendulate.engine import events as ev
from pendulate.tui.kinds import clock_text
from pendulate.tui.screens import SCREENS_CSS, PendulateScreen
from pendulate.tui.widgets.chart import ratings_chart
from pendulate.tui.widgets.keybar import KeyBar


@dataclass
class SummaryFigures:
    """What the summary shows of one session, gathered from its events as they came."""

    status: str = ""
    active: float = 0.0
    suds: list[int | None] = field(default_factory=list)
    settling: list[int | None] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    grounded: bool = False
    speed: float = 1.0  # a rehearsal's clock ran this much faster than real time

    @classmethod
    def from_events(cls, events: list[ev.Event], speed: float = 1.0) -> SummaryFigures:
        out = cls(speed=speed)
        for event in events:
            if isinstance(event, ev.CheckinRecorded):
                answers = event.answers
                if answers.suds is not None or answers.settling is not None:
                    out.suds.append(answers.suds)
                    out.settling.append(answers.settling)
            elif isinstance(event, ev.TitrationApplied):
                out.changes.append(event.message)
            elif isinstance(event, ev.GroundingStarted):
                out.grounded = True
            elif isinstance(event, ev.SessionEnded):
                out.status, out.active = event.status, event.active
        return out

    def _known(self, values: list[int | None]) -> list[int]:
        return [v for v in values if v is not None]

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) rows: time practised, and intensity and settling when rated."""
        suds, settling = self._known(self.suds), self._known(self.settling)
        if self.speed != 1.0:
            # A rehearsal: its time is real time, and it is not practice.
            rows = [("time rehearsed", f"{clock_text(self.active / self.speed)} at {self.speed:g}× speed")]
        else:
            rows = [("time practised", clock_text(self.active))]
        if suds:
            rows.append(("intensity", f"start {suds[0]} · highest {max(suds)} · end {suds[-1]}"))
        if settling:
            rows.append(("settling", f"start {settling[0]} · end {settling[-1]}"))
        return rows

    def closing_line(self) -> str:
        if self.grounded:
            return "You came back to the ground. That is a skill in itself."
        if self.status == "stopped":
            return "You chose when to stop. Listening to that is part of the practice."
        return "Thank you for taking this time. Let whatever happened settle in its own way."


class SummaryScreen(PendulateScreen[None]):
    CSS_PATH = SCREENS_CSS
    BINDINGS = [
        Binding("enter", "library", "back to library"),
        Binding("escape", "library", "back", show=False),
        Binding("h", "history", "history"),
        Binding("q", "app.quit", "quit"),
    ]

    def __init__(self, figures: SummaryFigures) -> None:
        super().__init__()
        self.figures = figures

    def compose(self) -> ComposeResult:
        s = self.figures
        plain = self.app.plain
        with VerticalScroll(id="summary-box"):
            yield Static("Session complete" if s.status == "completed" else "Session ended", id="summary-title")
            table = Text()
            for label, value in s.lines():
                table.append(f"{label:<15}", style="bold")
                table.append(value + "\n")
            yield Static(table)
            if s.suds or s.settling:
                yield Static(ratings_chart(s.suds, s.settling, plain=plain), id="summary-chart")
            if s.changes:
                changed = Text("What changed along the way\n", style="bold")
                for line in s.changes:
                    changed.append(("- " if plain else "• ") + line + "\n")
                yield Static(changed)
            yield Static(s.closing_line(), id="closing-line")
        yield KeyBar()

    def action_library(self) -> None:
        self.app.show_library()

    def action_history(self) -> None:
        self.app.show_history()
