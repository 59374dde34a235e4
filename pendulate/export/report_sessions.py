"""The report's sessions: the table of them all, the scripts used, each session's own section
(its chart, what changed, its check-ins and phases) and the rehearsals listed apart."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape

from pendulate.export.rows import SessionHeader
from pendulate.export.svg import pendulation_svg
from pendulate.export.week import touches
from pendulate.export.words import change_line, params_in_words
from pendulate.store.formatting import duration
from pendulate.store.queries import SessionDetail


def cell(value: object) -> str:
    """A value for a table cell: a dash when there is none."""
    return "–" if value is None else escape(str(value))


def status_text(d: SessionDetail | SessionHeader) -> str:
    status = d.summary.status
    if status == "stopped":
        where = f" during {d.end_phase_kind}" if d.end_phase_kind else ""
        # "stop" is the reason every stop has; only another one adds something.
        return f"stopped{where}" + (f" ({d.end_reason})" if d.end_reason and d.end_reason != "stop" else "")
    if status == "interrupted":
        return "interrupted (the app closed before the end)"
    return status


def session_table(details: list[SessionHeader]) -> list[str]:
    out = [
        "<h2>All sessions</h2>",
        "<table><thead><tr><th>date</th><th>script</th><th class=num>time</th><th>status</th>"
        "<th class=num>pre</th><th class=num>peak</th><th class=num>end</th></tr></thead>",
    ]
    for d in reversed(details):
        s = d.summary
        out.append(
            f"<tr><td>{s.started_local:%Y-%m-%d %H:%M}</td><td>{escape(s.script_id)}"
            + (f" <span class=meta>(homework {escape(s.homework_id)})</span>" if s.homework_id else "")
            + "</td>"
            f"<td class=num>{duration(s.duration_s)}</td><td class='status-{escape(s.status)}'>{escape(status_text(d))}"
            f"</td><td class=num>{cell(s.pre_suds)}</td><td class=num>{cell(s.peak_suds)}</td>"
            f"<td class=num>{cell(s.end_suds)}</td></tr>"
        )
    out.append("</table>")
    return out


def rehearsals(items: Sequence[SessionHeader]) -> list[str]:
    """Rehearsals listed apart, in real time, with their speed; never part of any figure."""
    out = [
        "<h2>Rehearsals, not counted as practice</h2>",
        "<p>Scripts run at a faster speed to try them out. Times are real minutes and seconds.</p>",
        "<table><thead><tr><th>date</th><th>script</th><th class=num>speed</th><th class=num>time</th>"
        "<th>status</th></tr></thead>",
    ]
    for d in reversed(items):
        s = d.summary
        out.append(
            f"<tr><td>{s.started_local:%Y-%m-%d %H:%M}</td><td>{escape(s.script_id)} {escape(s.script_version)}</td>"
            f"<td class=num>{s.speed:g}×</td><td class=num>{duration(s.duration_s)}</td>"
            f"<td class='status-{escape(s.status)}'>{escape(status_text(d))}</td></tr>"
        )
    out.append("</table>")
    return out


def scripts_used(details: list[SessionHeader]) -> list[str]:
    used = Counter((d.summary.script_id, d.summary.script_version, d.content_hash, d.script_origin) for d in details)
    out = [
        "<h2>Scripts used</h2>",
        "<table><thead><tr><th>script</th><th>version</th><th>origin</th>"
        "<th class=num>sessions</th><th>content hash</th></tr></thead>",
    ]
    for (sid, version, digest, origin), count in sorted(used.items()):
        out.append(
            f"<tr><td>{escape(sid)}</td><td>{escape(version)}</td><td>{escape(origin)}</td>"
            f"<td class=num>{count}</td><td class=hash>{escape(digest)}</td></tr>"
        )
    out.append("</table>")
    return out


def session_section(d: SessionDetail) -> list[str]:
    s = d.summary
    params = escape(params_in_words(d.params, touches(d)))
    out = [
        '<section class="session">',
        f"<h3>{s.started_local:%A %-d %B %Y, %H:%M} · {escape(s.script_id)} {escape(s.script_version)}</h3>",
        f'<p class="meta">{escape(status_text(d))} · practised {duration(s.duration_s)} of '
        f"{duration(d.planned_total_s)} planned · SUDS {cell(s.pre_suds)} → peak {cell(s.peak_suds)} → "
        f"{cell(s.end_suds)}"
        + (f" · settling back in {duration(d.recovery_s)}" if d.recovery_s is not None else "")
        + (f"<br>homework: {escape(s.homework_id)}" if s.homework_id else "")
        + (f"<br>parameters: {params}" if params else "")
        + "</p>",
        pendulation_svg(d),
    ]
    shown = ("titration", "grounding", "crisis", "extended", "skipped", "touch-ended")
    changes = [e for e in d.events if e.type in shown]
    if changes:
        out.append('<ul class="changes">')
        out += [f"<li>{escape(change_line(e))}</li>" for e in changes]
        out.append("</ul>")
    out.append(
        "<table><thead><tr><th class=num>at</th><th>after</th><th class=num>SUDS</th><th class=num>settling</th>"
        "<th>zone</th><th>where</th><th>quality</th><th>note</th></tr></thead>"
    )
    for c in d.checkins:
        quality = " · ".join(filter(None, (c.quality, c.valence)))
        out.append(
            f"<tr><td class=num>{duration(c.t_s)}</td><td>{cell(c.after_kind or 'start')}</td>"
            f"<td class=num>{cell(c.suds)}</td><td class=num>{cell(c.settling)}</td><td>{cell(c.zone)}</td>"
            f"<td>{escape(c.location or '')}</td><td>{escape(quality)}</td><td>{escape(c.note or '')}</td></tr>"
        )
    out.append("</table>")
    phases = [p for p in d.phases if p.kind != "checkin"]
    if phases:
        out.append(
            "<table><thead><tr><th>phase</th><th class=num>planned</th><th class=num>actual</th><th>ended</th>"
            "</tr></thead>"
        )
        for p in phases:
            actual = None if p.active_end_s is None else p.active_end_s - p.active_start_s
            out.append(
                f"<tr><td>{escape(p.title)} <span class=meta>({escape(p.kind)})</span></td>"
                f"<td class=num>{duration(p.planned_duration_s)}</td><td class=num>{duration(actual)}</td>"
                f"<td>{cell(p.end_reason)}</td></tr>"
            )
        out.append("</table>")
    if d.note:
        out.append(f'<p class="note-box">Note: {escape(d.note)}</p>')
    out.append("</section>")
    return out
