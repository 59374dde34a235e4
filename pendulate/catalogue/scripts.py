"""Every script this person can practise: built-ins, then assigned ones, then their own.

``resolve`` is the one way a command or a screen turns what was typed (an id or a path) into a
script.
"""

from __future__ import annotations

from pathlib import Path

from pendulate import paths
from pendulate.catalogue.assignments import assigned_scripts
from pendulate.script.library import (
    SCRIPT_SUFFIXES,
    UnknownScript,
    builtin_scripts,
    user_scripts,
)
from pendulate.script.model import Script

__all__ = ["all_scripts", "assigned_scripts", "merged", "resolve"]


def merged(builtins: list[Script], assigned: list[Script], own: list[Script]) -> list[Script]:
    """One script per id: an assigned built-in replaces the plain one (it carries the homework)."""
    taken = {script.id for script in assigned}
    return [s for s in builtins if s.id not in taken] + assigned + [s for s in own if s.id not in taken]


def all_scripts() -> list[Script]:
    """Built-ins first, then assigned ones, then the person's own; one script per id."""
    return merged(builtin_scripts(), assigned_scripts(), user_scripts())


def _looks_like_path(ref: str) -> bool:
    return "/" in ref or "\\" in ref or ref.lower().endswith(SCRIPT_SUFFIXES)


def resolve(ref: str) -> Script:
    """A script by id (built-in, assigned or user) or by the path of a YAML file.

    Raises :class:`ScriptError` (:class:`UnknownScript` for an unknown id).
    """
    # A name too long to be a file, or one in a closed folder, is not a file: it is looked
    # up as an id, and a path-like one is read and says what is wrong, located.
    if _looks_like_path(ref) or paths.look(ref)[0] == "file":
        # Start-up: the YAML reader loads only when a file is read (the library can be drawn without it).
        from pendulate.script.loader import load_script

        return load_script(Path(ref), origin="file")
    scripts = all_scripts()
    for script in scripts:
        if script.id == ref:
            return script
    raise UnknownScript(ref, [script.id for script in scripts])
