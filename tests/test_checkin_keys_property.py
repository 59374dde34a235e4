"""Random typing on a full check-in: whenever it is saved, it saves what the screen said it would."""

from __future__ import annotations

import asyncio
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pendulate.tui.checkin_summary import summary_line
from pendulate.tui.screens.checkin import CheckinScreen
from tests.checkin_helpers import ALL_SCALES, ALL_STEPS, Host, held, shown_summary, tap

# Letters but g and c: those leave the check-in for grounding or crisis help (their own tests).
LETTERS = [ch for ch in string.ascii_lowercase if ch not in "gc"]
KEYS = st.sampled_from([*string.digits, *LETTERS, "space", "tab", "shift+tab", "left", "right", "enter", "backspace"])


async def type_keys(keys: list[str]) -> None:
    app = Host(ALL_SCALES)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        for key in keys:
            shown, before = shown_summary(screen), screen._answers()
            on_screen = screen.step.name if screen.step is not None else None
            assert shown == summary_line(before)
            await tap(pilot, key)
            if app.results:  # saved (or, with nothing answered, skipped)
                assert key == "enter"
                (saved,) = app.results
                assert summary_line(saved) == shown
                assert saved == (None if before.empty else before)
                return
            changed = {q for q, value in held(screen._answers()).items() if held(before)[q] != value}
            assert changed <= {on_screen}, f"{key!r} on {on_screen} changed {changed}"
            assert screen.at <= len(ALL_STEPS)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(KEYS, min_size=1, max_size=40))
def test_what_is_saved_is_the_summary_shown_just_before_enter(keys: list[str]) -> None:
    asyncio.run(type_keys([*keys, "enter", "enter", "enter", "enter", "enter", "enter"]))
