"""``pendulate data delete``: remove everything pendulate wrote, after listing it file by file.

Two questions come before anything is removed. First the practice data: the whole data
folder, every file named, the person's own scripts among them (they are personal words too,
and the person asked for everything to go; they are listed by name, with how to keep them).
Then the settings file, which holds the crisis contacts and the safety plan: a safety net,
so it is kept unless the person says yes to that as well, and where it stays is said plainly.

Registered by :mod:`pendulate.cli.data`; imported only when the command runs.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from pendulate import paths
from pendulate.cli.ask import confirm

SETTINGS_NOTE = "your crisis contacts, safety plan, sound settings"


@dataclass(frozen=True)
class Target:
    """One entry of a folder, to be deleted with everything inside it."""

    path: Path
    note: str
    inside: tuple[str, ...] = ()  # what a folder holds, relative to it; empty folders end in "/"


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _notes() -> dict[str, str]:
    from pendulate.logsetup import FAULT_FILE
    from pendulate.store.db import COMPANION_SUFFIXES
    from pendulate.store.spill import FOLDER as UNSAVED

    log = paths.database_path().name
    notes = {
        log: "your practice log: sessions, check-ins, notes",
        paths.diagnostic_log_path().name: "pendulate's own diagnostic log",
        FAULT_FILE: "where a sudden stop is noted, to be said at the next start",
        paths.library_index_path().name: "a list of your scripts, for a quick start",
        paths.live_dir().name: "markers of sessions that are running",
        UNSAVED: "check-ins that waited for the log, written into it at the next start",
        paths.homework_dir().name: "homework from your therapist",
        paths.user_scripts_dir().name: "scripts you wrote; pendulate has no other copy",
        paths.config_path().name: SETTINGS_NOTE,
    }
    notes.update({log + suffix: "part of the practice log" for suffix in COMPANION_SUFFIXES})
    return notes


def _note(name: str, notes: dict[str, str]) -> str:
    if name in notes:
        return notes[name]
    if ".corrupt-" in name:
        return "a damaged practice log you set aside"
    return ""


def _contents(folder: Path, prefix: str = "") -> list[str]:
    """Every file under ``folder`` (relative to it); an empty folder is listed as ``name/``."""
    found: list[str] = []
    for child in sorted(folder.iterdir()):
        name = prefix + child.name
        if child.is_dir() and not child.is_symlink():
            found.extend(_contents(child, name + "/") or [name + "/"])
        else:
            found.append(name)
    return found


def _survey(folder: Path, skip: frozenset[Path] = frozenset()) -> list[Target]:
    """What ``folder`` holds, the person's own scripts last. Raises OSError when it cannot be read."""
    if not folder.is_dir():
        return []
    notes = _notes()
    own_scripts = paths.user_scripts_dir()
    items = sorted((p for p in folder.iterdir() if p not in skip), key=lambda p: (p == own_scripts, p.name))
    return [
        Target(item, _note(item.name, notes), tuple(_contents(item)) if item.is_dir() and not item.is_symlink() else ())
        for item in items
    ]


def _settings_targets(data: Path) -> list[Target]:
    """The config folder's contents; only the settings files when it is the data folder itself."""
    config = paths.config_dir()
    targets = _survey(config)
    if config == data:  # macOS: one folder for both
        stem = paths.config_path().stem
        targets = [t for t in targets if t.path.name.startswith(stem + ".")]
    return targets


def _show(targets: list[Target]) -> None:
    width = max(len(t.path.name) + 1 for t in targets)
    for target in targets:
        name = target.path.name + ("/" if target.inside or target.path.is_dir() else "")
        print(f"  {name:{width}}  {target.note}".rstrip())
        for inner in target.inside:
            print(f"      {inner}")


def _running_session() -> bool:
    """True while another pendulate holds a session's lock (see :mod:`pendulate.store.liveness`)."""
    try:
        locks = sorted(paths.live_dir().glob("*.lock"))
    except OSError:
        return False
    for lock in locks:
        try:
            fd = os.open(lock, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            continue
        finally:
            os.close(fd)
    return False


def _remove(path: Path, failures: list[str]) -> bool:
    """Remove ``path`` and all it holds; False, with the reason in ``failures``, where that fails."""
    try:
        if path.is_dir() and not path.is_symlink():
            # A list, not a generator: every child is tried even after one fails.
            if not all([_remove(child, failures) for child in sorted(path.iterdir())]):
                return False
            path.rmdir()
        else:
            path.unlink(missing_ok=True)
    except OSError as error:
        failures.append(f"{path} ({error.strerror or error})")
        return False
    return True


def delete_everything(args: argparse.Namespace) -> int:
    """List what pendulate keeps, ask, then remove it; the settings only when asked for separately."""
    data, config = paths.data_dir(), paths.config_dir()
    try:
        settings = _settings_targets(data)
        targets = _survey(data, skip=frozenset({config, *(t.path for t in settings)}))
    except OSError as error:
        where = error.filename or data
        _err(f"pendulate cannot read {where} ({error.strerror or error}), so nothing was deleted.")
        _err("Check that the folder belongs to you, then run pendulate data delete again.")
        return 1
    if not targets and not settings:
        print(f"There is nothing of pendulate's to delete: {data} and {config} are empty or missing.")
        return 0
    if targets and _running_session():
        _err("A session is running in another pendulate window; nothing was deleted.")
        _err("Close that window (or let the session end), then run pendulate data delete again.")
        return 1

    if targets:
        print(f"This deletes everything pendulate keeps in {data}:")
        _show(targets)
        print("and then that folder itself. This cannot be undone.")
        if any(t.path == paths.user_scripts_dir() for t in targets):
            print(f"To keep your own scripts, answer no and copy them out of {paths.user_scripts_dir()} first.")
        print("If pendulate is open in another window, close it first: it would write its files again.")
        agreed = confirm("Delete all of it?", args.yes)
        if agreed is None:
            _err("Not deleted: run it in a terminal to confirm, or add --yes.")
            return 1
        if not agreed:
            print("Nothing was deleted.")
            return 0
    else:
        print(f"There is no practice data to delete ({data} is empty or missing).")

    drop_settings = False
    if settings:
        print()
        print(f"Your crisis contacts and safety plan are kept apart from that, in {config}:")
        _show(settings)
        if args.include_settings:
            drop_settings = True
        elif not args.yes:
            drop_settings = bool(
                confirm("Delete them too?", False, "Type yes to delete them as well; anything else keeps them")
            )

    failures: list[str] = []
    if targets:
        for target in targets:
            _remove(target.path, failures)
        if not failures and data != config:
            _remove(data, failures)
        if not settings and config.is_dir() and config != data:
            _remove(config, failures)  # empty: nothing of pendulate's, not even a folder, stays
    if drop_settings:
        for target in settings:
            _remove(target.path, failures)
        if not failures and config != data:
            _remove(config, failures)
    return _report(targets, settings, drop_settings, failures)


def _report(targets: list[Target], settings: list[Target], drop_settings: bool, failures: list[str]) -> int:
    print()
    if failures:
        _err("Some of it could not be deleted:")
        for failure in failures:
            _err(f"  {failure}")
        _err("Check that these belong to you and their folders can be written, then run pendulate data delete again.")
    elif targets:
        print("Your practice data has been deleted.")
    if settings and not drop_settings:
        print(f"Kept: your crisis contacts and safety plan, in {paths.config_path()}.")
        print("To delete them later, delete that file, or run pendulate data delete --include-settings.")
    elif settings and not failures:
        print("Your settings, crisis contacts and safety plan have been deleted too.")
    if not failures and (drop_settings or not settings):
        print("Nothing pendulate wrote is left. Files you exported or rendered yourself stay where you saved them.")
    return 1 if failures else 0
