"""The key line under a check-in question: the keys that work on it, each doing what it says."""

from __future__ import annotations

from rich.text import Text
from textual.dom import DOMNode

from pendulate.tui.screens.checkin_steps import CHOICE, CORE, MARKS, NAME, RATING, Step
from pendulate.tui.widgets.choice import ChoiceRow
from pendulate.tui.widgets.name_pick import NEW_KEY, NamePick
from pendulate.tui.widgets.rating import RatingScale


def key_hints(screen: DOMNode, step: Step | None, *, at: int, wide: bool, typing: bool, moves_on: bool) -> Text:
    """``typing``: letters are text on this question (the note, a name's field); ``moves_on``:
    Enter goes to the next question rather than saving."""
    first: list[tuple[str, str]] = [("Enter", ": next" if moves_on else ": done"), ("Esc", ": skip")]
    if step is not None and step.name in CORE:
        first.append(("+", " is 10"))
    here: list[tuple[str, str]] = []
    if step is not None and step.kind == RATING:
        top = screen.query_one(f"#{step.name}", RatingScale).maximum
        here.append((f"0–{min(top, 9)}", " rates"))
        if wide:
            here += [("↑↓", " adjust"), ("⌫", " clears")]
    elif step is not None and step.kind == CHOICE:
        here.append(("/".join(screen.query_one(f"#{step.name}", ChoiceRow).keys), " chooses"))
        if wide:
            here += [("↑↓", " move"), ("⌫", " clears")]
    elif step is not None and step.kind == MARKS:
        here += [("↑↓", " move"), ("space", " marks")] if wide else [("↑↓ space", " marks")]
    elif step is not None and typing:
        here.append(("", "letters are text"))
    elif step is not None and step.kind == NAME:
        keys = screen.query_one(f"#{step.name}", NamePick).keys
        if keys:
            here.append((f"1–{keys[-1]}" if len(keys) > 1 else "1", " picks"))
        here.append((NEW_KEY, " a new one"))
    if at > 0:
        here.append(("shift+tab" if typing else "←", " back"))
    if step is not None and not typing:
        here.append(("→", " next"))
    elif step is not None and step.kind == NAME:
        here.append(("tab", " next"))
    if typing:
        safety = [("ctrl+g", " ground now"), ("ctrl+t", " crisis help")]
    else:
        safety = [("g", " ground now"), ("c", " crisis help")]
    text = Text()
    for n, line in enumerate((first, here, safety)):
        if n:
            text.append("\n")
        for i, (key, words) in enumerate(line):
            if i:
                text.append(" · ")
            text.append(key, style="bold")
            text.append(words)
    return text
