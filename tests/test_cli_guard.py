"""The command line's last line of defence: an unexpected error is logged, then said in one line."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from pendulate import paths
from pendulate.cli import main
from pendulate.cli import scripts as script_commands
from pendulate.store.db import StoreError


def broken(args: argparse.Namespace) -> int:
    raise ValueError("a bug deep inside pendulate")


def test_an_unexpected_error_is_kept_in_the_log_and_said_in_one_calm_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(script_commands, "cmd_list", broken)
    assert main(["list"]) == 1
    out, err = capsys.readouterr()
    log = paths.diagnostic_log_path()
    assert out == ""
    assert err == (
        f"pendulate stopped because something unexpected went wrong (ValueError). The details are kept in {log}.\n"
    )
    kept = log.read_text(encoding="utf-8")
    assert " ERROR pendulate: unexpected ValueError\nTraceback (most recent call last):\n" in kept
    assert kept.rstrip().endswith("ValueError: a bug deep inside pendulate")
    assert log.stat().st_mode & 0o777 == 0o600
    assert main(["list"]) == 1  # a second one is added to the same log
    assert log.read_text(encoding="utf-8").count("unexpected ValueError") == 2


def test_an_explained_error_that_escaped_is_said_in_its_own_words(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def busy(args: argparse.Namespace) -> int:
        raise StoreError("The practice log is in use by another program right now.", kind="busy")

    monkeypatch.setattr(script_commands, "cmd_list", busy)
    assert main(["list"]) == 1
    assert capsys.readouterr().err == (
        f"The practice log is in use by another program right now.\nThe details are kept in {paths.diagnostic_log_path()}.\n"
    )


def test_when_the_log_cannot_be_written_the_line_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("PENDULATE_HOME", str(blocker))  # a file where the data folder would go
    monkeypatch.setattr(script_commands, "cmd_list", broken)
    assert main(["list"]) == 1
    assert capsys.readouterr().err == (
        "pendulate stopped because something unexpected went wrong (ValueError). The details could not be kept.\n"
    )


def test_usage_errors_interrupts_and_closed_pipes_keep_their_exit_codes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["no-such-command"])
    assert caught.value.code == 2

    def interrupted(args: argparse.Namespace) -> int:
        raise KeyboardInterrupt

    def closed(args: argparse.Namespace) -> int:
        raise BrokenPipeError

    monkeypatch.setattr(script_commands, "cmd_list", interrupted)
    assert main(["list"]) == 130
    monkeypatch.setattr(script_commands, "cmd_list", closed)
    assert main(["list"]) == 0
    assert not paths.diagnostic_log_path().exists()  # none of these is a crash


@pytest.mark.slow
def test_a_real_process_never_prints_a_traceback() -> None:
    code = (
        "import sys\n"
        "from pendulate.cli import main, scripts\n"
        "def boom(args):\n"
        "    return {}['missing']\n"
        "scripts.cmd_list = boom\n"
        "sys.exit(main(['list']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ), timeout=60
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("pendulate stopped because something unexpected went wrong (KeyError).")
    assert "Traceback" in paths.diagnostic_log_path().read_text(encoding="utf-8")
