"""Located problems found while reading a script or homework file."""

from __future__ import annotations

from dataclasses import dataclass

from pendulate.script.text import visible


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


MAX_SHOWN = 50  # past this, a message is a wall of text nobody reads


class ScriptError(Exception):
    """A script (or homework file) could not be loaded; carries every problem found.

    The message lists the first :data:`MAX_SHOWN` problems and says how many more there are.
    """

    def __init__(self, problems: list[ScriptProblem]):
        self.problems = [p for p in problems if p.severity == "error"] or problems
        shown = [str(p) for p in self.problems[:MAX_SHOWN]]
        if len(self.problems) > MAX_SHOWN:
            shown.append(
                f"… and {len(self.problems) - MAX_SHOWN} more problems; fixing the first ones often fixes these."
            )
        super().__init__("\n".join(shown))
