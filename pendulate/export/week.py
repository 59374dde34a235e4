"""The report's first page: the last seven days at a glance, for a clinician between sessions.

Practice only (rehearsals are never in it): how many sessions beside what the homework
suggested, the intensity at the peak and at the end, recovery time, what titration changed,
and the moments worth a look together — a hard ending, a stop while the rating was high, a
check-in that waited long for an answer, feeling far away (below the window of tolerance).
Said neutrally: counts and what happened, no judgement and no runs of days.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from html import escape
from statistics import median

from pendulate.export import rows
from pendulate.export.collect import ExportFilter, without_notes
from pendulate.export.rows import SessionHeader
from pendulate.export.words import RULE_MEANINGS, crisis_reason, params_in_words, plural, progression_words
from pendulate.homework.model import Homework
from pendulate.script.model import Params
from pendulate.store.formatting import duration
from pendulate.store.queries import SessionDetail

DAYS = 7
LONG_CHECKIN_S = 120.0  # a check-in on screen this long (pauses left out) before an answer
MAX_NOTED = 8  # sessions with something worth a look, listed on the page (the latest)
MAX_LISTED = 10  # sessions listed on the page; more would not fit on one printed page
DEFAULT_THRESHOLD = Params().threshold


@dataclass(frozen=True)
class Week:
    """The practice sessions of the days ``first``..``last`` (inclusive), oldest first."""

    first: date
    last: date
    headers: tuple[SessionHeader, ...] = ()
    details: tuple[SessionDetail, ...] = ()  # the same sessions in full, for changes and attention


def window(filt: ExportFilter, today: date) -> tuple[date, date]:
    """The seven days the summary covers: up to today, or to the selection's last day if earlier."""
    last = min(filt.until, today) if filt.until else today
    first = last - timedelta(days=DAYS - 1)
    if filt.since and filt.since > first:
        first = filt.since
    return first, last


def read_week(conn: sqlite3.Connection, filt: ExportFilter, today: date, shown: Sequence[SessionDetail]) -> Week:
    """The week's sessions; those already read in full for the report are not read again."""
    first, last = window(filt, today)
    if first > last:
        return Week(first, last)
    where, args = replace(filt, since=first, until=last).where(rehearsal=False)
    found = rows.session_rows(conn, where, args)
    known = {d.summary.id: d for d in shown}
    missing = [r for r in found if r[0] not in known]
    loaded = {d.summary.id: d for d in (rows.detail(r) for r in rows.with_children(conn, missing))}
    if not filt.include_notes:
        loaded = {sid: without_notes(d) for sid, d in loaded.items()}
    details = tuple(known.get(r[0]) or loaded[r[0]] for r in found)
    return Week(first, last, tuple(rows.header(r) for r in found), details)


def _span(first: date, last: date) -> str:
    if first == last:
        return f"{last:%A %-d %B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%-d} – {last:%-d %B %Y}"
    if first.year == last.year:
        return f"{first:%-d %B} – {last:%-d %B %Y}"
    return f"{first:%-d %B %Y} – {last:%-d %B %Y}"


def _rating_figure(values: list[int | None]) -> tuple[str, str]:
    known = sorted(v for v in values if v is not None)
    if not known:
        return "–", "no ratings"
    spread = f"from {known[0]} to {known[-1]}" if known[0] != known[-1] else "the same each time"
    return f"{median(known):g}", f"median; {spread}"


def _threshold(detail: SessionDetail) -> int:
    value = detail.params.get("threshold", DEFAULT_THRESHOLD)
    return value if isinstance(value, int) else DEFAULT_THRESHOLD


def attention(detail: SessionDetail) -> list[str]:
    """What in one session is worth a look together, in plain words (empty when nothing)."""
    out = []
    # Crisis help may be suggested at more than one check-in of a session: one line says it.
    reasons = list(dict.fromkeys(e.message or "" for e in detail.events if e.type == "crisis"))
    if reasons:
        why = " and ".join(crisis_reason(r) for r in reasons if r)
        out.append("a hard ending: crisis help was offered" + (f" {why}" if why else ""))
    last = next((c.suds for c in reversed(detail.checkins) if c.suds is not None), None)
    if detail.summary.status == "stopped" and last is not None and last > _threshold(detail):
        where = f" during {detail.end_phase_kind}" if detail.end_phase_kind else ""
        out.append(f"stopped{where} while the last rating was {last}")
    for phase in detail.phases:
        if phase.kind != "checkin":
            continue
        if phase.active_end_s is None:
            if detail.summary.status in ("interrupted", "stopped"):
                out.append("the session ended while a check-in was waiting for an answer")
            continue
        waited = phase.active_end_s - phase.active_start_s
        if waited >= LONG_CHECKIN_S:
            out.append(f"a check-in waited {duration(waited)} for an answer")
    below = sum(1 for c in detail.checkins if c.zone == "below")
    if below:
        out.append(f"felt far away (below the window of tolerance) at {plural(below, 'check-in')}")
    return out


def _assigned(week: Week, homework: Sequence[Homework]) -> list[str]:
    days = (week.last - week.first).days + 1
    lines = []
    for hw in homework:
        for item in hw.assigned:
            schedule = item.schedule
            if (schedule.start and schedule.start > week.last) or (schedule.until and schedule.until < week.first):
                continue  # not assigned during these days
            key = (hw.id, item.script.id)
            done = sum(1 for h in week.headers if (h.summary.homework_id, h.summary.script_id) == key)
            if schedule.times_per_week:
                suggested = f"{schedule.times_per_week} a week suggested"
                if days < DAYS:
                    suggested += f" (these are {plural(days, 'day')})"
            else:
                suggested = "no number a week suggested"
            lines.append(
                f"<tr><td>{escape(item.script.id)}</td><td>{escape(hw.id)} · {escape(hw.therapist.name)}</td>"
                f"<td class=num>{done}</td><td>{escape(suggested)}</td></tr>"
            )
    if not lines:
        return []
    return [
        "<table class=compact><thead><tr><th>assigned script</th><th>homework · therapist</th>"
        "<th class=num>practised</th><th>suggested</th></tr></thead><tbody>",
        *lines,
        "</tbody></table>",
    ]


def _changes(week: Week) -> list[str]:
    fired: Counter[str] = Counter()
    sessions_with: dict[str, set[int]] = {}
    for d in week.details:
        for e in d.events:
            if e.type == "titration" and e.rule:
                fired[e.rule] += 1
                sessions_with.setdefault(e.rule, set()).add(d.summary.id)
    items = []
    for rule in sorted(fired):
        times = plural(fired[rule], "time")
        where = plural(len(sessions_with[rule]), "session")
        meaning = RULE_MEANINGS.get(rule, "the plan changed")
        items.append(f"<li><b>{escape(rule)}</b>, {times} in {where}: {escape(meaning)}.</li>")
    newest: dict[str, SessionDetail] = {}
    for d in week.details:
        newest[d.summary.script_id] = d  # oldest first: the last one stays
    for script_id, d in sorted(newest.items()):
        grown = progression_words(d.params)
        if grown:
            items.append(f"<li>{escape(script_id)}: {escape(grown)} (in the latest session).</li>")
    if not items:
        return ["<p>No rule changed the dose in these days.</p>"]
    return ["<ul class=tight>", *items, "</ul>"]


def touches(detail: SessionDetail) -> bool:
    """Whether the session's timeline had a touch of activation (its touch settings then matter)."""
    return any(p.kind == "activation" for p in detail.phases)


def _settings(week: Week) -> list[str]:
    """The settings of each script's latest session, when any is not pendulate's default."""
    newest: dict[str, SessionDetail] = {}
    for d in week.details:
        newest[d.summary.script_id] = d
    items, plain = [], []
    for script_id, d in sorted(newest.items()):
        words = params_in_words(d.params, touches(d))
        if not words:
            continue
        if "—" in words or "R4" in words:
            items.append(f"<li>{escape(script_id)}: {escape(words)}.</li>")
        else:
            plain.append(script_id)
    if not items:
        return []
    if plain:
        items.append(f"<li>{escape(', '.join(plain))}: pendulate's defaults.</li>")
    return ["<h3>Settings the latest session of each script ran with</h3>", "<ul class=tight>", *items, "</ul>"]


def _rules_fired(detail: SessionDetail) -> str:
    fired = Counter(e.rule for e in detail.events if e.type == "titration" and e.rule)
    return ", ".join(f"{rule} ×{n}" if n > 1 else rule for rule, n in sorted(fired.items())) or "–"


def week_html(week: Week, homework: Sequence[Homework], latest: date | None) -> list[str]:
    """The summary's HTML: the first printed page of the report."""
    span = _span(week.first, week.last)
    headers = list(week.headers)
    out = [
        '<section class="week">',
        f"<h2>The week at a glance: {escape(span)}</h2>",
        '<p class="sub">Practice sessions only; rehearsals are not counted. SUDS is the 0–10 distress '
        "rating; read it as a trend, not a measurement.</p>",
    ]
    if not headers:
        since = f" The most recent session in this report is from {latest:%-d %B %Y}." if latest else ""
        out.append(f"<p>No practice was recorded in these days.{since}</p>")
        out += _assigned(week, homework)
        out.append("</section>")
        return out
    statuses = Counter(h.summary.status for h in headers)
    ends = ", ".join(plural(statuses[s], s, s) for s in ("completed", "stopped", "interrupted") if statuses[s])
    assigned = sum(1 for h in headers if h.summary.homework_id)
    minutes = round(sum(h.summary.duration_s or 0 for h in headers) / 60)
    peak, peak_note = _rating_figure([h.summary.peak_suds for h in headers])
    end, end_note = _rating_figure([h.summary.end_suds for h in headers])
    recoveries = [h.recovery_s for h in headers if h.recovery_s is not None]
    recovery = duration(median(recoveries)) if recoveries else "–"
    recovery_note = f"median of {plural(len(recoveries), 'session')}" if recoveries else "no touch of activation"
    out += [
        '<div class="figures five">',
        f'<div class="figure"><b>{len(headers)}</b><span>{"session" if len(headers) == 1 else "sessions"}: '
        f"{escape(ends)}; {assigned} from homework</span></div>",
        f'<div class="figure"><b>{minutes}</b><span>{"minute" if minutes == 1 else "minutes"} practised</span></div>',
        f'<div class="figure"><b>{peak}</b><span>peak SUDS ({escape(peak_note)})</span></div>',
        f'<div class="figure"><b>{end}</b><span>end SUDS ({escape(end_note)})</span></div>',
        f'<div class="figure"><b>{escape(recovery)}</b><span>recovery time ({escape(recovery_note)})</span></div>',
        "</div>",
    ]
    out += _assigned(week, homework)
    out.append("<h3>What titration changed</h3>")
    out += _changes(week)
    out.append("<h3>Worth a look together</h3>")
    noted = [(d, attention(d)) for d in week.details]
    noted = [(d, items) for d, items in noted if items]
    if noted:
        out.append("<ul class=tight>")
        for d, items in reversed(noted[-MAX_NOTED:]):
            s = d.summary
            out.append(
                f"<li>{s.started_local:%a %-d %b, %H:%M} · {escape(s.script_id)}: {escape('; '.join(items))}.</li>"
            )
        out.append("</ul>")
        if len(noted) > MAX_NOTED:
            more = plural(len(noted) - MAX_NOTED, "earlier session")
            out.append(f"<p class=meta>And {more} of these days; their details are below.</p>")
    else:
        out.append(
            "<p>Nothing in particular: no hard ending, no stop at a high rating, no check-in left long "
            "unanswered, no rating below the window of tolerance.</p>"
        )
    out.append("<h3>The sessions</h3>")
    out.append(
        "<table class=compact><thead><tr><th>when</th><th>script</th><th>how it ended</th>"
        "<th class=num>pre</th><th class=num>peak</th><th class=num>end</th><th class=num>recovery</th>"
        "<th>changes</th></tr></thead><tbody>"
    )
    listed = list(week.details)[-MAX_LISTED:]
    for d in reversed(listed):
        s = d.summary
        out.append(
            f"<tr><td>{s.started_local:%a %-d %b, %H:%M}</td><td>{escape(s.script_id)}</td>"
            f"<td>{escape(_status(d))}</td><td class=num>{_n(s.pre_suds)}</td><td class=num>{_n(s.peak_suds)}</td>"
            f"<td class=num>{_n(s.end_suds)}</td><td class=num>{duration(d.recovery_s)}</td>"
            f"<td>{escape(_rules_fired(d))}</td></tr>"
        )
    out.append("</tbody></table>")
    if len(week.details) > len(listed):
        out.append(f"<p class=meta>The {len(listed)} most recent are listed; all are in the tables below.</p>")
    out += _settings(week)
    out.append("</section>")
    return out


def _n(value: object) -> str:
    return "–" if value is None else escape(str(value))


def _status(d: SessionDetail) -> str:
    status = d.summary.status
    if status == "stopped" and d.end_phase_kind:
        return f"stopped during {d.end_phase_kind}"
    if status == "interrupted":
        return "interrupted"
    return status
