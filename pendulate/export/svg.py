"""Pure SVG builders for the report: the within-session pendulation chart and shared pieces.

Every function returns a self-contained ``<svg>`` string: no scripts, no external fonts or
images, all text escaped. Colours are calm and print well in grey: warm bands for activation,
cool bands for resource-type phases, a terracotta SUDS line and a blue settling line.
"""

from __future__ import annotations

from html import escape

from pendulate.script.model import RESOURCE_KINDS
from pendulate.store.queries import SessionDetail

INK = "#33393f"
MUTED = "#7a8288"
GRID = "#e3e5e6"
WARM_BAND = "#f7e1cf"
COOL_BAND = "#dcebf2"
NEUTRAL_BAND = "#f1f1ed"
SUDS_COLOUR = "#b4532a"
SETTLING_COLOUR = "#2e6f8e"
MARK_COLOUR = "#8a6d3b"
FONT = 'font-family="Helvetica, Arial, sans-serif"'
LABEL_CHAR = 5.6  # about how wide a character of a 9 px bold label is, in pixels
LABEL_ROW = 10.0  # the second row of mark labels sits this much higher


def fmt(value: float) -> str:
    """Short coordinates keep the file small."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def scale(value: float, lo: float, hi: float, out_lo: float, out_hi: float) -> float:
    if hi == lo:
        return (out_lo + out_hi) / 2
    return out_lo + (value - lo) * (out_hi - out_lo) / (hi - lo)


def text(
    x: float,
    y: float,
    content: str,
    *,
    size: int = 11,
    anchor: str = "start",
    colour: str = INK,
    weight: str = "normal",
) -> str:
    return (
        f'<text x="{fmt(x)}" y="{fmt(y)}" font-size="{size}" text-anchor="{anchor}" fill="{colour}" '
        f'font-weight="{weight}">{escape(content)}</text>'
    )


def open_svg(width: int, height: int, label: str) -> str:
    return (
        # No xmlns: the SVG is inline in HTML5, where it is implied, and the report must not
        # contain a single URL.
        f'<svg width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" {FONT}>'
        f"<title>{escape(label)}</title>"
    )


def polyline(points: list[tuple[float, float]], colour: str, width: float = 1.8, dash: str = "") -> str:
    if len(points) < 2:
        return ""
    coords = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)
    dashing = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="{width}" '
        f'stroke-linejoin="round"{dashing}/>'
    )


def y_axis_0_10(left: float, right: float, top: float, bottom: float) -> list[str]:
    """Horizontal grid lines and labels for a 0-10 rating scale."""
    parts = []
    for value in (0, 2, 4, 6, 8, 10):
        y = scale(value, 0, 10, bottom, top)
        parts.append(f'<line x1="{fmt(left)}" y1="{fmt(y)}" x2="{fmt(right)}" y2="{fmt(y)}" stroke="{GRID}"/>')
        parts.append(text(left - 6, y + 3.5, str(value), size=10, anchor="end", colour=MUTED))
    return parts


def minute_ticks(total_s: float) -> list[float]:
    """Tick positions in seconds at a friendly minute step."""
    minutes = total_s / 60
    step = next((s for s in (1, 2, 5, 10, 15, 30, 60) if minutes / s <= 10), 120)
    return [m * 60.0 for m in range(0, int(minutes) + 1, step)]


def band_colour(kind: str) -> str:
    if kind == "activation":
        return WARM_BAND
    if kind in RESOURCE_KINDS:
        return COOL_BAND
    return NEUTRAL_BAND


def legend(x: float, y: float, items: list[tuple[str, str, str]]) -> list[str]:
    """A one-line legend; items are (shape, colour, label) with shape "line" or "box"."""
    parts = []
    for shape, colour, label in items:
        if shape == "box":
            parts.append(f'<rect x="{fmt(x)}" y="{fmt(y - 9)}" width="12" height="10" fill="{colour}"/>')
        else:
            parts.append(
                f'<line x1="{fmt(x)}" y1="{fmt(y - 4)}" x2="{fmt(x + 14)}" y2="{fmt(y - 4)}" '
                f'stroke="{colour}" stroke-width="2.2"/>'
            )
        parts.append(text(x + 18, y, label, size=10, colour=MUTED))
        x += 26 + 6.2 * len(label)
    return parts


def _extent(x: float, label: str, left: float, right: float) -> tuple[float, float, str]:
    """Where a mark's label sits (from, to) and how it is anchored; near an edge it hangs inwards."""
    width = LABEL_CHAR * len(label)
    if x + width / 2 > right:
        return x - width, x, "end"
    if x - width / 2 < left:
        return x, x + width, "start"
    return x - width / 2, x + width / 2, "middle"


def mark_labels(marks: list[tuple[float, list[str]]], left: float, right: float, y: float) -> list[str]:
    """A label over each mark, on two rows so neighbouring marks keep their own label; a mark
    whose label would overlap on both rows shares the lower row's last label ("R6 · support")."""
    rows: tuple[list[tuple[float, list[str]]], list[tuple[float, list[str]]]] = ([], [])
    for x, tags in marks:
        start, _, _ = _extent(x, " · ".join(tags), left, right)
        for row in rows:
            if not row or start >= _extent(row[-1][0], " · ".join(row[-1][1]), left, right)[1] + 4:
                row.append((x, list(tags)))
                break
        else:
            rows[0][-1][1].extend(t for t in tags if t not in rows[0][-1][1])
    parts = []
    for offset, row in zip((0.0, -LABEL_ROW), rows, strict=True):
        for x, tags in row:
            label = " · ".join(tags)
            _, _, anchor = _extent(x, label, left, right)
            parts.append(text(x, y + offset, label, size=9, anchor=anchor, colour=MARK_COLOUR, weight="bold"))
    return parts


def pendulation_svg(detail: SessionDetail, width: int = 760, height: int = 240) -> str:
    """SUDS and settling over session time, phases shaded, check-ins marked, titration annotated."""
    left, right, top, bottom = 34.0, width - 14.0, 44.0, height - 30.0
    ends = [p.end_s or p.start_s for p in detail.phases] + [c.t_s for c in detail.checkins]
    total = max([detail.elapsed_s or 0.0, *ends, 60.0])

    def x_at(t: float) -> float:
        return scale(t, 0, total, left, right)

    def y_at(v: float) -> float:
        return scale(v, 0, 10, bottom, top)

    label = f"Pendulation chart for session {detail.summary.id} ({detail.summary.script_id})"
    parts = [open_svg(width, height, label)]
    for phase in detail.phases:
        if phase.kind == "checkin":
            continue
        x0, x1 = x_at(phase.start_s), x_at(phase.end_s if phase.end_s is not None else total)
        parts.append(
            f'<rect x="{fmt(x0)}" y="{fmt(top)}" width="{fmt(max(0.8, x1 - x0))}" height="{fmt(bottom - top)}" '
            f'fill="{band_colour(phase.kind)}"><title>{escape(phase.kind)}: {escape(phase.title)}</title></rect>'
        )
    parts += y_axis_0_10(left, right, top, bottom)
    for tick in minute_ticks(total):
        x = x_at(tick)
        parts.append(f'<line x1="{fmt(x)}" y1="{fmt(bottom)}" x2="{fmt(x)}" y2="{fmt(bottom + 4)}" stroke="{MUTED}"/>')
        parts.append(text(x, bottom + 16, f"{int(tick // 60)} min", size=10, anchor="middle", colour=MUTED))
    pause_start = None
    marks: list[tuple[float, list[str]]] = []  # (x, tags): marks a few pixels apart share one label
    for event in detail.events:
        x = x_at(event.t_s)
        if event.type == "paused":
            pause_start = x
        elif event.type == "resumed" and pause_start is not None:
            parts.append(
                f'<rect x="{fmt(pause_start)}" y="{fmt(top)}" width="{fmt(max(1, x - pause_start))}" '
                f'height="{fmt(bottom - top)}" fill="#ffffff" fill-opacity="0.6" stroke="{GRID}"/>'
            )
            parts.append(text((pause_start + x) / 2, top + 12, "pause", size=9, anchor="middle", colour=MUTED))
            pause_start = None
        elif event.type in ("titration", "grounding", "crisis", "touch-ended"):
            tag = event.rule or {"grounding": "ground", "crisis": "support", "touch-ended": "enough"}[event.type]
            parts.append(
                f'<line x1="{fmt(x)}" y1="{fmt(top - 4)}" x2="{fmt(x)}" y2="{fmt(bottom)}" '
                f'stroke="{MARK_COLOUR}" stroke-dasharray="3 3"/>'
            )
            marks.append((x, [tag]))
    parts += mark_labels(marks, left, right, top - 7)
    for field, colour, dash in (("settling", SETTLING_COLOUR, "5 3"), ("suds", SUDS_COLOUR, "")):
        points = [(x_at(c.t_s), y_at(getattr(c, field))) for c in detail.checkins if getattr(c, field) is not None]
        parts.append(polyline(points, colour, dash=dash))
        for x, y in points:
            if field == "suds":
                parts.append(f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="3.4" fill="{colour}"/>')
            else:
                parts.append(
                    f'<rect x="{fmt(x - 3)}" y="{fmt(y - 3)}" width="6" height="6" fill="#fff" '
                    f'stroke="{colour}" stroke-width="1.6"/>'
                )
    for c in detail.checkins:
        if c.zone in ("above", "below"):
            y = y_at(c.suds if c.suds is not None else 5)
            x = x_at(c.t_s)
            if x + 35 > right:  # near the right edge the word goes to the left of its point
                parts.append(text(x - 5, y - 6, c.zone, size=9, anchor="end", colour=MUTED))
            else:
                parts.append(text(x + 5, y - 6, c.zone, size=9, colour=MUTED))
    parts.append(f'<line x1="{fmt(left)}" y1="{fmt(bottom)}" x2="{fmt(right)}" y2="{fmt(bottom)}" stroke="{MUTED}"/>')
    parts += legend(
        left,
        14,
        [
            ("line", SUDS_COLOUR, "SUDS (distress 0-10)"),
            ("line", SETTLING_COLOUR, "settling 0-10"),
            ("box", WARM_BAND, "activation"),
            ("box", COOL_BAND, "resource / return"),
            ("box", NEUTRAL_BAND, "orienting"),
        ],
    )
    parts.append("</svg>")
    return "".join(parts)
