"""Located problems found while reading a script or homework file."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import Enum
from typing import Final

from pendulate import paths
from pendulate.script.text import visible


class Invalid(Enum):
    """The type of :data:`INVALID`."""

    INVALID = "invalid"


INVALID: Final = Invalid.INVALID  # a value that failed to convert; the caller falls back to the default


def suggest(word: str, choices: list[str] | tuple[str, ...], what: str = "valid keys here") -> str:
    """A hint naming the closest choice (if any) and listing all of them."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    listing = f"{what}: {', '.join(choices)}"
    return f"did you mean '{close[0]}'? {listing}" if close else listing


@dataclass(frozen=True)
class ScriptProblem:
    """One located finding: ``file:line:col: message`` plus an optional hint."""

    file: str
    line: int  # 1-based
    col: int  # 1-based
    message: str
    hint: str = ""
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        # Messages quote what the file holds (a misspelt key, an unknown cue) and the file's own
        # name: control characters in them are shown as escapes, never sent to the terminal.
        label = "" if self.severity == "error" else "warning: "
        text = f"{visible(self.file)}:{self.line}:{self.col}: {label}{visible(self.message)}"
        if self.hint:
            text += f"\n    hint: {visible(self.hint)}"
        return text


def unreadable(name: str, error: OSError) -> ScriptProblem:
    """A file that could not be opened or read, said calmly at its first line."""
    return ScriptProblem(
        name, 1, 1, f"cannot read this file: {paths.os_error_reason(error)}", paths.os_error_hint(error)
    )


MAX_SHOWN = 20  # past this, a list of problems is a wall of text nobody reads


def shown(problems: list[ScriptProblem], limit: int = MAX_SHOWN) -> list[str]:
    """The first ``limit`` problems as text and, when there are more, one line saying how many.

    Every command and screen that lists a file's problems goes through here, so a file of
    thousands of mistakes reads as twenty and a count.
    """
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"… and {len(problems) - limit} more problems; fixing the first ones often fixes these.")
    return lines


class ScriptError(Exception):
    """A script (or homework file) could not be loaded; carries every problem found.

    The message lists the first :data:`MAX_SHOWN` problems and says how many more there are.
    """

    def __init__(self, problems: list[ScriptProblem]):
        self.problems = [p for p in problems if p.severity == "error"] or problems
        super().__init__("\n".join(shown(self.problems)))
