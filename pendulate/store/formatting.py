"""How practice time reads in the terminal table and in the report."""

from __future__ import annotations


def duration(seconds: float | None) -> str:
    """Practice time, e.g. "8 min 50 s" (a dash when unknown)."""
    if seconds is None:
        return "–"
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"
