"""Homework files: read like scripts, with every problem located (FILE:LINE:COL) and a hint."""

from __future__ import annotations

import json
from datetime import date

import pytest
import yaml
from homework_helpers import HOMEWORK, write

from pendulate import resources
from pendulate.homework import fields as HF
from pendulate.homework.loader import check_homework, check_homework_text
from pendulate.homework.schema import build_schema, schema_text

BASE = "format: 1\nid: hw\ntherapist: Dr. Lee\nassigned:\n"


def problems_of(text: str, tmp_path=None):
    homework, problems = check_homework_text(text, "hw.yaml", tmp_path)
    assert homework is None, "expected the file to be refused"
    return problems


def test_a_full_homework_file_loads(tmp_path):
    homework, problems = check_homework(write(tmp_path, "hw.yaml", HOMEWORK))
    assert problems == []
    assert homework.id == "anna-spring" and homework.therapist.name == "Dr. Lee"
    assert homework.therapist.contact == "lee@example.org" and homework.client == "A."
    (item,) = homework.assigned
    assert item.script.id == "body-pendulation" and item.script.origin == "assigned"
    assert item.overrides == {"threshold": 4, "touch_max": 25}
    assert item.schedule.times_per_week == 3 and item.schedule.start == date(2025, 1, 6)


@pytest.mark.parametrize(
    "body, line, col, message, hint",
    [
        ("  - script: body-pendulation\n    params:\n      threshold: 11\n", 7, 18, "from 0 to 10", ""),
        (
            "  - script: body-pendulation\n    params:\n      treshold: 4\n",
            7,
            7,
            "unknown key 'treshold'",
            "did you mean 'threshold'?",
        ),
        (
            "  - script: body-pendulaton\n",
            5,
            13,
            "no built-in script with the id 'body-pendulaton'",
            "did you mean 'body-pendulation'?",
        ),
        (
            "  - script: body-pendulation\n    schedule:\n      from: 2025-02-30\n",
            7,
            13,
            "expects a day",
            "YEAR-MONTH-DAY",
        ),
        (
            "  - script: body-pendulation\n    schedule:\n      from: 2025-03-01\n      until: 2025-02-01\n",
            8,
            14,
            "is before 'from'",
            "swap",
        ),
        (
            "  - script: body-pendulation\n    params:\n      touch_max: 5\n",
            7,
            18,
            "touch_min (10) is larger than touch_max (5)",
            "script's own values",
        ),
        ("  - script: ../elsewhere.yaml\n", 5, 13, "outside the homework's folder", "beside the homework file"),
        ("  - script: /etc/x.yaml\n", 5, 13, "absolute path", "relative"),
        ("  - script: missing.yaml\n", 5, 13, "does not exist", "looked for"),
        ("  - script: body-pendulation\n  - script: body-pendulation\n", 6, 13, "assigned twice", "one item"),
        ("  - script: body-pendulation\n    schedule:\n      times_per_week: 0\n", 7, 23, "from 1 to 21", ""),
    ],
)
def test_problems_are_located_with_a_hint(tmp_path, body, line, col, message, hint):
    problems = problems_of(BASE + body, tmp_path)
    found = [p for p in problems if message in p.message]
    assert found, [str(p) for p in problems]
    assert (found[0].file, found[0].line, found[0].col) == ("hw.yaml", line, col)
    assert hint in found[0].hint
    assert str(found[0]).startswith(f"hw.yaml:{line}:{col}: ")


def test_missing_keys_and_yaml_mistakes_are_located():
    problems = problems_of("format: 1\nid: hw\n")
    assert {p.message for p in problems} >= {
        "the homework file is missing 'therapist'",
        "the homework file is missing 'assigned'",
    }
    (bad,) = problems_of("id: hw\ntherapist:\n\tname: x\n")
    assert (bad.line, bad.col) == (3, 1) and "tab" in bad.message


def test_a_broken_script_beside_it_is_reported_where_it_is_broken(tmp_path):
    write(tmp_path, "mine.yaml", "id: mine\ntitle: Mine\nphases:\n  - kind: grund\n    duration: 10\n")
    problems = problems_of(BASE + "  - script: mine.yaml\n", tmp_path)
    in_script = [p for p in problems if p.file.endswith("mine.yaml")]
    assert in_script and (in_script[0].line, in_script[0].col) == (4, 11)
    assert any(p.file == "hw.yaml" and p.line == 5 and "has problems" in p.message for p in problems)


def test_a_script_beside_it_may_not_take_a_builtin_id(tmp_path):
    text = (resources.sessions_dir() / "orient-resource.yaml").read_text()
    write(tmp_path, "copy.yaml", text)
    (problem,) = problems_of(BASE + "  - script: copy.yaml\n", tmp_path)
    assert "which a built-in script has" in problem.message and problem.line == 5


def test_committed_schema_is_current():
    # Regenerate with: pendulate schema --homework > sessions/homework.schema.json
    assert (resources.sessions_dir() / "homework.schema.json").read_text() == schema_text()


def test_schema_follows_the_field_tables():
    schema = build_schema()
    assert list(schema["properties"]) == [f.name for f in HF.HOMEWORK_FIELDS]
    overrides = schema["$defs"]["overrides"]["properties"]
    assert list(overrides) == [f.name for f in HF.OVERRIDE_FIELDS]
    assert overrides["threshold"]["maximum"] == 10 and "default" not in overrides["threshold"]
    assert list(schema["$defs"]["schedule"]["properties"]) == ["times_per_week", "from", "until"]


def test_schema_accepts_the_example_and_rejects_what_the_loader_rejects():
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    doc = yaml.safe_load(HOMEWORK)
    doc["assigned"][0]["schedule"] = {
        k: str(v) if isinstance(v, date) else v for k, v in doc["assigned"][0]["schedule"].items()
    }
    assert list(validator.iter_errors(doc)) == []
    doc["assigned"][0]["params"]["threshold"] = 11
    assert list(validator.iter_errors(doc))
