"""A log damaged in the middle of the file is found when the app opens it, before it writes."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

from store_helpers import pendulation, record

from pendulate.store import Store
from pendulate.tui import factory


def damage_page(path: Path, seed: int) -> int:
    """Overwrite one page past the header with random bytes, as a failing disk might."""
    size = path.stat().st_size
    pages = size // 4096
    rng = random.Random(seed)
    page = rng.randrange(2, pages + 1)
    with path.open("r+b") as handle:
        handle.seek((page - 1) * 4096)
        handle.write(rng.randbytes(4096))
    return page


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as error:
        return [str(error)]
    finally:
        conn.close()


def a_log_and_a_clean_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A log of 30 sessions, all in its main file, and a copy of it to damage again and again."""
    with Store.open() as store:
        for _ in range(30):
            record(store, pendulation([(4, 5, 6), (6, 3, 5)]))
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        path = store.path
    clean = tmp_path / "clean.sqlite3"
    shutil.copy(path, clean)
    return path, clean


def test_every_damage_data_check_reports_keeps_the_app_from_writing_into_the_log(tmp_path: Path) -> None:
    path, clean = a_log_and_a_clean_copy(tmp_path)
    store, problem = factory.open_store()  # a sound log opens as before
    assert store is not None and problem is None
    store.close()
    damaged = 0
    for seed in range(8):
        shutil.copy(clean, path)
        page = damage_page(path, seed)
        if integrity(path) == ["ok"]:
            continue  # a page nothing reads (free, or unused space in it): nothing to find
        damaged += 1
        before = path.read_bytes()
        store, problem = factory.open_store()
        assert store is None, f"page {page} (seed {seed}) was damaged and the log was opened for writing"
        assert problem is not None and "is damaged and can't be read (database disk image is malformed)" in problem
        assert "You can keep the damaged file aside and start a new, empty log" in problem
        assert problem.endswith("You can practise, but this session won't be saved.")
        assert path.read_bytes() == before  # nothing was written into it
    assert damaged >= 5, damaged


def test_a_log_the_app_finds_damaged_can_be_set_aside_from_the_command_line(tmp_path: Path, capsys) -> None:
    from pendulate.cli import main

    path, clean = a_log_and_a_clean_copy(tmp_path)
    for seed in range(8):
        shutil.copy(clean, path)
        damage_page(path, seed)
        store, _ = factory.open_store()
        if store is None:  # the quick check found it: the way out must be open too
            break
        store.close()
    else:
        raise AssertionError("no seed damaged a page the quick check reads")
    capsys.readouterr()
    assert main(["data", "set-aside", "--yes"]) == 0
    assert "The damaged log is kept at" in capsys.readouterr().out
    assert not path.exists() or factory.open_store()[0] is not None
