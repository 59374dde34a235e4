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


# ---- a fault that ends the process --------------------------------------------------------
# A bus error or segmentation fault ends the process at once (for example SQLite's shared
# memory file cut short by another program while a session runs): nothing of pendulate's own
# gets to say anything. Python's fault handler can still write where it happened into a file
# kept open for it; the next start finds that file, says so once, and moves it into the
# diagnostic log.
FAULT_FILE = "pendulate-fault.log"
_fault_handle: object = None  # kept open (and alive) for the fault handler while the app runs

FAULT_NOTICE = (
    "pendulate stopped suddenly the last time it ran ({what}). Every check-in you had confirmed "
    "was already saved. The details are kept in {log}."
)
FAULT_NAMES = {
    "Bus error": "a bus error: often a file it was using was changed or cut short by another program",
    "Segmentation fault": "a fault in a library it uses",
}


def fault_path() -> Path:
    return paths.data_dir() / FAULT_FILE


def watch_for_faults() -> None:
    """Have a fatal fault (SIGBUS, SIGSEGV, …) leave a note for the next start; quietly skipped
    when the data folder can't be written."""
    import faulthandler

    global _fault_handle
    try:
        folder = paths.ensure_private_dir(paths.data_dir())
        fd = os.open(folder / FAULT_FILE, os.O_WRONLY | os.O_CREAT | os.O_APPEND, paths.FILE_MODE)
        _fault_handle = os.fdopen(fd, "a", encoding="utf-8")
        faulthandler.enable(file=_fault_handle, all_threads=True)
    except (OSError, RuntimeError):
        _fault_handle = None


def previous_fault() -> str | None:
    """One calm sentence if the last run ended in a fault, or None; the note it left is moved
    into the diagnostic log either way, so it is said once."""
    path = fault_path()
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if not text.strip():
        return None
    first = text.strip().splitlines()[0]  # "Fatal Python error: Bus error"
    kind = first.split(":", 1)[-1].strip()
    what = FAULT_NAMES.get(kind, kind.lower() or "a fault")
    try:
        log = _open_log()
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"the previous run ended in a fault:\n{text}\n")
        path.write_text("", encoding="utf-8")  # said once; the file stays for the next watch
    except OSError:
        return None  # it would be said again at every start: better not at all
    return FAULT_NOTICE.format(what=what, log=log)
