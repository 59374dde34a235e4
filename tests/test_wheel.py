"""A wheel installed in a clean venv, run from another folder, finds the built-in scripts and sounds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_library import BUILTIN_IDS  # every built-in, sorted

REPO = Path(__file__).resolve().parent.parent


def _run(args: list[str], cwd: Path, timeout: float = 300, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(extra_env)
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh venv holding only the wheel and its dependencies."""
    root = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(root / "dist"), str(REPO)], cwd=root)
    [wheel] = (root / "dist").glob("pendulate-*.whl")
    # No pip inside the new venv: the test venv's pip installs into it (faster, works offline
    # against the machine's local index).
    _run([sys.executable, "-m", "venv", "--without-pip", str(root / "venv")], cwd=root)
    python = root / "venv" / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", str(wheel)], cwd=root)
    return root / "venv" / "bin"


@pytest.mark.slow
def test_installed_wheel_lists_the_builtins_from_another_folder(installed: Path, tmp_path: Path) -> None:
    out = _run([str(installed / "pendulate"), "list"], cwd=tmp_path).stdout
    listed = [line.split()[0] for line in out.splitlines()[1:] if line.endswith("built-in")]
    assert sorted(listed) == BUILTIN_IDS  # listed in the library's order (issue #15), every one there


@pytest.mark.slow
def test_installed_wheel_uses_its_own_data(installed: Path, tmp_path: Path) -> None:
    code = (
        "from pendulate import resources; "
        "print(resources.sessions_dir()); print(resources.sounds_dir()); "
        "print(' '.join(sorted(p.name for p in resources.sounds_dir().glob('*.wav'))))"
    )
    sessions, sounds, wavs = _run([str(installed / "python"), "-c", code], cwd=tmp_path).stdout.splitlines()
    venv = installed.parent
    assert Path(sessions).is_relative_to(venv) and Path(sounds).is_relative_to(venv)
    assert (Path(sessions) / "script.schema.json").is_file()
    assert {"bell.wav", "bowl.wav", "chime.wav", "low.wav", "tick.wav"} <= set(wavs.split())


@pytest.mark.slow
def test_installed_wheel_shows_and_validates(installed: Path, tmp_path: Path) -> None:
    shown = _run([str(installed / "pendulate"), "show", "body-pendulation"], cwd=tmp_path).stdout
    assert shown.splitlines()[-1] == "total 8:50 (12 phases, 10 check-ins)"
    schema = _run([str(installed / "pendulate"), "schema"], cwd=tmp_path).stdout
    assert schema == (REPO / "sessions" / "script.schema.json").read_text()


@pytest.mark.slow
def test_installed_wheel_draws_its_library_from_the_shipped_lines(installed: Path, tmp_path: Path) -> None:
    code = (
        "from pendulate.tui import library_index; "
        "lines = library_index.built_in_lines(plain=False); "
        "print(len(lines) if lines else 'none')"
    )
    done = _run([str(installed / "python"), "-c", code], cwd=tmp_path, PENDULATE_HOME=str(tmp_path / "home"))
    assert done.stdout.strip() == str(len(BUILTIN_IDS))
