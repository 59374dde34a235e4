"""Building the app for Pilot tests: fake clock, recording player, store in a temp folder."""

from __future__ import annotations

from pendulate.audio import RecordingPlayer
from pendulate.engine.clock import FakeClock
from pendulate.script import library
from pendulate.script.model import CheckinSpec, Phase, Prompt, Script
from pendulate.settings import Settings
from pendulate.tui.factory import build_app
from pendulate.tui.screens.session import SessionScreen

SHORT = Script(
    id="short-test",
    title="Short test",
    version="1",
    description="A very short script used by the tests.",
    phases=(
        Phase("ground", "Feet on the floor", 20, prompts=(Prompt(0, "Feel your feet."),)),
        Phase(
            "activation",
            "A small touch",
            15,
            prompts=(Prompt(0, "Approach from the edge."),),
            checkin=CheckinSpec(("suds", "settling")),
        ),
        Phase("resource", "Back to the resource", 40),
        Phase("orient", "The room", 20),
    ),
)


def make_app(
    *,
    start=None,
    store=None,
    plain=False,
    scripts=None,
    clock=None,
    settings=None,
    wall_clock=None,
    welcomed=True,
    screened=True,
    speech=False,
    eyes_closed=False,
    clip_maker=None,
):
    """The app with a fake clock; by default the welcome was accepted and screening was clear.

    Nothing is spoken unless a test asks (``speech``, ``eyes_closed``; ``clip_maker`` makes the
    clips, instead of a speech engine)."""
    clock = clock or FakeClock()
    player = RecordingPlayer(clock)
    app = build_app(
        clock=clock,
        player=player,
        store=store,
        settings=settings or Settings(),
        scripts=scripts or (lambda: [SHORT, *library.builtin_scripts()]),
        start_script=start,
        plain=plain,
        reduced_motion=True,
        wall_clock=wall_clock,
        speech=speech,
        eyes_closed=eyes_closed,
        clip_maker=clip_maker,
    )
    if welcomed:
        app.safety.record.accept_intro()
    if screened:
        app.safety.record.record_screening("clear")
    return app, clock, player


def session_screen(app) -> SessionScreen:
    return next(s for s in app.screen_stack if isinstance(s, SessionScreen))


async def advance_to_next(pilot, app, clock) -> None:
    """Move the fake clock to the next due moment and let the screen process it."""
    screen = session_screen(app)
    due = screen.practice.session.next_due()
    assert due is not None, "nothing is scheduled"
    clock.set(due)
    screen.poll()
    await pilot.pause()


async def answer(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def run_to_summary(pilot, app, clock, keys=("2", "7", "enter"), limit: int = 200) -> None:
    """Answer every check-in with ``keys`` and move the clock on until the summary shows."""
    from pendulate.tui.screens.checkin import CheckinScreen
    from pendulate.tui.screens.summary import SummaryScreen

    for _ in range(limit):
        if isinstance(app.screen, SummaryScreen):
            return
        if isinstance(app.screen, CheckinScreen):
            await answer(pilot, *keys)
        else:
            await advance_to_next(pilot, app, clock)
    raise AssertionError("the session did not reach its summary")
