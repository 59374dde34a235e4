"""One line saying what a check-in will save, read off the very value that is saved.

The check-in shows it on every question, so the person sees exactly what goes into the log
(and so, later, what their therapist reads) before it is saved.
"""

from __future__ import annotations

from pendulate.engine.answers import CheckinAnswers

NOTE_SHOWN = 40  # characters of a note the line quotes; the note itself is on its own question
NOTHING = "nothing yet"


def summary_line(answers: CheckinAnswers | None) -> str:
    """``intensity 2 · settled 7 · within``: every answer given, in question order."""
    if answers is None:
        return NOTHING
    parts: list[str] = []
    if answers.suds is not None:
        parts.append(f"intensity {answers.suds}")
    if answers.settling is not None:
        parts.append(f"settled {answers.settling}")
    if answers.zone is not None:
        parts.append(answers.zone)
    if answers.okay is not None:
        parts.append("okay for now" if answers.okay else "not really okay")
    if answers.location:
        parts.append("in " + ", ".join(answers.location))
    if answers.quality:
        parts.append(", ".join(answers.quality))
    if answers.valence is not None:
        parts.append(answers.valence)
    if answers.discharge:
        parts.append(", ".join(answers.discharge))
    if answers.urge is not None:
        parts.append(f"urge now {answers.urge}")
    if answers.wave is not None:
        parts.append(answers.wave)
    if answers.part is not None:
        room = "" if answers.part.room is None else f" (room {answers.part.room})"
        parts.append(f"part “{answers.part.name}”{room}")
    if answers.resource is not None:
        parts.append(f"resource “{answers.resource}”")
    if answers.diary is not None:
        if answers.diary.urge is not None:
            parts.append(f"urge {answers.diary.urge}")
        if answers.diary.acted is not None:
            parts.append("acted on it" if answers.diary.acted else "did not act on it")
    for answer in answers.tracked:
        if answer.kind == "urge":
            parts.append(f"{answer.target} {answer.value}")
        elif answer.kind == "acted":
            parts.append(f"{answer.target}: {'yes' if answer.value else 'no'}")
        elif isinstance(answer.value, tuple):
            parts.append(f"{answer.target}: {', '.join(answer.value)}")
    if answers.note:
        note = answers.note if len(answers.note) <= NOTE_SHOWN else answers.note[: NOTE_SHOWN - 1] + "…"
        parts.append(f"note “{note}”")
    return " · ".join(parts) or NOTHING
