"""Textual's Linux / macOS terminal driver, reading its input through :class:`PasteGuard`.

Only the input thread differs from Textual's own: the same reads, decoding and hand-over to
the app, with the paste guard in front of the parser (see :mod:`pendulate.tui.paste`).
"""

from __future__ import annotations

import contextlib
import os
import selectors
from codecs import getincrementaldecoder

from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from pendulate.tui.paste import PasteGuard

READ_SIZE = 4096  # bytes per read, as Textual reads
SELECT_TIMEOUT = 0.1  # seconds between ticks with nothing to read (escape and paste timeouts)


class PendulateDriver(LinuxDriver):
    def run_input_thread(self) -> None:
        """Read the terminal until the app exits; every message goes to the app in order."""
        guard = PasteGuard(XTermParser(self._debug))
        decode = getincrementaldecoder("utf-8")().decode
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)

        def read_ready(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for position, (_key, mask) in enumerate(ready):
                if not mask & selectors.EVENT_READ:
                    continue
                data = decode(os.read(self.fileno, READ_SIZE), final=final and position == len(ready) - 1)
                if not data:
                    break  # stdin is a pipe that was closed
                for message in guard.feed(data):
                    self.process_message(message)
            for message in guard.tick():
                self.process_message(message)

        try:
            while not self.exit_event.is_set():
                read_ready(selector.select(SELECT_TIMEOUT))
            selector.unregister(self.fileno)
            read_ready(selector.select(SELECT_TIMEOUT), final=True)
        finally:
            selector.close()
            # The input has ended: let the parser finish, and send nothing more to the app. A
            # parser already at its end says so (as Textual's own driver allows).
            with contextlib.suppress(EOFError, ParseError):
                list(guard.feed(""))
