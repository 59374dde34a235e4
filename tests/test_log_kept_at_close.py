"""pendulate closes while another program still holds the log: nothing confirmed is lost.

The rows that waited go to one owner-only file in ``unsaved/`` beside the log; the next open
writes them in, in order, and removes the file. A file that is not one of ours is set aside
and never run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_helpers import make_recorder, pendulation
from test_log_held import Holder, on_disk, wait_until

from pendulate.engine import events as ev
from pendulate.store import Store, spill
from pendulate.store import recorder as recorder_module


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open() as s:
        yield s


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recorder_module, "RETRY_EVERY_S", 0.02)
    monkeypatch.setattr(recorder_module, "RETRY_WAIT_MS", 20)


def kept_files(store: Store) -> list[Path]:
    return spill.waiting(store.path)


def test_rows_still_waiting_at_close_are_kept_beside_the_log_and_written_in_at_the_next_open(
    store: Store, quick: None
) -> None:
    timeline = pendulation([(4, 5, 6), (6, 4, 5)], note="the warm spot helped")
    rec = make_recorder(store)
    holder = Holder(store.path)
    try:
        for event in timeline.events:
            rec.handle(event)
        assert rec.unsaved > 0
        assert rec.keep_what_waits()  # what the app's close runs
        assert rec.unsaved == 0
    finally:
        holder.close()
    (kept,) = kept_files(store)
    assert kept.stat().st_mode & 0o777 == 0o600
    assert kept.parent.stat().st_mode & 0o777 == 0o700
    assert on_disk(store.path, "SELECT count(*) FROM sessions") == [(0,)]

    with Store.open(store.path) as again:
        assert kept_files(again) == []
    confirmed = [e.answers.suds for e in timeline.events if isinstance(e, ev.CheckinRecorded)]
    assert [r[0] for r in on_disk(store.path, "SELECT suds FROM checkins ORDER BY idx")] == confirmed
    assert on_disk(store.path, "SELECT status, peak_suds FROM sessions") == [("completed", 6)]
    starts = [r[0] for r in on_disk(store.path, "SELECT actual_start_s FROM phases ORDER BY seq")]
    assert len(starts) > 5 and starts == sorted(starts)


def test_rows_of_a_session_already_in_the_log_join_it_at_the_next_open(store: Store, quick: None) -> None:
    events = pendulation([(4, 5, 6)]).events
    rec = make_recorder(store)
    for event in events[:3]:  # the session's row and its opening check-in are written
        rec.handle(event)
    assert rec.unsaved == 0 and rec.session_id is not None
    holder = Holder(store.path)
    try:
        for event in events[3:]:
            rec.handle(event)
        assert rec.keep_what_waits()
    finally:
        holder.close()
    assert on_disk(store.path, "SELECT count(*) FROM checkins") == [(1,)]
    Store.open(store.path).close()
    confirmed = sum(isinstance(e, ev.CheckinRecorded) for e in events)
    assert on_disk(store.path, "SELECT count(*), count(DISTINCT session_id) FROM checkins") == [(confirmed, 1)]
    assert on_disk(store.path, "SELECT id, status FROM sessions") == [(rec.session_id, "completed")]


def test_a_lock_still_held_at_the_next_open_leaves_the_file_for_the_time_after(store: Store, quick: None) -> None:
    rec = make_recorder(store)
    events = pendulation([(4, 5, 6)]).events
    holder = Holder(store.path)
    try:
        for event in events:
            rec.handle(event)
        assert rec.keep_what_waits()
        with Store.open(store.path) as held:  # opens as usual, in a moment
            assert len(kept_files(held)) == 1
    finally:
        holder.close()
    Store.open(store.path).close()
    assert kept_files(store) == []
    confirmed = sum(isinstance(e, ev.CheckinRecorded) for e in events)
    assert on_disk(store.path, "SELECT count(*) FROM checkins") == [(confirmed,)]


@pytest.mark.parametrize(
    "rows",
    [
        [["DROP TABLE checkins", []]],
        [["UPDATE sessions SET note = 'x' WHERE id = 1; DROP TABLE checkins", []]],
        [["INSERT INTO checkins (session_id) VALUES (?)", [{"not": "a value"}]]],
        "not rows",
    ],
)
def test_a_file_that_is_not_ours_is_set_aside_never_run(store: Store, rows: object) -> None:
    folder = spill.folder_for(store.path)
    folder.mkdir(mode=0o700)
    (folder / "session-1.json").write_text(json.dumps({"version": 1, "session_id": 1, "rows": rows}))
    (folder / "session-2.json").write_text("{ not json")
    Store.open(store.path).close()
    assert sorted(p.name for p in folder.iterdir()) == ["session-1.unreadable", "session-2.unreadable"]
    assert on_disk(store.path, "SELECT count(*) FROM checkins") == [(0,)]


def test_a_real_close_keeps_the_rows_and_the_next_start_writes_them_in(store: Store, tmp_path: Path) -> None:
    """A separate process records under a held lock and simply ends, as the app does."""
    tests = Path(__file__).resolve().parent
    script = textwrap.dedent(
        f"""
        import sys
        sys.path[:0] = [{str(tests)!r}, {str(tests.parent)!r}]
        from store_helpers import make_recorder, pendulation
        from pendulate.store import Store, recorder
        recorder.RETRY_EVERY_S = 0.02
        recorder.RETRY_WAIT_MS = 20
        store = Store.open()
        rec = make_recorder(store)
        for event in pendulation([(3, 6, 7)]).events:
            rec.handle(event)
        print(rec.unsaved, sum(type(e).__name__ == "CheckinRecorded" for e in pendulation([(3, 6, 7)]).events))
        """
    )
    holder = Holder(store.path)
    try:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    finally:
        holder.close()
    assert done.returncode == 0, done.stderr
    unsaved, confirmed = map(int, done.stdout.split())
    assert unsaved > 0 and confirmed > 0 and "Traceback" not in done.stderr
    assert len(kept_files(store)) == 1
    assert on_disk(store.path, "SELECT count(*) FROM checkins") == [(0,)]
    Store.open(store.path).close()
    assert on_disk(store.path, "SELECT count(*) FROM checkins") == [(confirmed,)]
    assert kept_files(store) == []


def test_replayed_rows_go_in_as_one_transaction(store: Store) -> None:
    folder = spill.folder_for(store.path)
    folder.mkdir(mode=0o700)
    good = "UPDATE sessions SET note = ? WHERE id = ?"
    rows = [[good, ["a", 1]], ["INSERT INTO checkins (no_such_column) VALUES (?)", [1]]]
    (folder / "session-1.json").write_text(json.dumps({"version": 1, "session_id": 1, "rows": rows}))
    Store.open(store.path).close()
    # The statement SQLite refuses leaves the file where it is and the log as it was.
    assert [p.name for p in folder.iterdir()] == ["session-1.json"]


def test_a_check_in_confirmed_while_the_log_is_held_outlives_a_kill(store: Store) -> None:
    tests = Path(__file__).resolve().parent
    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path[:0] = [{str(tests)!r}, {str(tests.parent)!r}]
        from store_helpers import make_recorder, pendulation
        from pendulate.store import Store, recorder
        recorder.RETRY_EVERY_S = 0.02
        recorder.RETRY_WAIT_MS = 20
        rec = make_recorder(Store.open())
        for event in pendulation([(3, 6, 7)]).events:
            rec.handle(event)
        print("confirmed", flush=True)
        time.sleep(60)
        """
    )
    holder = Holder(store.path)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline() == "confirmed\n"
        wait_until(lambda: len(kept_files(store)) == 1)
        child.kill()  # no chance to close: only what is on disk counts
        child.wait(timeout=10)
    finally:
        child.kill()
        if child.stdout is not None:
            child.stdout.close()
        holder.close()
    Store.open(store.path).close()
    confirmed = sum(isinstance(e, ev.CheckinRecorded) for e in pendulation([(3, 6, 7)]).events)
    assert on_disk(store.path, "SELECT count(*) FROM checkins") == [(confirmed,)]
    assert kept_files(store) == []


def test_a_file_whose_rows_already_went_in_changes_nothing(store: Store, quick: None) -> None:
    """pendulate stopped between writing the rows into the log and removing their file."""
    events = pendulation([(4, 5, 6)]).events
    rec = make_recorder(store)
    holder = Holder(store.path)
    try:
        for event in events:
            rec.handle(event)
        assert rec.keep_what_waits()
    finally:
        holder.close()
    (kept,) = kept_files(store)
    copy = kept.read_bytes()
    Store.open(store.path).close()
    before = on_disk(store.path, "SELECT * FROM sessions"), on_disk(store.path, "SELECT * FROM checkins")
    kept.write_bytes(copy)  # as if it had not been removed
    Store.open(store.path).close()
    after = on_disk(store.path, "SELECT * FROM sessions"), on_disk(store.path, "SELECT * FROM checkins")
    assert after == before and len(before[0]) == 1
    assert kept_files(store) == []
