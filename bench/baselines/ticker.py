"""The running baseline: a bare Textual app redrawing a clock once a second (1 Hz set_interval).

It is what a session is compared with for CPU (P2) and memory (P6): the least a timer app
can do. ``--seconds N`` makes it exit by itself (for the headless memory run).
"""

import sys
import time

from textual.app import App, ComposeResult
from textual.widgets import Static

READY_TEXT = "ticker"


class TickerApp(App):
    def __init__(self, seconds: float | None = None) -> None:
        super().__init__()
        self.seconds = seconds

    def compose(self) -> ComposeResult:
        yield Static(READY_TEXT, id="clock")

    def on_mount(self) -> None:
        self.started = time.monotonic()
        self.set_interval(1.0, self.tick)
        if self.seconds is not None:
            self.set_timer(self.seconds, self.exit)

    def tick(self) -> None:
        self.query_one("#clock", Static).update(f"{READY_TEXT} {time.monotonic() - self.started:.0f}")


if __name__ == "__main__":
    TickerApp(float(sys.argv[1]) if len(sys.argv) > 1 else None).run()
