"""Sound for pendulate: cue players, the libasound quieting, and rendering a session to a WAV.

The engine never imports this package; the TUI builds a player with :func:`make_player` and
feeds it the engine's events through :class:`CuePlayer`.
"""

from __future__ import annotations

import logging
from typing import Any

from pendulate.audio.factory import make_player
from pendulate.audio.player import NullPlayer, Player, RecordingPlayer

# A library must not print: without this, Python's last-resort handler would write our
# warnings to stderr, over the Textual screen. The app decides where logs go. (Nothing the
# imports above run at import time logs.)
logging.getLogger("pendulate.audio").addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    # Start-up: the listener brings in the engine's events; loaded when a practice starts, not
    # with the library screen.
    if name in ("CuePlayer", "Guide", "session_cues"):
        from pendulate.audio import listener

        return getattr(listener, name)
    raise AttributeError(f"module 'pendulate.audio' has no attribute {name!r}")


__all__ = ["CuePlayer", "Guide", "NullPlayer", "Player", "RecordingPlayer", "make_player", "session_cues"]
