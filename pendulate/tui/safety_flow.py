"""The safety steps in front of practice: the first-run statement and the activation gate.

The steps that ask something are screens, awaited one after the other from the app's gate
worker (:meth:`welcome`, then :meth:`clear`); when none of them is needed the practice
starts at once, in the same turn (:meth:`step_before`, :meth:`may_start`), so a key typed
next already finds it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App

from pendulate.safety.gate import has_activation, next_step
from pendulate.safety.record import SafetyRecord
from pendulate.safety.texts import RESTING
from pendulate.script.model import Script

ASKING_STEPS = ("screening", "recommend", "therapist-script")  # each of these is a screen


class SafetyFlow:
    def __init__(self, app: App[Any], record: SafetyRecord, show_notice: Callable[[str], None]) -> None:
        self.app = app  # shows the steps' screens
        self.record = record
        self.show_notice = show_notice  # one calm line, wherever the person is

    # ----- the first-run statement -------------------------------------------------------

    def welcomed(self) -> bool:
        """Whether the first-run statement was accepted (in this log, or in this run)."""
        return self.record.state().intro_accepted

    async def welcome(self) -> bool:
        """Show the first-run statement unless it was accepted before; True once accepted.

        Awaited from a worker.
        """
        if self.welcomed():
            return True
        from pendulate.tui.screens.first_run import IntroScreen  # start-up: only on a first run

        accepted = await self.app.push_screen_wait(IntroScreen())
        if not accepted:
            return False
        self.record.accept_intro()
        return True

    # ----- the activation gate -----------------------------------------------------------

    def step_before(self, script: Script) -> str | None:
        """The first thing that stands before ``script`` (see :func:`next_step`), or None."""
        return next_step(script, self.record.state())

    @staticmethod
    def asks(step: str | None) -> bool:
        """Whether ``step`` is a question for the person (a screen, for :meth:`clear`)."""
        return step is not None and step in ASKING_STEPS

    async def clear(self, script: Script, step: str | None) -> bool:
        """Walk through whatever the gate asks before ``script``, one screen after the other,
        from ``step`` (its :meth:`step_before`); True if it may start. Awaited from a worker."""
        while step is not None and self.asks(step):
            if not await self._ask(step):
                return False
            step = self.step_before(script)
        return self.may_start(step)

    def may_start(self, step: str | None) -> bool:
        """True if nothing stands before the script (``step`` is None); while activation rests
        today, says so and False. A step that asks something is for :meth:`clear`."""
        if step == "resting":
            resting = self.record.state().resting
            assert resting is not None  # the step is "resting" only while activation rests
            self.show_notice(RESTING.format(reason=resting[1]))
            return False
        return step is None

    async def _ask(self, step: str) -> bool:
        """Show the screen for ``step`` and keep its outcome; False if the person stepped back."""
        from pendulate.tui.screens import screening  # start-up: only when the gate asks something

        if step == "screening":
            outcome = await self.app.push_screen_wait(screening.ScreeningScreen())
            if outcome is None:
                return False
            self.record.record_screening(outcome)
            return True
        question = screening.recommend_screen() if step == "recommend" else screening.therapist_script_screen()
        if await self.app.push_screen_wait(question) != "opt-in":
            return False
        self.record.opt_in()
        return True

    # ----- resting -----------------------------------------------------------------------

    def resting_notes(self, scripts: list[Script]) -> dict[str, str]:
        resting = self.record.state().resting
        if resting is None:
            return {}
        return {s.id: RESTING.format(reason=resting[1]) for s in scripts if has_activation(s)}

    def rest_for_today(self, reason: str) -> None:
        self.record.rest_for_today(reason)
