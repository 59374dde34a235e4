"""HTML report: one self-contained file a client can open, print, or bring to their therapist.

Inline CSS and inline SVG only: no scripts, no fonts, images or links to fetch, so opening it
makes no network request. Every piece of the person's text goes through ``html.escape``.

Rehearsals (a script run at a faster speed, to try it out) are not practice: every figure,
chart and table of the report is of practice sessions only, and the rehearsals are listed apart
at the end, saying so.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path
from statistics import median
from typing import NamedTuple, TextIO

from pendulate import __version__
from pendulate.export import rows
from pendulate.export.collect import ExportFilter, exported_adherence, without_notes
from pendulate.export.report_css import REPORT_CSS
from pendulate.export.report_personal import personal_html, read_personal
from pendulate.export.report_sessions import cell, rehearsals, scripts_used, session_section, session_table
from pendulate.export.rows import SessionHeader
from pendulate.export.svg import SUDS_COLOUR
from pendulate.export.svg_trends import (
    calendar_svg,
    seconds_trend_svg,
    suds_trend_svg,
    weekly_svg,
)
from pendulate.export.week import Week, read_week, week_html
from pendulate.export.words import plural
from pendulate.homework.adherence import Adherence
from pendulate.homework.model import Homework
from pendulate.paths import write_private
from pendulate.store.formatting import duration
from pendulate.store.personal import Named
from pendulate.store.queries import SessionDetail
from pendulate.store.store import Store
from pendulate.store.trends import Trends
from pendulate.store.trends import trends as read_trends

MAX_SESSION_CHARTS = 60  # a lifetime of charts would be thousands of pages; the table lists all


class ReportData(NamedTuple):
    """What the report shows: every session's header, the SQL counts, and the few drawn in full."""

    headers: list[SessionHeader]  # practice sessions, oldest first
    counts: tuple[int, int]  # check-ins, titration changes (of practice sessions)
    shown: list[SessionDetail]  # the newest MAX_SESSION_CHARTS practice sessions, newest first
    rehearsals: tuple[SessionHeader, ...] = ()  # listed apart, never counted; oldest first
    week: Week | None = None  # the first page: the last seven days of practice
    personal: Named | None = None  # targets, parts and resources the person named


def read_report(conn: sqlite3.Connection, filt: ExportFilter, today: date | None = None) -> tuple[ReportData, Trends]:
    """Everything the report needs, read in one go (call inside a snapshot).

    ``today`` ends the week the first page summarises (the local date by default).
    """
    where, args = filt.where(rehearsal=False)
    headers = [rows.header(r) for r in rows.session_rows(conn, where, args)]
    newest = rows.session_rows(conn, where, args, newest=MAX_SESSION_CHARTS)
    shown = [rows.detail(r) for r in rows.with_children(conn, newest)]
    if not filt.include_notes:
        shown = [without_notes(d) for d in shown]
    rehearsal_where, rehearsal_args = filt.where(rehearsal=True)
    rehearsals = tuple(rows.header(r) for r in rows.session_rows(conn, rehearsal_where, rehearsal_args))
    week = read_week(conn, filt, today or date.today(), shown)
    report = ReportData(
        headers, rows.child_counts(conn, where, args), shown, rehearsals, week, read_personal(conn, filt)
    )
    return report, read_trends(conn, filt.since, filt.until, filt.script_id)


def _median(values: list) -> str:
    values = [v for v in values if v is not None]
    return f"{median(values):g}" if values else "–"


def _cover(
    details: list[SessionHeader],
    counts: tuple[int, int],
    filt: ExportFilter,
    trends: Trends,
    homework: Sequence[Homework],
    rehearsals: int = 0,
) -> list[str]:
    statuses = Counter(d.summary.status for d in details)
    total = sum(d.summary.duration_s or 0 for d in details)
    checkins, changes = counts  # counted in SQL: the report never loads every check-in
    minutes = round(total / 60)
    out = [
        '<section class="whole">',
        "<h2>The whole range at a glance</h2>",
        '<div class="figures">',
        f'<div class="figure"><b>{len(details)}</b><span>{"session" if len(details) == 1 else "sessions"} '
        f"({statuses['completed']} completed, {statuses['stopped']} stopped, "
        f"{statuses['interrupted']} interrupted)</span></div>",
        f'<div class="figure"><b>{minutes}</b><span>{"minute" if minutes == 1 else "minutes"} practised</span></div>',
        f'<div class="figure"><b>{checkins}</b><span>{"check-in" if checkins == 1 else "check-ins"} recorded</span>'
        "</div>",
        f'<div class="figure"><b>{changes}</b><span>{"titration change" if changes == 1 else "titration changes"} '
        "(the dose made gentler or longer)</span></div>",
        "</div>",
        "<table><thead><tr><th></th><th class=num>pre SUDS</th><th class=num>peak SUDS</th>"
        "<th class=num>end SUDS</th><th class=num>recovery time</th><th class=num>tolerated activation</th>"
        "</tr></thead>",
        "<tr><td>median across these sessions</td>"
        f"<td class=num>{_median([d.summary.pre_suds for d in details])}</td>"
        f"<td class=num>{_median([d.summary.peak_suds for d in details])}</td>"
        f"<td class=num>{_median([d.summary.end_suds for d in details])}</td>"
        f"<td class=num>{duration(_num_median([d.recovery_s for d in details]))}</td>"
        f"<td class=num>{duration(_num_median([d.tolerated_activation_s for d in details]))}</td></tr></table>",
        '<p class="note-box">pendulate is a practice aid, not treatment. SUDS (0–10 distress) and settling '
        "(0–10) are self-ratings: read them as a trend, not a precise measure. Recovery time is how long "
        "settling took to come back within one point of the session's first rating after an activation; "
        "tolerated activation is the longest activation completed before a rule made the dose smaller.</p>",
    ]
    if rehearsals:
        they = "is not practice: it is" if rehearsals == 1 else "are not practice: they are"
        out.append(
            f"<p>{plural(rehearsals, 'rehearsal')} (a script run at a faster speed to try it out) {they} "
            "left out of every figure and chart here and listed apart at the end.</p>"
        )
    if trends.assigned:
        items = ", ".join(f"{escape(k)} on {plural(len(v), 'day')}" for k, v in trends.assigned.items())
        out.append(f"<p>Assigned practice: {items}.</p>")
    return out + _adherence(exported_adherence(details, homework)) + ["</section>"]


def subtitle(details: list[SessionHeader], filt: ExportFilter) -> str:
    """The dates the report covers and what it leaves out, e.g. "3 – 30 May 2024 · Personal notes included"."""
    days = [d.summary.started_local.date() for d in details]
    span = _range(min(days), max(days)) if days else "no practice sessions in this range"
    scope = [f"Script: {filt.script_id}"] if filt.script_id else []
    scope.append("Personal notes included" if filt.include_notes else "Personal notes left out")
    return " · ".join([span, *scope])


def _range(first: date, last: date) -> str:
    if first == last:
        return f"{first:%-d %B %Y}"
    return f"{first:%-d %B %Y} – {last:%-d %B %Y}"


def adherence_sentence(a: Adherence) -> str:
    """One neutral sentence for an assignment, whether or not its schedule has dates."""
    if a.start and a.until:
        dates = f"scheduled {a.start:%-d %b %Y} – {a.until:%-d %b %Y}"
    elif a.start:
        dates = f"scheduled from {a.start:%-d %b %Y}"
    elif a.until:
        dates = f"scheduled until {a.until:%-d %b %Y}"
    else:
        dates = "no dates set; counted from the first session of it"
    suggested = f"{a.times_per_week} a week suggested" if a.times_per_week else "no number a week suggested"
    if not a.weeks:
        done = "no sessions of it yet"
    else:
        done = f"{plural(a.sessions, 'session')} across {plural(len(a.weeks), 'week')}"
    return f"{done}; {suggested} ({dates})"


def _adherence(items: list) -> list[str]:
    """Sessions per week of each assignment beside the number suggested; neutral, no runs counted."""
    if not items:
        return []
    out = [
        "<h2>Assigned practice, week by week</h2>",
        "<p>The number of sessions each week beside what the therapist suggested, to look at together.</p>",
    ]
    for a in items:
        out.append(
            f"<h3>{escape(a.script_id)} · homework {escape(a.homework_id)} · {escape(a.therapist)}</h3>"
            f"<p class=meta>{escape(adherence_sentence(a))}</p>"
        )
        if a.weeks:
            out.append(
                "<table><thead><tr><th>week of</th><th class=num>sessions</th><th class=num>suggested</th></tr></thead>"
            )
            for w in a.weeks:
                out.append(
                    f"<tr><td>{w.monday:%d %b %Y}</td><td class=num>{w.sessions}</td>"
                    f"<td class=num>{cell(a.times_per_week)}</td></tr>"
                )
            out.append("</table>")
    return out


def _num_median(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return float(median(values)) if values else None


def _trends(trends: Trends, last_day: date | None, starts: dict[int, datetime]) -> list[str]:
    sessions = list(trends.sessions)
    when = [starts.get(s.id) for s in sessions]
    out = [
        "<h2>Across sessions</h2>",
        suds_trend_svg(sessions, starts=when),
        '<p class="chart-caption">Each point is one session, oldest on the left.</p>',
        seconds_trend_svg(sessions, "recovery_s", "Recovery time after activation (seconds)", starts=when),
        seconds_trend_svg(
            sessions,
            "tolerated_activation_s",
            "Tolerated activation length (seconds)",
            colour=SUDS_COLOUR,
            starts=when,
        ),
        "<h3>Time practised per week</h3>",
        weekly_svg(list(trends.weeks)),
    ]
    if last_day is not None:
        assigned = {day for days in trends.assigned.values() for day in days}
        out += [
            "<h3>Practice calendar</h3>",
            calendar_svg(list(trends.days), assigned, last_day),
            '<p class="chart-caption">Darker squares: more minutes that day. A dot marks assigned practice.</p>',
        ]
    return out


def write_html(
    report: ReportData,
    trends: Trends,
    filt: ExportFilter,
    handle: TextIO,
    now: datetime | None = None,
    homework: Sequence[Homework] = (),
) -> None:
    now = now or datetime.now(UTC)
    details = report.headers
    last_day = max((d.summary.started_local.date() for d in details), default=None)
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Pendulation practice report</title>",
        f"<style>{REPORT_CSS}</style></head><body><main>",
    ]
    parts.append("<h1>Pendulation practice report</h1>")
    parts.append(f'<p class="sub">{escape(subtitle(details, filt))}</p>')
    if report.week is not None:
        parts += week_html(report.week, homework, last_day)
    parts += _cover(details, report.counts, filt, trends, homework, len(report.rehearsals))
    if details:
        parts += _trends(trends, last_day, {d.summary.id: d.summary.started_local for d in details})
        if report.personal is not None:
            parts += personal_html(report.personal, homework)
        parts += session_table(details)
        parts += scripts_used(details)
        shown = report.shown
        parts.append("<h2>Sessions in detail</h2>")
        if len(details) > len(shown):
            parts.append(
                f"<p>Charts for the {len(shown)} most recent sessions; the table above lists all "
                f"{len(details)}. Export a shorter date range to see others in detail.</p>"
            )
        for d in shown:
            parts += session_section(d)
    if report.rehearsals:
        parts += rehearsals(report.rehearsals)
    parts.append(
        f"<footer>Made by pendulate {escape(__version__)} on {now:%Y-%m-%d %H:%M} UTC, on this computer. "
        "Nothing in this file was sent anywhere; it contains personal health information, so share "
        "it only with people you choose.</footer></main></body></html>\n"
    )
    handle.write("\n".join(parts))


def export_html(
    store: Store,
    path: Path,
    filt: ExportFilter = ExportFilter(),
    homework: Sequence[Homework] = (),
    today: date | None = None,
) -> Path:
    """Write the HTML report of the sessions ``filt`` selects to ``path`` (mode 0600), with the
    adherence of ``homework``; its first page is the seven days up to ``today`` (or ``filt.until``)."""
    report, trends = store.read(rows.snapshot(lambda conn: read_report(conn, filt, today)))
    return write_private(path, lambda handle: write_html(report, trends, filt, handle, homework=homework))
