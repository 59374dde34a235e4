"""Opening the log: permissions, pragmas, damaged files, and a headless, offline package."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from store_helpers import pendulation, record

from pendulate import paths
from pendulate.store import Store, StoreError, set_aside_corrupt

STORE_DIR = Path(__file__).resolve().parent.parent / "pendulate" / "store"


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_the_folder_is_0700_and_every_database_file_0600():
    with Store.open() as store:
        record(store, pendulation([]))
        db = paths.database_path()
        assert _mode(db.parent) == 0o700
        files = [p for p in db.parent.iterdir() if p.name.startswith(db.name)]
        assert {p.name for p in files} >= {db.name, db.name + "-wal", db.name + "-shm"}
        assert all(_mode(p) == 0o600 for p in files)


def test_drifted_permissions_are_repaired_at_open():
    with Store.open() as store:
        record(store, pendulation([]))
        db = paths.database_path()
        db.chmod(0o644)
        Path(str(db) + "-wal").chmod(0o666)
        db.parent.chmod(0o755)
        Store.open().close()  # a second open while the first holds the WAL open
        assert _mode(db.parent) == 0o700 and _mode(db) == 0o600 and _mode(Path(str(db) + "-wal")) == 0o600


def test_pragmas_are_durable():
    with Store.open() as store:
        conn = store.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_a_damaged_file_gives_a_clear_error_and_is_not_replaced():
    db = paths.database_path()
    paths.ensure_private_dir(db.parent)
    garbage = b"these bytes are not a database " * 200
    db.write_bytes(garbage)
    with pytest.raises(StoreError) as caught:
        Store.open()
    assert caught.value.kind == "corrupt" and caught.value.can_set_aside
    assert "damaged" in str(caught.value) and "Nothing has been changed" in str(caught.value)
    assert db.read_bytes() == garbage


def test_set_aside_keeps_the_bad_files_and_a_fresh_log_can_start():
    db = paths.database_path()
    paths.ensure_private_dir(db.parent)
    db.write_bytes(b"x" * 4096)
    Path(str(db) + "-wal").write_bytes(b"y" * 100)
    moved = set_aside_corrupt(db, now=datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC))
    assert moved.name == "pendulate.sqlite3.corrupt-20240506T070809Z"
    assert moved.read_bytes() == b"x" * 4096 and _mode(moved) == 0o600
    assert Path(str(moved) + "-wal").read_bytes() == b"y" * 100
    assert not db.exists()
    with Store.open() as store:
        assert store.history() == []


def test_an_unreadable_folder_is_reported(monkeypatch):
    def refuse(path: Path) -> Path:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(paths, "ensure_private_dir", refuse)
    with pytest.raises(StoreError) as caught:
        Store.open()
    assert caught.value.kind == "unreadable" and "permission denied" in str(caught.value)


def test_the_store_imports_no_ui_or_audio_library():
    code = (
        "import sys, pendulate.store, pendulate.export, bench.demo, pendulate.cli.data\n"
        "bad = [m for m in ('textual', 'simpleaudio', 'pydub', 'rich') if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_store_has_no_network_code():
    forbidden = ("socket", "urllib", "http.client", "requests", "httpx", "ftplib", "smtplib")
    for source in STORE_DIR.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        for name in forbidden:
            assert f"import {name}" not in text and f"from {name}" not in text, (source, name)


def test_a_new_database_file_is_never_world_readable_even_with_a_loose_umask():
    old = os.umask(0o000)
    try:
        Store.open().close()
    finally:
        os.umask(old)
    assert _mode(paths.database_path()) == 0o600
