"""What a phase may show besides its title and prompt: the breath it paces, and a quiet offer
of the resources the person named before ("You might return to: my dog").

The offer is read from the log once, when the session starts (never at a phase boundary), and
is only ever an offer: the person's own words, the most recent one or two, nothing when there
are none or the log cannot say.
"""

from __future__ import annotations

from collections.abc import Sequence

from pendulate.engine import events as ev
from pendulate.engine.answers import URGE_MAX

OFFER_KINDS = frozenset({"resource", "return"})  # the resource phases proper
STOP_KINDS = frozenset({"resource", "return", "ground", "contain"})  # ...and in stop-ground
STOP_GROUND = "stop-ground"
OFFERED = 2  # names offered at once, the most recent first
URGE_AT_END = "U2"  # the rule that opens crisis help with the safety plan first


def own_resources(store: object) -> list[str]:
    """The person's own resource names, most recent first; none when the log is unavailable."""
    ask = getattr(store, "own_resources", None) if store is not None else None
    if ask is None:
        return []
    try:
        return [str(name) for name in ask() if str(name).strip()]
    except Exception:  # the log cannot answer now: nothing is offered
        return []


def offer_line(event: ev.PhaseStarted, script_id: str, names: Sequence[str]) -> str:
    """ "You might return to: my dog" for a resource phase (or stop-ground's), or ""."""
    stop = event.origin == "stop" or script_id == STOP_GROUND
    if not names or event.kind not in (STOP_KINDS if stop else OFFER_KINDS):
        return ""
    return "You might return to: " + ", or ".join(names[:OFFERED])


def breath_of(event: ev.PhaseStarted) -> tuple[float, float] | None:
    """The (in, out) seconds a phase paces, or None (read by name: an older engine has none)."""
    breath = getattr(event, "breath", None)
    if breath is None:
        return None
    inhale, exhale = breath
    return float(inhale), float(exhale)


def urge_at_top(session: object) -> bool:
    """Whether the last urge rating given in ``session`` was at the top (read by name: an older
    engine keeps none)."""
    return getattr(getattr(session, "titration", None), "last_urge", None) == URGE_MAX


def plain_checkin_line(scales: Sequence[str]) -> str:
    """Plain mode's line as a check-in comes up: its usual keys when it asks the ratings."""
    if "suds" in scales and "settling" in scales:
        return "Check-in: a digit for intensity, a digit for settling, then Enter. Escape skips."
    return "Check-in: one question at a time, each with its keys shown; Enter saves, Escape skips."


def remember(names: list[str], given: str | None) -> list[str]:
    """``names`` with ``given`` (a resource named just now) first, once."""
    if not given:
        return names
    return [given, *(name for name in names if name != given)]
