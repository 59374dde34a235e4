"""Opening the practice log for a command: one function, with the policy given by the caller.

The store is imported inside the functions: every command builds every parser, so a top-level
import here would be paid by every command, even ``pendulate list``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from pendulate import paths

if TYPE_CHECKING:
    from pendulate.catalogue.effective import SessionSetup
    from pendulate.script.model import Script
    from pendulate.store.db import StoreError
    from pendulate.store.store import Store

SET_ASIDE_HINT = (
    "To keep the damaged file aside (it is not deleted) and start a new, empty log, run: pendulate data set-aside"
)


def open_log(*, create: bool, required: bool) -> Store | None:
    """The practice log, opened for one command; None when there is none to use.

    ``create``: a missing log is created, empty. Without it a missing log gives None, silently.

    ``required``: the command cannot go on without the log. A log that cannot be opened is
    reported (with the set-aside hint when that would help) and None tells the caller to exit 1.
    Otherwise the command only counts sessions in it: the problem is noted on stderr and None
    lets the command go on without the log.
    """
    from pendulate.store.db import StoreError
    from pendulate.store.store import Store

    if not create and paths.look(paths.database_path())[0] == "missing":
        return None
    if required:
        try:
            return Store.open()
        except StoreError as error:
            report_store_error(error)
            return None
    try:
        return Store.open()
    except (StoreError, OSError) as error:
        print(f"(the practice log can't be read, so sessions are not counted: {error})", file=sys.stderr)
        return None


def session_setup_from_log(script: Script) -> SessionSetup:
    """The script's homework overrides and its R4 progression, read from the log if there is one
    (never created for it); the log is closed again at once."""
    from pendulate.catalogue.effective import session_setup
    from pendulate.store.db import StoreError

    store = open_log(create=False, required=False)
    try:
        return session_setup(script, store)
    except StoreError as error:
        # The log opened but can't be read (a damaged page): shape the session without it.
        print(f"(the practice log can't be read, so earlier sessions are not counted: {error})", file=sys.stderr)
        return session_setup(script, None)
    finally:
        if store is not None:
            store.close()


def report_store_error(error: StoreError) -> None:
    """Say why the log can't be used and, when keeping it aside would help, how to do that."""
    print(error, file=sys.stderr)
    if error.can_set_aside:
        print(SET_ASIDE_HINT, file=sys.stderr)
