"""The breath pacer in the script format (``breath: {in: 4, out: 6}``), and the check-in scales
that belong together (``wave`` with ``urge``): located errors, each with a way to fix it."""

from __future__ import annotations

import json

import pytest

from pendulate.engine import events as ev
from pendulate.engine.answers import CheckinAnswers
from pendulate.engine.clock import FakeClock
from pendulate.engine.session import Session
from pendulate.plan.build import build_plan
from pendulate.script.loader import check_script_text, load_script_text
from pendulate.script.model import Phase
from pendulate.script.schema import build_schema

HEAD = "id: t\ntitle: T\nphases:\n"
END = "  - {kind: resource, duration: 60}\n  - {kind: orient, duration: 60}\n"


def problems(body: str) -> list[str]:
    _, found = check_script_text(HEAD + body + END, "f.yaml")
    return [f"{p.line}:{p.col}: {p.severity}: {p.message} | {p.hint}" for p in found]


def first_phase(body: str) -> Phase:
    phase = load_script_text(HEAD + body + END, "f.yaml").phases[0]
    assert isinstance(phase, Phase)
    return phase


@pytest.mark.parametrize(
    ("pacer", "expected"),
    [
        ("{in: 4, out: 6}", (4.0, 6.0)),
        ("{in: 2, out: 3}", (2.0, 3.0)),
        ("{in: 6, out: 10}", (6.0, 10.0)),
        ("{in: 5, out: 5}", (5.0, 5.0)),
        ("{in: 3.5, out: 7}", (3.5, 7.0)),
        ("{}", (4.0, 6.0)),
        ("{in: 3}", (3.0, 6.0)),
    ],
)
def test_a_breath_pacer_within_the_bounds_is_read(pacer, expected):
    assert first_phase(f"  - {{kind: resource, duration: 60, breath: {pacer}}}\n").breath == expected


@pytest.mark.parametrize("kind", ["resource", "return", "ground", "contain", "discharge", "sound", "bilateral"])
def test_every_settling_kind_may_pace_the_breath(kind):
    assert first_phase(f"  - {{kind: {kind}, duration: 60, breath: {{in: 4, out: 6}}}}\n").breath == (4.0, 6.0)


def test_no_pacer_is_none():
    assert first_phase("  - {kind: resource, duration: 60}\n").breath is None


@pytest.mark.parametrize(
    ("pacer", "expected"),
    [
        ("{in: 1, out: 6}", "4:49: error: 'in' goes from 2 to 6, found 1 | Seconds of the in-breath, 2 to 6."),
        ("{in: 7, out: 8}", "4:49: error: 'in' goes from 2 to 6, found 7 | Seconds of the in-breath, 2 to 6."),
        (
            "{in: 2, out: 2}",
            "4:57: error: 'out' goes from 3 to 10, found 2 | "
            "Seconds of the out-breath, 3 to 10, and no shorter than the in-breath.",
        ),
        (
            "{in: 4, out: 11}",
            "4:57: error: 'out' goes from 3 to 10, found 11 | "
            "Seconds of the out-breath, 3 to 10, and no shorter than the in-breath.",
        ),
        (
            "{in: 6, out: 4}",
            "4:57: error: the out-breath (4 s) is shorter than the in-breath (6 s) | make 'out' 6 or more: "
            "in paced breathing the out-breath is the longer one, for example in 4, out 6",
        ),
        (
            "{in: 4, out: 6, hold: 2}",
            "4:60: error: the breath pacer has no hold: paced breathing flows from the in-breath to the "
            "out-breath | remove 'hold:'; a longer out-breath is what slows things down",
        ),
        (
            "{in: 4, ou: 6}",
            "4:52: error: unknown key 'ou' in the breath pacer | did you mean 'out'? valid keys here: in, out",
        ),
        (
            "{in: four, out: 6}",
            "4:49: error: 'in' expects a number, found the text 'four' | ",
        ),
        (
            "true",
            "4:44: error: 'breath' expects {in: N, out: N}, found yes/no value 'true' | "
            "for example 'breath: {in: 4, out: 6}' (seconds: in 2 to 6, out 3 to 10)",
        ),
    ],
)
def test_a_pacer_out_of_bounds_is_located_with_its_fix(pacer, expected):
    assert problems(f"  - {{kind: resource, duration: 60, breath: {pacer}}}\n") == [expected]


def test_a_pacer_belongs_to_a_settling_phase():
    found = problems("  - {kind: activation, duration: 20, breath: {in: 4, out: 6}}\n")
    assert found == [
        "4:38: error: a breath pacer belongs to a settling phase; this is an activation phase | "
        "remove 'breath:' here, or put it on a resource, return, ground, contain or other settling phase"
    ]
    assert problems("  - {kind: orient, duration: 20, breath: {in: 4, out: 6}}\n")[0].startswith(
        "4:34: error: a breath pacer belongs to a settling phase; this is an orient phase"
    )


def test_the_pacer_reaches_the_plan_and_the_phase_started_event():
    script = load_script_text(HEAD + "  - {kind: resource, duration: 60, breath: {in: 3, out: 5}}\n" + END, "f.yaml")
    plan = build_plan(script)
    assert [s.breath for s in plan.phases()] == [(3.0, 5.0), None, None]
    session = Session(plan, clock=FakeClock())
    session.start()
    events = session.submit_checkin(CheckinAnswers(suds=2))
    started = [e for e in events if isinstance(e, ev.PhaseStarted)]
    assert started[0].breath == (3.0, 5.0)
    assert ev.PhaseStarted(0, 0, 0, "orient", "Room", 30.0, 0.0, "script").breath is None


def test_the_schema_describes_the_pacer():
    schema = build_schema()
    assert schema["$defs"]["phase"]["properties"]["breath"]["$ref"] == "#/$defs/breath"
    pacer = schema["$defs"]["breath"]
    assert pacer["additionalProperties"] is False
    assert pacer["properties"]["in"] | {"description": ""} == {
        "description": "",
        "type": "number",
        "minimum": 2.0,
        "maximum": 6.0,
        "default": 4.0,
    }
    assert (pacer["properties"]["out"]["minimum"], pacer["properties"]["out"]["maximum"]) == (3.0, 10.0)
    json.dumps(schema)


# ----- check-in scales that belong together ----------------------------------------------


def test_wave_is_asked_with_urge():
    assert problems("  - checkin: [urge, wave]\n") == []
    assert problems("  - checkin: [wave]\n") == [
        "4:15: error: 'wave' asks whether the urge is rising, steady or easing, but this check-in does not ask "
        "'urge' | ask them together: scales: [urge, wave]"
    ]
    found = problems("  - {kind: activation, duration: 20, checkin: {scales: [suds, wave]}}\n")
    assert found[0].startswith("4:63: error: 'wave' asks whether the urge is rising")


def test_urge_and_diary_are_not_asked_together():
    assert problems("  - checkin: [urge, diary]\n") == [
        "4:21: error: 'diary' asks the urge too, so this check-in would ask it twice | "
        "keep 'urge' (with 'wave') inside urge surfing, and 'diary' for the day as a whole"
    ]
    assert problems("  - checkin: [diary]\n") == []


def test_a_resource_is_named_after_a_settling_phase():
    assert problems("  - {kind: resource, duration: 60, checkin: [resource]}\n") == []
    assert problems("  - {kind: activation, duration: 20, checkin: [suds, resource]}\n") == [
        "4:47: warning: this check-in asks the person to name their resource after an activation phase | "
        "ask 'resource' after the resource phase itself, while it is fresh"
    ]


def test_part_may_be_asked_anywhere():
    assert problems("  - checkin: [part]\n  - {kind: activation, duration: 20, checkin: [suds, part]}\n") == []
