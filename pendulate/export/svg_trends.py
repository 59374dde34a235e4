"""SVG charts across sessions: SUDS, recovery, tolerated activation, weekly time, calendar.

No streaks and no red: the calendar shows days practised in soft blue, empty days stay plain.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from html import escape

from pendulate.export.svg import (
    GRID,
    INK,
    MUTED,
    SETTLING_COLOUR,
    SUDS_COLOUR,
    fmt,
    legend,
    open_svg,
    polyline,
    scale,
    text,
    y_axis_0_10,
)
from pendulate.export.words import plural
from pendulate.store.trends import PracticeDay, SessionTrend, WeekTotal

CAL_SHADES = ("#f0f1ee", "#cfe3ec", "#9fc6d8", "#6aa3bf", "#3f7f9f")


def tick_labels(moments: list[date | datetime]) -> list[str]:
    """Labels for the sessions under the ticks of a chart, oldest first.

    Dates when every tick falls on a different day; when two share a day, each gets its
    time of day too, so neighbouring labels never read the same. A year is shown only
    when the ticks span more than one.
    """
    days = [m.date() if isinstance(m, datetime) else m for m in moments]
    years = len({d.year for d in days}) > 1
    shared = len(set(days)) < len(days)
    out = []
    for moment, day in zip(moments, days, strict=True):
        label = f"{day:%-d %b %Y}" if years else f"{day:%-d %b}"
        if shared and isinstance(moment, datetime):
            label += f", {moment:%H:%M}"
        out.append(label)
    return out


def date_ticks(moments: Sequence[date | datetime], left: float, right: float, bottom: float) -> list[str]:
    """Up to six labels along the x axis, at sessions spread evenly from the oldest to the newest."""
    if not moments:
        return []
    count = min(6, len(moments))
    positions = [round(i * (len(moments) - 1) / max(1, count - 1)) for i in range(count)]
    labels = tick_labels([moments[p] for p in positions])
    parts = []
    for i, (pos, label) in enumerate(zip(positions, labels, strict=True)):
        x = scale(pos, 0, max(1, len(moments) - 1), left, right)
        # The outermost labels hang inwards so they are never clipped at the edges.
        anchor = "start" if i == 0 else "end" if i == count - 1 else "middle"
        parts.append(text(x, bottom + 16, label, size=10, anchor=anchor, colour=MUTED))
    return parts


def _moments(sessions: list[SessionTrend], starts: Sequence[datetime | None] | None) -> list[date | datetime]:
    """Each session's start when known (to tell sessions of one day apart), else its day."""
    if starts is None:
        return [s.day for s in sessions]
    return [start or s.day for s, start in zip(sessions, starts, strict=True)]


def _nice_max(value: float) -> float:
    for step in (10, 20, 30, 60, 90, 120, 180, 300, 600, 900, 1800, 3600):
        if value <= step:
            return float(step)
    return float(value)


def suds_trend_svg(
    sessions: list[SessionTrend],
    width: int = 760,
    height: int = 220,
    starts: Sequence[datetime | None] | None = None,
) -> str:
    """Peak and end SUDS per session, oldest to newest; ``starts`` are the sessions' local starts."""
    left, right, top, bottom = 34.0, width - 14.0, 30.0, height - 30.0
    parts = [open_svg(width, height, "Peak and end SUDS per session")]
    parts += y_axis_0_10(left, right, top, bottom)
    n = len(sessions)
    dots = n <= 150
    for field, colour, dash in (("end_suds", SETTLING_COLOUR, "5 3"), ("peak_suds", SUDS_COLOUR, "")):
        points = [
            (scale(i, 0, max(1, n - 1), left, right), scale(getattr(s, field), 0, 10, bottom, top))
            for i, s in enumerate(sessions)
            if getattr(s, field) is not None
        ]
        parts.append(polyline(points, colour, width=1.4 if dots else 1.0, dash=dash))
        if dots:
            parts += [f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="2.6" fill="{colour}"/>' for x, y in points]
    parts += date_ticks(_moments(sessions, starts), left, right, bottom)
    parts += legend(left, 14, [("line", SUDS_COLOUR, "peak SUDS"), ("line", SETTLING_COLOUR, "end SUDS")])
    parts.append("</svg>")
    return "".join(parts)


def seconds_trend_svg(
    sessions: list[SessionTrend],
    field: str,
    label: str,
    colour: str = SETTLING_COLOUR,
    width: int = 760,
    height: int = 200,
    starts: Sequence[datetime | None] | None = None,
) -> str:
    """One seconds-valued measure per session (recovery time, tolerated activation length)."""
    left, right, top, bottom = 44.0, width - 14.0, 30.0, height - 30.0
    values = [(i, getattr(s, field)) for i, s in enumerate(sessions) if getattr(s, field) is not None]
    top_value = _nice_max(max([v for _, v in values] + [1.0]))
    parts = [open_svg(width, height, label)]
    for frac in (0, 0.25, 0.5, 0.75, 1):
        y = scale(frac, 0, 1, bottom, top)
        parts.append(f'<line x1="{fmt(left)}" y1="{fmt(y)}" x2="{fmt(right)}" y2="{fmt(y)}" stroke="{GRID}"/>')
        parts.append(text(left - 6, y + 3.5, f"{fmt(top_value * frac)} s", size=10, anchor="end", colour=MUTED))
    n = len(sessions)
    points = [(scale(i, 0, max(1, n - 1), left, right), scale(v, 0, top_value, bottom, top)) for i, v in values]
    parts.append(polyline(points, colour, width=1.2))
    if len(points) <= 150:
        parts += [f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="2.6" fill="{colour}"/>' for x, y in points]
    if not points:
        parts.append(
            text(
                (left + right) / 2,
                (top + bottom) / 2,
                "No sessions with this measure yet",
                anchor="middle",
                colour=MUTED,
            )
        )
    parts += date_ticks(_moments(sessions, starts), left, right, bottom)
    parts.append(text(left, 16, label, size=11, colour=INK))
    parts.append("</svg>")
    return "".join(parts)


def weekly_svg(weeks: list[WeekTotal], width: int = 760, height: int = 180) -> str:
    """Minutes practised per ISO week, as quiet bars (the last 52 weeks shown)."""
    weeks = weeks[-52:]
    left, right, top, bottom = 44.0, width - 14.0, 24.0, height - 30.0
    most = _nice_max(max([w.seconds / 60 for w in weeks] + [10.0]))
    parts = [open_svg(width, height, "Minutes practised per week")]
    for frac in (0, 0.5, 1):
        y = scale(frac, 0, 1, bottom, top)
        parts.append(f'<line x1="{fmt(left)}" y1="{fmt(y)}" x2="{fmt(right)}" y2="{fmt(y)}" stroke="{GRID}"/>')
        parts.append(text(left - 6, y + 3.5, f"{fmt(most * frac)} min", size=10, anchor="end", colour=MUTED))
    slot = min(56.0, (right - left) / max(1, len(weeks)))
    bar = min(slot * 0.7, 34.0)
    for i, week in enumerate(weeks):
        h = scale(week.seconds / 60, 0, most, 0, bottom - top)
        x = left + i * slot + (slot - bar) / 2
        parts.append(
            f'<rect x="{fmt(x)}" y="{fmt(bottom - h)}" width="{fmt(bar)}" height="{fmt(h)}" '
            f'fill="{SETTLING_COLOUR}" fill-opacity="0.75"><title>{escape(week.label)}: '
            f"{round(week.seconds / 60)} min, {plural(week.sessions, 'session')}</title></rect>"
        )
    step = max(1, len(weeks) // 8)
    for i in range(0, len(weeks), step):
        x = left + (i + 0.5) * slot
        parts.append(text(x, bottom + 16, weeks[i].monday.strftime("%d %b"), size=10, anchor="middle", colour=MUTED))
    parts.append("</svg>")
    return "".join(parts)


def calendar_svg(
    days: list[PracticeDay], assigned_days: set[date], last_day: date, weeks: int | None = None, width: int = 760
) -> str:
    """A week-by-day grid (by default the weeks the data spans, 8 to 26); shade = minutes, dot = assigned."""
    by_day = {d.day: d for d in days}
    if weeks is None:
        first = min(by_day, default=last_day)
        weeks = max(8, min(26, (last_day - first).days // 7 + 2))
    cell, gap, left, top = 20.0, 4.0, 40.0, 36.0
    first_monday = last_day - timedelta(days=last_day.weekday()) - timedelta(weeks=weeks - 1)
    height = int(top + 7 * (cell + gap) + 10)
    parts = [open_svg(width, height, f"Days practised in the last {weeks} weeks")]
    for row, name in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
        if name:
            parts.append(text(left - 6, top + row * (cell + gap) + 14, name, size=10, anchor="end", colour=MUTED))
    for col in range(weeks):
        monday = first_monday + timedelta(weeks=col)
        if col % 4 == 0:
            parts.append(text(left + col * (cell + gap), top - 8, monday.strftime("%d %b"), size=10, colour=MUTED))
        for row in range(7):
            day = monday + timedelta(days=row)
            if day > last_day:
                continue
            practice = by_day.get(day)
            minutes = practice.seconds / 60 if practice else 0
            shade = CAL_SHADES[0 if not practice else min(4, 1 + int(minutes // 10))]
            x, y = left + col * (cell + gap), top + row * (cell + gap)
            tip = f"{day.isoformat()}: " + (f"{round(minutes)} min" if practice else "no practice recorded")
            parts.append(
                f'<rect x="{fmt(x)}" y="{fmt(y)}" width="{fmt(cell)}" height="{fmt(cell)}" rx="3" '
                f'fill="{shade}"><title>{escape(tip)}</title></rect>'
            )
            if day in assigned_days:
                parts.append(f'<circle cx="{fmt(x + cell / 2)}" cy="{fmt(y + cell / 2)}" r="3" fill="{INK}"/>')
    parts.append("</svg>")
    return "".join(parts)
