"""A homework's ``track:``: the targets the diary check-in asks by name, with located errors and bounds."""

from __future__ import annotations

import json

import pytest
import yaml
from homework_helpers import run_session, write

from pendulate.catalogue.effective import session_setup
from pendulate.engine import answers
from pendulate.homework import fields as HF
from pendulate.homework.install import add_homework, load_installed
from pendulate.homework.loader import check_homework_text
from pendulate.homework.model import Target, describe_track
from pendulate.homework.schema import schema_text
from pendulate.script.library import builtin_scripts

BASE = "format: 1\nid: hw\ntherapist: Dr. Lee\nassigned:\n  - script: body-pendulation\ntrack:\n"
GOOD = BASE + (
    "  - {name: urge to self-harm, kind: urge}\n"
    "  - name: acted on it\n"
    "    kind: acted\n"
    "  - name: skills used\n"
    "    kind: skills\n"
    "    skills: [paced breathing, TIPP, 5-4-3-2-1]\n"
)
TARGETS = (
    Target("urge to self-harm", "urge"),
    Target("acted on it", "acted"),
    Target("skills used", "skills", ("paced breathing", "TIPP", "5-4-3-2-1")),
)


def refused(text: str):
    homework, problems = check_homework_text(text, "hw.yaml")
    assert homework is None, "expected the file to be refused"
    return [p for p in problems if p.severity == "error"]


def test_targets_are_read_in_order():
    homework, problems = check_homework_text(GOOD, "hw.yaml")
    assert problems == [] and homework is not None
    assert homework.track == TARGETS
    assert describe_track(homework.track) == "urge to self-harm (0-5), acted on it (yes/no), skills used (3 skills)"


def test_no_track_means_no_targets():
    homework, _ = check_homework_text(BASE.removesuffix("track:\n"), "hw.yaml")
    assert homework is not None and homework.track == ()
    homework, _ = check_homework_text(BASE, "hw.yaml")  # "track:" with nothing under it
    assert homework is not None and homework.track == ()


def test_the_kinds_and_name_limit_are_the_engines():
    assert HF.TRACK_KINDS == answers.TRACK_KINDS
    assert HF.MAX_TARGET_NAME == answers.NAME_LIMIT


@pytest.mark.parametrize(
    "entries, line, col, message, hint",
    [
        ("  - {name: urge, kind: urges}\n", 7, 24, "unknown target kind 'urges'", "did you mean 'urge'?"),
        ("  - {name: '', kind: urge}\n", 7, 12, "a target's 'name' is empty", "name what is tracked"),
        ("  - {name: " + "u" * 61 + ", kind: urge}\n", 7, 12, "too long (61 characters; the limit is 60)", "a few"),
        (
            "  - {name: Urge, kind: urge}\n  - {name: urge, kind: acted}\n",
            8,
            12,
            "the target 'urge' is named twice (first on line 7)",
            "its own name",
        ),
        (
            "  - {name: acted, kind: acted, skills: [TIPP]}\n",
            7,
            40,
            "only kind skills takes a list",
            "remove 'skills:'",
        ),
        ("  - {name: skills used, kind: skills}\n", 7, 31, "lists none", "add 'skills:'"),
        ("  - {name: skills used, kind: skills, skills: []}\n", 7, 47, "lists none", "add 'skills:'"),
        ("  - {name: x, kind: urge, scale: 10}\n", 7, 27, "unknown key 'scale' in a target", ""),
        ("  - {kind: urge}\n", 7, 5, "a target is missing 'name'", ""),
        ("  - urge to drink\n", 7, 5, "expected a target", ""),
        (
            "  - {name: s, kind: skills, skills: [" + ", ".join(f"s{i}" for i in range(13)) + "]}\n",
            7,
            37,
            "13 skills",
            "",
        ),
        ("  - {name: s, kind: skills, skills: [" + "k" * 41 + "]}\n", 7, 38, "limit is 40", ""),
        ("  - {name: s, kind: skills, skills: [TIPP, tipp]}\n", 7, 44, "listed twice", ""),
        ("".join(f"  - {{name: t{i}, kind: urge}}\n" for i in range(7)), 7, 3, "7 targets; at most 6", "keep the few"),
    ],
)
def test_bad_entries_are_located_with_a_fix(entries, line, col, message, hint):
    errors = refused(BASE + entries)
    found = [p for p in errors if message in p.message]
    assert found, [str(p) for p in errors]
    assert (found[0].line, found[0].col) == (line, col), str(found[0])
    assert hint in found[0].hint
    assert str(found[0]).startswith(f"hw.yaml:{line}:{col}: ")


def test_track_that_is_not_a_list_is_refused():
    (problem,) = refused(BASE.replace("track:\n", "track: urge\n"))
    assert "'track' expects a list of targets" in problem.message and "kind: urge" in problem.hint


def test_every_bad_entry_is_said_in_one_pass():
    errors = refused(BASE + "  - {name: a, kind: nope}\n  - {name: '', kind: urge}\n  - {name: c, kind: skills}\n")
    assert [p.line for p in errors] == [7, 8, 9]


def test_schema_describes_the_targets_and_rejects_what_the_loader_rejects():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schema_text())
    target = schema["$defs"]["target"]
    assert list(target["properties"]) == ["name", "kind", "skills"]
    assert schema["properties"]["track"]["maxItems"] == HF.MAX_TARGETS
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(yaml.safe_load(GOOD))) == []
    for bad in (
        "  - {name: a, kind: nope}\n",
        "  - {name: a, kind: skills}\n",
        "  - {name: a, kind: urge, skills: [x]}\n",
        "  - {name: '" + "n" * 61 + "', kind: urge}\n",
        "".join(f"  - {{name: t{i}, kind: urge}}\n" for i in range(7)),
    ):
        assert list(validator.iter_errors(yaml.safe_load(BASE + bad))), bad
        assert refused(BASE + bad), bad


def test_targets_round_trip_through_import_and_reach_the_practice(tmp_path):
    from pendulate.store import Store

    result = add_homework(write(tmp_path, "hw.yaml", GOOD))
    assert result.homework.track == TARGETS
    assert load_installed("hw").track == TARGETS
    (script,) = [s for s in builtin_scripts() if s.id == "body-pendulation"]
    assigned = next(item.script for item in result.homework.assigned)
    with Store.open() as store:
        setup = session_setup(assigned, store)
        assert setup.options()["targets"] == TARGETS
        practice = run_session(assigned, store, options=setup.options())
        assert practice.targets == TARGETS
    assert session_setup(script, None, assignment=None).options()["targets"] == ()


def test_homework_add_lists_the_targets_on_one_line_and_says_where_a_bad_one_is(tmp_path, capsys):
    from pendulate.cli import main

    assert main(["homework", "add", str(write(tmp_path, "hw.yaml", GOOD))]) == 0
    out = capsys.readouterr().out
    line = (
        "  asked by name in the diary check-in: urge to self-harm (0-5), acted on it (yes/no), skills used (3 skills)"
    )
    assert line in out.splitlines()
    assert main(["homework", "list"]) == 0
    assert line in capsys.readouterr().out.splitlines()
    bad = write(tmp_path, "bad.yaml", BASE.replace("id: hw", "id: hw2") + "  - {name: urge, kind: urges}\n")
    assert main(["homework", "add", str(bad)]) != 0
    err = capsys.readouterr().err
    assert f"{bad}:7:24: unknown target kind 'urges'" in err and "did you mean 'urge'?" in err
    assert "Traceback" not in err and load_installed("hw2") is None
