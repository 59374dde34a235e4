"""Durations as a therapist writes them: ``90``, ``90.5``, ``"90s"``, ``"1m30s"``, ``"2m"``, ``"1h"``, ``open``."""

from __future__ import annotations

import math
import re

MIN_SECONDS = 1.0
MAX_SECONDS = 2 * 3600.0
OPEN = "open"

ACCEPTED_FORMS = 'a number of seconds (90 or 90.5), or text like "90s", "1m30s", "2m", "1h", "1:30"'
OPEN_FORM = '"open" (stay as long as you like)'

# Units in descending order, each at most once, optional spaces between the parts.
_UNITS = re.compile(
    r"^\s*(?:(?P<h>\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?"
    r"\s*(?:(?P<m>\d+(?:\.\d+)?)\s*m(?:in(?:utes?|s)?)?)?"
    r"\s*(?:(?P<s>\d+(?:\.\d+)?)\s*s(?:ec(?:onds?|s)?)?)?\s*$",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"^\s*(?:(?P<h>\d+):)?(?P<m>\d+):(?P<s>[0-5]\d(?:\.\d+)?)\s*$")
_PLAIN = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")


class DurationError(ValueError):
    """A duration could not be read; ``hint`` lists the accepted forms."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message = message
        self.hint = hint


def parse_duration(
    value: object,
    *,
    allow_open: bool = False,
    minimum: float = MIN_SECONDS,
    maximum: float = MAX_SECONDS,
) -> float | None:
    """Seconds in ``value``; ``None`` for ``open`` when ``allow_open``. Raises :class:`DurationError`.

    ``minimum`` may be 0 for offsets inside a phase; zero is otherwise refused.
    """
    hint = "write " + ACCEPTED_FORMS + (", or " + OPEN_FORM if allow_open else "")
    seconds = _seconds(value, allow_open, hint)
    if seconds is None:
        return None
    if seconds < minimum or (minimum > 0 and seconds == 0):
        if seconds == 0:
            raise DurationError("a duration of zero is not allowed here", hint)
        raise DurationError(f"{_show(seconds)} is too short (the shortest is {_show(minimum)})", hint)
    if seconds > maximum:
        # A long run of digits ("99…9h") reads as a huge or infinite float: say so without
        # spelling out a number longer than the line.
        shown = _show(seconds) if seconds < 1e9 else "this"
        raise DurationError(f"{shown} is too long (the longest is {_show(maximum)})", hint)
    return seconds


def _seconds(value: object, allow_open: bool, hint: str) -> float | None:
    # bool is an int in Python, and `yes`/`no` in YAML become bools: refuse them first.
    if isinstance(value, bool) or value is None:
        raise DurationError("expected a duration, found " + ("nothing" if value is None else "a yes/no value"), hint)
    if isinstance(value, (int, float)):
        seconds = float(value)
        if math.isnan(seconds) or math.isinf(seconds):
            raise DurationError("a duration is a finite number of seconds", hint)
        if seconds < 0:
            raise DurationError("a duration cannot be negative", hint)
        return seconds
    if not isinstance(value, str):
        raise DurationError("expected a duration", hint)
    text = value.strip()
    if text.lower() == OPEN:
        if allow_open:
            return None
        raise DurationError('"open" is not allowed here: this needs a length', hint)
    if text.startswith("-"):
        raise DurationError("a duration cannot be negative", hint)
    if _PLAIN.match(text):
        return float(text)
    clock = _CLOCK.match(text)
    if clock:
        # float, not int: a run of thousands of digits must become "too long", not an
        # OverflowError (or int()'s digit limit).
        return float(clock["h"] or 0) * 3600 + float(clock["m"]) * 60 + float(clock["s"])
    units = _UNITS.match(text)
    if units and any(units.group(name) for name in "hms"):
        return sum(float(units.group(name) or 0) * scale for name, scale in (("h", 3600), ("m", 60), ("s", 1)))
    raise DurationError(f"{value!r} is not a duration I can read", hint)


def _show(seconds: float) -> str:
    return format_seconds(seconds, words=True)


def format_seconds(seconds: float, *, words: bool = False) -> str:
    """``90`` → ``1:30`` (or ``1 min 30 s`` with ``words``); hours appear only when needed."""
    if words:
        whole = int(seconds)
        if seconds != whole:
            return f"{seconds:g} s"
        hours, rest = divmod(whole, 3600)
        minutes, secs = divmod(rest, 60)
        parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else "", f"{secs} s" if secs else ""]
        return " ".join(part for part in parts if part) or "0 s"
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
