"""A read-only glance at the log's state table, before the log is opened."""

import sqlite3

from pendulate import paths
from pendulate.safety.keys import INTRO_KEY
from pendulate.store.peek import state_value
from pendulate.store.store import Store


def test_a_value_in_the_log_is_read_without_changing_the_log():
    with Store.open() as store:
        store.set_state(INTRO_KEY, "yes")
    path = paths.database_path()
    before = path.read_bytes()
    assert state_value(path, INTRO_KEY) == "yes"
    assert state_value(path, "no.such.key") is None
    assert path.read_bytes() == before
    for companion in path.parent.glob(path.name + "*"):
        assert companion.stat().st_mode & 0o077 == 0, companion  # nothing readable by others appeared


def test_no_log_reads_as_not_known_and_is_not_created(tmp_path):
    missing = tmp_path / "pendulate.sqlite3"
    assert state_value(missing, INTRO_KEY) is None
    assert not missing.exists()


def test_a_file_that_is_not_a_log_reads_as_not_known(tmp_path):
    junk = tmp_path / "pendulate.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    assert state_value(junk, INTRO_KEY) is None
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()  # a database without pendulate's tables
    assert state_value(empty, INTRO_KEY) is None
    assert state_value(tmp_path, INTRO_KEY) is None  # a folder
