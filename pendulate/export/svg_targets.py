"""A small SVG chart per homework target over time: an urge's 0-5, yes/no marks, skills marked.

One point, mark or bar per answer, oldest on the left, as the other trend charts. No red and
nothing that scores: a "yes" is a filled mark, a "no" an open one, in the same quiet colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from pendulate.export.svg import GRID, MUTED, SETTLING_COLOUR, fmt, open_svg, polyline, scale, text
from pendulate.export.svg_trends import date_ticks
from pendulate.store.personal import TrackedAnswer

WIDTH, HEIGHT = 760, 150
ACTED_HEIGHT = 80
URGE_TOP = 5


def _frame(label: str, height: int = HEIGHT) -> tuple[list[str], float, float, float, float]:
    left, right, top, bottom = 44.0, WIDTH - 14.0, 18.0, height - 30.0
    return [open_svg(WIDTH, height, label)], left, right, top, bottom


def _x(i: int, n: int, left: float, right: float) -> float:
    return scale(i, 0, max(1, n - 1), left, right) if n > 1 else (left + right) / 2


def _tip(answer: TrackedAnswer, words: str) -> str:
    return f"<title>{escape(f'{answer.day:%-d %b %Y}: {words}')}</title>"


def _urge(answers: Sequence[TrackedAnswer], label: str) -> list[str]:
    parts, left, right, top, bottom = _frame(label)
    for level in range(URGE_TOP + 1):
        y = scale(level, 0, URGE_TOP, bottom, top)
        parts.append(f'<line x1="{fmt(left)}" y1="{fmt(y)}" x2="{fmt(right)}" y2="{fmt(y)}" stroke="{GRID}"/>')
        parts.append(text(left - 6, y + 3.5, str(level), size=10, anchor="end", colour=MUTED))
    n = len(answers)
    values = [a.value if isinstance(a.value, int) else 0 for a in answers]
    points = [(_x(i, n, left, right), scale(v, 0, URGE_TOP, bottom, top)) for i, v in enumerate(values)]
    parts.append(polyline(points, SETTLING_COLOUR, width=1.2))
    if n <= 150:
        parts += [
            f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="2.6" fill="{SETTLING_COLOUR}">{_tip(a, f"{v} of 5")}</circle>'
            for (x, y), a, v in zip(points, answers, values, strict=True)
        ]
    return parts + _ticks(answers, left, right, bottom)


def _acted(answers: Sequence[TrackedAnswer], label: str) -> list[str]:
    parts, left, right, top, bottom = _frame(label, ACTED_HEIGHT)
    n = len(answers)
    y = (top + bottom) / 2 + 2
    size = max(3.0, min(9.0, (right - left) / max(1, n) * 0.7))
    parts.append(f'<line x1="{fmt(left)}" y1="{fmt(y)}" x2="{fmt(right)}" y2="{fmt(y)}" stroke="{GRID}"/>')
    for i, a in enumerate(answers):
        x = _x(i, n, left, right)
        fill = f'fill="{SETTLING_COLOUR}"' if a.value else f'fill="#fff" stroke="{SETTLING_COLOUR}"'
        parts.append(
            f'<rect x="{fmt(x - size / 2)}" y="{fmt(y - size / 2)}" width="{fmt(size)}" height="{fmt(size)}" '
            f'rx="1.5" {fill}>{_tip(a, "yes" if a.value else "no")}</rect>'
        )
    for x, words, fill in ((left, "yes", SETTLING_COLOUR), (left + 52, "no", "#fff")):
        parts.append(
            f'<rect x="{fmt(x)}" y="4" width="9" height="9" rx="1.5" fill="{fill}" stroke="{SETTLING_COLOUR}"/>'
        )
        parts.append(text(x + 14, 12, words, size=10, colour=MUTED))
    return parts + _ticks(answers, left, right, bottom)


def _skills(answers: Sequence[TrackedAnswer], label: str, offered: int) -> list[str]:
    parts, left, right, top, bottom = _frame(label)
    most = max([offered, 1] + [len(a.value) for a in answers if isinstance(a.value, tuple)])
    for level in range(most + 1) if most <= 6 else sorted({0, most // 2, most}):
        y = scale(level, 0, most, bottom, top)
        parts.append(f'<line x1="{fmt(left)}" y1="{fmt(y)}" x2="{fmt(right)}" y2="{fmt(y)}" stroke="{GRID}"/>')
        parts.append(text(left - 6, y + 3.5, str(level), size=10, anchor="end", colour=MUTED))
    n = len(answers)
    slot = (right - left) / max(1, n)
    bar = max(1.0, min(slot * 0.7, 24.0))
    for i, a in enumerate(answers):
        marked = a.value if isinstance(a.value, tuple) else ()
        h = scale(len(marked), 0, most, 0, bottom - top)
        x = left + i * slot + (slot - bar) / 2
        words = ", ".join(marked) if marked else "none marked"
        parts.append(
            f'<rect x="{fmt(x)}" y="{fmt(bottom - h)}" width="{fmt(bar)}" height="{fmt(max(h, 0.8))}" '
            f'fill="{SETTLING_COLOUR}" fill-opacity="0.75">{_tip(a, words)}</rect>'
        )
    return parts + _ticks(answers, left, right, bottom)


def _ticks(answers: Sequence[TrackedAnswer], left: float, right: float, bottom: float) -> list[str]:
    days: list[date] = [a.day for a in answers]
    if len(days) == 1:
        return [text((left + right) / 2, bottom + 16, f"{days[0]:%-d %b %Y}", size=10, anchor="middle", colour=MUTED)]
    return date_ticks(days, left, right, bottom)


def target_svg(kind: str, answers: Sequence[TrackedAnswer], name: str, offered: int = 0) -> str:
    """The chart of one target's answers (oldest first); ``offered``: how many skills the homework lists."""
    if kind == "urge":
        parts = _urge(answers, f"{name}: 0 to 5, each answer")
    elif kind == "acted":
        parts = _acted(answers, f"{name}: yes or no, each answer")
    else:
        parts = _skills(answers, f"{name}: how many skills were marked, each answer", offered)
    parts.append("</svg>")
    return "".join(parts)
