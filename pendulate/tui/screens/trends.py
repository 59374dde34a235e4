"""Trends across sessions, gathered in a thread so the screen stays responsive."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from pendulate.store.db import StoreError
from pendulate.store.formatting import duration
from pendulate.store.trends import Trends
from pendulate.tui.screens import SCREENS_CSS, PendulateScreen
from pendulate.tui.widgets.keybar import KeyBar
from pendulate.tui.widgets.trend_chart import (
    TextBlock,
    calendar,
    dot_chart,
    minutes,
    plain_series,
    weekly_bars,
)

if TYPE_CHECKING:
    from pendulate.store.personal import ResourceRecovery
    from pendulate.store.store import Store

RESOURCE_ROWS = 6  # a short table; the report lists them all
RESOURCES_HEADING = "Resources named, and the settling that went with them"


class TrendsLoaded(Message):
    """The whole-log trends, read in a worker thread (or the reason they couldn't be)."""

    def __init__(
        self,
        trends: Trends | None,
        problem: str | None = None,
        ends: tuple[str, str] | None = None,
        resources: list[ResourceRecovery] | None = None,
    ) -> None:
        super().__init__()
        self.trends = trends
        self.problem = problem
        self.ends = ends  # the x axis's two labels when they need more than the day
        self.resources = resources or []  # the person's named resources, ranked by recovery


def axis_ends(trends: Trends, store: Store) -> tuple[str, str] | None:
    """The first and last session's start, to the minute, when both fall on one day.

    Every chart's x axis is labelled at its two ends with a day; on one day both would read
    the same, so the times tell them apart. Only that day's sessions are read.
    """
    sessions = trends.sessions
    if not sessions or sessions[0].day != sessions[-1].day:
        return None
    day = sessions[0].day
    practice = [s for s in store.history(since=day, until=day) if not s.rehearsal]  # newest first
    starts = {s.id: s.started_local for s in practice}
    first, last = starts.get(sessions[0].id), starts.get(sessions[-1].id)
    if first is None or last is None:
        return None
    return f"{first:%d %b %Y, %H:%M}", f"{last:%H:%M}" if len(sessions) > 1 else ""


def _seconds_label(value: float) -> str:
    return minutes(value).replace(" ", "")


def _nice(values: list, floor: float) -> float:
    top = max([v for v in values if v is not None] + [floor])
    step = 30 if top <= 300 else 300
    return float(-(-top // step) * step)


def trend_blocks(trends: Trends, plain: bool, ends: tuple[str, str] | None = None) -> list[tuple[str, Any]]:
    """(heading, ``width -> Text``) for each trend section, in reading order.

    ``ends`` label the x axis's two ends in place of the first and last session's day
    (see :func:`axis_ends`).
    """
    sessions = trends.sessions
    first = f"{sessions[0].day:%d %b %Y}" if sessions else ""
    last = f"{sessions[-1].day:%d %b %Y}" if sessions else ""
    if ends is not None:
        first, last = ends
    suds = [
        ("peak", "●", "bold #e3a58b", [s.peak_suds for s in sessions]),
        ("end", "○", "bold #9fd0a0", [s.end_suds for s in sessions]),
    ]
    touched = [s for s in sessions if s.tolerated_activation_s is not None]
    recovery = [("recovery", "◆", "bold #86b3c9", [s.recovery_s for s in touched])]
    tolerated = [("activation held", "▲", "bold #d9967f", [s.tolerated_activation_s for s in touched])]

    def chart(series: list, maximum: float, label: Any = lambda v: f"{v:g}"):
        if plain:
            return lambda width: plain_series(series, label)
        return lambda width: dot_chart(series, maximum=maximum, width=width, label=label, first=first, last=last)

    weeks = [(w.monday, w.seconds, w.sessions) for w in trends.weeks[-12:]]
    assigned = {day for days in trends.assigned.values() for day in days}
    other = {d.day for d in trends.days} - assigned
    last_day = trends.days[-1].day if trends.days else date.today()
    names = ", ".join(trends.assigned) or "none yet"
    blocks = [
        ("Distress (SUDS 0–10) per session: highest and at the end", chart(suds, 10)),
        (
            "Recovery time: how long settling took to come back after a touch",
            chart(recovery, _nice(recovery[0][3], 60), _seconds_label),
        ),
        (
            "Tolerated activation length: the longest touch held without a change",
            chart(tolerated, _nice(tolerated[0][3], 30), _seconds_label),
        ),
        ("Time practised per week, the last 12 weeks", lambda width: weekly_bars(weeks, width=width, plain=plain)),
        (
            f"Days practised, up to {last_day:%d %b %Y} (assigned: {names})",
            lambda width: calendar(assigned, other, last_day, weeks=max(4, min(12, (width - 5) // 2)), plain=plain),
        ),
    ]
    if not touched:
        blocks[1:3] = [
            (
                "Recovery and activation length",
                lambda width: Text("These appear once you have practised a script with a touch of activation."),
            )
        ]
    return blocks


def resources_table(resources: list[ResourceRecovery], width: int = 72) -> Text:
    """The named resources as a short table: the median recovery, the sessions behind it, the name.

    An observation from the log, never advice: it says what went with each name, not which is better.
    """
    out = Text(
        "How long settling took to come back after a touch, in the sessions each resource was "
        "named in (the median; an observation, not a measure of the resource).\n"
    )
    rows = [(duration(r.median_recovery_s), f"{r.sessions}", r.name) for r in resources[:RESOURCE_ROWS]]
    first = max([len("median")] + [len(a) for a, _, _ in rows])
    second = max([len("sessions")] + [len(b) for _, b, _ in rows])
    room = max(8, width - first - second - 4)
    out.append(f"{'median':>{first}}  {'sessions':>{second}}  resource\n", style="bold")
    for median, sessions, name in rows:
        shown = name if len(name) <= room else name[: room - 1] + "…"
        out.append(f"{median:>{first}}  {sessions:>{second}}  {shown}\n")
    more = len(resources) - len(rows)
    if more:
        out.append(f"and {more} more in the HTML report\n", style="dim")
    out.rstrip()
    return out


def trends_status(trends: Trends) -> str:
    """The line above the charts: how many sessions, and how many rehearsals were left out."""
    count = len(trends.sessions)
    text = (
        f"{count} session{'s' if count != 1 else ''}, oldest on the left."
        if count
        else "No sessions yet. Trends appear after a few practices."
    )
    if trends.rehearsals:
        n = trends.rehearsals
        text += f" {n} rehearsal{'s' if n != 1 else ''} (runs at a faster speed) left out: not practice."
    return text


class TrendsScreen(PendulateScreen[None]):
    """Trends across all sessions. No streaks: the calendar shows only days practised."""

    CSS_PATH = SCREENS_CSS

    DEFAULT_CSS = """
    TrendsScreen #trends-box { padding: 0 1; }
    TrendsScreen .trend-heading { text-style: bold; }
    """
    BINDINGS = [Binding("escape", "app.pop_screen", "back")]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="trends-box"):
            yield Static("Gathering your trends…", id="trends-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#trends-box").focus()
        self._load()

    @work(thread=True, exclusive=True)
    def _load(self) -> None:
        try:
            trends = self.store.trends()
            resources = self.store.resources_by_recovery()
            self.post_message(TrendsLoaded(trends, ends=axis_ends(trends, self.store), resources=resources))
        except StoreError as error:
            self.post_message(TrendsLoaded(None, str(error)))

    def on_trends_loaded(self, message: TrendsLoaded) -> None:
        status = self.query_one("#trends-status", Static)
        if message.trends is None:
            status.update(Text(message.problem or "The trends couldn't be read."))
            return
        if not message.trends.sessions:
            status.update(trends_status(message.trends))
            return
        status.update(trends_status(message.trends))
        box = self.query_one("#trends-box")
        for heading, draw in trend_blocks(message.trends, self.app.plain, message.ends):
            box.mount(Static(Text(heading), classes="trend-heading"))
            box.mount(TextBlock(draw))
        if message.resources:  # only when the person has named resources
            resources = message.resources
            box.mount(Static(Text(RESOURCES_HEADING), classes="trend-heading", id="resources-heading"))
            box.mount(TextBlock(lambda width: resources_table(resources, width), id="resources-table"))
