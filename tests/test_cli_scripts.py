"""``pendulate list``, ``validate``, ``show`` and ``schema``: output, exit status, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pendulate import paths, resources
from pendulate.cli import main

REPO = Path(__file__).resolve().parent.parent
GOOD = "id: good\ntitle: Good\nphases:\n  - {kind: resource, duration: 60}\n  - {kind: orient, duration: 30}\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors and --help
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_builtins_with_time_kinds_and_source(capsys) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "TIME", "PHASES", "SOURCE"]
    row = next(line for line in lines if line.startswith("body-pendulation "))
    assert "Body pendulation" in row and " 8:50 " in row and row.endswith("built-in")
    assert "ground resource activation return discharge orient" in row
    assert any(line.startswith("mild-stressor *") for line in lines)
    assert "* meant to be practised with a therapist (requires_therapist)" in out


def test_list_includes_user_scripts_and_reports_broken_ones(capsys) -> None:
    folder = paths.user_scripts_dir()
    folder.mkdir(parents=True)
    (folder / "good.yaml").write_text(GOOD)
    (folder / "bad.yaml").write_text("id: bad\n")
    code, out, err = run(capsys, "list")
    assert code == 0
    assert any(line.startswith("good ") and line.endswith("user") for line in out.splitlines())
    bad = folder / "bad.yaml"
    # Not silently left out: a line in the list itself, with the first problem and a count.
    assert (
        f"can't be read — {bad}:1:1: the script is missing 'title' "
        f"(and 1 more; 'pendulate validate {bad}' lists them all)"
    ) in out.splitlines()
    assert err == ""


def test_list_shows_a_script_whose_id_is_taken_as_not_listed(capsys) -> None:
    folder = paths.user_scripts_dir()
    folder.mkdir(parents=True)
    (folder / "twin.yaml").write_text(GOOD.replace("id: good", "id: orient-resource"))
    _, out, _ = run(capsys, "list")
    twin = folder / "twin.yaml"
    assert f"not listed — {twin}:1:1: the id 'orient-resource' is already used by a built-in script" in out


def test_list_follows_the_library_order(tmp_path: Path, capsys) -> None:
    from homework_helpers import HOMEWORK, write

    from pendulate.catalogue.order import library_order
    from pendulate.catalogue.scripts import all_scripts
    from pendulate.homework.install import add_homework

    folder = paths.user_scripts_dir()
    folder.mkdir(parents=True)
    (folder / "good.yaml").write_text(GOOD.replace("title: Good", "title: A good one"))
    add_homework(write(tmp_path, "hw.yaml", HOMEWORK))
    _, out, _ = run(capsys, "list")
    ids = [line.split()[0] for line in out.splitlines()[1:] if line.split()[-1] in ("built-in", "user", "assigned")]
    # Assigned first, then the gentle default, the other built-ins by title, the person's own;
    # the therapist-only script last, as the library screen shows them.
    assert ids == [
        "body-pendulation",
        "orient-resource",
        "butterfly-resource",
        "paced-breathing",
        "stop-ground",
        "urge-surfing",
        "voo-selfhold",
        "good",
        "mild-stressor",
    ]
    assert ids == [script.id for script in sorted(all_scripts(), key=library_order)]


def test_validate_builtins_exit_0(capsys) -> None:
    files = sorted(str(p) for p in resources.sessions_dir().glob("*.yaml"))
    code, out, _ = run(capsys, "validate", *files)
    assert code == 0
    assert out.splitlines() == [f"{name}: ok" for name in files]


def test_validate_broken_script_is_located_exit_1(tmp_path: Path, capsys) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(GOOD)
    bad.write_text(GOOD.replace("kind: resource, duration: 60", "kind: resource, duration: 6O"))
    code, out, _ = run(capsys, "validate", str(good), str(bad))
    assert code == 1
    assert out.splitlines()[:2] == [f"{good}: ok", f"{bad}:4:32: '6O' is not a duration I can read"]
    assert out.splitlines()[2].startswith("    hint: write a number of seconds")


def test_validate_warnings_still_exit_0(tmp_path: Path, capsys) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(GOOD.replace("  - {kind: resource", "  - {kind: activation, duration: 90}\n  - {kind: resource"))
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0
    assert f"{path}:4:34: warning: this activation lasts 1 min 30 s, longer than 1 min" in out
    assert out.splitlines()[-1] == f"{path}: ok (2 warnings)"


def test_validate_usage_errors_exit_2(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "validate")
    assert code == 2 and "FILE" in err
    code, _, err = run(capsys, "validate", str(tmp_path / "missing.yaml"))
    assert code == 2
    assert err.strip() == f"pendulate validate: {tmp_path / 'missing.yaml'} does not exist"
    code, _, err = run(capsys, "validate", str(tmp_path))
    assert code == 2 and "is a folder" in err


def test_show_prints_the_timeline_and_total(capsys) -> None:
    code, out, _ = run(capsys, "show", "body-pendulation")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "body-pendulation: Body pendulation"
    rows = [line.split(None, 3) for line in lines if line[:7].strip().count(":") == 1]
    assert rows[0] == ["0:00", "check-in", "gate", "Before we begin (suds, settling, zone)"]
    assert rows[1] == ["0:00", "ground", "1:00", "Feet on the floor"]
    assert rows[3] == ["2:30", "activation", "0:20", "Touch the edge"]
    assert rows[4] == ["2:50", "check-in", "gate", "Check in (suds, settling)"]
    assert rows[-2] == ["7:50", "orient", "1:00", "Back to the room"]
    assert lines[-1] == "total 8:50 (12 phases, 10 check-ins)"


def test_show_by_path_with_open_end(tmp_path: Path, capsys) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(GOOD.replace("duration: 60", "duration: open"))
    code, out, _ = run(capsys, "show", str(path))
    assert code == 0
    assert "   0:00  resource      open  Rest with something okay" in out
    assert out.splitlines()[-1] == "total 0:30 plus an open-ended phase (2 phases, 2 check-ins)"


def test_show_marks_requires_therapist(capsys) -> None:
    _, out, _ = run(capsys, "show", "mild-stressor")
    assert "meant to be practised with a therapist (requires_therapist: true)" in out


def test_show_unknown_and_broken_exit_1_without_traceback(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "show", "body-pendulaton")
    assert code == 1 and "did you mean 'body-pendulation'?" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n\ttitle: y\n")
    code, _, err = run(capsys, "show", str(bad))
    assert code == 1
    assert err.startswith(f"{bad}:2:1: a tab character is used here") and "Traceback" not in err


def test_schema_matches_the_committed_file(capsys) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert out == (resources.sessions_dir() / "script.schema.json").read_text()


@pytest.mark.parametrize("command", ["list", "validate", "show", "schema"])
def test_help(command: str, capsys) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0 and f"usage: pendulate {command}" in out


@pytest.mark.slow
def test_validate_sessions_through_the_real_command(tmp_path: Path) -> None:
    files = sorted(str(p) for p in (REPO / "sessions").glob("*.yaml"))
    done = subprocess.run(
        [sys.executable, "-m", "pendulate", "validate", *files], capture_output=True, text=True, cwd=REPO
    )
    assert done.returncode == 0, done.stdout + done.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"id: x\ntitle: \xff\n")
    done = subprocess.run([sys.executable, "-m", "pendulate", "validate", str(bad)], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stdout.startswith(f"{bad}:2:8: this byte (0xff) is not valid UTF-8 text")
    assert "Traceback" not in done.stderr
