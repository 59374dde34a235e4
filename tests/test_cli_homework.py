"""``pendulate new`` and ``pendulate homework add|list|remove``."""

from __future__ import annotations

import re
import stat

import pytest
from homework_helpers import HOMEWORK, run_session, write

from pendulate import paths
from pendulate.catalogue.effective import session_setup
from pendulate.catalogue.scripts import all_scripts, resolve
from pendulate.cli import main
from pendulate.script.loader import check_script
from pendulate.store.store import Store

GUILT = re.compile(r"streak|failed|missed|\bmust\b|should have|behind", re.I)


def test_new_scaffolds_a_commented_script_that_validates(tmp_path, capsys):
    target = tmp_path / "Evening Settle.yaml"
    assert main(["new", str(target)]) == 0
    text = target.read_text()
    assert text.count("#") > 10 and 'author: ""' in text
    script, problems = check_script(target)
    assert script is not None and problems == [] and script.id == "evening-settle"
    assert main(["validate", str(target)]) == 0


@pytest.mark.parametrize("builtin", ["body-pendulation", "mild-stressor", "orient-resource"])
def test_new_from_a_builtin_keeps_its_comments_with_a_fresh_id(tmp_path, builtin):
    target = tmp_path / f"{builtin}.yaml"
    assert main(["new", str(target), "--from", builtin]) == 0
    text = target.read_text()
    script, problems = check_script(target)
    assert script is not None and script.id == f"{builtin}-mine" and script.version == "1"
    assert script.author == "" and problems == []
    assert script.title == f"{resolve(builtin).title} (my version)"  # not two identical rows in the library
    original = resolve(builtin).source.read_text()
    assert original.splitlines()[1] == text.splitlines()[1]  # the explanatory comment survives


@pytest.mark.parametrize("builtin", [None, "body-pendulation"])
def test_new_writes_a_schema_line_that_travels_with_the_file(tmp_path, capsys, builtin):
    import json

    import jsonschema
    import yaml

    target = tmp_path / "made" / "anna.yaml"
    target.parent.mkdir()
    assert main(["new", str(target), *(["--from", builtin] if builtin else [])]) == 0
    text = target.read_text()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./script.schema.json"
    assert "file://" not in text and str(tmp_path) not in text
    assert "pendulate schema > script.schema.json" in text  # how to get it back, wherever it goes
    schema_file = target.parent / "script.schema.json"
    assert "script.schema.json beside it" in capsys.readouterr().out
    # What the editor sees: the schema the line names, beside the file, accepts the new script.
    jsonschema.validate(yaml.safe_load(text), json.loads(schema_file.read_text()))
    # Moved (with its schema) or sent on its own, it still validates, and the line still reads the same.
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    (moved / "anna.yaml").write_text(text)
    assert check_script(moved / "anna.yaml")[1] == []
    # A second script in the same folder leaves the schema file as it is.
    schema_file.write_text("{}\n")
    assert main(["new", str(target.parent / "other.yaml")]) == 0
    assert schema_file.read_text() == "{}\n" and "beside it" not in capsys.readouterr().out


def test_a_copy_of_a_builtin_has_its_own_row_in_the_library(capsys):
    folder = paths.user_scripts_dir()
    folder.mkdir(parents=True)
    assert main(["new", str(folder / "body-pendulation.yaml"), "--from", "body-pendulation"]) == 0
    copy = resolve("body-pendulation-mine")
    assert copy.title == "Body pendulation (my version)" != resolve("body-pendulation").title
    capsys.readouterr()
    assert main(["list"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if "Body pendulation" in line]
    assert len(rows) == 2 and sum("Body pendulation (my version)" in row for row in rows) == 1


def test_new_never_overwrites(tmp_path, capsys):
    target = write(tmp_path, "mine.yaml", "keep me\n")
    assert main(["new", str(target)]) == 1
    assert target.read_text() == "keep me\n"
    assert "already exists" in capsys.readouterr().err
    assert main(["new", str(tmp_path / "x.yaml"), "--from", "no-such"]) == 1


def test_add_imports_privately_and_copies_the_scripts_it_names(tmp_path, capsys):
    folder = tmp_path / "from-therapist"
    (folder / "scripts").mkdir(parents=True)
    assert main(["new", str(folder / "scripts" / "evening.yaml")]) == 0
    write(folder, "hw.yaml", HOMEWORK + "  - script: scripts/evening.yaml\n")
    capsys.readouterr()
    assert main(["homework", "add", str(folder / "hw.yaml")]) == 0
    out = capsys.readouterr().out
    assert "Imported homework 'anna-spring' from Dr. Lee" in out and "threshold 4, touch_max 25" in out
    installed = paths.homework_dir() / "anna-spring"
    for path in (installed, installed / "scripts"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700
    for path in (installed / "homework.yaml", installed / "scripts" / "evening.yaml"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # The copies keep working once the therapist's folder is gone.
    for file in sorted(folder.rglob("*"), reverse=True):
        file.unlink() if file.is_file() else file.rmdir()
    assigned = {s.id: s for s in all_scripts() if s.origin == "assigned"}
    assert set(assigned) == {"body-pendulation", "evening"}
    assert [s.id for s in all_scripts()].count("body-pendulation") == 1
    assert assigned["evening"].source.is_relative_to(installed)


def test_add_reports_located_problems_and_changes_nothing(tmp_path, capsys):
    bad = write(tmp_path, "hw.yaml", HOMEWORK.replace("threshold: 4", "threshold: 12"))
    assert main(["homework", "add", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:11:18: 'threshold' goes from 0 to 10" in err and "nothing was changed" in err
    assert not (paths.homework_dir() / "anna-spring").exists()
    assert main(["homework", "add", str(tmp_path / "nope.yaml")]) == 2


def test_list_shows_this_weeks_practice_gently_and_remove_keeps_the_log(tmp_path, capsys):
    assert main(["homework", "list"]) == 0
    assert "No homework imported yet" in capsys.readouterr().out
    main(["homework", "add", str(write(tmp_path, "hw.yaml", HOMEWORK))])
    script = resolve("body-pendulation")
    with Store.open() as store:
        for _ in range(2):
            run_session(script, store, options=session_setup(script, store).options())
    capsys.readouterr()
    assert main(["homework", "list"]) == 0
    out = capsys.readouterr().out
    assert "anna-spring · assigned by Dr. Lee · lee@example.org" in out
    assert "3 times a week" in out and "2 of 3 this week" in out and "Go gently" in out
    assert not GUILT.search(out)
    assert main(["homework", "remove", "anna-spring"]) == 0
    assert "stay in your log" in capsys.readouterr().out
    assert resolve("body-pendulation").origin == "built-in"
    with Store.open() as store:
        assert len(store.history()) == 2
    assert main(["homework", "remove", "anna-spring"]) == 1


def test_schema_homework_prints_the_homework_schema(capsys):
    assert main(["schema", "--homework"]) == 0
    assert '"title": "pendulate homework"' in capsys.readouterr().out
    assert main(["schema"]) == 0
    assert '"title": "pendulate session script"' in capsys.readouterr().out


def test_importing_a_session_script_says_what_it_is_in_one_line(tmp_path, capsys):
    script = tmp_path / "evening.yaml"
    assert main(["new", str(script)]) == 0
    capsys.readouterr()
    assert main(["homework", "add", str(script)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{script}:1:1: this is a session script, not a homework file"
    assert "assigned:" in err[1] and "pendulate validate" in err[1]
    assert err[2:] == [f"{script}: not imported; nothing was changed."]
    # And the other way round: a homework file handed to validate.
    homework = write(tmp_path, "hw.yaml", HOMEWORK)
    assert main(["validate", str(homework)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{homework}:1:1: this is a homework file, not a session script" and len(out) == 2


def test_add_copies_the_therapists_recordings_with_the_script_that_names_them(tmp_path, capsys):
    import shutil

    import recording_helpers as rec

    folder = tmp_path / "from-therapist"
    (folder / "scripts" / "prompts").mkdir(parents=True)
    tone = rec.tones(tmp_path / "tones")["m4a"]
    shutil.copy(tone, folder / "scripts" / "prompts" / "ground.m4a")
    script = folder / "scripts" / "evening.yaml"
    assert main(["new", str(script)]) == 0
    text = script.read_text()
    assert "  - kind: ground\n" in text
    script.write_text(text.replace("  - kind: ground\n", "  - kind: ground\n    voice: prompts/ground.m4a\n", 1))
    assert main(["validate", str(script)]) == 0
    write(folder, "hw.yaml", HOMEWORK + "  - script: scripts/evening.yaml\n")
    capsys.readouterr()
    assert main(["homework", "add", str(folder / "hw.yaml")]) == 0
    installed = paths.homework_dir() / "anna-spring"
    copy = installed / "scripts" / "prompts" / "ground.m4a"
    assert copy.read_bytes() == tone.read_bytes() and stat.S_IMODE(copy.stat().st_mode) == 0o600
    shutil.rmtree(folder)  # the therapist's folder gone: the assigned script still speaks in their voice
    assigned = {s.id: s for s in all_scripts() if s.origin == "assigned"}
    voices = [p.voice for p in assigned["evening"].phases if getattr(p, "voice", None)]
    assert voices == [str(copy)]
