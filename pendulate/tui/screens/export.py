"""Export from the history screen: choose a format, see a preview, then write."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, RadioButton, RadioSet, Static

if TYPE_CHECKING:
    from textual.widgets._toggle_button import ToggleButton

    from pendulate.store.store import Store

from pendulate import paths
from pendulate.export import ExportFilter, NothingToExport, export, preview
from pendulate.homework.install import installed_homework
from pendulate.store.db import StoreError
from pendulate.tui.screens import SCREENS_CSS, PendulateModal

EXTENSIONS = {"html": ".html", "csv": ".csv", "json": ".json"}


class ExportDone(Message):
    """An export finished: where it went, or why it could not be written."""

    def __init__(self, path: Path | None, problem: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.problem = problem


if TYPE_CHECKING:
    _Toggle = ToggleButton  # what the mixin is mixed into, for the type checker
else:
    # A plain mixin at run time: a widget base here would take the place of RadioButton and
    # Checkbox in their styles' type names.
    _Toggle = object


class _ShapedMark(_Toggle):
    """Mixin for toggles: an empty mark when off, so the choice is never shown by colour alone.

    In plain mode and under ``NO_COLOR`` the mark is "[X]" or "[ ]" in the text's own style:
    the half blocks drawn in the button's colour turn into a solid grey block when colours are
    taken away, which reads as ticked whether it is or not.
    """

    @property
    def _button(self) -> Content:
        cls = type(self)
        inner = cls.BUTTON_INNER if self.value else " "
        if getattr(self.app, "plain", False) or getattr(self.app, "no_color", False):
            return Content(f"[{inner}]")
        self.BUTTON_INNER = inner
        return super()._button


class FormatChoice(_ShapedMark, RadioButton):
    """A format option (HTML, CSV or JSON)."""


class NotesChoice(_ShapedMark, Checkbox):
    """Whether the person's notes go into the file."""


def default_export_path(fmt: str = "html", today: date | None = None) -> Path:
    """``~/pendulate-report-YYYY-MM-DD.<ext>``: in the home folder, named so it is easy to find."""
    return Path.home() / f"pendulate-report-{(today or date.today()).isoformat()}{EXTENSIONS[fmt]}"


class ExportScreen(PendulateModal[Path]):
    """Choose format, path and notes; see what will be written; then write it."""

    CSS_PATH = SCREENS_CSS

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

    def __init__(self, store: Store) -> None:
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
        path = Path(self.query_one("#export-path", Input).value.strip())
        try:
            return path.expanduser()
        except RuntimeError:  # "~someone" for a user this machine doesn't know: kept as typed
            return path

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
        # Typed by the person, one key at a time: looked at, never allowed to raise.
        kind, reason = paths.look(target)
        if kind == "file":
            where += " (a file is already there; it would be replaced)"
        elif kind == "unreachable":
            where += f" (that place can't be used: {reason})"
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
        kind, reason = paths.look(target)
        if not str(target) or kind == "folder":
            status.update(Text("Please give a file name, not a folder."))
            return
        if kind == "unreachable":
            status.update(Text(f"It can't be written there: {reason}. Please choose another name or place."))
            return
        folder_kind, folder_reason = paths.look(target.parent)
        if folder_kind == "unreachable":
            status.update(Text(f"The folder {target.parent} can't be used: {folder_reason}. Choose another place."))
            return
        if folder_kind != "folder":
            status.update(Text(f"The folder {target.parent} doesn't exist; choose another place."))
            return
        self.writing = True
        status.update("Writing…")
        self._write(self.fmt, target, self.filter())

    @work(thread=True, exclusive=True)
    def _write(self, fmt: str, target: Path, filt: ExportFilter) -> None:
        try:
            self.post_message(ExportDone(export(self.store, fmt, target, filt, installed_homework())))
        except NothingToExport as nothing:  # said in a sentence; no file was written
            self.post_message(ExportDone(None, str(nothing)))
        except StoreError as error:
            self.post_message(ExportDone(None, str(error)))
        except OSError as error:
            self.post_message(ExportDone(None, f"It couldn't be written to {target}: {paths.os_error_reason(error)}."))

    def on_export_done(self, message: ExportDone) -> None:
        self.writing = False
        if message.path is None:
            self.query_one("#export-status", Static).update(Text(message.problem or "It couldn't be written."))
            return
        self.dismiss(message.path)

    def action_cancel(self) -> None:
        if not self.writing:
            self.dismiss(None)
