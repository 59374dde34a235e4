"""Every script this person can practise: built-ins, then assigned ones, then their own.

``resolve`` is the one way a command or a screen turns what was typed (an id or a path) into a
script.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pendulate import paths
from pendulate.catalogue.assignments import assigned_scripts
from pendulate.catalogue.order import library_order
from pendulate.script.library import (
    SCRIPT_SUFFIXES,
    SkippedScript,
    UnknownScript,
    builtin_scripts,
    scan_user_folder,
    user_scripts,
)
from pendulate.script.model import Script

__all__ = ["Library", "all_scripts", "assigned_scripts", "library", "library_order", "merged", "resolve"]


def merged(builtins: list[Script], assigned: list[Script], own: list[Script]) -> list[Script]:
    """One script per id: an assigned built-in replaces the plain one (it carries the homework)."""
    taken = {script.id for script in assigned}
    return [s for s in builtins if s.id not in taken] + assigned + [s for s in own if s.id not in taken]


def all_scripts() -> list[Script]:
    """Built-ins first, then assigned ones, then the person's own; one script per id."""
    return merged(builtin_scripts(), assigned_scripts(), user_scripts())


@dataclass(frozen=True)
class Library:
    """What the library offers, in the order it offers it, and the person's files it can't offer."""

    scripts: list[Script]  # sorted by :func:`pendulate.catalogue.order.library_order`
    skipped: list[SkippedScript]  # files in the scripts folder left out, each with its first problem


def library() -> Library:
    """Every script this person can practise, in library order, and the files of theirs left out
    (one line each: "can't be read — FILE:LINE:COL: …"). Raises :class:`ScriptError` only for a
    broken built-in script, which is pendulate's own fault."""
    own, skipped = scan_user_folder()
    scripts = merged(builtin_scripts(), assigned_scripts(), own)
    return Library(sorted(scripts, key=library_order), skipped)


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
