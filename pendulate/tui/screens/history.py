"""History: past sessions newest first, each one's pendulation chart, trends, and export with a preview.

The first page comes straight from ``Store.history`` so the screen opens quickly even on a
lifetime log; older pages load as the cursor nears the end. Trends and exports read the whole
log, so they run in a thread worker and report back with a message.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, DataTable, Footer, Input, RadioButton, RadioSet, Static

from pendulate.store import queries
from pendulate.store.db import StoreError
from pendulate.store.export import ExportFilter, export, preview
from pendulate.store.queries import SessionDetail, SessionSummary
from pendulate.store.store import utc_stamp
from pendulate.store.trends import Trends
from pendulate.tui.kinds import clock_text
from pendulate.tui.widgets.pendulation_chart import PendulationChart, mmss
from pendulate.tui.widgets.trend_chart import TextBlock, calendar, dot_chart, minutes, plain_series, weekly_bars

PAGE = 200  # rows per page: enough to fill any screen, few enough for a fast first frame
LOAD_AHEAD = 20  # fetch the next page when the cursor comes this close to the last row
NARROW = 64  # below this width only date, status and peak SUDS are listed
STATUS_WORDS = {"completed": "completed", "stopped": "stopped", "interrupted": "interrupted", "running": "in progress"}
EXTENSIONS = {"html": ".html", "csv": ".csv", "json": ".json"}
MARKED_EVENTS = {"titration": None, "grounding": "ground", "crisis": "support"}
EVENT_WORDS = {"grounding": "You chose to ground here.", "crisis": "The support panel was opened here."}


def _n(value: Any) -> str:
    return "–" if value is None else str(value)


def older_sessions(store: Any, after: SessionSummary, limit: int = PAGE) -> list[SessionSummary]:
    """The ``limit`` sessions listed after ``after`` (newest first), by key, so a deep page costs no more."""
    sql = (f"SELECT {queries.SUMMARY_COLUMNS} FROM sessions WHERE (started_utc, id) < (?, ?) "
           "ORDER BY started_utc DESC, id DESC LIMIT ?")
    key = (utc_stamp(after.started_utc), after.id, int(limit))
    return store.read(lambda conn: [queries.summary_from_row(r) for r in conn.execute(sql, key)])


def chart_data(detail: SessionDetail) -> tuple[list, list, list]:
    """Points, phases and marked changes for :class:`PendulationChart`, from one stored session."""
    points = [(c.t_s, c.suds, c.settling) for c in detail.checkins if c.suds is not None or c.settling is not None]
    phases = [(p.start_s, p.end_s, p.kind) for p in detail.phases]
    changes = [
        (e.t_s, e.rule or MARKED_EVENTS[e.type], e.message or EVENT_WORDS.get(e.type, ""))
        for e in detail.events if e.type in MARKED_EVENTS
    ]
    return points, phases, changes


class HistoryScreen(Screen):
    """Sessions newest first; Enter opens one's chart, ``t`` trends, ``x`` export."""

    DEFAULT_CSS = """
    HistoryScreen #history-title { padding: 0 1; text-style: bold; }
    HistoryScreen #history-table { height: 1fr; }
    HistoryScreen #history-notice { height: auto; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("enter", "open", "chart", priority=True),
        Binding("t", "trends", "trends"),
        Binding("x", "export", "export"),
        Binding("escape", "back", "back"),
    ]

    def __init__(self, store: Any, page: int = PAGE) -> None:
        super().__init__()
        self.store = store
        self.page = page
        self.sessions: list[SessionSummary] = []
        self.more = False
        self.narrow: bool | None = None

    def compose(self) -> ComposeResult:
        yield Static("Your sessions, newest first", id="history-title")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=not self.app.plain)
        yield Static(id="history-notice")
        yield Footer()

    def on_mount(self) -> None:
        try:
            self.sessions = self.store.history(limit=self.page)
        except StoreError as error:
            self.say(str(error))
            return
        self.more = len(self.sessions) == self.page
        self._build(self.app.size.width < NARROW)
        if not self.sessions:
            self.say("No sessions yet. Whenever you practise, it will be listed here.")
        self.query_one(DataTable).focus()

    def say(self, text: str) -> None:
        """One calm line under the table."""
        self.query_one("#history-notice", Static).update(Text(text))

    def _row(self, s: SessionSummary) -> tuple:
        status = STATUS_WORDS.get(s.status, s.status)
        if self.narrow:
            return (f"{s.started_local:%d %b %Y}", status, _n(s.peak_suds))
        return (f"{s.started_local:%Y-%m-%d %H:%M}", s.script_id, clock_text(s.duration_s) if s.duration_s else "–",
                status, _n(s.pre_suds), _n(s.peak_suds), _n(s.end_suds))

    def _build(self, narrow: bool) -> None:
        """(Re)fill the table; narrow screens keep only the columns that matter most."""
        table = self.query_one(DataTable)
        keep = table.cursor_row if table.row_count else 0
        self.narrow = narrow
        table.clear(columns=True)
        if narrow:
            table.add_columns("date", "status", "peak")
        else:
            table.add_columns("date", "script", "time", "status", "pre", "peak", "end")
        table.add_rows([self._row(s) for s in self.sessions])
        if self.sessions:
            table.move_cursor(row=min(keep, len(self.sessions) - 1))

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW
        if narrow != self.narrow and self.is_mounted:
            self._build(narrow)

    def load_more(self) -> int:
        """Append the next page of older sessions; returns how many were added."""
        if not self.more or not self.sessions:
            return 0
        try:
            page = older_sessions(self.store, self.sessions[-1], self.page)
        except StoreError as error:
            self.say(str(error))
            self.more = False
            return 0
        self.more = len(page) == self.page
        self.sessions.extend(page)
        self.query_one(DataTable).add_rows([self._row(s) for s in page])
        return len(page)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        ahead = max(1, min(LOAD_AHEAD, self.page // 4))
        if event.cursor_row >= len(self.sessions) - ahead:
            self.load_more()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if not self.sessions or not 0 <= table.cursor_row < len(self.sessions):
            return
        chosen = self.sessions[table.cursor_row]
        try:
            detail = self.store.session_detail(chosen.id)
        except StoreError as error:
            self.say(str(error))
            return
        if detail is not None:
            self.app.push_screen(SessionChartScreen(detail))

    def action_trends(self) -> None:
        self.app.push_screen(TrendsScreen(self.store))

    def action_export(self) -> None:
        def written(path: Path | None) -> None:
            if path is not None:
                self.say(f"Written to {path} (readable only by you).")

        self.app.push_screen(ExportScreen(self.store), written)

    def action_back(self) -> None:
        self.app.pop_screen()


def _describe(detail: SessionDetail) -> Text:
    s = detail.summary
    text = Text()
    text.append(f"{s.started_local:%A %d %B %Y, %H:%M}", style="bold")
    text.append(f" · {s.script_id} {s.script_version}\n")
    status = STATUS_WORDS.get(s.status, s.status)
    if s.status == "stopped" and detail.end_phase_kind:
        status += f" during {detail.end_phase_kind}"
    text.append(f"{status} · {clock_text(s.duration_s) if s.duration_s else '–'} practised · ")
    text.append(f"SUDS at the start {_n(s.pre_suds)}, highest {_n(s.peak_suds)}, at the end {_n(s.end_suds)}\n")
    if detail.recovery_s is not None:
        text.append("Settling came back within a point of where it started after about "
                    f"{minutes(detail.recovery_s)}.\n")
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


class SessionChartScreen(Screen):
    """One session: what happened, its pendulation chart, what changed, the person's notes."""

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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#chart-box").focus()


class TrendsLoaded(Message):
    """The whole-log trends, read in a worker thread (or the reason they couldn't be)."""

    def __init__(self, trends: Trends | None, problem: str | None = None) -> None:
        super().__init__()
        self.trends = trends
        self.problem = problem


def _seconds_label(value: float) -> str:
    return minutes(value).replace(" ", "")


def _nice(values: list, floor: float) -> float:
    top = max([v for v in values if v is not None] + [floor])
    step = 30 if top <= 300 else 300
    return float(-(-top // step) * step)


def trend_blocks(trends: Trends, plain: bool) -> list[tuple[str, Any]]:
    """(heading, ``width -> Text``) for each trend section, in reading order."""
    sessions = trends.sessions
    first = f"{sessions[0].day:%d %b %Y}" if sessions else ""
    last = f"{sessions[-1].day:%d %b %Y}" if sessions else ""
    suds = [("peak", "●", "bold #e3a58b", [s.peak_suds for s in sessions]),
            ("end", "○", "bold #9fd0a0", [s.end_suds for s in sessions])]
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
        ("Recovery time: how long settling took to come back after a touch",
         chart(recovery, _nice(recovery[0][3], 60), _seconds_label)),
        ("Tolerated activation length: the longest touch held without a change",
         chart(tolerated, _nice(tolerated[0][3], 30), _seconds_label)),
        ("Time practised per week, the last 12 weeks", lambda width: weekly_bars(weeks, width=width, plain=plain)),
        (f"Days practised, up to {last_day:%d %b %Y} (assigned: {names})",
         lambda width: calendar(assigned, other, last_day, weeks=max(4, min(12, (width - 5) // 2)), plain=plain)),
    ]
    if not touched:
        blocks[1:3] = [("Recovery and activation length", lambda width: Text(
            "These appear once you have practised a script with a touch of activation."))]
    return blocks


class TrendsScreen(Screen):
    """Trends across all sessions. No streaks: the calendar shows only days practised."""

    DEFAULT_CSS = """
    TrendsScreen #trends-box { padding: 0 1; }
    TrendsScreen .trend-heading { text-style: bold; }
    """
    BINDINGS = [Binding("escape", "app.pop_screen", "back")]

    def __init__(self, store: Any) -> None:
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="trends-box"):
            yield Static("Gathering your trends…", id="trends-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#trends-box").focus()
        self._load()

    @work(thread=True, exclusive=True)
    def _load(self) -> None:
        try:
            self.post_message(TrendsLoaded(self.store.trends()))
        except StoreError as error:
            self.post_message(TrendsLoaded(None, str(error)))

    def on_trends_loaded(self, message: TrendsLoaded) -> None:
        status = self.query_one("#trends-status", Static)
        if message.trends is None:
            status.update(Text(message.problem or "The trends couldn't be read."))
            return
        if not message.trends.sessions:
            status.update("No sessions yet. Trends appear after a few practices.")
            return
        count = len(message.trends.sessions)
        status.update(f"{count} session{'s' if count != 1 else ''}, oldest on the left.")
        box = self.query_one("#trends-box")
        for heading, draw in trend_blocks(message.trends, self.app.plain):
            box.mount(Static(Text(heading), classes="trend-heading"))
            box.mount(TextBlock(draw))


class ExportDone(Message):
    """An export finished: where it went, or why it could not be written."""

    def __init__(self, path: Path | None, problem: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.problem = problem


class _ShapedMark:
    """Mixin for toggles: an empty mark when off, so the choice is never shown by colour alone;
    square brackets instead of half blocks in plain mode."""

    @property
    def _button(self):
        cls = type(self)
        self.BUTTON_INNER = cls.BUTTON_INNER if self.value else " "
        plain = getattr(self.app, "plain", False)
        self.BUTTON_LEFT, self.BUTTON_RIGHT = ("[", "]") if plain else (cls.BUTTON_LEFT, cls.BUTTON_RIGHT)
        return super()._button


class FormatChoice(_ShapedMark, RadioButton):
    """A format option (HTML, CSV or JSON)."""


class NotesChoice(_ShapedMark, Checkbox):
    """Whether the person's notes go into the file."""


def default_export_path(fmt: str = "html", today: date | None = None) -> Path:
    """``~/pendulate-report-YYYY-MM-DD.<ext>``: in the home folder, named so it is easy to find."""
    return Path.home() / f"pendulate-report-{(today or date.today()).isoformat()}{EXTENSIONS[fmt]}"


class ExportScreen(ModalScreen[Path | None]):
    """Choose format, path and notes; see what will be written; then write it."""

    DEFAULT_CSS = """
    ExportScreen { align: center middle; background: $background 60%; }
    ExportScreen #export-box {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 2; border: round $accent; background: $surface;
    }
    ExportScreen #export-title { text-style: bold; }
    ExportScreen #export-preview { margin: 1 0; }
    ExportScreen #export-status { height: auto; color: $warning; }
    ExportScreen #export-keys { color: $text-muted; }
    ExportScreen RadioSet { width: 100%; }
    ExportScreen #export-buttons { height: auto; }
    ExportScreen.-compact #export-box { border: none; padding: 0 1; }
    ExportScreen.-compact Input, ExportScreen.-compact RadioSet, ExportScreen.-compact Checkbox {
        border: none; height: auto; padding: 0;
    }
    ExportScreen.-compact Button {
        border: none !important; height: 1 !important; min-width: 8; margin-right: 2;
    }
    ExportScreen.-compact #export-preview { margin: 0; }
    """
    BINDINGS = [Binding("escape", "cancel", "cancel", priority=True)]

    def __init__(self, store: Any) -> None:
        super().__init__()
        self.store = store
        self.fmt = "html"
        self.writing = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="export-box"):
            yield Static("Export your sessions", id="export-title")
            yield Static(id="export-preview")
            with RadioSet(id="export-format"):
                yield FormatChoice("HTML report to read or print", value=True, id="fmt-html")
                yield FormatChoice("CSV, one row per check-in", id="fmt-csv")
                yield FormatChoice("JSON, everything", id="fmt-json")
            yield Input(str(default_export_path()), id="export-path")
            yield NotesChoice("Include my notes", value=True, id="export-notes")
            with Horizontal(id="export-buttons"):
                yield Button("Write the file", id="export-write", variant="primary")
                yield Button("Cancel", id="export-cancel")
            yield Static(id="export-status")
            yield Static("Enter in the path writes · Tab moves · Esc cancels", id="export-keys")

    def on_mount(self) -> None:
        self.set_class(self.app.plain or self.app.size.height < 24, "-compact")
        self.refresh_preview()
        self.query_one(RadioSet).focus()

    def filter(self) -> ExportFilter:
        return ExportFilter(include_notes=self.query_one("#export-notes", Checkbox).value)

    def target(self) -> Path:
        return Path(self.query_one("#export-path", Input).value.strip()).expanduser()

    def refresh_preview(self) -> None:
        """Show what the file will contain, and where it goes, before anything is written."""
        box = self.query_one("#export-preview", Static)
        try:
            summary = preview(self.store, self.filter()).describe()
        except StoreError as error:
            box.update(Text(str(error)))
            return
        target = self.target()
        where = f"Will write {self.fmt.upper()} to {target}"
        if target.exists():
            where += " (a file is already there; it would be replaced)"
        box.update(Text(f"{summary}\n{where}."))

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.fmt = (event.pressed.id or "fmt-html").removeprefix("fmt-")
        field = self.query_one("#export-path", Input)
        current = Path(field.value.strip())
        # Keep the extension in step with the format, unless the person typed their own.
        if current.suffix in EXTENSIONS.values():
            field.value = str(current.with_suffix(EXTENSIONS[self.fmt]))
        self.refresh_preview()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.refresh_preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_preview()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.write()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-write":
            self.write()
        else:
            self.action_cancel()

    def write(self) -> None:
        """Check the path, then write in a worker so a lifetime export never freezes the screen."""
        if self.writing:
            return
        target = self.target()
        status = self.query_one("#export-status", Static)
        if not str(target) or target.is_dir():
            status.update(Text("Please give a file name, not a folder."))
            return
        if not target.parent.is_dir():
            status.update(Text(f"The folder {target.parent} doesn't exist; choose another place."))
            return
        self.writing = True
        status.update("Writing…")
        self._write(self.fmt, target, self.filter())

    @work(thread=True, exclusive=True)
    def _write(self, fmt: str, target: Path, filt: ExportFilter) -> None:
        try:
            self.post_message(ExportDone(export(self.store, fmt, target, filt)))
        except StoreError as error:
            self.post_message(ExportDone(None, str(error)))
        except OSError as error:
            self.post_message(ExportDone(None, f"It couldn't be written to {target}: {error.strerror or error}."))

    def on_export_done(self, message: ExportDone) -> None:
        self.writing = False
        if message.path is None:
            self.query_one("#export-status", Static).update(Text(message.problem or "It couldn't be written."))
            return
        self.dismiss(message.path)

    def action_cancel(self) -> None:
        if not self.writing:
            self.dismiss(None)
