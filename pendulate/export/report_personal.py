"""The report's sections on what the person named: the homework's targets over time, the parts
that appeared with the urges and body locations of the same check-in, and the resources beside
the settling that went with them.

Every sentence is an observation from the person's own log, never advice: the app does not
say which resource is better or what a part means. Practice sessions only (rehearsals apart).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from html import escape
from statistics import median

from pendulate.export.collect import ExportFilter
from pendulate.export.svg_targets import target_svg
from pendulate.export.words import plural
from pendulate.homework.model import Homework, Target
from pendulate.store import personal
from pendulate.store.formatting import duration
from pendulate.store.personal import Named, PartAppearance, ResourceRecovery, TrackedAnswer

MAX_PART_ROWS = 60  # the table shows the most recent appearances; a shorter range shows others
MAX_POINTS = 150  # a chart draws the most recent answers; its caption counts them all


def read_personal(conn: sqlite3.Connection, filt: ExportFilter) -> Named:
    """What the three sections show, for the sessions ``filt`` selects (call inside a snapshot)."""
    return personal.named(conn, filt.since, filt.until, filt.script_id)


def _n(value: int | None) -> str:
    return "" if value is None else str(value)


def _targets(homework: Sequence[Homework], tracked: Sequence[TrackedAnswer]) -> list[Target]:
    """The homework's targets in order, then any other target answered in the log."""
    targets: dict[str, Target] = {}
    for item in homework:
        for target in item.track:
            targets.setdefault(target.name, target)
    for answer in tracked:
        targets.setdefault(answer.target, Target(answer.target, answer.kind))
    return list(targets.values())


def _range(answers: Sequence[TrackedAnswer]) -> str:
    first, last = answers[0].day, answers[-1].day
    return f"on {first:%-d %b %Y}" if first == last else f"from {first:%-d %b %Y} to {last:%-d %b %Y}"


def _caption(target: Target, answers: list[TrackedAnswer]) -> str:
    told = f"{plural(len(answers), 'answer')} {_range(answers)}"
    if target.kind == "urge":
        values = [a.value for a in answers if isinstance(a.value, int)]
        return f"{told}; a median of {median(values):g} of 5, from {min(values)} to {max(values)}."
    if target.kind == "acted":
        yes = sum(1 for a in answers if a.value is True)
        return f"{told}: yes {yes}, no {len(answers) - yes}."
    counts = Counter(skill for a in answers if isinstance(a.value, tuple) for skill in a.value)
    if not counts:
        return f"{told}; no skill was marked."
    named = ", ".join(f"{escape(skill)} ({n})" for skill, n in counts.most_common(6))
    return f"{told}. Marked most often: {named}."


def _targets_html(targets: list[Target], tracked: list[TrackedAnswer]) -> list[str]:
    out = [
        "<h2>What the homework tracks, over time</h2>",
        "<p>Each target the therapist named, as answered in the diary check-in: one point, mark or bar "
        "per answer, oldest on the left.</p>",
    ]
    for target in targets:
        answers = [a for a in tracked if a.target == target.name and a.kind == target.kind]
        out.append(f"<h3>{escape(target.name)}</h3>")
        if not answers:
            out.append('<p class="chart-caption">No answers in this range yet.</p>')
            continue
        drawn = answers[-MAX_POINTS:]
        out.append(target_svg(target.kind, drawn, target.name, len(target.skills)))
        caption = _caption(target, answers)
        if len(drawn) < len(answers):
            caption += f" The chart shows the {len(drawn)} most recent; export a shorter date range to see others."
        out.append(f'<p class="chart-caption">{caption}</p>')
    return out


def _parts_html(parts: list[PartAppearance]) -> list[str]:
    shown = parts[-MAX_PART_ROWS:]
    out = [
        "<h2>Parts, with the urges and body locations of the same check-in</h2>",
        "<p>Each time a part was named, in the person's own words, with the room around it (0 to 10), "
        "the urge (0 to 5) and where in the body something was noticed in that same check-in. "
        "Nothing here is interpreted.</p>",
    ]
    if len(parts) > len(shown):
        out.append(
            f"<p>The {len(shown)} most recent of {len(parts)}; export a shorter date range to see the others.</p>"
        )
    out.append(
        "<table class=compact><thead><tr><th>date</th><th>part</th><th class=num>room</th>"
        "<th class=num>urge</th><th>where in the body</th></tr></thead>"
    )
    for p in shown:
        out.append(
            f"<tr><td class=day>{p.day.isoformat()}</td><td>{escape(p.name)}</td>"
            f"<td class=num>{_n(p.room)}</td><td class=num>{_n(p.urge)}</td>"
            f"<td>{escape(', '.join(p.location))}</td></tr>"
        )
    out.append("</table>")
    counts = Counter(p.name.casefold() for p in parts)
    names = {p.name.casefold(): p.name for p in parts}  # the latest spelling
    out.append(
        '<p class="chart-caption">Named: '
        + ", ".join(f"{escape(names[key])} ({n})" for key, n in counts.most_common())
        + ".</p>"
    )
    return out


def resource_sentence(r: ResourceRecovery) -> str:
    """ "after naming 'my dog', settling came back in a median of 40 s across 5 sessions" """
    return (
        f"After naming \u2018{r.name}\u2019, settling came back in a median of {duration(r.median_recovery_s)} "
        f"across {plural(r.sessions, 'session')}."
    )


def _resources_html(resources: list[ResourceRecovery]) -> list[str]:
    out = [
        "<h2>Resources named, and the settling that went with them</h2>",
        "<p>For each resource the person named, the sessions it was named in and how long settling took "
        "to come back after a touch in those sessions (each session's own figure; the median across "
        "them). An observation from this log, not a measure of any resource: a session has many "
        "moments besides the one named.</p>",
        '<ul class="tight">',
    ]
    out += [f"<li>{escape(resource_sentence(r))}</li>" for r in resources]
    out.append("</ul>")
    return out


def personal_html(found: Named, homework: Sequence[Homework]) -> list[str]:
    """The sections, each only when there is something to show."""
    out: list[str] = []
    targets = _targets(homework, found.tracked)
    if targets:
        out += _targets_html(targets, found.tracked)
    if found.parts:
        out += _parts_html(found.parts)
    if found.resources:
        out += _resources_html(found.resources)
    return out
