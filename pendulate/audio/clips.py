"""Names for spoken clips, shared by what prepares them and what speaks them.

A clip is keyed by what it says: ``said(text)`` for a prompt a speech engine reads (the same
words share one clip, however often they come), ``recorded(path)`` for a recording of a
phase's guidance. Both the voice bank and the listeners build keys only through these two.
"""

from __future__ import annotations

SAID = "say:"
RECORDED = "rec:"


def said(text: str) -> str:
    """The key of ``text`` read by a speech engine."""
    return SAID + " ".join(text.split())


def recorded(path: str) -> str:
    """The key of the recording at ``path`` (as the plan names it)."""
    return RECORDED + path
