"""A glance at the practice log before it is opened: one value of its state table, read only.

The library's first frame needs one thing from the log: whether the first-run statement was
accepted. Opening the log properly (modes checked and repaired, migrations, interrupted
sessions marked) comes right after that frame. This reads the one value and writes nothing.
Any doubt (no log yet, a damaged, busy or newer one) reads as "not known", and the app then
takes the long way: the log opened in full before anything is drawn.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

PEEK_TIMEOUT_S = 0.05  # a reader waits only while another connection recovers the log


def state_value(path: Path, key: str) -> str | None:
    """The value stored under ``key`` in the log at ``path``, or None (absent, or not known)."""
    try:
        if not path.is_file():
            return None
        uri = f"{path.absolute().as_uri()}?mode=ro"
        connection = sqlite3.connect(uri, uri=True, timeout=PEEK_TIMEOUT_S)
    except (OSError, ValueError, sqlite3.Error):
        return None
    try:
        row = connection.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return row[0] if row and isinstance(row[0], str) else None
