"""Whatever a homework file holds, its loader answers with a homework or located problems."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_hostile_scripts import VALUES, dump, unsafe_chars

homework_loader = pytest.importorskip("pendulate.homework.loader", reason="the homework loader is not in this build")

FRAGMENTS = [
    "id: ",
    "therapist: ",
    "client: ",
    "note: ",
    "assigned:\n",
    "track:\n",
    "  - {name: urge, kind: urge}\n",
    "kind: ",
    "skills: ",
    "name: ",
    "  - ",
    "script: ",
    "params: ",
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
    "-1",
    ".nan",
    "\\e[2J",
    "\u202e",
    "../x.yaml",
    "/etc/passwd",
    "[/]",
    "'",
    '"',
    "\t",
    "#",
]
KEYS = st.sampled_from(
    [
        "id",
        "therapist",
        "client",
        "note",
        "assigned",
        "script",
        "params",
        "per_week",
        "threshold",
        "touch_max",
        "track",
        "name",
        "kind",
        "skills",
        "\x1b[1m",
    ]
)


def check(data: bytes | str) -> None:
    homework, problems = homework_loader.check_homework_text(data, "hw.yaml")
    errors = [p for p in problems if p.severity == "error"]
    if homework is None:
        assert errors
    for problem in errors:  # located, and printable without steering the terminal
        assert problem.line >= 1 and problem.col >= 1 and problem.message
        assert all(not unsafe_chars(line) for line in str(problem).split("\n")), str(problem)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_arbitrary_bytes(data: bytes) -> None:
    check(data)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
def test_yaml_shaped_noise(parts: list[str]) -> None:
    check("".join(parts))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, VALUES, max_size=5))
def test_homework_shaped_documents_with_wrong_values(document: dict) -> None:
    check(dump(document))
