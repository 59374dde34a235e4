"""A paste is text for the field it lands in, never keys.

A terminal in bracketed-paste mode wraps pasted text in ``ESC[200~`` … ``ESC[201~``. Textual 8's
parser collects it, but an ESC *inside* the text starts an escape sequence that it then gives
back as keys: up to 32 characters after each ESC (or a lone Escape) leave the paste and act on
the screen. A 10,000-character paste with ESC and CRLF in it closed a check-in and drove the
session (hundreds of "more time" and pause keys).

:class:`PasteGuard` stands in front of Textual's parser and takes each bracketed paste out of
the stream whole, before any of it can be read as keys; everything else goes to the parser
untouched. :func:`clean_text` is what pendulate keeps of pasted text, in any field.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

from textual import constants, events
from textual._xterm_parser import XTermParser
from textual.message import Message

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
PASTE_KEPT = 100_000  # characters of one paste kept; far more than any field here holds
# What may begin a marker at the end of a read is held back this long (real seconds) for the
# rest of it: as long as Textual waits after an ESC to tell the Escape key from a sequence.
HOLD_PARTIAL = constants.ESCAPE_DELAY
# A paste whose end marker never comes (a terminal's fault) is taken as ended after this long
# with nothing read, so the keyboard, and the stop key, work again.
PASTE_QUIET = 1.0

# What a paste keeps: text, newlines and tabs. Escape sequences go whole (CSI with its
# parameters, OSC / DCS / APC / PM strings with their terminator, two-character escapes; an
# unterminated string loses only its introducer, never the text after it), then every other
# control character, C1 controls and DEL.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC, DCS, SOS, PM, APC strings, terminated
    r"|\x1b[ -/]*[0-~]?"  # other escapes, and a lone ESC
    r"|\x9b[0-?]*[ -/]*[@-~]?",  # 8-bit CSI
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """``text`` as pendulate keeps pasted text: line ends as ``\\n`` (CRLF and a lone CR
    alike), no escape sequences, no other control characters; tabs and newlines stay."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def _partial(text: str, marker: str) -> int:
    """How many characters at the end of ``text`` could begin ``marker`` (0 if none)."""
    for size in range(min(len(marker) - 1, len(text)), 0, -1):
        if marker.startswith(text[-size:]):
            return size
    return 0


class PasteGuard:
    """Feeds terminal input to ``parser``, but for bracketed pastes: each one becomes a single
    :class:`textual.events.Paste`, and none of its characters reaches the parser.

    Used like the parser itself: :meth:`feed` with each read, :meth:`tick` between reads.
    """

    def __init__(self, parser: XTermParser, clock: Callable[[], float] = time.monotonic) -> None:
        self.parser = parser
        self.clock = clock
        self._held = ""  # the end of the last read, which may begin a marker
        self._held_at = 0.0
        self._paste: list[str] | None = None  # the paste under way
        self._paste_size = 0
        self._read_at = 0.0

    @property
    def in_paste(self) -> bool:
        return self._paste is not None

    def feed(self, data: str) -> Iterator[Message]:
        if not data:  # the end of input
            yield from self._end_paste()
            held, self._held = self._held, ""
            if held:
                yield from self.parser.feed(held)
            yield from self.parser.feed("")
            return
        now = self._read_at = self.clock()
        text, self._held = self._held + data, ""
        while text:
            if self._paste is None:
                start = text.find(PASTE_START)
                if start < 0:
                    keep = _partial(text, PASTE_START)
                    if keep:
                        text, self._held, self._held_at = text[:-keep], text[-keep:], now
                    if text:
                        yield from self.parser.feed(text)
                    return
                if start:
                    yield from self.parser.feed(text[:start])
                self._paste, self._paste_size = [], 0
                text = text[start + len(PASTE_START) :]
            else:
                end = text.find(PASTE_END)
                if end < 0:
                    keep = _partial(text, PASTE_END)
                    if keep:
                        text, self._held, self._held_at = text[:-keep], text[-keep:], now
                    self._take(text)
                    return
                self._take(text[:end])
                yield from self._end_paste()
                text = text[end + len(PASTE_END) :]

    def tick(self) -> Iterator[Message]:
        now = self.clock()
        if self._paste is not None and now - self._read_at >= PASTE_QUIET:
            held, self._held = self._held, ""
            self._take(held)
            yield from self._end_paste()
        elif self._held and self._paste is None and now - self._held_at >= HOLD_PARTIAL:
            held, self._held = self._held, ""
            if held == "\x1b":
                # Nothing followed it: the Escape key, after the same wait Textual's parser makes.
                yield events.Key("escape", "\x1b")
            else:
                yield from self.parser.feed(held)
        yield from self.parser.tick()

    def _take(self, text: str) -> None:
        assert self._paste is not None, "only inside a paste"
        room = PASTE_KEPT - self._paste_size
        if text and room > 0:
            self._paste.append(text[:room])
            self._paste_size += min(len(text), room)

    def _end_paste(self) -> Iterator[Message]:
        if self._paste is None:
            return
        text, self._paste = "".join(self._paste), None
        yield events.Paste(text.replace("\x00", ""))
