"""Every location pendulate reads or writes, in one place.

Nothing here touches the disk at import time. ``PENDULATE_HOME`` overrides the
per-user data and config folders (tests point it at a temporary folder).
"""

from __future__ import annotations

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
    """Create ``path`` (and parents) owner-only, and repair its mode if it drifted."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
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
