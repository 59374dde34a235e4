"""The script files pendulate knows by itself: the built-in library and the person's own folder.

Assigned scripts and the merged list live one layer up, in :mod:`pendulate.catalogue`.

Built-ins are parsed once per process: the library screen and the CLI both start with them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pendulate import paths, resources
from pendulate.script.errors import ScriptError, ScriptProblem
from pendulate.script.model import Script
from pendulate.script.text import visible

DEFAULT_SCRIPT_ID = "orient-resource"
STOP_SCRIPT_ID = "stop-ground"
SCRIPT_SUFFIXES = (".yaml", ".yml")


class UnknownScript(ScriptError):
    """No script has the id that was asked for; the message lists the known ids."""

    def __init__(self, ref: str, known: list[str]):
        close = difflib.get_close_matches(ref, known, n=1, cutoff=0.5)
        hint = (f"did you mean '{close[0]}'? " if close else "") + "known scripts: " + ", ".join(known)
        super().__init__([ScriptProblem(ref, 1, 1, f"no script with the id '{ref}'", hint)])
        self.ref = ref
        self.hint = hint

    def __str__(self) -> str:
        # The id is whatever was typed (or a file name): escapes are shown, never sent to the terminal.
        return f"no script with the id '{visible(self.ref)}'\n    hint: {visible(self.hint)}"


def _script_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SCRIPT_SUFFIXES and paths.look(p)[0] == "file")


@lru_cache(maxsize=4)
def _builtins_in(folder: Path) -> tuple[Script, ...]:
    # Start-up: the loader (and its YAML reader) loads only when scripts are first read.
    from pendulate.script.loader import load_script

    # A broken built-in is a bug in pendulate itself: let the ScriptError surface.
    return tuple(load_script(path, origin="built-in") for path in _script_files(folder))


def builtin_scripts() -> list[Script]:
    """The scripts shipped with pendulate, sorted by file name; parsed once per process."""
    return list(_builtins_in(resources.sessions_dir()))


def scan_user_scripts() -> tuple[list[Script], list[ScriptProblem]]:
    """The person's own scripts, and the problems of those that could not be loaded.

    A user script may not reuse a built-in id (the built-in keeps it) and the first file
    wins when two user scripts share an id. The folder is never created here.
    """
    scripts, skipped = scan_user_folder()
    return scripts, [found for one in skipped for found in one.problems]


@dataclass(frozen=True)
class SkippedScript:
    """A file in the person's scripts folder that is not in the library, and why.

    The library and ``pendulate list`` show one line for it instead of leaving it out silently,
    so a script with a mistake in it is seen, with the place to look.
    """

    path: Path
    problems: tuple[ScriptProblem, ...]  # the file's errors, in file order; never empty
    clash: bool = False  # readable, but its id is taken (by a built-in or an earlier file)

    @property
    def status(self) -> str:
        return "not listed" if self.clash else "can't be read"

    def summary(self) -> str:
        """``can't be read — FILE:LINE:COL: message`` for the first problem, and how many more."""
        first = self.problems[0]
        text = f"{self.status} — {visible(first.file)}:{first.line}:{first.col}: {visible(first.message)}"
        more = len(self.problems) - 1
        if more:
            text += f" (and {more} more; 'pendulate validate {visible(str(self.path))}' lists them all)"
        return text


def scan_user_folder() -> tuple[list[Script], list[SkippedScript]]:
    """The person's own scripts, and one :class:`SkippedScript` for each file left out.

    A file with errors "can't be read"; one whose id a built-in (or an earlier file, by name)
    already has is "not listed". A folder that can't be listed is one skipped entry itself.
    """
    # Start-up: the loader (and its YAML reader) loads only when scripts are first read.
    from pendulate.script.loader import check_script

    folder = paths.user_scripts_dir()
    if paths.look(folder)[0] != "folder":
        return [], []
    try:
        files = _script_files(folder)
    except OSError as error:  # the folder is there but can't be listed (its permissions changed)
        reason = f"cannot read this folder: {paths.os_error_reason(error)}"
        return [], [SkippedScript(folder, (ScriptProblem(str(folder), 1, 1, reason),))]
    taken = {script.id: "a built-in script" for script in builtin_scripts()}
    scripts: list[Script] = []
    skipped: list[SkippedScript] = []
    for path in files:
        script, found = check_script(path, origin="user")
        if script is None:
            skipped.append(SkippedScript(path, tuple(p for p in found if p.severity == "error")))
            continue
        if script.id in taken:
            clash = ScriptProblem(
                str(path),
                1,
                1,
                f"the id '{script.id}' is already used by {taken[script.id]}",
                "give this script its own id",
            )
            skipped.append(SkippedScript(path, (clash,), clash=True))
            continue
        taken[script.id] = str(path)
        scripts.append(script)
    return scripts, skipped


def user_scripts() -> list[Script]:
    """The person's own scripts that load cleanly (see :func:`scan_user_scripts` for the rest)."""
    return scan_user_scripts()[0]


def stop_ground() -> Script:
    """The grounding sequence the stop key leads into."""
    for script in builtin_scripts():
        if script.id == STOP_SCRIPT_ID:
            return script
    raise UnknownScript(STOP_SCRIPT_ID, [script.id for script in builtin_scripts()])
