"""How each phase kind looks: a calm colour, a symbol and a word, so colour is never alone."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Look:
    label: str
    symbol: str  # shown in the normal interface
    ascii: str  # shown in plain mode
    colour: str
    side: float  # -1 resource side … +1 activation side, for the pendulum


LOOKS: dict[str, Look] = {
    "orient": Look("orient", "◎", "o", "#7fb8b0", -0.3),
    "ground": Look("ground", "▁", "_", "#c8a97e", -0.6),
    "resource": Look("resource", "◆", "R", "#8fbf8f", -1.0),
    "activation": Look("activation", "▲", "A", "#d9967f", 1.0),
    "return": Look("return", "◀", "<", "#86b3c9", -0.8),
    "discharge": Look("discharge", "≈", "~", "#b4a2cf", -0.5),
    "contain": Look("contain", "◯", "O", "#8fa6cf", -0.9),
    "sound": Look("sound", "♪", "s", "#a99bd1", -0.7),
    "bilateral": Look("bilateral", "⇄", "B", "#94c2d8", -0.8),
    "checkin": Look("check-in", "✎", "?", "#d8c98f", 0.0),
}


def look(kind: str) -> Look:
    return LOOKS.get(kind, Look(kind, "·", ".", "#aaaaaa", 0.0))


def badge(kind: str, plain: bool = False) -> str:
    item = look(kind)
    return f"{item.ascii if plain else item.symbol} {item.label}"


def clock_text(seconds: float | None) -> str:
    """``m:ss`` (or ``h:mm:ss``) for a duration; rounds up so a countdown never shows 0:00 early."""
    if seconds is None:
        return "open"
    whole = int(-(-seconds // 1))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
