"""The collector held back at start-up: released once, and only by whoever held it."""

import gc

import pytest

from pendulate import collector


@pytest.fixture(autouse=True)
def _restore():
    yield
    collector.release()
    gc.enable()
    gc.unfreeze()


def test_holding_stops_automatic_collection_and_releasing_restarts_it():
    collector.hold()
    assert not gc.isenabled()
    collector.release()
    assert gc.isenabled()


def test_what_was_made_while_held_is_set_aside_on_release():
    gc.unfreeze()
    collector.hold()
    made = [[] for _ in range(1000)]
    assert gc.get_freeze_count() == 0
    collector.release()
    assert gc.get_freeze_count() >= len(made)


def test_a_collector_someone_else_turned_off_stays_off():
    gc.disable()
    collector.hold()
    collector.release()
    assert not gc.isenabled()


def test_releasing_without_holding_changes_nothing():
    gc.unfreeze()
    collector.release()
    assert gc.isenabled() and gc.get_freeze_count() == 0
