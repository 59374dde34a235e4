"""The cyclic garbage collector, held back while pendulate draws its first frame.

Opening the library makes a few hundred thousand objects (Textual's modules, the style
sheets, the screen's widgets). Nearly none of them are garbage, yet as they pile up the
collector's automatic runs scan them again and again. From the command line's start until
the first frame is on screen those runs are held back. What was made by then is set aside for
good (``gc.freeze``: it lives as long as the program), and the collector works as usual on
everything made after it (a running session has its own rules, see :mod:`pendulate.tui.pacing`).
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """Hold automatic collection back until :func:`release` (a no-op if it is already off)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Set aside what was made while held, and let automatic collection run again (only if
    :func:`hold` held it back)."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()
