"""The within-session pendulation chart, drawn as text.

SUDS and settling over session time on a 0–10 grid, activation and resource-type phases shaded as
calm bands, a glyph row and labels under the bands (so colour is never the only cue), check-ins
marked and titration changes written out underneath. :func:`render_pendulation` is pure: plain
data in, rich ``Text`` out, so it is tested without an app. In plain (accessible) mode the chart
becomes lines of numbers a screen reader can follow.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.widget import Widget

from pendulate.script.model import RESOURCE_KINDS
from pendulate.tui.kinds import look

Point = tuple[float, "int | None", "int | None"]  # (seconds into session, SUDS, settling)
Phase = tuple[float, "float | None", str]  # (start s, end s or None while open, kind)
Change = tuple[float, str, str]  # (seconds into session, rule or tag, message)

# Dim, calm backgrounds that still read against the nord theme; the glyph row repeats the cue.
BAND_STYLES = {"activation": "on #46342d", "resource": "on #243a3d", "other": ""}
SUDS_STYLE = "bold #e3a58b"
SETTLING_STYLE = "bold #9fd0a0"
BOTH_STYLE = "bold #e8d8a0"
MARK_STYLE = "#d8c98f"
SUDS_MARK, SETTLING_MARK, BOTH_MARK, CHECKIN_MARK = "●", "■", "✱", "✎"
AXIS = 4  # "10 ┤" in front of every grid row
MIN_COLUMNS = 10


def band_of(kind: str) -> str:
    """Which shading a phase kind gets: "activation", "resource" (resource-type) or "other"."""
    if kind == "activation":
        return "activation"
    return "resource" if kind in RESOURCE_KINDS else "other"


def span_of(points: Iterable[Point], phases: Iterable[Phase], total: float | None = None) -> float:
    """The chart's time span: the longest of ``total``, every phase end and check-in, at least a minute."""
    ends = [p[1] if p[1] is not None else p[0] for p in phases] + [p[0] for p in points]
    return max([total or 0.0, *ends, 60.0])


def column_at(t: float, total: float, columns: int) -> int:
    """The grid column a moment falls in (each column covers ``total / columns`` seconds)."""
    if total <= 0:
        return 0
    return max(0, min(columns - 1, int(t / total * columns)))


def row_at(value: float, rows: int) -> int:
    """The grid row for a 0–10 rating: row 0 is 10 (top), row ``rows - 1`` is 0."""
    value = max(0.0, min(10.0, value))
    return round((10 - value) / 10 * (rows - 1))


def phase_columns(phases: Sequence[Phase], total: float, columns: int) -> list[str | None]:
    """The phase kind shown in each column; None where no phase ran.

    Activation is painted last, so even a ten-second touch in a long session keeps a column.
    """
    out: list[str | None] = [None] * columns
    ordered = [p for p in phases if p[2] != "checkin" and p[2] != "activation"]
    ordered += [p for p in phases if p[2] == "activation"]
    for start, end, kind in ordered:
        stop = total if end is None else end
        first = column_at(start, total, columns)
        last = max(first, column_at(max(start, stop - 1e-6), total, columns))
        for col in range(first, last + 1):
            out[col] = kind
    return out


def mmss(seconds: float) -> str:
    """``m:ss`` to the nearest second, for axis labels and plain lines."""
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def _grid(points: Sequence[Point], kinds: list[str | None], total: float, rows: int) -> list[Text]:
    columns = len(kinds)
    cells: dict[tuple[int, int], tuple[str, str]] = {}
    for t, suds, settling in points:
        col = column_at(t, total, columns)
        if settling is not None:
            cells[(row_at(settling, rows), col)] = (SETTLING_MARK, SETTLING_STYLE)
        if suds is not None:
            key = (row_at(suds, rows), col)
            both = key in cells and cells[key][0] == SETTLING_MARK
            cells[key] = (BOTH_MARK, BOTH_STYLE) if both else (SUDS_MARK, SUDS_STYLE)
    lines = []
    labelled = {0: "10", row_at(5, rows): " 5", rows - 1: " 0"}
    for row in range(rows):
        line = Text(f"{labelled.get(row, '  ')} ┤", style="dim")
        for col, kind in enumerate(kinds):
            band = BAND_STYLES[band_of(kind)] if kind else ""
            char, style = cells.get((row, col), (" ", ""))
            line.append(char, style=f"{style} {band}".strip())
        lines.append(line)
    return lines


def _glyph_row(kinds: list[str | None]) -> Text:
    line = Text(" " * AXIS)
    for kind in kinds:
        if kind is None:
            line.append(" ")
            continue
        item = look(kind)
        line.append(item.symbol, style=f"{item.colour} {BAND_STYLES[band_of(kind)]}".strip())
    return line


def _label_row(kinds: list[str | None]) -> Text:
    """The kind's word written at the start of each band wide enough to hold it."""
    chars = [" "] * len(kinds)
    col = 0
    while col < len(kinds):
        kind, end = kinds[col], col
        while end < len(kinds) and kinds[end] == kind:
            end += 1
        if kind is not None and end - col > len(look(kind).label):
            chars[col : col + len(look(kind).label)] = look(kind).label
        col = end
    return Text(" " * AXIS + "".join(chars).rstrip(), style="dim")


def _marks_row(points: Sequence[Point], changes: Sequence[Change], total: float, columns: int) -> Text:
    chars = [" "] * columns
    for t, _, _ in points:
        chars[column_at(t, total, columns)] = CHECKIN_MARK
    for t, tag, _ in changes:
        col = min(column_at(t, total, columns), columns - len(tag))
        chars[col : col + len(tag)] = tag
    return Text(" " * AXIS + "".join(chars).rstrip(), style=MARK_STYLE)


def _time_row(total: float, columns: int) -> Text:
    end = mmss(total)
    middle = mmss(total / 2)
    chars = list(("0:00").ljust(columns))
    mid = columns // 2 - len(middle) // 2
    if mid > 5 and mid + len(middle) < columns - len(end) - 1:
        chars[mid : mid + len(middle)] = middle
    chars[columns - len(end) :] = end
    return Text(" " * AXIS + "".join(chars), style="dim")


def _legend(kinds: list[str | None]) -> Text:
    line = Text("    ")
    line.append(SUDS_MARK, style=SUDS_STYLE)
    line.append(" SUDS  ")
    line.append(SETTLING_MARK, style=SETTLING_STYLE)
    line.append(" settling  ")
    line.append(BOTH_MARK, style=BOTH_STYLE)
    line.append(" both  ")
    line.append(CHECKIN_MARK, style=MARK_STYLE)
    line.append(" check-in")
    line.append("\n" + " " * AXIS)
    for kind in dict.fromkeys(k for k in kinds if k):
        item = look(kind)
        line.append(item.symbol, style=f"{item.colour} {BAND_STYLES[band_of(kind)]}".strip())
        line.append(f" {item.label}  ")
    line.rstrip()
    return line


def _plain(points: Sequence[Point], phases: Sequence[Phase], changes: Sequence[Change], total: float) -> Text:
    lines = [f"Session time 0:00 to {mmss(total)}.", "Phases:"]
    for start, end, kind in phases:
        if kind != "checkin":
            until = mmss(end) if end is not None else "end"
            side = {"activation": " (activation)", "resource": " (resource-type)"}.get(band_of(kind), "")
            lines.append(f"  {mmss(start)} to {until}  {look(kind).ascii} {look(kind).label}{side}")
    lines.append("Check-ins (time, SUDS, settling):" if points else "No check-ins were recorded.")
    for t, suds, settling in points:
        shown = ["-" if v is None else str(v) for v in (suds, settling)]
        lines.append(f"  {mmss(t)}  SUDS {shown[0]}  settling {shown[1]}")
    if changes:
        lines.append("What changed:")
        lines.extend(f"  {mmss(t)}  {tag}  {message}" for t, tag, message in changes)
    return Text("\n".join(lines))


def render_pendulation(
    points: Sequence[Point],
    phases: Sequence[Phase],
    changes: Sequence[Change] = (),
    *,
    width: int = 72,
    rows: int = 11,
    total: float | None = None,
    plain: bool = False,
) -> Text:
    """The chart for one session as rich ``Text``, ``width`` cells wide.

    ``points`` are check-ins, ``phases`` the phases as run (check-in phases are ignored),
    ``changes`` titration changes and other marked moments. ``rows`` is the grid height.
    """
    span = span_of(points, phases, total)
    if plain:
        return _plain(points, phases, changes, span)
    columns = max(MIN_COLUMNS, width - AXIS)
    kinds = phase_columns(phases, span, columns)
    lines = _grid(points, kinds, span, max(3, rows))
    lines += [
        _glyph_row(kinds),
        _label_row(kinds),
        _marks_row(points, changes, span, columns),
        _time_row(span, columns),
        _legend(kinds),
    ]
    for t, tag, message in changes:
        note = Text(f"{tag} at {mmss(t)}: ", style="bold")
        note.append(message, style="")
        lines.append(note)
    return Text("\n").join(lines)


class PendulationChart(Widget):
    """Shows :func:`render_pendulation` at the widget's width; shorter grid on small screens."""

    DEFAULT_CSS = """
    PendulationChart { height: auto; width: 1fr; }
    """

    def __init__(
        self,
        points: Sequence[Point],
        phases: Sequence[Phase],
        changes: Sequence[Change] = (),
        total: float | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.points, self.phases, self.changes, self.total = list(points), list(phases), list(changes), total

    def chart(self, width: int) -> Text:
        """The chart at ``width`` cells; a shorter grid when the terminal is short."""
        rows = 11 if self.app.size.height >= 28 else 6
        return render_pendulation(
            self.points,
            self.phases,
            self.changes,
            width=width or 72,
            rows=rows,
            total=self.total,
            plain=getattr(self.app, "plain", False),
        )

    def render(self) -> Text:
        return self.chart(self.content_size.width)

    def get_content_height(self, container, viewport, width: int) -> int:
        # Height follows the text at the width it will really get (the legend may wrap).
        return len(self.chart(width).wrap(self.app.console, width or 72))
