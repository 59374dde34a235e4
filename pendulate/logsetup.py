"""Where pendulate's own diagnostic log goes while the full-screen app runs.

Nothing may be printed over the Textual screen, so warnings go to an owner-only file in the
data folder; when that folder can't be written, they are dropped rather than printed.
"""

from __future__ import annotations

import logging
import os

from pendulate import paths


def log_to_file() -> None:
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    handler: logging.Handler
    try:
        folder = paths.ensure_private_dir(paths.data_dir())
        path = folder / "pendulate.log"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, paths.FILE_MODE)
        os.close(fd)
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    except OSError:
        handler = logging.NullHandler()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
