"""The few gentle questions before a first activation practice, and what they suggest."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from pendulate.safety.gate import screening_outcome
from pendulate.safety.texts import (
    RECOMMEND_THERAPIST,
    SCREENING_INTRO,
    SCREENING_QUESTIONS,
    SCREENING_TITLE,
    THERAPIST_SCRIPT,
)
from pendulate.tui.screens import SCREENS_CSS, PendulateModal
from pendulate.tui.widgets.choice import ChoiceRow

YES_NO = [(True, "y", "yes"), (False, "n", "no")]


class ScreeningScreen(PendulateModal[str]):
    """Dismisses with "clear" or "recommend-therapist", or None when the person steps back."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("y", "answer(True)", "yes", priority=True),
        Binding("n", "answer(False)", "no", priority=True),
        Binding("escape", "back", "back"),
        Binding("c", "app.crisis", "crisis help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="screening-box"):
            yield Static(SCREENING_TITLE, id="screening-title")
            yield Static(SCREENING_INTRO, id="screening-intro")
            for key, question in SCREENING_QUESTIONS:
                yield Static(question, classes="question")
                yield ChoiceRow("", YES_NO, id=f"q-{key}")
            yield Static("y / n for each question · Esc: back · c: crisis help", id="screening-keys")

    def on_mount(self) -> None:
        self.query(ChoiceRow).first().focus()

    def action_answer(self, value: bool) -> None:
        rows = list(self.query(ChoiceRow))
        focused = self.focused if self.focused in rows else next((r for r in rows if r.value is None), None)
        if focused is None:
            return
        focused.value = value
        unanswered = [r for r in rows if r.value is None]
        if unanswered:
            self.set_focus(unanswered[0])
            return
        answers = {(row.id or "").removeprefix("q-"): bool(row.value) for row in rows}
        self.dismiss(screening_outcome(answers))

    def action_back(self) -> None:
        self.dismiss(None)


class ChoiceScreen(PendulateModal[str]):
    """A calm explanation with a few lettered choices; dismisses with the chosen key's value."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [Binding("escape", "choose(None)", "back"), Binding("c", "app.crisis", "crisis help")]

    def __init__(self, title: str, text: str, choices: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.title_text, self.text, self.choices = title, text, choices
        for key, value, _ in choices:
            self._bindings.bind(key, f"choose('{value}')", show=False)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="choice-box"):
            yield Static(self.title_text, id="choice-title")
            yield Static(self.text)
            lines = "\n".join(f"{key}  {label}" for key, _, label in self.choices)
            yield Static(lines + "\nEsc  back", id="choice-keys")

    def action_choose(self, value: str | None) -> None:
        self.dismiss(value)


def recommend_screen() -> ChoiceScreen:
    return ChoiceScreen(
        "A suggestion",
        RECOMMEND_THERAPIST,
        [
            ("r", "resource", "show me the resource practices"),
            ("o", "opt-in", "I'd like to try activation practice on my own"),
        ],
    )


def therapist_script_screen() -> ChoiceScreen:
    return ChoiceScreen(
        "Meant for practice with a therapist",
        THERAPIST_SCRIPT,
        [("r", "resource", "back to the library"), ("o", "opt-in", "I feel ready to try it on my own")],
    )
