"""Effective parameters: pendulate's defaults, the script's own values, homework overrides, R4
progression within the caps."""

from __future__ import annotations

import pytest
from homework_helpers import HOMEWORK, run_session, write

from pendulate.catalogue.effective import (
    HOMEWORK_OVERRIDE,
    PENDULATE_DEFAULT,
    R4_PROGRESSION,
    SCRIPT_VALUE,
    capped_progress,
    recorded_progress,
    session_setup,
    sources,
)
from pendulate.catalogue.scripts import resolve
from pendulate.cli import main
from pendulate.engine.progression import PastSession, Progress
from pendulate.homework.install import add_homework
from pendulate.script.model import Params
from pendulate.store.store import Store


def quiet(progress: Progress = Progress()) -> PastSession:
    return PastSession(completed=True, peak_suds=1, within_window=True, progress=progress)


def test_two_quiet_sessions_lengthen_the_touch():
    out = capped_progress([quiet(), quiet()], Params(), 20.0, 4)
    assert out.extra_touch == 5.0 and out.extra_cycles == 0 and "5 seconds longer" in out.message


def test_one_stirred_session_holds_the_progression_where_it_was():
    stirred = PastSession(completed=True, peak_suds=4, within_window=True, progress=Progress(5.0, 0))
    out = capped_progress([stirred, quiet()], Params(), 20.0, 4)
    assert (out.extra_touch, out.extra_cycles, out.message) == (5.0, 0, "")


@pytest.mark.parametrize("sessions", range(1, 40))
def test_r4_never_passes_touch_max_or_max_cycles(sessions):
    params = Params(touch_max=26, max_cycles=5, step_pct=25)
    progress = Progress()
    for _ in range(sessions):
        progress = capped_progress([quiet(progress), quiet(progress)], params, 20.0, 4)
        assert 20.0 + progress.extra_touch <= 26
        assert 4 + progress.extra_cycles <= 5
    if sessions >= 4:
        assert (progress.extra_touch, progress.extra_cycles) == (6.0, 1)


def test_step_pct_bounds_growth_per_session_and_zero_means_none():
    assert capped_progress([quiet(), quiet()], Params(step_pct=0), 20.0, 4) == Progress()
    # At the touch cap a new cycle is the only growth; 1 → 2 cycles is +100 %, over 25 %.
    held = capped_progress([quiet(), quiet()], Params(touch_max=20), 20.0, 1)
    assert (held.extra_touch, held.extra_cycles) == (0.0, 0)
    grown = capped_progress([quiet(), quiet()], Params(touch_max=20), 20.0, 4)
    assert grown.extra_cycles == 1  # 4 → 5 is +25 %


def test_a_lowered_cap_pulls_earlier_progression_back_under_it():
    earlier = Progress(10.0, 2)
    out = capped_progress([quiet(earlier)], Params(touch_max=25, max_cycles=5), 20.0, 4)
    assert (out.extra_touch, out.extra_cycles) == (5.0, 1)


def test_recorded_progress_reads_the_session_params():
    assert recorded_progress({"progression": {"extra_touch_s": 5.0, "extra_cycles": 1}}) == Progress(5.0, 1)
    assert recorded_progress({"progression": "garbled"}) == Progress()
    assert recorded_progress({}) == Progress()


def test_overrides_and_homework_id_are_applied_and_recorded(tmp_path):
    add_homework(write(tmp_path, "hw.yaml", HOMEWORK))
    script = resolve("body-pendulation")
    assert script.origin == "assigned"
    with Store.open() as store:
        setup = session_setup(script, store)
        assert setup.overrides == {"threshold": 4, "touch_max": 25} and setup.homework_id == "anna-spring"
        practice = run_session(script, store, options=setup.options())
        assert practice.params.threshold == 4 and practice.params.touch_max == 25
        (recent,) = store.recent_for_script("body-pendulation", 5)
        assert recent.params["threshold"] == 4 and recent.params["touch_max"] == 25
        assert recent.params["overrides"] == {"threshold": 4, "touch_max": 25}
        assert store.history()[0].homework_id == "anna-spring"
    labelled = {name: source for name, _, source in sources(script, setup)}
    assert labelled["threshold"] == HOMEWORK_OVERRIDE and labelled["touch_min"] == SCRIPT_VALUE
    assert labelled["quiet_peak"] == PENDULATE_DEFAULT  # body-pendulation's file doesn't set it


def test_two_settled_sessions_grow_the_next_and_the_progression_is_recorded(tmp_path):
    script = resolve("body-pendulation")
    with Store.open() as store:
        for _ in range(2):
            run_session(script, store, options=session_setup(script, store).options())
        setup = session_setup(script, store)
        assert setup.progress.extra_touch == 5.0 and setup.message
        practice = run_session(script, store, options=setup.options())
        touches = [s.duration for s in practice.plan.steps if s.kind == "activation"]
        assert touches == [25.0] * 4
        assert store.recent_for_script(script.id, 1)[0].params["progression"]["extra_touch_s"] == 5.0
        grown = session_setup(script, store)
        assert grown.progress.extra_touch == 10.0  # the 25 s session was settled too
        # A flooded session (zone above) is not "settled": the next one holds at its level.
        run_session(script, store, options=grown.options(), zone="above")
        held = session_setup(script, store)
        assert held.progress.extra_touch == 10.0 and held.message == ""


def test_sessions_whose_zone_went_unanswered_are_not_counted_as_within_the_window(tmp_path):
    # An unanswered zone is unknown: R4 grows the dose only after sessions someone said were within.
    script = resolve("body-pendulation")
    with Store.open() as store:
        for _ in range(2):
            run_session(script, store, options=session_setup(script, store).options(), zone=None)
        assert session_setup(script, store).progress.extra_touch == 0.0
        for _ in range(2):
            run_session(script, store, options=session_setup(script, store).options())
        assert session_setup(script, store).progress.extra_touch == 5.0


def test_show_effective_says_where_each_value_comes_from(tmp_path, capsys):
    add_homework(write(tmp_path, "hw.yaml", HOMEWORK))
    assert main(["show", "body-pendulation", "--effective"]) == 0
    out = capsys.readouterr().out
    assert "assigned by Dr. Lee (homework anna-spring)" in out
    assert any(line.split()[:3] == ["threshold", "4", "homework"] for line in out.splitlines())
    assert any(line.split()[:3] == ["touch_min", "10", "this"] for line in out.splitlines())
    assert "at most touch_max, 25 s" in out and "activation" in out and "total" in out
    assert main(["show", "orient-resource"]) == 0  # the plain command is untouched
    assert "SETTING" not in capsys.readouterr().out


def test_show_effective_tells_the_four_sources_apart_and_says_each_in_words(tmp_path, capsys):
    """pendulate's default, the script's own value, the homework's and R4's: four different labels."""
    write(
        tmp_path,
        "mine.yaml",
        "id: mine\ntitle: Mine\nparams: {threshold: 5, touch_max: 30}\nphases:\n"
        "  - repeat: 3\n    phases:\n      - {kind: activation, duration: 20}\n      - {kind: return, duration: 45}\n"
        "  - {kind: resource, duration: 60}\n  - {kind: orient, duration: 60}\n",
    )
    homework = "format: 1\nid: hw\ntherapist: Dr. Lee\nassigned:\n  - script: mine.yaml\n    params: {touch_min: 12}\n"
    add_homework(write(tmp_path, "hw.yaml", homework))
    script = resolve("mine")
    with Store.open() as store:
        for _ in range(2):
            run_session(script, store, options=session_setup(script, store).options())
    assert main(["show", "mine", "--effective"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: " ".join(line.split()[2:]) for line in out.splitlines() if line.strip()}
    # threshold 5 is the default's value too, but the script wrote it: it is the script's.
    assert rows["threshold"] == SCRIPT_VALUE and rows["touch_max"] == SCRIPT_VALUE
    assert rows["touch_min"] == HOMEWORK_OVERRIDE and rows["quiet_peak"] == PENDULATE_DEFAULT
    touch = next(line for line in out.splitlines() if line.startswith("touch length"))
    assert touch.split()[2] == "25s" and f"this script's 20 s + 5 s from {R4_PROGRESSION}" in touch
    for label in (PENDULATE_DEFAULT, SCRIPT_VALUE, HOMEWORK_OVERRIDE):
        assert f"\n{label}: " in out  # each label said in words
    assert "R4 progression is gradual lengthening: after two settled sessions" in " ".join(out.split())
