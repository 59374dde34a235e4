"""The check-in's questions: which ones a check-in asks, in which order, and the widget of each.

A script's scales choose the questions (:func:`steps_for`); the homework's targets, when the
practice has any, replace the diary's generic urge and "acted on it" with the targets by name.
The screen (``checkin.py``) shows one question at a time and decides what each key means.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import SelectionList, Static

from pendulate.homework.model import Target
from pendulate.script.model import BODY_REGIONS, DISCHARGE_SIGNS, QUALITY_WORDS
from pendulate.tui.widgets.choice import ChoiceRow
from pendulate.tui.widgets.name_pick import NamePick
from pendulate.tui.widgets.rating import RatingScale

ZONE_OPTIONS = [
    ("below", "b", "below: numb, foggy, far away"),
    ("within", "w", "within"),
    ("above", "a", "above: flooded"),
]
VALENCE_OPTIONS = [("pleasant", "p", "pleasant"), ("neutral", "u", "neutral"), ("unpleasant", "x", "unpleasant")]
OKAY_OPTIONS = [(True, "y", "yes, okay for now"), (False, "n", "not really")]
ACTED_OPTIONS = [(True, "y", "yes"), (False, "n", "no")]
# Which way an urge is going: letters no other question on the same screen needs (g and c are
# grounding and crisis help everywhere).
WAVE_OPTIONS = [("rising", "r", "rising"), ("steady", "s", "steady"), ("easing", "e", "easing")]

RATING, CHOICE, MARKS, NOTE, NAME = "rating", "choice", "marks", "note", "name"

PART_QUESTION = "Is a part of you here? Which one?"
RESOURCE_QUESTION = "Would you like to name what helped?"


@dataclass(frozen=True)
class Step:
    """One question: ``name`` is its widget's id (and the answer's field, but for the diary, the
    urge now (``urge_now``), the room around a part and the targets)."""

    name: str
    kind: str
    scale: str  # the script's scale that asks it
    target: Target | None = None  # a homework target asked by name (the diary)


# Scale order, whatever order the script lists its scales in.
STEPS = (
    Step("suds", RATING, "suds"),
    Step("settling", RATING, "settling"),
    Step("zone", CHOICE, "zone"),
    Step("okay", CHOICE, "okay"),
    Step("location", MARKS, "location"),
    Step("quality", MARKS, "quality"),
    Step("valence", CHOICE, "quality"),
    Step("discharge", MARKS, "discharge"),
    Step("urge_now", RATING, "urge"),
    Step("wave", CHOICE, "wave"),
    Step("resource", NAME, "resource"),
    Step("part", NAME, "part"),
    Step("room", RATING, "part"),
    Step("urge", RATING, "diary"),
    Step("acted", CHOICE, "diary"),
    Step("note", NOTE, "note"),
)
# Enter moves on while one of these is still ahead unanswered: they are what the practice's
# pacing reads. Past them, everything left may stay unanswered and Enter saves.
CORE = ("suds", "settling")
DIARY_GENERIC = frozenset({"urge", "acted"})  # the diary's questions when there are no targets
TARGET_KINDS = {"urge": RATING, "acted": CHOICE, "skills": MARKS}


def target_step(index: int, target: Target) -> Step:
    return Step(f"track-{index}", TARGET_KINDS[target.kind], "diary", target)


def steps_for(scales: Sequence[str], targets: Sequence[Target] = ()) -> list[Step]:
    """The questions a check-in asking ``scales`` shows, in order."""
    steps: list[Step] = []
    for step in STEPS:
        if step.scale not in scales:
            continue
        if step.name in DIARY_GENERIC and targets:
            if step.name == "urge":
                steps += [target_step(i, t) for i, t in enumerate(targets) if t.kind in TARGET_KINDS]
            continue
        steps.append(step)
    return steps


def question(step: Step, names: Sequence[str] = ()) -> ComposeResult:
    """The widgets of ``step``'s question; ``names``: the person's own, for a name question."""
    name = step.name
    if step.target is not None:
        yield from _target(step)
    elif name == "suds":
        yield RatingScale("intensity", "none", "the most", id="suds")
    elif name == "settling":
        yield RatingScale("settled", "not at all", "completely", id="settling")
    elif name == "zone":
        yield ChoiceRow("zone", ZONE_OPTIONS, lines=True, id="zone")
    elif name == "okay":
        yield ChoiceRow("okay for now?", OKAY_OPTIONS, lines=True, id="okay")
    elif name == "location":
        yield Static("Where in the body? (space to mark)", classes="question")
        yield SelectionList[str](*[(r, r) for r in BODY_REGIONS], id="location")
    elif name == "quality":
        yield Static("What is it like? (space to mark)", classes="question")
        yield SelectionList[str](*[(w, w) for w in QUALITY_WORDS], id="quality")
    elif name == "valence":
        yield ChoiceRow("it feels", VALENCE_OPTIONS, lines=True, id="valence")
    elif name == "discharge":
        yield Static("Anything moving through? (space to mark)", classes="question")
        yield SelectionList[str](*[(w, w) for w in DISCHARGE_SIGNS], id="discharge")
    elif name == "urge_now":
        yield RatingScale("urge now", "none", "the strongest", maximum=5, id="urge_now")
    elif name == "wave":
        yield ChoiceRow("the urge is", WAVE_OPTIONS, lines=True, id="wave")
    elif name == "part":
        yield NamePick(PART_QUESTION, names, "a new name", id="part")
    elif name == "room":
        yield RatingScale("How much room is there around it?", "none", "a lot", id="room")
    elif name == "resource":
        yield NamePick(RESOURCE_QUESTION, names, "a few words of your own", id="resource")
    elif name == "urge":
        yield RatingScale("urge", "none", "strongest", maximum=5, id="urge")
    elif name == "acted":
        yield ChoiceRow("acted on it?", ACTED_OPTIONS, lines=True, id="acted")
    elif name == "note":
        yield Static("A note, if you like", classes="question")
        # start-up: the note's text area (0.6 MiB) loads only for a check-in that asks for one.
        from pendulate.tui.widgets.note import NoteArea

        yield NoteArea(placeholder="type here (Enter to finish)", id="note")
        yield Static("", id="note-full")


def _target(step: Step) -> ComposeResult:
    target = step.target
    assert target is not None
    if target.kind == "urge":
        yield RatingScale(target.name, "none", "the strongest", maximum=5, id=step.name)
    elif target.kind == "acted":
        yield ChoiceRow(target.name, ACTED_OPTIONS, lines=True, id=step.name)
    else:
        yield Static(f"{target.name} (space to mark)", classes="question")
        yield SelectionList[str](*[(s, s) for s in target.skills], id=step.name)
