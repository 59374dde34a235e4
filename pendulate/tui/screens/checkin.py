"""The check-in: a few quick questions at the points the script asks for them.

The common path is two digits and Enter: the first digit rates intensity, the second
settling, and Enter confirms. Escape skips the whole check-in.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, SelectionList, Static

from pendulate.engine.answers import CheckinAnswers, Diary
from pendulate.script.model import BODY_REGIONS, DISCHARGE_SIGNS, QUALITY_WORDS
from pendulate.tui.screens import PendulateModal
from pendulate.tui.widgets.choice import ChoiceRow
from pendulate.tui.widgets.rating import RatingScale

ZONE_OPTIONS = [
    ("below", "b", "below: numb, foggy, far away"),
    ("within", "w", "within"),
    ("above", "a", "above: flooded"),
]
VALENCE_OPTIONS = [("pleasant", "p", "pleasant"), ("neutral", "u", "neutral"), ("unpleasant", "x", "unpleasant")]
OKAY_OPTIONS = [(True, "y", "yes, okay for now"), (False, "n", "not really")]
ACTED_OPTIONS = [(True, "y", "yes"), (False, "n", "no")]


CHOICE_KEYS = sorted(
    {key for options in (ZONE_OPTIONS, VALENCE_OPTIONS, OKAY_OPTIONS, ACTED_OPTIONS) for _, key, _ in options}
)


class CheckinScreen(PendulateModal[CheckinAnswers]):
    AUTO_FOCUS = "RatingScale, ChoiceRow, SelectionList, Input"
    # Digits, letters and Enter are bindings, not widget key handlers: bindings run in order on
    # the app's own queue, so "2 7 Enter" typed in one burst lands exactly as typed.
    BINDINGS = [
        Binding("enter", "confirm", "done", priority=True),
        Binding("escape", "skip", "skip"),
        # Modal screens hide the app's own keys, so crisis help is bound here too.
        Binding("c", "app.crisis", "crisis help"),
        *[Binding(str(d), f"type('{d}')", show=False, priority=True) for d in range(10)],
        Binding("plus", "type('+')", "10", show=False, priority=True),
        *[Binding(k, f"type('{k}')", show=False, priority=True) for k in CHOICE_KEYS],
    ]

    def __init__(self, scales: tuple[str, ...], title: str, after_kind: str | None) -> None:
        super().__init__()
        self.scales, self.title_text, self.after_kind = scales, title, after_kind

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="checkin-box"):
            # The title comes from the script: Text keeps "[...]" literal instead of markup.
            yield Static(Text(self.title_text or "Check in"), id="checkin-title")
            yield Static(self._intro(), id="checkin-intro")
            if "suds" in self.scales:
                yield RatingScale("intensity", "none", "the most", id="suds")
            if "settling" in self.scales:
                yield RatingScale("settled  ", "not at all", "completely", id="settling")
            if "zone" in self.scales:
                yield ChoiceRow("zone", ZONE_OPTIONS, id="zone")
            if "okay" in self.scales:
                yield ChoiceRow("okay for now?", OKAY_OPTIONS, id="okay")
            if "location" in self.scales:
                yield Static("Where in the body? (space to mark)", classes="question")
                yield SelectionList(*[(r, r) for r in BODY_REGIONS], id="location")
            if "quality" in self.scales:
                yield Static("What is it like? (space to mark)", classes="question")
                yield SelectionList(*[(w, w) for w in QUALITY_WORDS], id="quality")
                yield ChoiceRow("feels", VALENCE_OPTIONS, id="valence")
            if "discharge" in self.scales:
                yield Static("Anything moving through? (space to mark)", classes="question")
                yield SelectionList(*[(w, w) for w in DISCHARGE_SIGNS], id="discharge")
            if "diary" in self.scales:
                yield RatingScale("urge     ", "none", "strongest", maximum=5, id="urge")
                yield ChoiceRow("acted on it", ACTED_OPTIONS, id="acted")
            if "note" in self.scales:
                yield Input(placeholder="a note, if you like (Enter to finish)", id="note", max_length=2000)
            yield Static("Enter: done · Esc: skip · g: ground now · c: crisis help", id="checkin-keys")

    def _intro(self) -> str:
        if self.after_kind == "activation":
            return "Noticing what is here now, without needing to change it."
        return "Just a quick note of how things are, if it feels okay."

    def on_mount(self) -> None:
        focusable = [w for w in self.query("#checkin-box > *") if w.can_focus]
        if focusable:
            focusable[0].focus()

    def action_type(self, key: str) -> None:
        focused = self.focused
        if isinstance(focused, Input):
            focused.insert_text_at_cursor(key)
            return
        if key.isdigit() or key == "+":
            scales = list(self.query(RatingScale))
            target = focused if isinstance(focused, RatingScale) else next((r for r in scales if r.value is None), None)
            if target is not None:
                value = target.maximum if key == "+" else int(key)
                if value <= target.maximum:
                    target.value = value
                    # set_focus is immediate (widget.focus() is deferred), so the next digit
                    # already finds the next question focused.
                    self.set_focus(target)
                    self.focus_next()
            return
        rows = [row for row in self.query(ChoiceRow) if any(k == key for _, k, _ in row.options)]
        row: ChoiceRow | None
        if isinstance(focused, ChoiceRow) and focused in rows:
            row = focused
        else:
            row = next((r for r in rows if r.value is None), rows[0] if rows else None)
        if row is not None:
            row.value = next(v for v, k, _ in row.options if k == key)

    def _rating(self, name: str) -> int | None:
        return next((w.value for w in self.query(f"#{name}").results(RatingScale)), None)

    def _choice(self, name: str) -> Any:
        return next((row.value for row in self.query(f"#{name}").results(ChoiceRow)), None)

    def _marked(self, name: str) -> tuple[str, ...]:
        return next((tuple(picks.selected) for picks in self.query(f"#{name}").results(SelectionList)), ())

    def _answers(self) -> CheckinAnswers:
        urge, acted = self._rating("urge"), self._choice("acted")
        asked_diary = bool(self.query("#urge"))
        note = next((n.value.strip() for n in self.query("#note").results(Input)), "")
        return CheckinAnswers(
            suds=self._rating("suds"),
            settling=self._rating("settling"),
            zone=self._choice("zone"),
            okay=self._choice("okay"),
            valence=self._choice("valence"),
            location=self._marked("location"),
            quality=self._marked("quality"),
            discharge=self._marked("discharge"),
            diary=Diary(urge, acted) if asked_diary and (urge is not None or acted is not None) else None,
            note=note or None,
        )

    def action_confirm(self) -> None:
        answers = self._answers()
        self.dismiss(None if answers.empty else answers)

    def action_skip(self) -> None:
        self.dismiss(None)
