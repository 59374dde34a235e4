"""Shared fixtures. Every test runs with its own PENDULATE_HOME and a silent ALSA device."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
ALSA_NULL_CONF = TESTS_DIR / "alsa-null.conf"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the person's real data, and never make a sound."""
    home = tmp_path_factory.mktemp("pendulate-home")
    monkeypatch.setenv("PENDULATE_HOME", str(home))
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(ALSA_NULL_CONF))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home
