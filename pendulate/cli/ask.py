"""Asking the person a yes/no question on the terminal, for the commands that change files."""

from __future__ import annotations

import sys


def confirm(question: str, assume_yes: bool, answer_hint: str = "Type yes to confirm") -> bool | None:
    """True/False from the person; None when nobody can be asked (no terminal, and no --yes)."""
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        return None
    try:
        answer = input(f"{question} {answer_hint}: ")
    except EOFError:
        return False
    return answer.strip().lower() in ("yes", "y")
