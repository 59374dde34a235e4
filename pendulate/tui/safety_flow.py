"""The safety steps in front of practice: the first-run statement and the activation gate."""

from __future__ import annotations

from typing import Callable

from pendulate.safety.gate import has_activation, next_step
from pendulate.safety.record import SafetyRecord
from pendulate.safety.texts import RESTING
from pendulate.script.model import Script

Then = Callable[[], None]


class SafetyFlow:
    def __init__(self, app, record: SafetyRecord) -> None:
        self.app = app
        self.record = record

    def ensure_intro(self, then: Then, declined: Then) -> None:
        """Show the first-run statement once; continue when accepted."""
        if self.record.state().intro_accepted:
            then()
            return
        from pendulate.tui.screens.first_run import IntroScreen

        def answered(accepted: bool | None) -> None:
            if accepted:
                self.record.accept_intro()
                then()
            else:
                declined()

        self.app.push_screen(IntroScreen(), answered)

    def resting_notes(self, scripts: list[Script]) -> dict[str, str]:
        resting = self.record.state().resting
        if resting is None:
            return {}
        return {s.id: RESTING.format(reason=resting[1]) for s in scripts if has_activation(s)}

    def clear_for(self, script: Script, then: Then, otherwise: Then) -> None:
        """Walk through whatever the gate asks for before ``script``; ``then`` if it may start."""
        step = next_step(script, self.record.state())
        if step is None:
            then()
            return
        from pendulate.tui.screens import screening

        def again() -> None:
            self.clear_for(script, then, otherwise)

        def chose(value: str | None) -> None:
            if value == "opt-in":
                self.record.opt_in()
                again()
            else:
                otherwise()

        if step == "resting":
            reason = self.record.state().resting[1]
            self.app.show_notice(RESTING.format(reason=reason))
            otherwise()
        elif step == "screening":

            def screened(outcome: str | None) -> None:
                if outcome is None:
                    otherwise()
                    return
                self.record.record_screening(outcome)
                again()

            self.app.push_screen(screening.ScreeningScreen(), screened)
        elif step == "recommend":
            self.app.push_screen(screening.recommend_screen(), chose)
        else:
            self.app.push_screen(screening.therapist_script_screen(), chose)

    def rest_for_today(self, reason: str) -> None:
        self.record.rest_for_today(reason)
