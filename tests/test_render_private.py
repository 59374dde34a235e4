"""A rendered session is private like an export: 0600, also when it replaces a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pendulate.cli import main
from pendulate.script.model import Phase, Script


def test_render_writes_a_file_only_its_owner_can_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pendulate.catalogue.scripts as library

    tiny = Script(
        id="tiny", title="Tiny", version="1", phases=(Phase("resource", "Rest", 2.0), Phase("orient", "Room", 2.0))
    )
    monkeypatch.setattr(library, "resolve", lambda ref: tiny)
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.wav"
        assert main(["render", "tiny", "-o", str(fresh)]) == 0
        replaced = tmp_path / "replaced.wav"
        replaced.write_bytes(b"old")
        replaced.chmod(0o644)
        assert main(["render", "tiny", "-o", str(replaced), "--force"]) == 0
    finally:
        os.umask(old)
    assert [path.stat().st_mode & 0o777 for path in (fresh, replaced)] == [0o600, 0o600]
