"""Where pendulate's own diagnostic log goes while the full-screen app runs.

Nothing may be printed over the Textual screen, so warnings go to an owner-only file in the
data folder; when that folder can't be written, they are dropped rather than printed.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pendulate import paths

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _open_log() -> Path:
    """The diagnostic log's path, the file created owner-only if it was not there; raises OSError."""
    folder = paths.ensure_private_dir(paths.data_dir())
    path = folder / "pendulate.log"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, paths.FILE_MODE)
    os.close(fd)
    return path


def log_to_file() -> None:
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    handler: logging.Handler
    try:
        handler = logging.FileHandler(_open_log(), encoding="utf-8")
        handler.setFormatter(logging.Formatter(_FORMAT))
    except OSError:
        handler = logging.NullHandler()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def record_crash(error: BaseException) -> Path | None:
    """Append ``error`` and its traceback to the diagnostic log, in the log's own format.

    Returns the log's path, or None when it can't be written. Prints nothing, whatever happens:
    the caller says one calm line instead (a logging handler would print its own failure, and
    with no handler set up logging itself prints on stderr).
    """
    record = logging.LogRecord(
        "pendulate",
        logging.ERROR,
        __file__,
        0,
        "unexpected %s",
        (type(error).__name__,),
        (type(error), error, error.__traceback__),
    )
    try:
        text = logging.Formatter(_FORMAT).format(record)
        path = _open_log()
        with open(path, "a", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(text + "\n")
    except (OSError, ValueError):
        return None
    return path
