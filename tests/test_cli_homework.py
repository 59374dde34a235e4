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
    original = resolve(builtin).source.read_text()
    assert original.splitlines()[1] == text.splitlines()[1]  # the explanatory comment survives


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
