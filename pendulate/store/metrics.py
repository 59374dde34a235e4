"""Per-session trend measures, computed from one session's phases, check-ins and events.

Pure functions over plain dicts, so the recorder (in memory, on every write), the migrations
(from stored rows) and the demo generator all compute the same numbers. Times are *active*
seconds (pauses left out): a pause is not time spent settling.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ACTIVATION = "activation"
# Rules whose firing means the dose was too big (R1 ends the activation, R2 stops all of them).
OVERDOSE_RULES = frozenset({"R1", "R2"})


@dataclass(frozen=True)
class SessionMetrics:
    pre_suds: int | None = None
    peak_suds: int | None = None
    end_suds: int | None = None
    checkin_count: int = 0
    zone_below: int = 0
    zone_above: int = 0
    zone_within: int = 0
    baseline_settling: int | None = None
    recovery_s: float | None = None  # mean seconds for settling to come back after an activation
    unrecovered: int = 0  # activations after which settling did not come back before the next one
    tolerated_activation_s: float | None = None  # longest activation completed without R1/R2
    activation_s: float | None = None  # all activation time actually spent


def _activation_windows(phases: list[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any], float]]:
    """Each activation phase with the moment the next activation began (or infinity)."""
    activations = [p for p in phases if p.get("kind") == ACTIVATION]
    out = []
    for i, phase in enumerate(activations):
        following = activations[i + 1]["start"] if i + 1 < len(activations) else float("inf")
        out.append((phase, following))
    return out


def session_metrics(
    phases: Iterable[Mapping[str, Any]],
    checkins: Iterable[Mapping[str, Any]],
    events: Iterable[Mapping[str, Any]],
) -> SessionMetrics:
    """Summaries for one session.

    ``phases``: dicts with ``kind``, ``start``, ``end`` (None while running), ``end_reason``.
    ``checkins``: dicts with ``at``, ``suds``, ``settling`` (and optionally ``zone``), in order.
    ``events``: dicts with ``at``, ``type`` and ``rule``.
    """
    phases, checkins, events = list(phases), list(checkins), list(events)
    suds = [c["suds"] for c in checkins if c.get("suds") is not None]
    settlings = [c for c in checkins if c.get("settling") is not None]
    baseline = settlings[0]["settling"] if settlings else None
    overdoses = [e["at"] for e in events if e.get("type") == "titration" and e.get("rule") in OVERDOSE_RULES]

    recoveries: list[float] = []
    unrecovered = 0
    tolerated: list[float] = []
    activation_total = 0.0
    windows = _activation_windows(phases)
    for phase, next_start in windows:
        start, end = phase["start"], phase.get("end")
        if end is None:
            continue
        activation_total += max(0.0, end - start)
        if phase.get("end_reason") == "time" and not any(start <= at < next_start for at in overdoses):
            tolerated.append(end - start)
        if baseline is None:
            continue
        back = next(
            # A check-in answered just as the next touch begins still counts for this one.
            (c["at"] - end for c in settlings if end <= c["at"] <= next_start and c["settling"] >= baseline - 1),
            None,
        )
        if back is None:
            unrecovered += 1
        else:
            recoveries.append(back)

    has_activation = bool(windows)
    return SessionMetrics(
        pre_suds=suds[0] if suds else None,
        peak_suds=max(suds) if suds else None,
        end_suds=suds[-1] if suds else None,
        checkin_count=len(checkins),
        zone_below=sum(1 for c in checkins if c.get("zone") == "below"),
        zone_above=sum(1 for c in checkins if c.get("zone") == "above"),
        zone_within=sum(1 for c in checkins if c.get("zone") == "within"),
        baseline_settling=baseline,
        recovery_s=round(sum(recoveries) / len(recoveries), 1) if recoveries else None,
        unrecovered=unrecovered,
        tolerated_activation_s=(max(tolerated) if tolerated else 0.0) if has_activation else None,
        activation_s=round(activation_total, 1) if has_activation else None,
    )
