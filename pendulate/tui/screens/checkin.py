"""The check-in: a few quick questions, one at a time, at the points the script asks for them.

Only the question on screen takes keys: a digit rates it (and moves on), a letter chooses on it,
space marks in a list, and in the note every letter and digit is text. So a key can never
answer a question the person cannot see. The common path is two digits and Enter: the first
digit rates intensity, the second settling, and Enter saves. A line under every question says
exactly what will be saved. Escape skips the whole check-in. In eyes-closed mode every
question and answer is also heard (``pendulate.tui.eyes_closed``).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, SelectionList, Static

from pendulate.audio import phrases
from pendulate.engine.answers import NOTE_LIMIT, CheckinAnswers
from pendulate.homework.model import Target
from pendulate.tui.checkin_summary import summary_line
from pendulate.tui.eyes_closed import EyesClosed
from pendulate.tui.screens import SCREENS_CSS, PendulateModal
from pendulate.tui.screens.checkin_answers import choice, gather, marked, rating
from pendulate.tui.screens.checkin_hints import key_hints
from pendulate.tui.screens.checkin_steps import CORE, NAME, NOTE, STEPS, Step, steps_for
from pendulate.tui.screens.checkin_steps import question as question_widgets
from pendulate.tui.widgets.choice import ChoiceRow
from pendulate.tui.widgets.name_pick import NEW_KEY, NamePick
from pendulate.tui.widgets.rating import RatingScale

__all__ = ["STEPS", "CheckinScreen", "Step"]


# Keys the screen takes before any widget, in the order they were typed (bindings run on the
# app's own queue, so "2 7 Enter" typed in one burst lands exactly as typed). `g` is the app's.
KEYS = (
    *[str(d) for d in range(10)],
    *[chr(c) for c in range(ord("a"), ord("z") + 1) if chr(c) != "g"],
    "plus",
    "space",
    "tab",
    "shift+tab",
    "left",
    "right",
    "up",
    "down",
    "enter",
    "backspace",
    "delete",
    "ctrl+g",
    "ctrl+t",
)
# In the note the rest are text (or the note's own editing keys). Enter is the note's too: it
# is handled in turn after the letters typed before it, which the note may not have yet.
NOTE_KEYS = frozenset({"tab", "shift+tab", "ctrl+g", "ctrl+t"})
CRISIS_KEYS = frozenset({"c", "ctrl+t"})
NOTE_FULL = f"A note holds up to {NOTE_LIMIT:,} characters, so what went past that was left out."
SHORT_HEIGHT = 24  # rows: below this the check-in drops its border, intro and blank lines
WIDE = 60  # columns: from here the key line also names the keys that are nice to know


class CheckinScreen(PendulateModal[CheckinAnswers]):
    CSS_PATH = SCREENS_CSS
    AUTO_FOCUS = None  # the current question's widget is focused by _show()
    DEFAULT_CSS = """
    #checkin-card {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 1; border: round $accent; background: $surface;
    }
    /* Plain mode's rules are in app.tcss: scoped CSS here cannot see the app's -plain class. */
    #checkin-header { height: 1; margin-bottom: 1; }
    #checkin-header #checkin-title { width: 1fr; }
    #checkin-progress { width: auto; color: $text-muted; }
    #checkin-card .step { height: auto; }
    #checkin-card SelectionList { height: auto; max-height: 8; }
    #checkin-card .question { text-style: bold; }
    #note-full { color: $text-muted; display: none; }
    #checkin-summary { margin-top: 1; max-height: 3; }
    #checkin-hints { margin-top: 1; color: $text-muted; }
    CheckinScreen.-short #checkin-card { border: none; height: 100%; }
    CheckinScreen.-short #checkin-header { margin-bottom: 0; }
    CheckinScreen.-short #checkin-intro { display: none; }
    CheckinScreen.-short #checkin-card .step { height: 1fr; }
    CheckinScreen.-short #checkin-card SelectionList { height: 1fr; max-height: 100%; }
    CheckinScreen.-short #checkin-summary { margin-top: 0; }
    CheckinScreen.-short #checkin-hints { margin-top: 0; }
    """
    BINDINGS = [
        Binding("escape", "skip", "skip", priority=True),
        *[Binding(key, f"press('{key}')", show=False, priority=True) for key in KEYS],
    ]

    def __init__(
        self,
        scales: tuple[str, ...],
        title: str,
        after_kind: str | None,
        typed_ahead: str = "",
        targets: Sequence[Target] = (),
    ) -> None:
        """``typed_ahead``: keys pressed before the check-in came up (a digit typed during a touch
        rates it), taken as if typed here, on the questions as they come. ``targets``: the
        homework's, which the diary asks by name."""
        super().__init__()
        self.scales, self.title_text, self.after_kind = scales, title, after_kind
        self.typed_ahead = typed_ahead
        self.steps = steps_for(scales, targets)
        self.at = 0  # the question on screen; len(self.steps): all asked, ready to save
        self.eyes: EyesClosed | None = None  # made on mount, when the app (its clock) is known

    # ----- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin-card"):
            with Horizontal(id="checkin-header"):
                # The title comes from the script: Text keeps "[...]" literal instead of markup.
                yield Static(Text(self.title_text or "Check in"), id="checkin-title")
                yield Static("", id="checkin-progress")
            yield Static(self._intro(), id="checkin-intro")
            for step in self.steps:
                with Vertical(id=f"step-{step.name}", classes="step"):
                    yield from question_widgets(step, self._own_names(step.name))
            with Vertical(id="step-ready", classes="step"):
                yield Static("That is everything. Enter saves what is below; ← goes back to change it.")
            yield Static("", id="checkin-summary")
            yield Static("", id="checkin-hints")

    def _own_names(self, name: str) -> list[str]:
        """The names the person gave before for a part or a resource, most recent first; none
        when the log is unavailable (or cannot say)."""
        query = {"part": "own_parts", "resource": "own_resources"}.get(name)
        store = getattr(self.app, "store", None)
        ask = getattr(store, query, None) if query is not None and store is not None else None
        if ask is None:
            return []
        try:
            return [str(n) for n in ask()]
        except Exception:  # the log cannot answer: nothing is offered, and the question stays
            return []

    def _intro(self) -> str:
        if self.after_kind == "activation":
            return "Noticing what is here now, without needing to change it."
        return "Just a quick note of how things are, if it feels okay."

    def on_mount(self) -> None:
        self.eyes = EyesClosed(self.app)
        self._fit(self.app.size.height)
        # Keys typed before the check-in came up answer its questions first; only the question
        # they leave on screen is then asked aloud (their answers are said back as they land).
        self.eyes.holding = bool(self.typed_ahead)
        self._show()
        for key in self.typed_ahead:
            self.action_press(key)
        if self.eyes.holding:
            self.eyes.holding = False
            self.eyes.asked(self.step.name if self.step is not None else None)
        self.eyes.start()

    def on_unmount(self) -> None:
        if self.eyes is not None:
            self.eyes.stop()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.height)
        self._refresh_lines()

    def _fit(self, height: int) -> None:
        """On a short terminal: no border, no intro, and lists without their frame."""
        short = height < SHORT_HEIGHT
        self.set_class(short, "-short")
        for picks in self.query(SelectionList):
            picks.compact = short

    # ----- moving between questions ------------------------------------------------------

    @property
    def step(self) -> Step | None:
        """The question on screen; None once every question was passed."""
        return self.steps[self.at] if self.at < len(self.steps) else None

    def _go(self, index: int) -> None:
        direction = 1 if index >= self.at else -1
        index = max(0, min(len(self.steps), index))
        # The room around a part is asked only once a part was named.
        while 0 < index < len(self.steps) and self.steps[index].name == "room" and not self._part_named():
            index += direction
        self.at = max(0, min(len(self.steps), index))
        self._show()

    def _part_named(self) -> bool:
        return any(pick.value for pick in self.query("#part").results(NamePick))

    def _show(self) -> None:
        """Show the current question alone, with its widget focused."""
        current = self.step
        for container in self.query(".step"):
            container.display = container.id == f"step-{current.name if current else 'ready'}"
        if current is None:
            self.set_focus(None)
        else:
            found = self.query(f"#{current.name}")
            if not found:  # its widgets are still being mounted (or the app is closing): once they are
                self.set_timer(0.02, self._show)
                return
            widget = found.first()
            if isinstance(widget, SelectionList) and widget.highlighted is None and widget.option_count:
                widget.highlighted = 0
            # set_focus is immediate (widget.focus() is deferred), so the next key of a burst
            # already finds this question focused. A name with no earlier ones to pick from is typed.
            if isinstance(widget, NamePick) and not widget.names:
                self.set_focus(widget.open_field())
            else:
                self.set_focus(widget)
        if self.eyes is not None:
            self.eyes.asked(current.name if current else None, self._spoken(current))
        self._refresh_lines()

    @staticmethod
    def _spoken(step: Step | None) -> str | None:
        if step is None or step.target is None:
            return None
        return phrases.target_question(step.target.name, step.target.kind)

    def _typing(self) -> bool:
        """The note, or a name's field: letters and digits are text there."""
        return (self.step is not None and self.step.kind == NOTE) or isinstance(self.focused, Input)

    def _enter_moves_on(self) -> bool:
        """Enter goes to the next question while intensity or settling is still ahead unanswered."""
        return any(s.name in CORE and self._rating(s.name) is None for s in self.steps[self.at + 1 :])

    # ----- keys --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In the note, only the few keys that leave it or help are the screen's: the rest are
        # text, handled by the note itself.
        if action == "press" and self._typing():
            return parameters[0] in NOTE_KEYS
        return True

    def action_press(self, key: str) -> None:
        """``key`` acts on the question on screen, and on nothing else."""
        if self.eyes is not None:
            self.eyes.key()
        if key in ("tab", "right"):
            self._go(self.at + 1)
        elif key in ("shift+tab", "left"):
            self._go(self.at - 1)
        elif key == "enter":
            self._enter()
        elif key == "ctrl+g":
            self._ground()
        elif key in CRISIS_KEYS:
            self.app.action_crisis()
        elif self.step is not None:
            self._answer(self.step, key)
        self._refresh_lines()

    def _answer(self, step: Step, key: str) -> None:
        widget = self.query_one(f"#{step.name}")
        if isinstance(widget, RatingScale):
            if key in ("up", "down"):
                widget.step(1 if key == "up" else -1)
            elif key in ("backspace", "delete"):
                widget.value = None
            elif (value := widget.value_for_key(key)) is not None:
                widget.value = value
                if self.eyes is not None:
                    self.eyes.rated(value)
                self._go(self.at + 1)
        elif isinstance(widget, ChoiceRow):
            if key in ("up", "down"):
                widget.action_move(-1 if key == "up" else 1)
            elif key in ("backspace", "delete"):
                widget.value = None
            elif widget.choose_key(key):
                if self.eyes is not None:  # a target's yes / no is said as the diary's is
                    self.eyes.chose(step.target.kind if step.target else step.name, widget.value)
                self._go(self.at + 1)
        elif isinstance(widget, NamePick):
            if key == NEW_KEY:
                self.set_focus(widget.open_field())
            elif key in ("backspace", "delete"):
                widget.value = None
                widget.field.value = ""
            elif widget.pick_key(key):
                if self.eyes is not None:
                    self.eyes.chose(step.name, widget.value)
                self._go(self.at + 1)
        elif isinstance(widget, SelectionList):
            if key == "up":
                widget.action_cursor_up()
            elif key == "down":
                widget.action_cursor_down()
            elif key == "space" and widget.highlighted is not None:
                # Toggled here, not through the list's own message, so the line below is
                # already up to date for the next key.
                widget.toggle(widget.get_option_at_index(widget.highlighted))

    def _enter(self) -> None:
        if self._enter_moves_on():
            self._go(self.at + 1)
            return
        answers = self._answers()
        if self.eyes is not None and answers.empty:
            self.eyes.skipped()
        elif self.eyes is not None:
            self.eyes.noted()
        self.dismiss(None if answers.empty else answers)

    # The note's messages are handled by name: the note's module loads only when one is asked.
    def on_note_area_submitted(self) -> None:
        if self.step is not None and self.step.kind == NOTE:
            self._enter()

    @on(NamePick.Finished)
    def _name_given(self) -> None:
        # Enter in a name's field finishes the name: on to the next question, or, on the last
        # one, Enter as everywhere (saved).
        step = self.step
        if step is None or step.kind != NAME:
            return
        self.set_focus(None)
        if self._name_moves_on():
            self._go(self.at + 1)
        else:
            self._enter()

    def _name_moves_on(self) -> bool:
        """In a name's field, Enter goes on while a question it would not skip comes after."""
        ahead = self.steps[self.at + 1 :]
        return any(s.name != "room" or self._part_named() for s in ahead)

    def on_note_area_capped(self) -> None:
        # Said once, next to the note, for as long as the check-in is open.
        said = self.query_one("#note-full", Static)
        said.update(NOTE_FULL)
        said.display = True

    def _ground(self) -> None:
        # The app's g types a "g" while a text field has focus; here the person asked to ground.
        self.set_focus(None)
        self.app.action_ground_now()

    def action_skip(self) -> None:
        if self.eyes is not None:
            self.eyes.key()
            self.eyes.skipped()
        self.dismiss(None)

    @on(RatingScale.Changed)
    @on(ChoiceRow.Changed)
    @on(SelectionList.SelectedChanged)
    @on(NamePick.Changed)
    def _changed(self) -> None:
        # A click, or text in the note: the keys above refresh the lines themselves.
        self._refresh_lines()

    def on_text_area_changed(self) -> None:  # the note (a text area): see on_note_area_submitted
        self._refresh_lines()

    # ----- what is shown under the question ----------------------------------------------

    def _refresh_lines(self) -> None:
        if not self.is_mounted:
            return
        # The room around a part counts once a part is named (it is not asked before).
        asked = [s for s in self.steps if s.name != "room" or self._part_named()]
        n, step = len(asked), self.step
        at = asked.index(step) + 1 if step in asked else self.at + 1
        progress = f"{at} of {n}" if step is not None else ("ready to save" if n else "")
        self.query_one("#checkin-progress", Static).update(progress)
        summary = Text("Will save: ", style="dim")
        # A note's line breaks show as ↵: the summary stays on its line.
        summary.append(summary_line(self._answers()).replace("\n", " ↵ "))
        self.query_one("#checkin-summary", Static).update(summary)
        self.query_one("#checkin-hints", Static).update(self._hints())

    def _hints(self) -> Text:
        """The keys that work on this question, each doing what it says."""
        step = self.step
        typing = step is not None and self._typing()
        naming = typing and step is not None and step.kind == NAME
        moves_on = self._enter_moves_on() or (naming and self._name_moves_on())
        return key_hints(self, step, at=self.at, wide=self.size.width >= WIDE, typing=typing, moves_on=moves_on)

    # ----- the answer --------------------------------------------------------------------

    def _rating(self, name: str) -> int | None:
        return rating(self, name)

    def _choice(self, name: str) -> object:
        return choice(self, name)

    def _marked(self, name: str) -> tuple[str, ...]:
        return marked(self, name)

    def _answers(self) -> CheckinAnswers:
        """Exactly what the questions on this screen hold: nothing more."""
        return gather(self, self.steps, self.eyes.waited if self.eyes is not None else None)
