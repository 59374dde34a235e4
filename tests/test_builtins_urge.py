"""The built-ins #17 adds (urge-surfing, paced-breathing) and stop-ground's breath pacer: they
load without a finding, keep the safety shape (R6), and the gate treats them as they are."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from pendulate import resources
from pendulate.plan.build import build_plan
from pendulate.safety.gate import SafetyState, has_activation, next_step
from pendulate.script.fields import MAX_BREATH_IN, MAX_BREATH_OUT, MIN_BREATH_IN, MIN_BREATH_OUT
from pendulate.script.library import builtin_scripts
from pendulate.script.loader import check_script
from pendulate.script.model import RESOURCE_KINDS, Script

NEW = ("urge-surfing", "paced-breathing")
# This audience often lives with self-harm or addiction: none of these in what a person reads.
URGE_PRESSURE = re.compile(
    r"\b(resist\w*|give in|giving in|gave in|relaps\w*|clean|sober|slip(ped)?|must|should|fail\w*|miss(ed)?|"
    r"control yourself|willpower|weak)\b",
    re.IGNORECASE,
)


def builtin(script_id: str) -> Script:
    return next(s for s in builtin_scripts() if s.id == script_id)


def texts(script: Script) -> list[str]:
    plan = build_plan(script, bookend_checkins=False)
    out = [script.title, script.description, script.intended_use]
    for step in plan.steps:
        out.append(step.title)
        out += [prompt.text for prompt in step.prompts]
    return out


@pytest.mark.parametrize("script_id", [*NEW, "stop-ground"])
def test_validates_without_a_finding(script_id):
    path = resources.sessions_dir() / f"{script_id}.yaml"
    script, found = check_script(path, origin="built-in")
    assert script is not None and found == []


@pytest.mark.parametrize("script_id", [*NEW, "stop-ground"])
def test_ends_with_a_settling_phase_then_orient(script_id):
    phases = build_plan(builtin(script_id)).phases()
    assert phases[-2].kind in RESOURCE_KINDS and phases[-1].kind == "orient"


@pytest.mark.parametrize("script_id", NEW)
def test_wording_is_gentle_and_invitational(script_id):
    hits = [text for text in texts(builtin(script_id)) if URGE_PRESSURE.search(text)]
    assert hits == []
    assert any("if it feels okay" in text.lower() for text in texts(builtin(script_id)))


def test_urge_surfing_waves_are_short_activations_each_with_an_urge_checkin():
    script = builtin("urge-surfing")
    steps = build_plan(script).steps
    waves = [i for i, s in enumerate(steps) if s.kind == "activation"]
    assert len(waves) == 3
    for i in waves:
        assert steps[i].title == "Notice the urge"
        assert 20 <= (steps[i].duration or 0) <= 30
        assert steps[i + 1].is_checkin and steps[i + 1].scales == ("urge", "wave")
        resource = steps[i + 2]
        assert resource.kind in RESOURCE_KINDS
        assert (resource.duration or 0) >= script.params.resource_ratio * (steps[i].duration or 0)
    # Titration applies: the waves fit the script's own touch bounds, so R4 can grow them.
    assert script.params.touch_min <= 25 <= script.params.touch_max
    assert script.params.max_cycles >= len(waves)
    # Orient and ground first, a resource before the first wave, the urge asked before and at the end.
    kinds = [s.kind for s in steps if not s.is_checkin]
    assert kinds[:3] == ["orient", "ground", "resource"]
    assert "urge" in steps[0].scales and "urge" in steps[-1].scales
    assert any(s.is_checkin and s.scales == ("note",) for s in steps)


def test_urge_surfing_is_activation_so_the_screening_comes_first():
    script = builtin("urge-surfing")
    assert has_activation(script) and not script.requires_therapist
    assert next_step(script, SafetyState(intro_accepted=True)) == "screening"
    assert next_step(script, SafetyState(intro_accepted=True, screened="clear")) is None
    resting = SafetyState(screened="clear", resting=(datetime.now(UTC), "urge still at 5/5 at the end"))
    assert next_step(script, resting) == "resting"  # U2's care: activation rests for the day


def test_paced_breathing_has_no_activation_and_paces_in_4_out_6():
    script = builtin("paced-breathing")
    assert not has_activation(script)
    assert next_step(script, SafetyState()) is None
    paced = [s for s in build_plan(script).phases() if s.breath is not None]
    assert len(paced) == 2 and all(s.kind in RESOURCE_KINDS for s in paced)
    for step in paced:
        breath_in, breath_out = step.breath or (0, 0)
        assert MIN_BREATH_IN <= breath_in <= MAX_BREATH_IN and MIN_BREATH_OUT <= breath_out <= MAX_BREATH_OUT
        assert breath_out > breath_in
        assert any("dizzy" in p.text and "breathe normally" in p.text for p in step.prompts)


def test_stop_ground_paces_its_long_breaths_out():
    script = builtin("stop-ground")
    assert script.version == "1.1"
    paced = [s for s in build_plan(script).phases() if s.breath is not None]
    assert [(s.title, s.breath) for s in paced] == [("Long breaths out", (4.0, 6.0))]
    assert "dizzy" in paced[0].prompts[0].text
