"""The practice screen's big countdown: Textual's Digits, drawn through the line API.

It changes every second of every session. Digits renders a Rich renderable each time, which
Textual then lays out as content; here each of the three rows is cut from the same glyphs
directly, so a second costs a few string joins.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.renderables.digits import DIGITS, DIGITS3X3, DIGITS3X3_BOLD
from textual.renderables.digits import Digits as DigitsRenderable
from textual.strip import Strip
from textual.widgets import Digits


class Countdown(Digits):
    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.rich_style
        if not 0 <= y < 3:
            return Strip.blank(width, style)
        glyphs = DIGITS3X3_BOLD if style.bold else DIGITS3X3
        row = []
        for character in self.value.translate(DigitsRenderable.REPLACEMENTS):
            position = DIGITS.find(character)
            if position < 0:  # drawn on the bottom row as itself, as Digits does
                row.append(character if y == 2 else " ")
            else:
                row.append(glyphs[position * 3 + y].ljust(3))
        text = "".join(row)
        room = max(0, width - len(text))
        align = self.styles.text_align
        left = room if align == "right" else room // 2 if align == "center" else 0
        return Strip(
            [Segment(" " * left, style), Segment(text, style), Segment(" " * (room - left), style)], width
        ).crop(0, width)
