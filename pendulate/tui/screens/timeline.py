"""A script's planned timeline, phase by phase, before practising it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from pendulate.plan.build import build_plan
from pendulate.script.model import Script
from pendulate.tui.kinds import badge, clock_text
from pendulate.tui.screens import SCREENS_CSS, PendulateModal


def timeline_text(script: Script, plain: bool) -> Text:
    plan = build_plan(script)
    text = Text()
    for start, step in zip(plan.starts, plan.steps, strict=False):
        text.append(f"{clock_text(start):>7}  ", style="dim")
        if step.is_checkin:
            text.append(f"{badge('checkin', plain)}  {step.title}\n", style="italic")
            continue
        text.append(f"{badge(step.kind, plain):<14}{clock_text(step.duration):>6}  {step.title}\n")
    text.append(
        f"\n  total {clock_text(plan.total)}" + (" plus open-ended time" if plan.has_open_end else ""), style="bold"
    )
    return text


class TimelineScreen(PendulateModal[None]):
    CSS_PATH = SCREENS_CSS
    BINDINGS = [
        Binding("escape", "close", "close"),
        Binding("c", "app.crisis", "crisis help"),
        Binding("s", "close", "close", show=False),
    ]

    def __init__(self, script: Script) -> None:
        super().__init__()
        self.script = script

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="timeline-box"):
            yield Static(Text(self.script.title), id="timeline-title")  # script text is never markup
            yield Static(timeline_text(self.script, self.app.plain))
            yield Static("Esc: close", classes="dim")

    def action_close(self) -> None:
        self.dismiss(None)
