"""Every location pendulate reads or writes, in one place.

Nothing here touches the disk at import time. ``PENDULATE_HOME`` overrides the
per-user data and config folders (tests point it at a temporary folder).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

APP_NAME = "pendulate"
HOME_ENV = "PENDULATE_HOME"

DIR_MODE = 0o700
FILE_MODE = 0o600


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """Where check-ins, user scripts and homework live."""
    home = _home_override()
    if home is not None:
        return home / "data"
    import platformdirs  # start-up: loaded only when PENDULATE_HOME does not say where

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Where the settings file (volume, crisis contacts, …) lives."""
    home = _home_override()
    if home is not None:
        return home / "config"
    import platformdirs  # start-up: loaded only when PENDULATE_HOME does not say where

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def database_path() -> Path:
    return data_dir() / "pendulate.sqlite3"


def user_scripts_dir() -> Path:
    return data_dir() / "scripts"


def homework_dir() -> Path:
    return data_dir() / "homework"


def config_path() -> Path:
    return config_dir() / "settings.yaml"


# Written by their own modules (logsetup, tui.library_index, store.liveness); named here too so
# that ``pendulate data delete`` can say what each file is. A test checks that they agree.
def diagnostic_log_path() -> Path:
    """pendulate's own warnings while the full-screen app runs."""
    return data_dir() / "pendulate.log"


def library_index_path() -> Path:
    """A list of the scripts and homework, kept so that the library opens quickly."""
    return data_dir() / "library-index.json"


def live_dir() -> Path:
    """One small lock file per session that is running right now."""
    return database_path().parent / "live"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` owner-only, and repair its mode if it drifted.

    Missing parents are made owner-only too (``mkdir(parents=True)`` would give them the
    umask's 0755): a ``PENDULATE_HOME`` that pendulate creates holds everything below it.
    Parents that were already there are left as they are.
    """
    missing: list[Path] = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue  # made meanwhile by another pendulate
        folder.chmod(DIR_MODE)  # mkdir's mode passes through the umask
    if not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))
    if (path.stat().st_mode & 0o777) != DIR_MODE:
        path.chmod(DIR_MODE)
    return path


def write_private(
    path: Path,
    write: Callable[[TextIO], None],
    *,
    newline: str | None = None,
    encoding: str = "utf-8",
    durable: bool = True,
) -> Path:
    """Write a file owner-only (0600), atomically: a half-written file never replaces a good one.

    ``durable`` waits until the disk has it (an export); a file that can be made again (the
    library index) skips that wait.
    """
    import tempfile  # start-up: only writing a file needs it, and every command imports paths

    path = Path(path)
    target_dir = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=target_dir)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            write(handle)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    path.chmod(FILE_MODE)
    return path


# ---- when a file can't be used --------------------------------------------------------------
# Every path the person types, or names in one of their files, is looked at and read through
# here and the few readers built on it (the YAML reader, the log's opening): an OSError becomes
# a few calm words and a hint, never a traceback.
_NO_ACCESS = (
    "permission denied: it, or a folder it is in, is not open to you",
    "check who owns the file and the folders above it (ls -ld), or copy it somewhere of your own",
)
_IN_USE = (
    "another program is using it right now",
    "close the other program, or wait a moment, and try again",
)
_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOENT: ("it does not exist", "check the spelling and the folder"),
    errno.ENAMETOOLONG: (
        "its name is too long (a file or folder name can be at most 255 bytes)",
        "choose a shorter name",
    ),
    errno.EACCES: _NO_ACCESS,
    errno.EPERM: _NO_ACCESS,
    errno.ELOOP: ("it is a link that leads round in a circle", "point the link at a real file"),
    errno.ENOTDIR: ("a part of its path is a file, not a folder", "check the path"),
    errno.EISDIR: ("it is a folder, not a file", "name a file inside it"),
    errno.EROFS: ("the disk or folder is read-only", "choose a place you can write to"),
    errno.ENOSPC: ("the disk is full", "make some room and try again"),
    errno.EDQUOT: ("your disk quota is used up", "make some room and try again"),
    errno.EAGAIN: _IN_USE,
    errno.EBUSY: _IN_USE,
    errno.ETXTBSY: _IN_USE,
    errno.EIO: ("the disk could not be read or written (an input/output error)", "copy what you can somewhere safe"),
}


def os_error_reason(error: OSError) -> str:
    """Why a file operation failed, in a few calm words (no error number, no traceback)."""
    known = _REASONS.get(error.errno or 0)
    if known is not None:
        return known[0]
    return (error.strerror or type(error).__name__).lower()


def os_error_hint(error: OSError) -> str:
    """What the person can do about ``error``; empty when there is nothing useful to say."""
    known = _REASONS.get(error.errno or 0)
    return known[1] if known is not None else ""


NOT_PLAIN = "it is not a plain file (a device, pipe or folder)"


def look(path: Path | str) -> tuple[str, str]:
    """What is at ``path`` without opening it, and never raising: ``(kind, reason)``.

    ``kind`` is ``"file"`` (a plain file; the reason is empty), ``"folder"``, ``"missing"``,
    ``"other"`` (a pipe, a device or a socket: opening one could block) or ``"unreachable"``
    (its name is too long, a folder on the way is closed to this user, a link loops).
    """
    import stat  # start-up: only looking at a file needs it

    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError) as error:
        return "missing", os_error_reason(error)
    except OSError as error:
        return "unreachable", os_error_reason(error)
    except ValueError:  # an embedded NUL byte: no file can have that name
        return "missing", "it does not exist"
    if stat.S_ISREG(mode):
        return "file", ""
    if stat.S_ISDIR(mode):
        return "folder", "it is a folder, not a file"
    return "other", NOT_PLAIN
