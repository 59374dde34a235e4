"""What the eyes-closed check-in says, all in one place.

The check-in screen speaks these; the voice bank synthesizes every one of them
(:data:`EYES_CLOSED_PHRASES`) before a session when speech is on, so a key's answer never waits
for a speech engine. Each is keyed as a clip by its own text (``pendulate.audio.clips.said``).
The wording is the app's: invitational, calm, nothing to get right, no time counted aloud.
"""

from __future__ import annotations

from collections.abc import Iterable

# The spoken words for the numbers a rating takes (British: "nought").
DIGITS: tuple[str, ...] = (
    "nought",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
)

NOTED = "noted"  # Enter: the check-in is saved
SKIPPED = "skipped"  # Escape: the check-in is left for now
TAKE_YOUR_TIME = "take your time; press any key when you're ready"
EYES_CLOSED_ON = "eyes-closed mode on"
EYES_CLOSED_OFF = "eyes-closed mode off"

# The question the check-in asks, by its step (the check-in screen's question names).
QUESTIONS: dict[str, str] = {
    "suds": "How intense is it now, nought to ten?",
    "settling": "How settled do you feel, nought to ten?",
    "zone": "Where are you now: below, within, or above your window? Press b, w or a.",
    "okay": "Are you okay for now? Press y for yes, or n for not really.",
    "location": "Where do you notice it? Open your eyes to choose, or press Enter when you're done.",
    "quality": "What is it like? Open your eyes to choose, or press Enter when you're done.",
    "valence": "Does it feel pleasant, neutral, or unpleasant? Press p, u or x.",
    "discharge": "Is anything moving through? Open your eyes to choose, or press Enter when you're done.",
    "urge": "How strong is the urge, nought to five?",
    "acted": "Did you act on it? Press y or n.",
    "urge_now": "How strong is the urge now, nought to five?",
    "wave": "Is the urge rising, steady, or easing? Press r, s or e.",
    "part": "Is a part of you here? Which one? Open your eyes to pick or type a name, or press Enter to go on.",
    "room": "How much room is there around it, nought to ten?",
    "resource": (
        "Would you like to name what helped? Open your eyes to pick or type a few words, or press Enter to go on."
    ),
    "note": "A note, if you like. Open your eyes to write one, or press Enter when you're done.",
}

# What a chosen answer is confirmed with, by step and value (a rating says its number).
CHOICES: dict[str, dict[object, str]] = {
    "zone": {"below": "below", "within": "within", "above": "above"},
    "okay": {True: "yes, okay for now", False: "not really"},
    "valence": {"pleasant": "pleasant", "neutral": "neutral", "unpleasant": "unpleasant"},
    "acted": {True: "yes", False: "no"},
    "wave": {"rising": "rising", "steady": "steady", "easing": "easing"},
}
# A homework target, asked by the name the therapist gave it, by what it asks.
TARGET_QUESTIONS: dict[str, str] = {
    "urge": "{name}: how strong, nought to five?",
    "acted": "{name}: press y for yes, or n for no.",
    "skills": "{name}: open your eyes to mark them, or press Enter when you're done.",
}


def question(step: str) -> str | None:
    """The spoken question of check-in step ``step``; None for a step with none."""
    return QUESTIONS.get(step)


def target_question(name: str, kind: str) -> str | None:
    """The spoken question of a homework target called ``name`` asking ``kind`` (urge, acted, skills)."""
    words = TARGET_QUESTIONS.get(kind)
    return words.format(name=name) if words is not None else None


def target_phrases(targets: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The questions of the homework's targets ((name, kind) pairs), for the voice bank."""
    found = (target_question(name, kind) for name, kind in targets)
    return tuple(dict.fromkeys(text for text in found if text is not None))


def number(value: int) -> str:
    """``value`` (0–10) as it is said: "nought" … "ten"."""
    return DIGITS[max(0, min(10, int(value)))]


def choice(step: str, value: object) -> str | None:
    """The words confirming ``value`` chosen on ``step``; None when it has none."""
    return CHOICES.get(step, {}).get(value)


def _all() -> tuple[str, ...]:
    found: dict[str, None] = dict.fromkeys(QUESTIONS.values())
    found.update(dict.fromkeys(DIGITS))
    for words in CHOICES.values():
        found.update(dict.fromkeys(words.values()))
    found.update(dict.fromkeys((NOTED, SKIPPED, TAKE_YOUR_TIME, EYES_CLOSED_ON, EYES_CLOSED_OFF)))
    return tuple(found)


# Every phrase the eyes-closed check-in may speak, each once, for the voice bank to synthesize.
EYES_CLOSED_PHRASES: tuple[str, ...] = _all()
