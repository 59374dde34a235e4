"""Hostile files fed to every command that reads one: a located, calm message, never a traceback.

The scripts of the corpus are in ``tests/hostile/`` (their expectations are in
``test_hostile_scripts.py``), the homework files in ``tests/hostile/homework/``. What git can't
hold (names over 255 bytes, pipes, looping links, a folder closed to its reader) is made in a
temporary folder here.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pendulate import paths
from pendulate.cli import main
from pendulate.homework.loader import check_homework
from pendulate.script.loader import check_script
from tests.test_hostile_scripts import CORPUS, EXPECTED
from tests.wav_helpers import write_wav

HOMEWORK_CORPUS = CORPUS / "homework"
PENDULATE = Path(sys.executable).with_name("pendulate")
LONG = "a" * 300  # a file name is at most 255 bytes on Linux and macOS
END = "  - {kind: resource, duration: 60}\n  - {kind: orient, duration: 60}\n"
HOMEWORK_HEAD = "format: 1\nid: made\ntherapist: Dr. Lee\nassigned:\n"

# Every homework of the corpus is refused: where (line:col) and a piece of the first problem.
EXPECTED_HOMEWORK: dict[str, tuple[str, str]] = {
    "times_per_week_huge.yaml": ("7:23", "this number is too large to use"),
    "override_huge.yaml": ("7:18", "this number is too large to use"),
    "id_trailing_newline.yaml": ("2:5", "'anna\\x0a' is not a valid id"),
    "script_id_trailing_newline.yaml": ("5:13", "the script 'scripts/newline-id.yaml' has problems"),
    "script_huge_duration.yaml": ("5:13", "the script 'scripts/huge-duration.yaml' has problems"),
    "unknown_keys_bulk.yaml": ("6:1", "unknown key 'unknown_0' in the homework file"),
}


def test_every_homework_corpus_file_has_an_expectation() -> None:
    assert sorted(p.name for p in HOMEWORK_CORPUS.glob("*.yaml")) == sorted(EXPECTED_HOMEWORK)


@pytest.mark.parametrize("name", sorted(EXPECTED_HOMEWORK))
def test_homework_corpus_file_gives_a_located_error(name: str) -> None:
    homework, problems = check_homework(HOMEWORK_CORPUS / name)
    assert homework is None
    first = problems[0]
    place, message = EXPECTED_HOMEWORK[name]
    assert first.file == str(HOMEWORK_CORPUS / name)
    assert (f"{first.line}:{first.col}", message in str(first)) == (place, True), str(first)


def test_a_script_that_looks_like_a_built_in_id_with_a_newline_is_not_assigned() -> None:
    _, problems = check_homework(HOMEWORK_CORPUS / "script_id_trailing_newline.yaml")
    assert str(problems[-1]).endswith(
        "newline-id.yaml:1:5: 'orient-resource\\x0a' is not a valid id\n    hint: use lowercase letters, digits and single hyphens, at most 64 characters, for example body-pendulation"
    )


# ---- cases made at test time --------------------------------------------------------------
def made_scripts(folder: Path) -> dict[str, Path]:
    """Script paths no checkout can hold: each must give a located problem, never a traceback."""
    folder.mkdir(exist_ok=True)
    cue = folder / "long-cue.yaml"
    cue.write_text(f"id: t\ntitle: T\nphases:\n  - {{kind: resource, duration: 60, cue: '{LONG}.wav'}}\n{END}")
    os.mkfifo(folder / "pipe.yaml")
    os.symlink(folder / "loop.yaml", folder / "loop.yaml")
    return {
        "long-name": folder / f"{LONG}.yaml",
        "long-folder": folder / LONG / "s.yaml",
        "long-cue": cue,
        "pipe": folder / "pipe.yaml",
        "loop": folder / "loop.yaml",
        "device": Path("/dev/null"),
    }


def made_homework(folder: Path) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    named = folder / "long-script.yaml"
    named.write_text(HOMEWORK_HEAD + f"  - script: {LONG}.yaml\n")
    os.mkfifo(folder / "pipe-script.yaml")
    piped = folder / "names-a-pipe.yaml"
    piped.write_text(HOMEWORK_HEAD + "  - script: pipe-script.yaml\n")
    return {"long-script": named, "names-a-pipe": piped, "long-name": folder / f"{LONG}.yaml"}


def test_made_scripts_are_located_problems(tmp_path: Path) -> None:
    found = {name: check_script(path) for name, path in made_scripts(tmp_path).items()}
    messages = {name: (script, str(problems[0])) for name, (script, problems) in found.items()}
    long_name = "cannot read this file: its name is too long (a file or folder name can be at most 255 bytes)"
    assert messages["long-name"] == (None, f"{tmp_path / LONG}.yaml:1:1: {long_name}\n    hint: choose a shorter name")
    assert long_name in messages["long-folder"][1]
    assert "long-cue.yaml:4:41: the sound file 'aaaa" in messages["long-cue"][1]
    assert "…' can't be used: its name is too long" in messages["long-cue"][1]
    for name in ("pipe", "device"):
        assert ":1:1: this is not a plain file (a device, pipe or folder)" in messages[name][1]
    assert messages["loop"][1].endswith(
        ":1:1: cannot read this file: it is a link that leads round in a circle\n    hint: point the link at a real file"
    )


def test_made_homework_is_located_problems(tmp_path: Path) -> None:
    made = made_homework(tmp_path)
    _, problems = check_homework(made["long-script"])
    assert str(problems[0]).startswith(f"{made['long-script']}:5:13: the script file 'aaaa")
    assert "can't be read: its name is too long" in problems[0].message
    _, problems = check_homework(made["names-a-pipe"])
    assert (
        problems[0].message
        == "the script file 'pipe-script.yaml' can't be read: it is not a plain file (a device, pipe or folder)"
    )


# ---- the whole command line, as a person runs it ------------------------------------------
def run(*argv: str | Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(PENDULATE), *map(str, argv)],
        capture_output=True,
        env=dict(os.environ),
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def calm(done: subprocess.CompletedProcess[bytes], codes: tuple[int, ...] = (0, 1, 2)) -> str:
    output = (done.stdout + done.stderr).decode("utf-8", errors="replace")
    assert done.returncode in codes, (done.args, done.returncode, output)
    assert "Traceback" not in output and "Error:" not in output and "\x1b" not in output, (done.args, output)
    return output


@pytest.mark.slow
def test_every_command_that_reads_a_file_stays_calm_over_the_corpus(tmp_path: Path) -> None:
    scripts = sorted(CORPUS.glob("*.yaml")) + list(made_scripts(tmp_path / "s").values())
    homework = sorted(HOMEWORK_CORPUS.glob("*.yaml")) + list(made_homework(tmp_path / "h").values())
    # render reads a script the way show does: the made cases and one huge number are enough.
    rendered = [CORPUS / "int_huge_duration.yaml", *made_scripts(tmp_path / "r").values()]
    jobs: list[tuple[tuple[str | Path, ...], tuple[int, ...]]] = [
        (("validate", *scripts), (1,)),
        *((("show", path), (0,) if EXPECTED.get(path.name, "") is None else (1,)) for path in scripts),
        *((("homework", "add", path), (1, 2)) for path in homework),
        *((("render", path, "-o", tmp_path / "out.wav"), (1,)) for path in rendered),
        (("render", "orient-resource", "-o", tmp_path / f"{LONG}.wav"), (1,)),
        (("data", "path"), (0,)),
        (("history",), (0,)),
        (("export", "--format", "csv", "-o", tmp_path / f"{LONG}.csv"), (1,)),
        (("export", "--format", "json", "-o", tmp_path / LONG / "r.json"), (1,)),
        (("new", tmp_path / f"{LONG}.yaml"), (1,)),
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:  # two cores: half the wall time, all of the checks
        outputs = list(pool.map(lambda job: calm(run(*job[0]), job[1]), jobs))
    validated = outputs[0]
    assert validated.count("this number is too large to use") == 7
    assert "its name is too long" in validated and "this is not a plain file" in validated
    assert not (paths.homework_dir()).exists() or list(paths.homework_dir().iterdir()) == []  # nothing imported
    assert not (tmp_path / "out.wav").exists()


def test_validating_256_kib_of_unknown_keys_lists_twenty_and_counts_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    keys = []
    size = 100
    while size < 256 * 1024 - 100:
        keys.append(f"unknown_{len(keys)}: 1\n")
        size += len(keys[-1])
    path.write_text("id: t\ntitle: T\nphases:\n" + END + "".join(keys))
    done = subprocess.run([str(PENDULATE), "validate", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stderr == ""
    lines = done.stdout.splitlines()
    located = [line for line in lines if line.startswith(f"{path}:")]
    assert len(located) == 20 and located[0] == f"{path}:6:1: unknown key 'unknown_0' in the script"
    assert lines[-1] == f"… and {len(keys) - 20} more problems; fixing the first ones often fixes these."
    assert len(lines) <= 41  # twenty problems, their hints, the count


# ---- a folder closed to its reader ----------------------------------------------------------
@pytest.fixture
def closed_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder without search permission holding a valid script.

    The superuser passes through permissions, so for them ``os.stat`` refuses inside the folder
    the way the kernel does for everyone else.
    """
    folder = tmp_path / "closed"
    folder.mkdir()
    (folder / "s.yaml").write_text("id: closed\ntitle: Closed\nphases:\n" + END)
    folder.chmod(0o600)
    if os.geteuid() == 0:
        real_stat = os.stat

        def refusing_stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
            if not isinstance(path, int) and os.fspath(path).startswith(str(folder) + os.sep):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
            return real_stat(path, *args, **kwargs)

        monkeypatch.setattr(os, "stat", refusing_stat)
    yield folder
    folder.chmod(0o700)


def test_a_script_in_a_closed_folder_is_said_calmly_by_every_command(
    closed_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = closed_folder / "s.yaml"
    homework = tmp_path / "hw.yaml"
    homework.write_text(HOMEWORK_HEAD + "  - script: closed/s.yaml\n")
    codes = [
        main(["validate", str(script)]),
        main(["show", str(script)]),
        main(["run", str(script)]),
        main(["render", str(script), "-o", str(tmp_path / "out.wav")]),
        main(["homework", "add", str(homework)]),
    ]
    out, err = capsys.readouterr()
    assert codes == [1, 1, 1, 1, 1], out + err
    assert "Traceback" not in out + err and "cannot write the homework folder" not in err
    denied = "cannot read this file: permission denied: it, or a folder it is in, is not open to you"
    assert out.count(f"{script}:1:1: {denied}") == 1  # validate
    assert err.count(f"{script}:1:1: {denied}") == 3  # show, run, render
    assert f"{homework}:5:13: the script file 'closed/s.yaml' can't be read: permission denied" in err
    assert f"{homework}: not imported; nothing was changed." in err


def test_a_sound_that_cannot_be_read_is_the_homeworks_problem_not_the_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_wav(tmp_path / "rain.wav")
    (tmp_path / "s.yaml").write_text(
        f"id: rainy\ntitle: Rain\nphases:\n  - {{kind: resource, duration: 60, cue: rain.wav}}\n{END}"
    )
    homework = tmp_path / "hw.yaml"
    homework.write_text(HOMEWORK_HEAD + "  - script: s.yaml\n")
    real_open = Path.open

    def refusing_open(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.name == "rain.wav":  # readable to stat, refused to open (mode 000 for anyone but root)
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing_open)
    assert main(["homework", "add", str(homework)]) == 1
    err = capsys.readouterr().err
    # The sound is checked where the script names it, before anything is copied.
    assert f"{tmp_path / 's.yaml'}:4:41: the sound file 'rain.wav' can't be read: permission denied" in err
    assert "cannot write the homework folder" not in err and "Traceback" not in err
    assert not paths.homework_dir().exists() or [p.name for p in paths.homework_dir().iterdir()] == []


# ---- folders pendulate makes ----------------------------------------------------------------
def test_a_pendulate_home_that_pendulate_creates_is_owner_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "new" / "home"
    monkeypatch.setenv("PENDULATE_HOME", str(home))
    old = os.umask(0o022)
    try:
        assert main(["history"]) == 0
    finally:
        os.umask(old)
    modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "new", home, home / "data")}
    assert modes == {"new": 0o700, "home": 0o700, "data": 0o700}
    assert tmp_path.stat().st_mode & 0o777 != 0o777  # a folder that was already there is left as it is


def test_own_folders_that_cannot_be_listed_are_skipped_with_a_word(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    closed = [paths.ensure_private_dir(paths.user_scripts_dir()), paths.ensure_private_dir(paths.homework_dir())]
    real_listdir = os.listdir

    def refusing_listdir(path=".") -> list[str]:  # type: ignore[no-untyped-def]
        if Path(path) in closed:  # as a folder whose mode was changed to 0300 would, for anyone but root
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", refusing_listdir)
    assert main(["list"]) == 0
    assert main(["homework", "list"]) == 0
    out, err = capsys.readouterr()
    assert "orient-resource" in out and "Traceback" not in out + err
    denied = "cannot read this folder: permission denied: it, or a folder it is in, is not open to you"
    assert f"can't be read — {closed[0]}:1:1: {denied}" in out  # in the list itself (issue #15)
    assert f"skipped: {closed[1]}:1:1: {denied}" in err
