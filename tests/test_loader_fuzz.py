"""Whatever bytes arrive, the loader answers with a Script or located problems, never another exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pendulate.script.errors import ScriptError
from pendulate.script.loader import load_script_text
from pendulate.script.model import Script

VALID = b"""id: t
title: T
phases:
  - {kind: resource, duration: 60, prompt: hello}
  - repeat: 2
    phases:
      - {kind: activation, duration: 20, checkin: [suds]}
      - {kind: return, duration: 45}
  - {kind: orient, duration: 60}
"""

FRAGMENTS = [
    "id: ",
    "title: ",
    "phases:\n",
    "  - ",
    "kind: ",
    "duration: ",
    "repeat: ",
    "checkin: ",
    "prompts:\n",
    "{",
    "}",
    "[",
    "]",
    ", ",
    ": ",
    "\n",
    "    ",
    "&a ",
    "*a",
    "!!str ",
    "!x ",
    "open",
    "90s",
    "1m30s",
    "-1",
    ".nan",
    "orient",
    "resource",
    "activation",
    "suds",
    "bowl",
    "../x.wav",
    "'",
    '"',
    "\t",
    "#",
    "---\n",
    "\\e[31m",
    "\u202e",
    "yes",
    "~",
    "1e999",
    "<<: ",
    "? ",
]


def check(data: bytes | str) -> None:
    try:
        script = load_script_text(data, "fuzz.yaml")
    except ScriptError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file == "fuzz.yaml"
            assert problem.line >= 1 and problem.col >= 1
            assert problem.message
    else:
        assert isinstance(script, Script)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data: bytes) -> None:
    check(data)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    check(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_yaml_shaped_noise(parts: list[str]) -> None:
    check("".join(parts))


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=len(VALID) - 1), st.binary(min_size=1, max_size=3))
def test_mutated_valid_script(at: int, junk: bytes) -> None:
    check(VALID[:at] + junk + VALID[at + 1 :])
