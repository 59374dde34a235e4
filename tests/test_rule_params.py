"""Every titration threshold is a parameter: one table, the schema, the loaders, the engine, the docs.

The parameters added here replace numbers that used to be constants in the engine; each keeps
its old value as its default, and each is checked with the same range in a script and in a
homework override.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from homework_helpers import write

from pendulate.catalogue.effective import HOMEWORK_OVERRIDE, PENDULATE_DEFAULT, SessionSetup, sources
from pendulate.catalogue.scripts import resolve
from pendulate.cli import main
from pendulate.engine.answers import CheckinAnswers
from pendulate.engine.progression import PastSession, Progress, next_progress
from pendulate.engine.titration import Outcome, TitrationState, after_checkin
from pendulate.homework.install import add_homework
from pendulate.homework.loader import check_homework_text
from pendulate.homework.schema import build_schema as homework_schema
from pendulate.plan.build import Step, build_plan
from pendulate.script import fields as F
from pendulate.script.loader import check_script_text
from pendulate.script.model import PARAM_NAMES, Params
from pendulate.script.schema import build_schema
from tests.engine_helpers import pendulation_script

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "script-format.md"
HOMEWORK_GUIDE = Path(__file__).resolve().parent.parent / "docs" / "homework.md"
HEAD = "id: t\ntitle: T\n"
END = "  - {kind: resource, duration: 60}\n  - {kind: orient, duration: 60}\n"
HW_BASE = "format: 1\nid: hw\ntherapist: Dr. Lee\nassigned:\n  - script: body-pendulation\n    params:\n"

# name: (default, minimum, maximum, a value below the range, a value above it)
NEW: dict[str, tuple[float, float, float, str, str]] = {
    "crisis_level": (7, 5, 10, "4", "11"),
    "rise_over_first": (3, 1, 10, "0", "11"),
    "shorten_factor": (0.5, 0.25, 0.9, "0.2", "1"),
    "lengthen_factor": (1.5, 1, 3, "0.9", "3.5"),
    "max_extra_resource": (2, 0, 4, "-1", "5"),
    "max_closing_settle": (2, 0, 4, "-1", "5"),
    "step_seconds": (5, 1, 15, "0", "16"),
    "quiet_peak": (2, 0, 4, "-1", "5"),
}
ACT = Step("activation", "Touch", 20.0)
ROOM = Step("orient", "Room", 60.0)


# ----- one table ---------------------------------------------------------------------------


def test_the_field_table_and_the_model_name_the_same_parameters_in_the_same_order() -> None:
    assert F.names(F.PARAM_FIELDS) == list(PARAM_NAMES)
    assert set(NEW) <= set(PARAM_NAMES)


@pytest.mark.parametrize("name", NEW)
def test_defaults_keep_todays_behaviour(name: str) -> None:
    assert getattr(Params(), name) == NEW[name][0]


@pytest.mark.parametrize("name", NEW)
def test_both_schemas_list_the_parameter_with_its_bounds(name: str) -> None:
    default, low, high, _, _ = NEW[name]
    prop = build_schema()["$defs"]["params"]["properties"][name]
    assert (prop["default"], prop["minimum"], prop["maximum"]) == (default, low, high)
    assert prop["description"]
    override = homework_schema()["$defs"]["overrides"]["properties"][name]
    assert (override["minimum"], override["maximum"]) == (low, high) and "default" not in override


# ----- the loaders -------------------------------------------------------------------------


def _range_message(name: str, value: str) -> str:
    _, low, high, _, _ = NEW[name]
    return f"'{name}' goes from {low:g} to {high:g}, found {value}"


@pytest.mark.parametrize("which", [3, 4])
@pytest.mark.parametrize("name", NEW)
def test_a_script_value_out_of_range_is_refused_where_it_is_written(name: str, which: int) -> None:
    value = NEW[name][which]
    script, found = check_script_text(f"{HEAD}params:\n  {name}: {value}\nphases:\n{END}", "s.yaml")
    assert script is None
    (problem,) = found
    assert (problem.line, problem.col) == (4, 3 + len(name) + 2)
    assert problem.message == _range_message(name, value)
    assert problem.hint  # what the setting does
    assert str(problem).startswith(f"s.yaml:4:{problem.col}: '{name}' goes from")


@pytest.mark.parametrize("which", [3, 4])
@pytest.mark.parametrize("name", NEW)
def test_a_homework_override_out_of_range_is_refused_where_it_is_written(name: str, which: int) -> None:
    value = NEW[name][which]
    homework, found = check_homework_text(f"{HW_BASE}      {name}: {value}\n", "hw.yaml")
    assert homework is None
    (problem,) = [p for p in found if p.severity == "error"]
    assert (problem.file, problem.line, problem.col) == ("hw.yaml", 7, 7 + len(name) + 2)
    assert problem.message == _range_message(name, value) and problem.hint


@pytest.mark.parametrize("name", NEW)
def test_values_at_the_bounds_load(name: str) -> None:
    _, low, high, _, _ = NEW[name]
    for value in (low, high):
        text = f"{HEAD}params:\n  {name}: {value:g}\n  threshold: 5\nphases:\n{END}"
        script, found = check_script_text(text, "s.yaml")
        assert script is not None and [p.severity for p in found if p.severity == "error"] == []
        assert getattr(script.params, name) == value


def test_whole_number_settings_refuse_decimals() -> None:
    _, found = check_script_text(f"{HEAD}params: {{crisis_level: 7.5}}\nphases:\n{END}", "s.yaml")
    assert [f"{p.line}:{p.col}: {p.message}" for p in found] == [
        "3:24: 'crisis_level' expects a whole number, found 7.5"
    ]


def test_quiet_peak_above_threshold_is_a_located_warning_in_a_script() -> None:
    script, found = check_script_text(f"{HEAD}params:\n  threshold: 1\n  quiet_peak: 3\nphases:\n{END}", "s.yaml")
    assert script is not None  # a warning: such files were valid before quiet_peak existed
    (problem,) = found
    assert (problem.line, problem.col, problem.severity) == (5, 15, "warning")
    assert problem.message == "quiet_peak (3) is above threshold (1)" and "quiet_peak to 1 or less" in problem.hint


def test_quiet_peak_above_threshold_is_a_located_warning_in_a_homework_override() -> None:
    homework, found = check_homework_text(f"{HW_BASE}      threshold: 1\n", "hw.yaml")
    assert homework is not None  # the script's own quiet_peak (2) is above the override
    (problem,) = found
    assert (problem.line, problem.col, problem.severity) == (7, 18, "warning")
    assert "quiet_peak (2) is above threshold (1)" in problem.message
    assert "script's own values" in problem.hint


def test_touch_min_above_touch_max_is_still_refused_in_both() -> None:
    _, found = check_script_text(f"{HEAD}params: {{touch_min: 20, touch_max: 15}}\nphases:\n{END}", "s.yaml")
    assert [p.message for p in found] == ["touch_min (20) is larger than touch_max (15)"] and found[0].hint
    homework, found = check_homework_text(f"{HW_BASE}      touch_min: 40\n", "hw.yaml")
    assert homework is None and "touch_min (40) is larger than touch_max (30)" in found[0].message


# ----- the engine reads them ---------------------------------------------------------------


def _after_first_touch() -> tuple[Step, ...]:
    steps = build_plan(pendulation_script(cycles=3)).steps
    first = next(i for i, s in enumerate(steps) if s.kind == "activation")
    return steps[first + 2 :]


def _touch(suds: int, params: Params, baseline: int = 2) -> Outcome:
    state = TitrationState(baseline_suds=baseline)
    return after_checkin(state, CheckinAnswers(suds=suds), ACT, _after_first_touch(), params, last_activation=20)


def test_crisis_level_decides_which_ending_opens_crisis_help() -> None:
    def ending(suds: int, params: Params) -> str | None:
        return after_checkin(TitrationState(baseline_suds=8), CheckinAnswers(suds=suds), ROOM, (), params).crisis

    assert ending(7, Params()) == "ending rating 7/10"
    assert ending(7, Params(crisis_level=8)) is None
    assert ending(8, Params(crisis_level=8)) == "ending rating 8/10"
    assert ending(5, Params(crisis_level=5)) == "ending rating 5/10"
    assert ending(9, Params(crisis_level=10)) is None


def test_rise_over_first_decides_when_a_jump_counts_as_over() -> None:
    high = Params(threshold=8)
    assert [c.rule for c in _touch(4, high, baseline=1).changes] == ["R1"]  # 4 ≥ 1 + 3
    assert _touch(4, Params(threshold=8, rise_over_first=4), baseline=1).changes == ()
    assert [c.rule for c in _touch(3, Params(threshold=8, rise_over_first=2), baseline=1).changes] == ["R1"]


def test_shorten_factor_sets_the_next_touch() -> None:
    def next_touch(params: Params) -> float | None:
        return next(s.duration for s in _touch(6, params).remaining if s.kind == "activation")

    assert next_touch(Params()) == 10  # half of 20
    assert next_touch(Params(shorten_factor=0.75)) == 15
    assert next_touch(Params(shorten_factor=0.25)) == 10  # 5 s, but never under touch_min
    assert next_touch(Params(shorten_factor=0.25, touch_min=1)) == 5


def test_lengthen_factor_sets_the_next_resource() -> None:
    assert _touch(6, Params()).remaining[0].duration == 68  # 45 × 1.5
    assert _touch(6, Params(lengthen_factor=2.0)).remaining[0].duration == 90
    out = _touch(6, Params(lengthen_factor=1.0))
    assert out.remaining[0].duration == 45 and out.changes[0].details["next_resource_s"] == [45, 45]


def _slow_settling(params: Params, rounds: int) -> list[Outcome]:
    """Settling reported 3 points under its start after every resource, ``rounds`` times."""
    rem = _after_first_touch()
    state = TitrationState(baseline_suds=2, baseline_settling=7)
    after = Step("return", "Return", 45.0)
    outs = []
    for _ in range(rounds):
        out = after_checkin(state, CheckinAnswers(settling=4), after, rem, params)
        outs.append(out)
        state, after, rem = out.state, out.remaining[0], out.remaining[2:]
    return outs


def test_max_extra_resource_sets_how_many_blocks_r3_offers_before_closing() -> None:
    (now,) = _slow_settling(Params(max_extra_resource=0), 1)
    assert "closing" in now.changes[0].message and now.state.activation_closed
    outs = _slow_settling(Params(max_extra_resource=3), 4)
    assert [o.changes[0].details.get("added") for o in outs[:3]] == ["resource 60 s"] * 3
    assert "closing" in outs[3].changes[0].message
    default = _slow_settling(Params(), 3)
    assert "closing" in default[2].changes[0].message


def _high_endings(params: Params, rounds: int) -> list[Outcome]:
    state, after, outs = TitrationState(baseline_suds=2), ROOM, []
    for _ in range(rounds):
        out = after_checkin(state, CheckinAnswers(suds=6), after, (), params)
        outs.append(out)
        if not out.remaining:
            break
        state, after = out.state, out.remaining[1]
    return outs


def test_max_closing_settle_sets_how_many_settle_blocks_r6_adds_before_holding() -> None:
    def added(params: Params) -> list[str]:
        return [o.changes[0].details["added"] for o in _high_endings(params, 8) if o.changes]

    assert added(Params()) == ["settle block", "settle block", "contain"]
    assert added(Params(max_closing_settle=0)) == ["contain"]
    assert added(Params(max_closing_settle=4)) == ["settle block"] * 4 + ["contain"]


def _quiet(peak: int = 1) -> PastSession:
    return PastSession(completed=True, peak_suds=peak, within_window=True, progress=Progress())


def test_step_seconds_sets_the_r4_step_within_step_pct() -> None:
    assert next_progress([_quiet(), _quiet()], Params(), 20, 3).extra_touch == 5
    assert next_progress([_quiet(), _quiet()], Params(step_seconds=3), 20, 3).extra_touch == 3
    # step_pct stays the cap: 25 % of 20 s is 5 s, whatever the step.
    assert next_progress([_quiet(), _quiet()], Params(step_seconds=15), 20, 3).extra_touch == 5
    assert next_progress([_quiet(), _quiet()], Params(step_seconds=15, step_pct=50), 20, 3).extra_touch == 10


def test_quiet_peak_decides_which_sessions_count_as_settled() -> None:
    two = [_quiet(3), _quiet(3)]
    assert next_progress(two, Params(), 20, 3).extra_touch == 0
    assert next_progress(two, Params(quiet_peak=3), 20, 3).extra_touch == 5
    assert next_progress([_quiet(1), _quiet(1)], Params(quiet_peak=0), 20, 3).extra_touch == 0


# ----- show --effective and the docs -------------------------------------------------------


def test_sources_label_every_parameter() -> None:
    script = resolve("body-pendulation")
    labelled = sources(script, SessionSetup({"crisis_level": 8, "shorten_factor": 0.75}))
    assert [name for name, _, _ in labelled] == list(PARAM_NAMES)
    by_name = {name: (value, source) for name, value, source in labelled}
    assert by_name["crisis_level"] == (8, HOMEWORK_OVERRIDE)
    assert by_name["shorten_factor"] == (0.75, HOMEWORK_OVERRIDE)
    assert by_name["quiet_peak"] == (2, PENDULATE_DEFAULT)  # body-pendulation's file doesn't set it


def test_show_effective_prints_every_new_parameter_with_its_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    homework = (
        "format: 1\nid: anna-spring\ntherapist: Dr. Lee\nassigned:\n  - script: body-pendulation\n"
        "    params:\n      crisis_level: 8\n      shorten_factor: 0.75\n      step_seconds: 3\n"
    )
    add_homework(write(tmp_path, "hw.yaml", homework))
    assert main(["show", "body-pendulation", "--effective"]) == 0
    rows = {line.split()[0]: line.split()[1:] for line in capsys.readouterr().out.splitlines() if line.strip()}
    assert rows["crisis_level"] == ["8", "homework", "override"]
    assert rows["shorten_factor"] == ["0.75", "homework", "override"]
    assert rows["step_seconds"] == ["3", "homework", "override"]
    for name in set(NEW) - {"crisis_level", "shorten_factor", "step_seconds"}:
        default = NEW[name][0]
        assert rows[name] == [f"{default:g}", "pendulate's", "default"], name


@pytest.mark.parametrize("name", NEW)
def test_the_guide_explains_each_parameter_with_default_and_range(name: str) -> None:
    default, low, high, _, _ = NEW[name]
    row = next(line for line in GUIDE.read_text().splitlines() if line.startswith(f"| `{name}` |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert len(cells) == 4 and len(cells[1]) > 40  # explained, not just named
    assert float(cells[2]) == default
    assert re.search(rf"\b{low:g}–{high:g}\b", cells[3]), cells[3]
    assert f"`{name}` ({low:g}–{high:g}, default {default:g})" in HOMEWORK_GUIDE.read_text()


def test_homework_import_keeps_the_warning_for_the_command_to_show(tmp_path: Path) -> None:
    result = add_homework(write(tmp_path, "hw.yaml", f"{HW_BASE}      threshold: 1\n"))
    assert [(p.line, p.col, p.severity) for p in result.warnings] == [(7, 18, "warning")]


def test_homework_add_shows_the_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "hw.yaml", f"{HW_BASE}      threshold: 1\n")
    assert main(["homework", "add", str(path)]) == 0
    err = capsys.readouterr().err
    assert f"{path}:7:18:" in err and "quiet_peak" in err
