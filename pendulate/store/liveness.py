"""Which "running" sessions are really still running, across processes.

A running session holds an exclusive lock on a small file beside the log. The kernel drops the
lock when the process ends in any way, so at the next start a session whose file is not locked
was cut short, and one whose file is locked belongs to another pendulate window still open.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from pendulate.paths import FILE_MODE, ensure_private_dir

log = logging.getLogger(__name__)


def _lock_path(log_path: Path, session_id: int) -> Path:
    return log_path.parent / "live" / f"session-{session_id}.lock"


class LiveLock:
    """Held while a session runs; ``release`` when it ends (or let the process end)."""

    def __init__(self, log_path: Path, session_id: int):
        self.path = _lock_path(log_path, session_id)
        ensure_private_dir(self.path.parent)
        self._fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def release(self) -> None:
        if self._fd is None:
            return
        self.path.unlink(missing_ok=True)
        os.close(self._fd)
        self._fd = None


def is_live(log_path: Path, session_id: int, *, tidy: bool = True) -> bool:
    """True while another process still holds the session's lock.

    The file is opened read-only: a lock needs no write access, so a read-only data folder
    (a backup mounted read-only, a full disk) still answers. ``tidy`` removes a lock file left
    behind by a process that ended abruptly; a reader that only shows the log passes False.
    A lock file that can't be opened at all tells nothing: the session is taken as ended.
    """
    path = _lock_path(log_path, session_id)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return False
    except OSError as error:
        log.info("live lock of session %s can't be checked: %s", session_id, error)
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError as error:
        log.info("live lock of session %s can't be checked: %s", session_id, error)
        return False
    finally:
        os.close(fd)
    if tidy:
        try:
            path.unlink(missing_ok=True)
        except OSError as error:  # a read-only folder: the file stays, and stays unlocked
            log.info("live lock of session %s left in place: %s", session_id, error)
    return False


def live_status(log_path: Path, session_id: int) -> str:
    """What a session recorded as "running" really is now: "running" or "interrupted"."""
    return "running" if is_live(log_path, session_id, tidy=False) else "interrupted"
