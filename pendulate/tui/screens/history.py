"""History: past sessions newest first, each one's pendulation chart, trends, and export with a preview.

The first page comes straight from ``Store.history`` so the screen opens quickly even on a
lifetime log; older pages load as the cursor nears the end. Trends and exports read the whole
log, so they run in a thread worker and report back with a message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from pendulate.store import queries
from pendulate.store.db import StoreError
from pendulate.store.queries import SessionSummary
from pendulate.store.store import Store, utc_stamp
from pendulate.tui.kinds import clock_text
from pendulate.tui.screens import SCREENS_CSS, PendulateScreen
from pendulate.tui.screens.export import ExportScreen
from pendulate.tui.screens.session_chart import STATUS_WORDS, SessionChartScreen
from pendulate.tui.screens.trends import TrendsScreen
from pendulate.tui.widgets.keybar import KeyBar

PAGE = 200  # rows per page: enough to fill any screen, few enough for a fast first frame
LOAD_AHEAD = 20  # fetch the next page when the cursor comes this close to the last row
NARROW = 64  # below this width date, script and peak SUDS are listed; the line below says the rest
REHEARSAL_WORD = "rehearsal"


def _n(value: Any) -> str:
    return "–" if value is None else str(value)


def older_sessions(store: Store, after: SessionSummary, limit: int = PAGE) -> list[SessionSummary]:
    """The ``limit`` sessions listed after ``after`` (newest first), by key, so a deep page costs no more."""
    sql = (
        f"SELECT {queries.SUMMARY_COLUMNS} FROM sessions WHERE (started_utc, id) < (?, ?) "
        "ORDER BY started_utc DESC, id DESC LIMIT ?"
    )
    key = (utc_stamp(after.started_utc), after.id, int(limit))
    return store.read(lambda conn: [queries.summary_from_row(r) for r in conn.execute(sql, key)])


def describe(s: SessionSummary) -> str:
    """The highlighted session under the narrow table (its row shows the day, script and peak):
    the time it started, how it ended, and its first, highest and last rating, in 40 cells."""
    status = STATUS_WORDS.get(s.status, s.status)
    if s.rehearsal:
        status = f"{status} · {REHEARSAL_WORD}"
    return f"{s.started_local:%H:%M} · {status} · SUDS {_n(s.pre_suds)} → {_n(s.peak_suds)} → {_n(s.end_suds)}"


class HistoryScreen(PendulateScreen[None]):
    """Sessions newest first; Enter opens one's chart, ``t`` trends, ``x`` export."""

    CSS_PATH = SCREENS_CSS

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

    def __init__(self, store: Store, page: int = PAGE) -> None:
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
        yield KeyBar()

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
        if s.rehearsal:
            # A run at a faster speed, listed so it can be looked back at; never counted.
            status = f"{status} · {REHEARSAL_WORD}"
        if self.narrow:
            # The script's name is what tells sessions apart at a glance; how the highlighted
            # one ended is said in full on the line under the table (see ``describe``).
            return (f"{s.started_local:%d %b}", s.script_id, _n(s.peak_suds))
        return (
            f"{s.started_local:%Y-%m-%d %H:%M}",
            s.script_id,
            clock_text(s.duration_s) if s.duration_s else "–",
            status,
            _n(s.pre_suds),
            _n(s.peak_suds),
            _n(s.end_suds),
        )

    def _build(self, narrow: bool) -> None:
        """(Re)fill the table; narrow screens keep only the columns that matter most."""
        table = self.query_one(DataTable)
        keep = table.cursor_row if table.row_count else 0
        self.narrow = narrow
        table.clear(columns=True)
        if narrow:
            table.add_columns("date", "script", "peak")
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
        if self.narrow and 0 <= event.cursor_row < len(self.sessions):
            self.say(describe(self.sessions[event.cursor_row]))
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
