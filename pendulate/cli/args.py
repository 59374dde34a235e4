"""Argument types shared by several commands."""

from __future__ import annotations

import argparse


def volume(text: str) -> int:
    """A cue volume: a whole number from 0 to 100."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("volume is a whole number from 0 to 100") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError("volume is a whole number from 0 to 100")
    return value
