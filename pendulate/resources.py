"""Where the bundled session scripts and cue sounds are.

In an installed wheel they live in ``pendulate/_data``; in a source checkout they
are the top-level ``sessions/`` and ``sounds/`` folders beside the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def sessions_dir() -> Path:
    """Folder of the built-in session scripts (``*.yaml``)."""
    return _bundled("sessions")


def sounds_dir() -> Path:
    """Folder of the bundled cue sounds (``*.wav``)."""
    return _bundled("sounds")
