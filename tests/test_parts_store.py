"""The parts the person named, and which urges and body locations came with them, over time."""

from __future__ import annotations

from datetime import timedelta

from store_helpers import WallClock
from test_resources_store import add, named_session

from pendulate.store import PartAppearance, Store


def test_own_parts_are_distinct_most_recent_first():
    with Store.open() as store:
        add(store, named_session([], part={"name": "the critic", "room": 3}), 0)
        add(store, named_session([], part={"name": "the numbing part", "room": None}), 1)
        add(store, named_session([], part={"name": "The critic", "room": 6}), 2)
        assert store.own_parts() == ["The critic", "the numbing part"]
        assert store.own_parts(limit=1) == ["The critic"]


def test_parts_over_time_come_with_the_same_check_ins_urge_and_locations():
    with Store.open() as store:
        add(store, named_session([], part={"name": "the critic", "room": 3}, urge=4, location=["chest", "throat"]), 0)
        add(store, named_session([], part={"name": "the numbing part"}, diary={"urge": 2, "acted": False}), 1)
        add(store, named_session([], part={"name": "the critic", "room": 7}), 2, speed=2.0)  # a rehearsal
        add(store, named_session([], urge=5, location=["belly"]), 3)  # no part named: not listed
        day = WallClock().now.date()
        assert store.parts_over_time() == [
            PartAppearance(day, 1, 1, "the critic", 3, 4, ("chest", "throat")),
            PartAppearance(day + timedelta(days=1), 2, 1, "the numbing part", None, 2, ()),
        ]
        assert [p.session_id for p in store.parts_over_time(since=day + timedelta(days=1))] == [2]
