"""For a line drawn from one mark (a fill, a marker, a dot): redraw only when the mark moves.

A session moves these marks a little every second, but the picture changes only when a mark
crosses into another cell of the terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from textual.widget import Widget


class RedrawsByCell:
    """Mix into a widget; call :meth:`show_cell` with the mark's cell whenever its value moves."""

    _drawn_cell = -1  # the cell the last drawing put the mark in

    def show_cell(self, cell: int) -> None:
        if cell != self._drawn_cell:
            self._drawn_cell = cell
            cast("Widget", self).refresh()  # mixed into a widget

    def drawn_at(self, cell: int) -> int:
        """Note where ``render`` is putting the mark (a resize moves it too); returns ``cell``."""
        self._drawn_cell = cell
        return cell
