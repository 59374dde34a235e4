"""How the report says things: counts with the right plural, parameters and changes in words.

A clinician reads the report between sessions, often on paper: nothing here shows a Python
value (a dict, ``None``, a field name) or repeats a label, and every sentence is neutral.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pendulate.script.model import Params
from pendulate.store.formatting import duration
from pendulate.store.queries import EventRecord

DEFAULTS = Params()
HOMEWORK_OVERRIDE = "homework override"  # the words ``pendulate show --effective`` uses too
SCRIPT_VALUE = "this script"

# What each titration rule did, for someone who has not read docs/script-format.md.
RULE_MEANINGS = {
    "R1": "a touch felt like a lot, so it ended there and the next touch was shorter, the resource longer",
    "R2": "two strong touches in a row, so activation rested for the rest of the session",
    "R3": "settling was slow to come back, so the session moved gently toward its close",
    "R4": "after two settled sessions in a row, the touches grew a little",
    "R5": "feeling far away (below the window of tolerance), so the session turned outward, eyes open",
    "R6": "the ending rating was high, so time to settle was added before the close",
    "U1": "the urge was at its strongest and still rising, so the waves ended and the session settled",
    "U2": "the urge was still at its strongest at the end, so crisis help opened, the safety plan first",
}

# Events without a rule: what a reader needs to know, in place of the stored code word.
EVENT_TAGS = {
    "grounding": "ground now",
    "crisis": "crisis help",
    "extended": "more time",
    "skipped": "skipped",
    "touch-ended": "enough",  # the chart marks it so too
}


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 session``, ``2 sessions``; ``many`` for an irregular plural."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _source(name: str, params: Mapping[str, Any], overrides: Mapping[str, Any]) -> str | None:
    """Where a recorded value came from: the homework, the script, or (None) pendulate's default."""
    if name in overrides:
        return HOMEWORK_OVERRIDE
    default = getattr(DEFAULTS, name, None)
    if default is not None and params.get(name) != default:
        # The log keeps the values a session ran with, not the script's own list: a value that
        # differs from pendulate's default and no homework set was written in the script.
        return SCRIPT_VALUE
    return None


# Each parameter as a short phrase; "{v}" is its value.
PHRASES: dict[str, str] = {
    "threshold": "threshold {v}",
    "touch_min": "touch at least {v} s",
    "touch_max": "touch at most {v} s",
    "resource_ratio": "resource at least {v}× the touch",
    "max_cycles": "at most {v} touches",
    "step_pct": "growth at most {v} % a session",
    "crisis_level": "crisis help at an ending rating of {v} or more",
    "rise_over_first": "a touch {v} above the first rating also counts as strong",
    "shorten_factor": "after a strong touch the next is {v}× as long",
    "lengthen_factor": "after a strong touch the resource is {v}× as long",
    "max_extra_resource": "up to {v} extra resource blocks",
    "max_closing_settle": "up to {v} settle blocks after a high ending",
    "step_seconds": "R4 adds {v} s a touch",
    "quiet_peak": "a peak of {v} or less counts as settled",
}
ALWAYS_SHOWN = ("threshold", "touch_min", "touch_max", "max_cycles")


def progression_words(params: Mapping[str, Any]) -> str | None:
    """What R4 progression had added for this session, or None when nothing."""
    grown = params.get("progression")
    if not isinstance(grown, Mapping):
        return None
    parts = []
    extra_touch = grown.get("extra_touch_s") or 0
    extra_cycles = grown.get("extra_cycles") or 0
    if isinstance(extra_touch, int | float) and extra_touch > 0:
        parts.append(f"each touch {_number(extra_touch)} s longer")
    if isinstance(extra_cycles, int) and extra_cycles > 0:
        parts.append(f"{plural(extra_cycles, 'more touch', 'more touches')}")
    return "R4 progression: " + " and ".join(parts) if parts else None


def params_in_words(params: Mapping[str, Any], touches: bool = True) -> str:
    """The parameters a session ran with, as a reader wants them.

    For a session with touches of activation the main ones always (threshold, touch length,
    touches); any other that is not pendulate's default; each with where it came from, then R4
    progression, e.g. "threshold 3 — homework override; touch at least 10 s, at most 10 s —
    homework override; at most 6 touches; the other rules at pendulate's defaults". Without
    touches (``touches`` False) only what differs from pendulate's defaults.
    """
    raw = params.get("overrides")
    overrides: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    always = ALWAYS_SHOWN if touches else ()
    shown: dict[str, tuple[str, str | None]] = {}
    for name, phrase in PHRASES.items():
        if name not in params:
            continue
        source = _source(name, params, overrides)
        if source is not None or name in always:
            shown[name] = (phrase.format(v=_number(params[name])), source)
    if "touch_min" in shown and "touch_max" in shown:
        # One phrase for the range: "touch 10–30 s", or "touch at least 10 s, at most 10 s — …".
        (_, low_source), (_, high_source) = shown["touch_min"], shown.pop("touch_max")
        low, high = _number(params["touch_min"]), _number(params["touch_max"])
        if low_source == high_source:
            shown["touch_min"] = (f"touch {low}–{high} s", low_source)
        else:
            low_text = f"touch at least {low} s" + (f" — {low_source}" if low_source else "")
            shown["touch_min"] = (f"{low_text}, at most {high} s", high_source)
    parts = [f"{text} — {source}" if source else text for text, source in shown.values()]
    grown = progression_words(params)
    if grown:
        parts.append(grown)
    if not parts:
        return "pendulate's defaults" if any(name in params for name in PHRASES) else ""
    if not any(name not in always for name in shown):
        parts.append("the other rules at pendulate's defaults")
    return "; ".join(parts)


def crisis_reason(reason: str) -> str:
    """Why crisis help was offered, as the engine records it ("not okay", "ending rating 8/10"), in words."""
    if reason == "not okay":
        return "after a “not okay” answer"
    if reason.startswith("ending rating "):
        return f"after an ending rating of {reason.removeprefix('ending rating ')}"
    return f"after {reason}" if reason.startswith("feeling") else f"({reason})"


def event_words(event: EventRecord) -> tuple[str, str]:
    """(tag, what happened) for one event in a session's list of changes; never the same word twice."""
    data = event.data or {}
    if event.type == "titration" and event.rule:
        return event.rule, event.message or RULE_MEANINGS.get(event.rule, "the plan changed")
    tag = EVENT_TAGS.get(event.type, event.type)
    if event.type == "grounding":
        kind = data.get("from_kind")
        return tag, f"chosen during the {kind} phase" if kind else "chosen here"
    if event.type == "touch-ended":
        return tag, "the touch was ended here by choice (b or Enter, or a rating typed during it)"
    if event.type == "extended":
        seconds = data.get("seconds")
        more = f"{_number(seconds)} s" if isinstance(seconds, int | float) else "some time"
        return tag, f"{more} added to this phase, by choice"
    if event.type == "skipped":
        kind = data.get("kind")
        return tag, f"the {kind} phase, by choice" if kind else "a phase, by choice"
    if event.type == "crisis":
        return tag, "offered" + (f" {crisis_reason(event.message)}" if event.message else "")
    message = event.message if event.message and event.message != event.type else None
    return tag, message or "noted here"


def change_line(event: EventRecord) -> str:
    """One line of a session's changes: "3 min 20 s in — R1: That felt like a lot…"."""
    tag, what = event_words(event)
    return f"{duration(event.t_s)} in — {tag}: {what}"
