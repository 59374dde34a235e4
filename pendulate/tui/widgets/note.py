"""The check-in's note: a few lines of the person's own words, typed or pasted.

Typed Enter finishes the note (the check-in's common path stays "type, Enter"); a pasted text
keeps its line breaks. Whatever arrives, typed or pasted, the note holds at most
``NOTE_LIMIT`` characters: what would go past it is left out, and :class:`NoteArea.Capped`
says so, so the screen can say it calmly, instead of a paste vanishing without a word.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.document._document import EditResult
from textual.document._edit import Edit
from textual.message import Message
from textual.widgets import TextArea

from pendulate.engine.answers import NOTE_LIMIT
from pendulate.tui.paste import clean_text


class NoteArea(TextArea):
    DEFAULT_CSS = """
    NoteArea { height: auto; min-height: 3; max-height: 8; }
    """

    class Submitted(Message):
        """Enter was typed in the note."""

        def __init__(self, note: NoteArea) -> None:
            super().__init__()
            self.note = note

        @property
        def control(self) -> NoteArea:
            return self.note

    class Capped(Message):
        """Text that would have gone past the limit was left out."""

        def __init__(self, note: NoteArea) -> None:
            super().__init__()
            self.note = note

        @property
        def control(self) -> NoteArea:
            return self.note

    def __init__(self, *, limit: int = NOTE_LIMIT, **kwargs: Any) -> None:
        super().__init__(soft_wrap=True, tab_behavior="focus", highlight_cursor_line=False, **kwargs)
        self.limit = limit

    @property
    def value(self) -> str:
        """The note as typed (the name a one-line field gives it)."""
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        kept = clean_text(text)
        if len(kept) > self.limit:
            kept = kept[: self.limit]
            self.post_message(self.Capped(self))
        self.text = kept
        self.move_cursor(self.document.end)  # as a one-line field: typing goes on at the end

    def edit(self, edit: Edit) -> EditResult:
        """Every change to the text passes here (typing, a paste, an insert): none goes past the limit."""
        replaced = len(self.get_text_range(edit.from_location, edit.to_location))
        room = self.limit - (len(self.text) - replaced)
        if edit.text and len(edit.text) > room:
            edit.text = edit.text[: max(0, room)]
            self.post_message(self.Capped(self))
        return super().edit(edit)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":  # typed: finishes; a newline comes only with a paste
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self))

    async def _on_paste(self, event: events.Paste) -> None:
        # The app cleans every paste already; a note is cleaned here too, wherever it is used.
        event.text = clean_text(event.text)
