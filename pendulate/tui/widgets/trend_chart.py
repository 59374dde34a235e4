"""Trends across sessions, drawn as text: dot charts, weekly bars and a calendar of days practised.

Pure functions from plain lists to rich ``Text`` (no app needed, so they are unit-tested), plus
a small widget that redraws at its own width. Deliberately nothing here counts days "in a row":
the calendar only shows the days practice happened.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from rich.text import Text
from textual.widget import Widget

Series = tuple[str, str, str, Sequence["float | None"]]  # (label, mark, style, values oldest first)
AXIS = 6  # "10:00┤" — y labels are up to five cells
BAR = "▇"
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ASSIGNED_MARK, OTHER_MARK, NONE_MARK = "●", "○", "·"
ASSIGNED_STYLE, OTHER_STYLE = "bold #9fd0a0", "#86b3c9"


def bucket(values: Sequence[float | None], columns: int) -> tuple[list[tuple[int, float | None]], int]:
    """Place ``values`` (oldest first) across ``columns`` columns.

    Few values are spread evenly over the whole width; more values than columns are averaged in
    neighbouring groups. Returns ``(column, value)`` pairs and how many sessions each stands for.
    """
    if columns <= 0 or not values:
        return [], 0
    if len(values) <= columns:
        step = (columns - 1) / max(1, len(values) - 1)
        return [(round(i * step), v) for i, v in enumerate(values)], 1
    per = -(-len(values) // columns)
    out: list[tuple[int, float | None]] = []
    for col, start in enumerate(range(0, len(values), per)):
        known = [v for v in values[start : start + per] if v is not None]
        out.append((col, sum(known) / len(known) if known else None))
    return out, per


def level_row(value: float, maximum: float, rows: int) -> int:
    """The row for ``value`` on a 0..maximum scale: row 0 is the top."""
    if maximum <= 0:
        return rows - 1
    value = max(0.0, min(maximum, value))
    return round((maximum - value) / maximum * (rows - 1))


def dot_chart(
    series: Sequence[Series],
    *,
    maximum: float,
    width: int = 72,
    rows: int = 6,
    label: Callable[[float], str] = lambda v: f"{v:g}",
    first: str = "",
    last: str = "",
) -> Text:
    """Each series as marks over sessions (oldest left); where marks meet, the later series wins.

    ``label`` formats the y-axis values; ``first``/``last`` label the two ends of the x axis.
    """
    columns = max(8, width - AXIS)
    cells: dict[tuple[int, int], tuple[str, str]] = {}
    per = 1
    for _, mark, style, values in series:
        shown, per = bucket(values, columns)
        for col, value in shown:
            if value is not None:
                cells[(level_row(value, maximum, rows), col)] = (mark, style)
    lines = []
    for row in range(rows):
        tag = label(maximum) if row == 0 else label(0) if row == rows - 1 else ""
        line = Text(f"{tag:>{AXIS - 1}}┤", style="dim")
        for col in range(columns):
            mark, style = cells.get((row, col), (" ", ""))
            line.append(mark, style=style)
        line.rstrip()
        lines.append(line)
    if first or last:
        lines.append(Text(" " * AXIS + first + last.rjust(max(1, columns - len(first))), style="dim"))
    legend = Text(" " * AXIS)
    for name, mark, style, _ in series:
        legend.append(mark, style=style)
        legend.append(f" {name}  ")
    if per > 1:
        legend.append(f"(each column is about {per} sessions)", style="dim")
    lines.append(legend)
    return Text("\n").join(lines)


def plain_series(
    series: Sequence[Series], label: Callable[[float], str] = lambda v: f"{v:g}", recent: int = 12
) -> Text:
    """The most recent values of each series as a line of numbers (oldest first)."""
    lines = []
    for name, _, _, values in series:
        known = [label(v) for v in values[-recent:] if v is not None]
        lines.append(f"{name}, last {min(recent, len(values))} sessions: {' '.join(known) or 'none recorded'}")
    return Text("\n".join(lines))


def minutes(seconds: float) -> str:
    """Whole minutes, or seconds under a minute: "42 min", "35 s"."""
    return f"{seconds / 60:.0f} min" if seconds >= 60 else f"{seconds:.0f} s"


def weekly_bars(weeks: Sequence[tuple[date, float, int]], *, width: int = 72, plain: bool = False) -> Text:
    """One line per week (Monday, seconds, sessions), newest last, with a bar scaled to the longest."""
    longest = max((s for _, s, _ in weeks), default=0.0)
    room = max(4, width - 30)
    lines = []
    for monday, seconds, sessions in weeks:
        when = f"week of {monday:%d %b %Y}"
        amount = f"{minutes(seconds)}, {sessions} session{'s' if sessions != 1 else ''}" if sessions else "no practice"
        if plain:
            lines.append(Text(f"{when}: {amount}"))
            continue
        line = Text(f"{monday:%d %b} ", style="dim")
        length = round(seconds / longest * room) if longest else 0
        line.append(BAR * length, style=ASSIGNED_STYLE)
        line.append(f" {amount}")
        lines.append(line)
    return Text("\n").join(lines) if lines else Text("No practice recorded yet.")


def month_header(first_monday: date, weeks: int) -> str:
    """The months over a calendar of ``weeks`` two-cell columns: each name whole ("Oct", never "Oc").

    A month is named over the week it begins in, and the first week over its own month, so
    the grid always says where it starts; a name that would run into the next is left out.
    """
    width = 2 * weeks
    line = [" "] * width
    free = 0  # the first cell a name may use: one blank cell after the name before it
    for week in range(weeks):
        monday = first_monday + timedelta(weeks=week)
        if week and monday.day > 7:
            continue
        name = f"{monday:%b}"
        start = min(2 * week, width - len(name))
        if start < free:
            continue
        following = next((w for w in range(week + 1, weeks) if (first_monday + timedelta(weeks=w)).day <= 7), None)
        if week == 0 and following is not None and 2 * following < len(name) + 1:
            continue  # the first week's month would run into the next month's name
        line[start : start + len(name)] = name
        free = start + len(name) + 1
    return "".join(line)


def calendar(
    assigned: set[date],
    other: set[date],
    last_day: date,
    *,
    weeks: int = 8,
    plain: bool = False,
) -> Text:
    """Days practised over the last ``weeks`` weeks, Monday to Sunday down, weeks across.

    ``assigned``: days with practice of an assigned script; ``other``: days with other practice.
    """
    first_monday = last_day - timedelta(days=last_day.weekday()) - timedelta(weeks=weeks - 1)
    if plain:
        # Only weeks with practice are listed, so the text never dwells on days without it.
        lines = []
        for week in range(weeks):
            monday = first_monday + timedelta(weeks=week)
            days = [monday + timedelta(days=d) for d in range(7)]
            parts = []
            for label, chosen in (("assigned script", assigned), ("other practice", other)):
                names = [DAY_NAMES[d.weekday()] for d in days if d in chosen]
                if names:
                    parts.append(f"{label} {', '.join(names)}")
            if parts:
                lines.append(f"week of {monday:%d %b %Y}: {'; '.join(parts)}")
        return Text("\n".join(lines) or f"No practice in the {weeks} weeks up to {last_day:%d %b %Y}.")
    rows = [Text("     " + month_header(first_monday, weeks).rstrip(), style="dim")]
    for weekday in range(7):
        line = Text(f"{DAY_NAMES[weekday]}  ", style="dim")
        for week in range(weeks):
            day = first_monday + timedelta(weeks=week, days=weekday)
            if day > last_day:
                line.append("  ")
            elif day in assigned:
                line.append(ASSIGNED_MARK + " ", style=ASSIGNED_STYLE)
            elif day in other:
                line.append(OTHER_MARK + " ", style=OTHER_STYLE)
            else:
                line.append(NONE_MARK + " ", style="dim")
        rows.append(line)
    legend = Text()
    legend.append(ASSIGNED_MARK, style=ASSIGNED_STYLE)
    legend.append(" assigned script practised  ")
    legend.append(OTHER_MARK, style=OTHER_STYLE)
    legend.append(" other practice  ")
    legend.append(NONE_MARK, style="dim")
    legend.append(" a day without practice")
    rows.append(legend)
    return Text("\n").join(rows)


class TextBlock(Widget):
    """Redraws a ``width -> Text`` function at the widget's width (for the trend charts)."""

    DEFAULT_CSS = """
    TextBlock { height: auto; width: 1fr; margin-bottom: 1; }
    """

    def __init__(self, draw: Callable[[int], Text], **kwargs) -> None:
        super().__init__(**kwargs)
        self.draw = draw

    def render(self) -> Text:
        return self.draw(self.content_size.width or 72)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.draw(width or 72).wrap(self.app.console, width or 72))
