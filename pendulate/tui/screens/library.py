"""The library: the scripts a person can practise, and what each one is like."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pendulate.engine.plan import build_plan
from pendulate.script.model import Script
from pendulate.tui.kinds import badge, clock_text
from pendulate.tui.widgets.keybar import KeyBar

ORIGIN_LABEL = {"built-in": "built-in", "user": "yours", "assigned": "assigned", "file": "file"}


ORIGIN_ORDER = {"assigned": 0, "built-in": 1, "user": 2, "file": 3}


def library_order(script: Script) -> tuple:
    """Assigned first, then the gentle default, then the rest; therapist-only scripts last."""
    from pendulate.script.library import DEFAULT_SCRIPT_ID

    return (
        script.origin != "assigned",
        script.requires_therapist,
        ORIGIN_ORDER.get(script.origin, 9),
        script.id != DEFAULT_SCRIPT_ID,
        script.title.lower(),
    )


def plan_kinds(script: Script) -> list[str]:
    seen: list[str] = []
    for step in build_plan(script, bookend_checkins=False).steps:
        if not step.is_checkin and step.kind not in seen:
            seen.append(step.kind)
    return seen


def assignment_line(assignment) -> str:
    """ "assigned by Dr. Lee · 2 of 3 this week": who, and this week's practice, gently."""
    return f"assigned by {assignment.therapist} · {assignment.progress_text()}"


def describe(script: Script, plain: bool, note: str = "", assignment=None) -> Text:
    plan = build_plan(script, bookend_checkins=False)
    text = Text()
    text.append(script.title + "\n", style="bold")
    total = clock_text(plan.total) + (" + open" if plan.has_open_end else "")
    text.append(f"{total} · {ORIGIN_LABEL.get(script.origin, script.origin)} · version {script.version}\n", style="dim")
    text.append("  ".join(badge(kind, plain) for kind in plan_kinds(script)) + "\n\n")
    if assignment is not None:
        text.append(assignment_line(assignment) + f" · {assignment.schedule.describe()}\n", style="bold")
        if assignment.note:
            text.append(f"A note from {assignment.therapist}: ", style="italic")
            text.append(assignment.note + "\n")
        text.append("\n")
    elif script.requires_therapist:
        text.append("Meant to be practised with a therapist's guidance.\n\n", style="italic")
    if note:
        text.append(note + "\n\n", style="italic")
    text.append(script.description or script.intended_use)
    return text


class LibraryScreen(Screen):
    BINDINGS = [
        Binding("enter", "start", "practise", show=True),
        Binding("s", "show_timeline", "timeline"),
        Binding("h", "history", "history"),
        Binding("q", "app.quit", "quit"),
    ]

    def __init__(self, scripts: list[Script], notes: dict[str, str] | None = None,
                 assignments: dict | None = None) -> None:
        super().__init__()
        self.scripts = sorted(scripts, key=library_order)
        self.notes = notes or {}
        self._assignments = assignments  # script id -> homework Assignment; read on first use

    @property
    def assignments(self) -> dict:
        """Homework assignments of the assigned scripts shown here (read once, with this week's count)."""
        if self._assignments is None:
            self._assignments = {}
            if any(script.origin == "assigned" for script in self.scripts):
                from pendulate.homework.assignments import assignments

                self._assignments = assignments(getattr(self.app, "store", None))
        return self._assignments

    def compose(self) -> ComposeResult:
        yield Static("pendulate · choose a practice", id="library-title")
        with Horizontal(id="library-body"):
            yield OptionList(*[self._option(s) for s in self.scripts], id="scripts")
            yield Static(id="details")
        yield Static(id="library-notice")
        yield KeyBar()

    def _option(self, script: Script) -> Option:
        plan = build_plan(script, bookend_checkins=False)
        label = Text()
        label.append(script.title)
        label.append(f"  {clock_text(plan.total)}", style="dim")
        assignment = self.assignments.get(script.id) if script.origin == "assigned" else None
        if assignment is not None:
            label.append(f"  {assignment_line(assignment)}", style="italic")
        elif script.requires_therapist:
            label.append("  (with therapist)", style="italic dim")
        if script.id in self.notes:
            label.append("  (resting)", style="italic dim")
        return Option(label, id=script.id)

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        option_list.focus()
        if self.scripts:
            option_list.highlighted = 0
            self._show_details(self.scripts[0])

    def _selected(self) -> Script | None:
        index = self.query_one(OptionList).highlighted
        return self.scripts[index] if index is not None and 0 <= index < len(self.scripts) else None

    def _show_details(self, script: Script) -> None:
        assignment = self.assignments.get(script.id) if script.origin == "assigned" else None
        self.query_one("#details", Static).update(
            describe(script, self.app.plain, self.notes.get(script.id, ""), assignment)
        )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        script = self._selected()
        if script is not None:
            self._show_details(script)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_start()

    def action_start(self) -> None:
        script = self._selected()
        if script is not None:
            self.app.request_practice(script)

    def action_show_timeline(self) -> None:
        from pendulate.tui.screens.timeline import TimelineScreen

        script = self._selected()
        if script is not None:
            self.app.push_screen(TimelineScreen(script))

    def action_history(self) -> None:
        self.app.show_history()

    def notify_line(self, text: str) -> None:
        self.query_one("#library-notice", Static).update(Text(text))

    def on_resize(self) -> None:
        self.set_class(self.size.width < 70, "-narrow")
