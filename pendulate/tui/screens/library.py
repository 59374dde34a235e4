"""The library: the scripts a person can practise, and what each one is like.

The screen can open before the scripts are loaded, drawn from the index kept at the last start
(:mod:`pendulate.tui.library_index`); the app hands it the scripts right after its first frame,
and only then does a key do anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pendulate.catalogue.order import library_order  # the order belongs below the screen; kept here for callers
from pendulate.tui.kinds import badge, clock_text
from pendulate.tui.library_index import Entry, encode
from pendulate.tui.screens import PendulateScreen
from pendulate.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from pendulate.catalogue.assignments import Assignment
    from pendulate.plan.build import Plan
    from pendulate.script.library import SkippedScript
    from pendulate.script.model import Script

ORIGIN_LABEL = {"built-in": "built-in", "user": "yours", "assigned": "assigned", "file": "file"}


def plan_kinds(plan: Plan) -> list[str]:
    seen: list[str] = []
    for step in plan.steps:
        if not step.is_checkin and step.kind not in seen:
            seen.append(step.kind)
    return seen


def assignment_line(assignment: Assignment) -> str:
    """ "assigned by Dr. Lee · 2 of 3 this week": who, and this week's practice, gently."""
    return f"assigned by {assignment.therapist} · {assignment.progress_text()}"


def describe(script: Script, plan: Plan, plain: bool, note: str = "", assignment: Assignment | None = None) -> Text:
    text = Text()
    text.append(script.title + "\n", style="bold")
    total = clock_text(plan.total) + (" + open" if plan.has_open_end else "")
    text.append(f"{total} · {ORIGIN_LABEL.get(script.origin, script.origin)} · version {script.version}\n", style="dim")
    text.append("  ".join(badge(kind, plain) for kind in plan_kinds(plan)) + "\n\n")
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


def option_label(script: Script, plan: Plan, note: str = "", assignment: Assignment | None = None) -> Text:
    label = Text()
    label.append(script.title)
    label.append(f"  {clock_text(plan.total)}", style="dim")
    if assignment is not None:
        label.append(f"  {assignment_line(assignment)}", style="italic")
    elif script.requires_therapist:
        label.append("  (with therapist)", style="italic dim")
    if note:
        label.append("  (resting)", style="italic dim")
    return label


def library_entry(script: Script, plain: bool, note: str = "", assignment: Assignment | None = None) -> Entry:
    """The script's line in the library and the description shown beside it."""
    from pendulate.plan.build import build_plan  # start-up: drawn early without the plans

    plan = build_plan(script, bookend_checkins=False)  # once, for the line and the description
    return Entry(
        script.id,
        option_label(script, plan, note, assignment),
        describe(script, plan, plain, note, assignment),
    )


def built_in_entries(plain: bool) -> list[Entry]:
    """The library of someone with no scripts or homework of their own (see
    :mod:`pendulate.tui.library_index`: these lines are shipped, made by this function)."""
    from pendulate.script.library import builtin_scripts  # start-up: reads the built-in scripts

    return [library_entry(script, plain) for script in sorted(builtin_scripts(), key=library_order)]


LEFT_OUT = "left-out:"  # the id of a line for a file of the person's that the library can't offer


def left_out_entry(skipped: SkippedScript, number: int) -> Entry:
    """The line for a file of the person's left out of the library ("mine.yaml  can't be read"),
    drawn after the scripts; its description says where each problem is, and it can't be started."""
    # start-up: only a library with such a file
    from pendulate.script.errors import shown
    from pendulate.script.text import visible

    count = len(skipped.problems)
    label = Text(visible(skipped.path.name))
    label.append(f"  {skipped.status}", style="italic dim")
    if not skipped.clash:
        label.append(f" ({count} {'mistake' if count == 1 else 'mistakes'})", style="dim")
    details = Text(f"{skipped.summary()}\n\n", style="bold")
    details.append("\n".join(shown(list(skipped.problems))))
    return Entry(f"{LEFT_OUT}{number}", label, details)


class ScriptList(OptionList):
    """The list of scripts; its Enter says what it does, so the key line shows it."""

    BINDINGS = [Binding("enter", "select", "practise")]


class LibraryScreen(PendulateScreen[None]):
    BINDINGS = [
        Binding("enter", "start", "practise"),
        Binding("s", "show_timeline", "timeline"),
        Binding("h", "history", "history"),
        Binding("q", "app.quit", "quit"),
    ]

    def __init__(
        self,
        scripts: list[Script] | None = None,
        notes: dict[str, str] | None = None,
        left_out: list[SkippedScript] | None = None,
        *,
        assignments: dict[str, Assignment] | None = None,
        entries: list[Entry] | None = None,
    ) -> None:
        """``scripts`` to draw them (and ``left_out``, the person's files that can't be offered);
        or ``entries`` from the index, with the scripts to follow through :meth:`show_scripts`."""
        super().__init__()
        self.scripts: list[Script] | None = None
        self.notes: dict[str, str] = {}
        self.left_out: list[SkippedScript] = []
        self._assignments = assignments  # script id -> homework Assignment; read on first use
        self._entries = entries
        if scripts is not None:
            self._take(scripts, notes, left_out)

    def _take(self, scripts: list[Script], notes: dict[str, str] | None, left_out: list[SkippedScript] | None) -> None:
        self.scripts = sorted(scripts, key=library_order)
        self.notes = notes or {}
        self.left_out = list(left_out or ())

    @property
    def assignments(self) -> dict[str, Assignment]:
        """Homework assignments of the assigned scripts shown here (read once, with this week's count)."""
        if self._assignments is None:
            self._assignments = {}
            if any(script.origin == "assigned" for script in self.scripts or ()):
                from pendulate.catalogue.assignments import assignments  # start-up: reads the homework

                self._assignments = assignments(self.app.store)
        return self._assignments

    @property
    def entries(self) -> list[Entry]:
        """Each script's line and description, as drawn."""
        if self._entries is None:
            self._entries = [self._entry(script) for script in self.scripts or ()]
            self._entries += [left_out_entry(skipped, n) for n, skipped in enumerate(self.left_out)]
        return self._entries

    def _entry(self, script: Script) -> Entry:
        assignment = self.assignments.get(script.id) if script.origin == "assigned" else None
        return library_entry(script, self.app.plain, self.notes.get(script.id, ""), assignment)

    def compose(self) -> ComposeResult:
        yield Static("pendulate · choose a practice", id="library-title")
        with Horizontal(id="library-body"):
            yield ScriptList(*[Option(entry.label, id=entry.id) for entry in self.entries], id="scripts")
            yield Static(id="details")
        yield KeyBar()

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        option_list.focus()
        if self.entries:
            option_list.highlighted = 0
            self._show_details(0)

    def show_scripts(
        self,
        scripts: list[Script],
        notes: dict[str, str] | None = None,
        left_out: list[SkippedScript] | None = None,
    ) -> None:
        """The scripts behind a library drawn from the index; any line that differs is redrawn."""
        drawn = self.entries
        self._take(scripts, notes, left_out)
        self._assignments = None
        self._entries = None
        if encode(self.entries) == encode(drawn):
            return
        option_list = self.query_one(OptionList)
        index = option_list.highlighted
        current = drawn[index].id if index is not None and 0 <= index < len(drawn) else None
        option_list.clear_options()
        option_list.add_options([Option(entry.label, id=entry.id) for entry in self.entries])
        ids = [entry.id for entry in self.entries]
        if ids:
            option_list.highlighted = ids.index(current) if current in ids else 0
            self._show_details(option_list.highlighted)
        else:
            self.query_one("#details", Static).update("")

    def _selected(self) -> Script | None:
        index = self.query_one(OptionList).highlighted
        scripts = self.scripts or []
        return scripts[index] if index is not None and 0 <= index < len(scripts) else None

    def _show_details(self, index: int) -> None:
        self.query_one("#details", Static).update(self.entries[index].details)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if 0 <= index < len(self.entries):
            self._show_details(index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_start()

    def action_start(self) -> None:
        script = self._selected()
        if script is not None:
            self.app.request_practice(script)
            return
        skipped = self._selected_left_out()
        if skipped is not None:
            from pendulate.script.text import visible  # start-up: only for such a file

            self.app.show_notice(
                f"This file isn't in the library until its mistakes are fixed. "
                f"'pendulate validate {visible(str(skipped.path))}' lists them, each with where it is."
            )

    def _selected_left_out(self) -> SkippedScript | None:
        index = self.query_one(OptionList).highlighted
        first = len(self.scripts or ())
        if index is None or not first <= index < first + len(self.left_out):
            return None
        return self.left_out[index - first]

    def action_show_timeline(self) -> None:
        from pendulate.tui.screens.timeline import TimelineScreen  # start-up: loads the planner

        script = self._selected()
        if script is not None:
            self.app.push_screen(TimelineScreen(script))

    def action_history(self) -> None:
        self.app.show_history()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 70, "-narrow")
