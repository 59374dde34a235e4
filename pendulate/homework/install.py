"""Imported homework lives in ``paths.homework_dir()/<id>/``: the file and the scripts it names.

Copying the referenced scripts (and any sound files they use) means the homework keeps
working after the original folder is moved or deleted. Folders are 0700, files 0600, and a
homework is written to a temporary folder first so a failed import never leaves half of one.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pendulate import paths
from pendulate.homework.loader import check_homework
from pendulate.homework.model import Homework
from pendulate.script.errors import ScriptError, ScriptProblem, unreadable
from pendulate.script.model import Item, Phase, Repeat, Script

log = logging.getLogger(__name__)
HOMEWORK_FILE = "homework.yaml"


@dataclass(frozen=True)
class ImportResult:
    homework: Homework
    folder: Path
    copied: tuple[str, ...]  # relative paths of the script and sound files copied
    replaced: bool  # an earlier homework with the same id was there
    warnings: tuple[ScriptProblem, ...] = ()  # findings that did not stop the import (quiet_peak above threshold)


def _phase_sounds(items: tuple[Item, ...]) -> Iterator[str]:
    """Every cue file and recording the phases name."""
    for item in items:
        if isinstance(item, Repeat):
            yield from _phase_sounds(item.items)
        elif isinstance(item, Phase):
            yield from (ref for ref in (item.cue, item.voice) if ref)


def _sound_files(script_path: Path, script: Script) -> list[Path]:
    """Sound files a script uses from its own folder: cue files and the therapist's recordings
    (bundled cue names need no copy)."""
    folder = script_path.parent
    refs = set(script.audio.cues.values()) | set(_phase_sounds(script.phases))
    return sorted(Path(r) for r in refs if r and Path(r).is_absolute() and Path(r).is_relative_to(folder))


def _files_to_copy(homework: Homework, source_dir: Path) -> list[Path]:
    base = source_dir.resolve()
    files: list[Path] = []
    for item in homework.assigned:
        if item.source_file is None:
            continue
        files.append(item.source_file)
        files.extend(_sound_files(item.source_file, item.script))
    return sorted({f for f in files if f.is_relative_to(base)})


def _private_copy(source: Path, target: Path) -> None:
    """Copy ``source`` owner-only. A source that can't be read is the file's problem, said
    located (:class:`ScriptError`); an OSError left is pendulate's own folder failing."""
    try:
        reader = source.open("rb")
    except OSError as error:
        raise ScriptError([unreadable(str(source), error)]) from None
    with reader:
        paths.ensure_private_dir(target.parent)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, paths.FILE_MODE)
        with os.fdopen(fd, "wb") as writer:
            shutil.copyfileobj(reader, writer)
    target.chmod(paths.FILE_MODE)


def add_homework(path: Path | str) -> ImportResult:
    """Check and import the homework file at ``path``; raises :class:`ScriptError` on problems."""
    path = Path(path)
    homework, problems = check_homework(path)
    if homework is None:
        raise ScriptError(problems)
    paths.ensure_private_dir(paths.data_dir())  # a parent made by mkdir would not be owner-only
    root = paths.ensure_private_dir(paths.homework_dir())
    source_dir = path.parent.resolve()
    staging = Path(tempfile.mkdtemp(prefix=f".{homework.id}.", dir=root))
    try:
        staging.chmod(paths.DIR_MODE)
        _private_copy(path, staging / HOMEWORK_FILE)
        copied = []
        for file in _files_to_copy(homework, source_dir):
            relative = file.relative_to(source_dir)
            _private_copy(file, staging / relative)
            copied.append(relative.as_posix())
        # The copy must read back cleanly from its new home before it replaces anything.
        installed, found = check_homework(staging / HOMEWORK_FILE)
        if installed is None:
            raise ScriptError(found)
        target = root / homework.id
        replaced = target.exists()
        if replaced:
            shutil.rmtree(target)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    warnings = tuple(p for p in problems if p.severity == "warning")
    return ImportResult(load_installed(homework.id) or installed, target, tuple(copied), replaced, warnings)


def load_installed(homework_id: str) -> Homework | None:
    """One imported homework by id, or None when it is not there or no longer loads."""
    file = paths.homework_dir() / homework_id / HOMEWORK_FILE
    if paths.look(file)[0] != "file":
        return None
    homework, _ = check_homework(file)
    return homework


def scan_installed() -> tuple[list[Homework], list[ScriptProblem]]:
    """Every imported homework that loads, sorted by id, and the problems of any that do not.

    The folder is never created here.
    """
    root = paths.homework_dir()
    if paths.look(root)[0] != "folder":
        return [], []
    try:
        folders = sorted(p for p in root.iterdir() if not p.name.startswith(".") and paths.look(p)[0] == "folder")
    except OSError as error:  # there, but it can't be listed (its permissions changed)
        return [], [ScriptProblem(str(root), 1, 1, f"cannot read this folder: {paths.os_error_reason(error)}")]
    found: list[Homework] = []
    problems: list[ScriptProblem] = []
    for folder in folders:
        file = folder / HOMEWORK_FILE
        if paths.look(file)[0] != "file":
            continue
        homework, issues = check_homework(file)
        if homework is None:
            # A built-in id may have changed since the import; say so instead of hiding it.
            log.warning("homework %s no longer loads", folder.name)
            problems.extend(p for p in issues if p.severity == "error")
            continue
        found.append(homework)
    return found, problems


def installed_homework() -> list[Homework]:
    """Every imported homework that loads cleanly, sorted by id."""
    return scan_installed()[0]


def remove_homework(homework_id: str) -> bool:
    """Remove an imported homework (the session log keeps its id). False when there was none."""
    root = paths.homework_dir()
    target = root / homework_id
    if not homework_id or "/" in homework_id or homework_id.startswith("."):
        return False
    if paths.look(target / HOMEWORK_FILE)[0] != "file":  # an id typed too long to be a folder is not one
        return False
    shutil.rmtree(target)
    return True
