"""What a check-in's questions hold, read off its widgets as one :class:`CheckinAnswers`.

Exactly what the questions on the screen hold: nothing more. A question not on the screen, or
left unanswered, stays unset (so the log never holds an answer nobody gave).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.dom import DOMNode
from textual.widgets import SelectionList

from pendulate.engine.answers import CheckinAnswers, Diary, Part, Tracked
from pendulate.tui.screens.checkin_steps import Step
from pendulate.tui.widgets.choice import ChoiceRow
from pendulate.tui.widgets.name_pick import NamePick
from pendulate.tui.widgets.rating import RatingScale


def rating(screen: DOMNode, name: str) -> int | None:
    return next((w.value for w in screen.query(f"#{name}").results(RatingScale)), None)


def choice(screen: DOMNode, name: str) -> Any:
    return next((row.value for row in screen.query(f"#{name}").results(ChoiceRow)), None)


def named(screen: DOMNode, name: str) -> str | None:
    return next((pick.value for pick in screen.query(f"#{name}").results(NamePick)), None)


def marked(screen: DOMNode, name: str) -> tuple[str, ...]:
    for picks in screen.query(f"#{name}").results(SelectionList):
        chosen = set(picks.selected)
        # In the list's own order, whatever order they were marked in.
        options = (picks.get_option_at_index(i).value for i in range(picks.option_count))
        return tuple(str(value) for value in options if value in chosen)
    return ()


def tracked(screen: DOMNode, steps: Sequence[Step]) -> tuple[Tracked, ...]:
    """The answers about the homework's targets, in the homework's order (the unanswered left out)."""
    out: list[Tracked] = []
    for step in steps:
        target = step.target
        if target is None:
            continue
        value: int | bool | tuple[str, ...] | None
        if target.kind == "urge":
            value = rating(screen, step.name)
        elif target.kind == "acted":
            value = choice(screen, step.name)
        else:
            value = marked(screen, step.name) or None
        if value is not None:
            out.append(Tracked(target.name, target.kind, value))
    return tuple(out)


def gather(screen: DOMNode, steps: Sequence[Step], waited: float | None) -> CheckinAnswers:
    urge, acted = rating(screen, "urge"), choice(screen, "acted")
    note = next((str(getattr(n, "value", "")).strip() for n in screen.query("#note")), "")
    part_name = named(screen, "part")
    return CheckinAnswers(
        suds=rating(screen, "suds"),
        settling=rating(screen, "settling"),
        zone=choice(screen, "zone"),
        okay=choice(screen, "okay"),
        valence=choice(screen, "valence"),
        location=marked(screen, "location"),
        quality=marked(screen, "quality"),
        discharge=marked(screen, "discharge"),
        diary=Diary(urge, acted) if urge is not None or acted is not None else None,
        note=note or None,
        urge=rating(screen, "urge_now"),
        wave=choice(screen, "wave"),
        part=Part(part_name, rating(screen, "room")) if part_name else None,
        resource=named(screen, "resource"),
        tracked=tracked(screen, steps),
        waited=waited,
    )
