"""``pendulate history``, ``export`` and ``data``: plain output, confirmations, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from store_helpers import WallClock, pendulation, record

from pendulate import paths
from pendulate.cli import main
from pendulate.store import Store


@pytest.fixture
def two_sessions():
    with Store.open() as store:
        record(store, pendulation([(6, 3, 6)], note="felt it"), WallClock(datetime(2024, 5, 6, 9, 0, tzinfo=UTC)))
        record(store, pendulation([]), WallClock(datetime(2024, 5, 8, 9, 0, tzinfo=UTC)))


def _corrupt() -> None:
    db = paths.database_path()
    paths.ensure_private_dir(db.parent)
    db.write_bytes(b"not a database at all " * 300)


def test_history_prints_a_table_newest_first(two_sessions, capsys):
    assert main(["history"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["date", "script", "time", "status"]
    assert lines[1].startswith("2024-05-08") and lines[2].startswith("2024-05-06")
    assert lines[2].split()[-3:] == ["3", "6", "2"] and "completed" in lines[2]


def test_history_json_and_limit(two_sessions, capsys):
    assert main(["history", "--json", "--limit", "1"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 1 and rows[0]["started_local"].startswith("2024-05-08")
    assert rows[0]["status"] == "completed" and rows[0]["pre_suds"] == 3


def test_history_when_nothing_is_recorded(capsys):
    assert main(["history"]) == 0
    assert "No sessions recorded yet." in capsys.readouterr().out


def test_export_previews_then_writes(two_sessions, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert main(["export", "--format", "csv", "-o", str(out), "--since", "2024-05-06", "--no-notes"]) == 0
    text = capsys.readouterr().out
    assert "2 sessions and 6 check-ins, 2024-05-06 to 2024-05-08; your notes are left out." in text
    assert out.exists() and out.stat().st_mode & 0o777 == 0o600 and "felt it" not in out.read_text()


def test_history_of_a_script_with_no_sessions_says_that_script(two_sessions, capsys):
    assert main(["history", "--script", "nope"]) == 0
    assert capsys.readouterr().out.strip() == "No sessions of the script nope are in your log."


def test_exporting_a_selection_that_matches_nothing_says_so_and_writes_nothing(two_sessions, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["export", "--format", "html", "-o", str(out), "--script", "nope"]) == 1
    text = capsys.readouterr()
    assert text.out.strip() == "No sessions of the script nope are in your log, so no file was written."
    assert "unexpected" not in text.err and not out.exists()


def test_export_refuses_a_folder_and_reports_an_unwritable_path(two_sessions, tmp_path, capsys):
    assert main(["export", "--format", "json", "-o", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err
    assert main(["export", "--format", "json", "-o", str(tmp_path / "missing" / "x.json")]) == 1
    assert "could not be written" in capsys.readouterr().err


def test_a_bad_date_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["export", "--format", "csv", "-o", "x.csv", "--since", "May 5"])
    assert caught.value.code == 2 and "is not a date like" in capsys.readouterr().err


def test_data_path_shows_where_and_how_much(two_sessions, capsys):
    assert main(["data", "path"]) == 0
    out = capsys.readouterr().out
    assert str(paths.database_path()) in out and "2 sessions and 6 check-ins" in out


def test_delete_refuses_without_a_terminal_or_yes(two_sessions, capsys):
    assert main(["data", "delete"]) == 1
    assert "Not deleted" in capsys.readouterr().err
    assert paths.database_path().exists()


def test_delete_asks_on_a_terminal(two_sessions, monkeypatch, capsys):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    assert main(["data", "delete"]) == 0 and paths.database_path().exists()
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    assert main(["data", "delete"]) == 0
    assert not paths.data_dir().exists()  # the folder itself goes too
    assert "Your practice data has been deleted." in capsys.readouterr().out


def test_delete_with_yes(two_sessions, capsys):
    (paths.data_dir() / "scripts").mkdir()
    assert main(["data", "delete", "--yes"]) == 0
    assert not paths.data_dir().exists()


def test_a_damaged_log_gives_a_message_and_the_set_aside_way_out(capsys):
    _corrupt()
    assert main(["history"]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "pendulate data set-aside" in err and "Traceback" not in err
    assert main(["data", "set-aside"]) == 1  # no terminal, no --yes: nothing changes
    assert paths.database_path().exists()
    assert main(["data", "set-aside", "--yes"]) == 0
    assert "kept at" in capsys.readouterr().out
    assert main(["history"]) == 0
    kept = [p.name for p in paths.data_dir().iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1


def test_data_check_reports_a_sound_log(two_sessions, capsys):
    assert main(["data", "check"]) == 0
    assert "good order" in capsys.readouterr().out


@pytest.mark.slow
def test_the_real_command_never_shows_a_traceback_for_a_damaged_log():
    _corrupt()
    result = subprocess.run(
        [sys.executable, "-m", "pendulate", "export", "--format", "html", "-o", "x.html"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "damaged" in result.stderr


def test_the_export_choices_match_the_exporters():
    from pendulate.cli.data import EXPORT_FORMATS
    from pendulate.export import FORMATS

    assert sorted(EXPORT_FORMATS) == sorted(FORMATS)
