"""The order scripts are offered in: the library screen and ``pendulate list`` both sort by it.

Kept apart from the rest of the catalogue, and light to import: the library screen sorts the
lines it draws before any script or homework file has been read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pendulate.script.model import Script

ORIGIN_ORDER = {"assigned": 0, "built-in": 1, "user": 2, "file": 3}


def library_order(script: Script) -> tuple[bool, bool, int, bool, str]:
    """Assigned first, then the gentle default, then the rest; therapist-only scripts last.

    After the assigned ones: the built-ins (the default first), the person's own, then files
    named on the command line, each by title; then the therapist-only ones in the same order.
    """
    from pendulate.script.library import DEFAULT_SCRIPT_ID  # start-up: sorting needs no script read

    return (
        script.origin != "assigned",
        script.requires_therapist,
        ORIGIN_ORDER.get(script.origin, 9),
        script.id != DEFAULT_SCRIPT_ID,
        script.title.lower(),
    )
