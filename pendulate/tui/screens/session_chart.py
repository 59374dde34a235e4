"""One past session: its pendulation chart, what changed, and the person's notes."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from pendulate.export.words import crisis_reason
from pendulate.store.queries import SessionDetail
from pendulate.tui.kinds import clock_text
from pendulate.tui.screens import SCREENS_CSS, PendulateScreen
from pendulate.tui.widgets.keybar import KeyBar
from pendulate.tui.widgets.pendulation_chart import PendulationChart, mmss
from pendulate.tui.widgets.trend_chart import minutes

STATUS_WORDS = {"completed": "completed", "stopped": "stopped", "interrupted": "interrupted", "running": "in progress"}
MARKED_EVENTS = {"titration": None, "grounding": "ground", "crisis": "support", "touch-ended": "enough"}
EVENT_WORDS = {
    "grounding": "You chose to ground here.",
    "crisis": "The support panel was opened here.",
    "touch-ended": "You chose to end the touch here.",
}
# Events whose stored message is a code word ("enough"), not a sentence: their words are shown.
WORDS_FIRST = frozenset({"touch-ended"})


def chart_data(detail: SessionDetail) -> tuple[list, list, list]:
    """Points, phases and marked changes for :class:`PendulationChart`, from one stored session."""
    points = [(c.t_s, c.suds, c.settling) for c in detail.checkins if c.suds is not None or c.settling is not None]
    phases = [(p.start_s, p.end_s, p.kind) for p in detail.phases]
    changes = [
        (e.t_s, e.rule or MARKED_EVENTS[e.type], _words(e.type, e.message))
        for e in detail.events
        if e.type in MARKED_EVENTS
    ]
    return points, phases, changes


def _words(kind: str, message: str | None) -> str:
    if kind in WORDS_FIRST:
        return EVENT_WORDS[kind]
    if kind == "crisis" and message:
        # The log keeps the reason as a code phrase ("not okay"): said as a sentence, as the report does.
        return f"The support panel was opened here {crisis_reason(message)}."
    return message or EVENT_WORDS.get(kind, "")


def _n(value: Any) -> str:
    return "–" if value is None else str(value)


def _describe(detail: SessionDetail) -> Text:
    s = detail.summary
    text = Text()
    text.append(f"{s.started_local:%A %d %B %Y, %H:%M}", style="bold")
    text.append(f" · {s.script_id} {s.script_version}\n")
    status = STATUS_WORDS.get(s.status, s.status)
    if s.status == "stopped" and detail.end_phase_kind:
        status += f" during {detail.end_phase_kind}"
    length = clock_text(s.duration_s) if s.duration_s else "–"
    if s.rehearsal:
        text.append(f"{status} · rehearsal at {s.speed:g}× · {length} real time · ")
    else:
        text.append(f"{status} · {length} practised · ")
    text.append(f"SUDS at the start {_n(s.pre_suds)}, highest {_n(s.peak_suds)}, at the end {_n(s.end_suds)}\n")
    if detail.recovery_s is not None:
        text.append(
            f"Settling came back within a point of where it started after about {minutes(detail.recovery_s)}.\n"
        )
    if detail.tolerated_activation_s:
        text.append(f"Longest touch held without a change: {minutes(detail.tolerated_activation_s)}.\n")
    text.rstrip()
    return text


def _notes(detail: SessionDetail) -> Text:
    notes = [(c.t_s, c.note) for c in detail.checkins if c.note]
    if not notes and not detail.note:
        return Text()
    text = Text("Your notes\n", style="bold")
    if detail.note:
        text.append(f"  {detail.note}\n", style="")
    for t, note in notes:
        text.append(f"  {mmss(t)}  {note}\n", style="")
    return text


class SessionChartScreen(PendulateScreen[None]):
    """One session: what happened, its pendulation chart, what changed, the person's notes."""

    CSS_PATH = SCREENS_CSS

    DEFAULT_CSS = """
    SessionChartScreen #chart-box { padding: 0 1; }
    SessionChartScreen #chart-head { margin-bottom: 1; }
    """
    BINDINGS = [Binding("escape", "app.pop_screen", "back")]

    def __init__(self, detail: SessionDetail) -> None:
        super().__init__()
        self.detail = detail

    def compose(self) -> ComposeResult:
        points, phases, changes = chart_data(self.detail)
        with VerticalScroll(id="chart-box"):
            yield Static(_describe(self.detail), id="chart-head")
            yield PendulationChart(points, phases, changes, total=self.detail.elapsed_s, id="pendulation")
            yield Static(_notes(self.detail), id="chart-notes")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#chart-box").focus()
