"""Small builders shared by the engine tests."""

from __future__ import annotations

from pendulate.engine.clock import FakeClock
from pendulate.engine.session import Session
from pendulate.plan.build import build_plan
from pendulate.script.model import CheckinSpec, Params, Phase, Prompt, Repeat, Script


def pendulation_script(cycles: int = 3, touch: float = 20, back: float = 45) -> Script:
    return Script(
        id="test-pendulation",
        title="Test pendulation",
        version="1",
        phases=(
            Phase("ground", "Feet", 60, prompts=(Prompt(0, "feet"), Prompt(30, "press"))),
            Phase("resource", "Resource", 90),
            Repeat(
                cycles,
                (
                    Phase("activation", "Touch", touch, checkin=CheckinSpec(("suds", "settling"))),
                    Phase("return", "Return", back),
                ),
            ),
            Phase("discharge", "Discharge", 60),
            Phase("orient", "Room", 60),
        ),
    )


def make_session(script: Script | None = None, params: Params | None = None, clock: FakeClock | None = None):
    clock = clock or FakeClock()
    script = script or pendulation_script()
    session = Session(build_plan(script), params=params or script.params, clock=clock)
    return session, clock


def run_until_checkin_or_end(session: Session, clock: FakeClock) -> list:
    """Advance the fake clock from due time to due time until the session waits or ends."""
    out = list(session.advance())
    while not session.finished and not session.awaiting_checkin:
        due = session.next_due()
        assert due is not None, "a running timed phase always has something due"
        clock.set(due)
        out += session.advance()
    return out
