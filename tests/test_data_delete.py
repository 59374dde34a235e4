"""``pendulate data delete``: every file named before asking, all of it gone after "yes",
the safety plan asked about on its own, and a plain sentence (never a traceback) when it can't."""

from __future__ import annotations

import fcntl
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from homework_helpers import HOMEWORK, write
from store_helpers import WallClock, pendulation, record

from pendulate import paths, settings
from pendulate.cli import main
from pendulate.homework.install import add_homework
from pendulate.store import Store

MY_SCRIPT = (
    "id: my-calm\ntitle: My calm\nphases:\n  - {kind: resource, duration: 60}\n  - {kind: orient, duration: 60}\n"
)


@pytest.fixture
def everything(tmp_path: Path) -> list[Path]:
    """One of each thing pendulate writes: the log and its side files, the diagnostic log, the
    library index, a running-session marker, homework, a script the person wrote, the settings."""
    with Store.open() as store:
        record(store, pendulation([(6, 3, 6)], note="felt it"), WallClock())
    data = paths.data_dir()
    (data / "pendulate.sqlite3-wal").write_bytes(b"")
    paths.diagnostic_log_path().write_text("a warning\n")
    paths.library_index_path().write_text("{}")
    paths.ensure_private_dir(paths.live_dir())
    (paths.live_dir() / "session-1.lock").write_text("")
    add_homework(write(tmp_path, "hw.yaml", HOMEWORK))
    write(paths.user_scripts_dir(), "my-calm.yaml", MY_SCRIPT)
    settings.save(settings.Settings(what_helps="cold water"))
    return sorted(p for p in (*data.rglob("*"), *paths.config_dir().rglob("*")) if p.is_file())


def _run_in_a_terminal(home: Path, answers: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """The real command, its stdin a terminal (as for a person), the answers typed ahead."""
    controller, terminal = pty.openpty()
    try:
        os.write(controller, answers.encode())
        return subprocess.run(
            [sys.executable, "-m", "pendulate", "data", "delete", *extra],
            stdin=terminal,
            capture_output=True,
            text=True,
            env={**os.environ, paths.HOME_ENV: str(home)},
            timeout=60,
        )
    finally:
        os.close(terminal)
        os.close(controller)


def _left(home: Path) -> list[str]:
    return sorted(str(p.relative_to(home)) for p in home.rglob("*"))


@pytest.mark.slow
def test_yes_twice_leaves_nothing_of_pendulate(everything, isolated_home):
    result = _run_in_a_terminal(isolated_home, "yes\nyes\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    # Every file was named before the question.
    listing = result.stdout.split("Delete all of it?")[0]
    for file in everything:
        if file.parent != paths.config_dir():
            assert file.name in listing, file
    assert "scripts you wrote" in listing and "my-calm.yaml" in listing
    assert "settings.yaml" in result.stdout and "crisis contacts and safety plan are kept apart" in result.stdout
    assert "Nothing pendulate wrote is left." in result.stdout
    assert _left(isolated_home) == []


@pytest.mark.slow
def test_keeping_the_safety_plan_says_where_it_stays(everything, isolated_home):
    result = _run_in_a_terminal(isolated_home, "yes\nno\n")
    assert result.returncode == 0, result.stderr
    assert _left(isolated_home) == ["config", "config/settings.yaml"]
    assert f"Kept: your crisis contacts and safety plan, in {paths.config_path()}." in result.stdout
    assert settings.load().what_helps == "cold water"


@pytest.mark.slow
def test_no_deletes_nothing(everything, isolated_home):
    result = _run_in_a_terminal(isolated_home, "no\n")
    assert result.returncode == 0 and "Nothing was deleted." in result.stdout
    assert sorted(p for p in isolated_home.rglob("*") if p.is_file()) == everything


def test_yes_flag_keeps_the_settings_and_says_so(everything, capsys):
    assert main(["data", "delete", "--yes"]) == 0
    out = capsys.readouterr().out
    assert not paths.data_dir().exists() and paths.config_path().exists()
    assert f"Kept: your crisis contacts and safety plan, in {paths.config_path()}." in out
    assert main(["data", "delete", "--yes", "--include-settings"]) == 0
    assert not paths.config_dir().exists()
    assert "Your settings, crisis contacts and safety plan have been deleted too." in capsys.readouterr().out


def test_only_settings_left_still_asks_about_them(monkeypatch, capsys):
    settings.save(settings.Settings())
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    assert main(["data", "delete"]) == 0
    out = capsys.readouterr().out
    assert "There is no practice data to delete" in out and not paths.config_dir().exists()


def test_missing_folders_are_nothing_to_delete(capsys):
    assert main(["data", "delete"]) == 0
    assert "There is nothing of pendulate's to delete" in capsys.readouterr().out


def test_a_file_that_will_not_go_is_named_without_a_traceback(everything, monkeypatch, capsys):
    stubborn = paths.diagnostic_log_path()
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self == stubborn:
            raise PermissionError(13, "Permission denied", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    assert main(["data", "delete", "--yes"]) == 1
    captured = capsys.readouterr()
    assert f"{stubborn} (Permission denied)" in captured.err and "Traceback" not in captured.err
    assert stubborn.exists() and not paths.database_path().exists()


def test_a_folder_that_cannot_be_listed_is_explained(everything, monkeypatch, capsys):
    data, real_iterdir = paths.data_dir(), Path.iterdir

    def iterdir(self: Path):
        if self == data:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    assert main(["data", "delete", "--yes"]) == 1
    err = capsys.readouterr().err
    assert f"pendulate cannot read {data} (Permission denied), so nothing was deleted." in err
    assert "Traceback" not in err and paths.database_path().exists() and paths.config_path().exists()


def test_a_running_session_is_left_alone(everything, capsys):
    lock = paths.live_dir() / "session-1.lock"
    fd = os.open(lock, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as a pendulate window running a session holds it
    try:
        assert main(["data", "delete", "--yes"]) == 1
    finally:
        os.close(fd)
    assert "A session is running in another pendulate window" in capsys.readouterr().err
    assert paths.database_path().exists()


def test_paths_names_the_files_their_writers_write():
    from pendulate.store.liveness import _lock_path
    from pendulate.tui import library_index

    assert library_index.index_path() == paths.library_index_path()
    assert _lock_path(paths.database_path(), 7).parent == paths.live_dir()
    import logging

    from pendulate.logsetup import log_to_file

    log_to_file()
    handler = logging.getLogger().handlers[0]
    try:
        assert isinstance(handler, logging.FileHandler)
        assert Path(handler.baseFilename) == paths.diagnostic_log_path()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
