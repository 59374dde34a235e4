"""The person's own resource names, and the recovery that went with them, read from a real log."""

from __future__ import annotations

from datetime import timedelta

from store_helpers import PARAMS, SCRIPT, Timeline, WallClock, record

from pendulate.plan.build import build_plan
from pendulate.store import ResourceRecovery, SessionRecorder, Store


def named_session(resources: list[str], return_s: float = 45, settled: int | None = 7, **touch) -> Timeline:
    """A session naming ``resources`` after its resource phases, then one touch and a return of
    ``return_s`` seconds: settling comes back (recovery ``return_s + 10``) unless ``settled`` is None."""
    tl = Timeline()
    tl.start()
    tl.checkin(None, suds=3, settling=7, zone="within")
    for name in resources:
        tl.phase("resource", 60)
        tl.checkin("resource", resource=name)
    tl.phase("activation", 20)
    tl.checkin("activation", suds=4, settling=3, **touch)
    tl.phase("return", return_s)
    if settled is not None:
        tl.checkin("return", settling=settled)
    tl.phase("orient", 30)
    tl.end()
    return tl


def add(store: Store, timeline: Timeline, day: int, speed: float = 1.0) -> None:
    clock = WallClock(WallClock().now + timedelta(days=day))
    if speed == 1.0:
        record(store, timeline, clock)
        return
    recorder = SessionRecorder(store, SCRIPT, build_plan(SCRIPT), PARAMS, wall_clock=clock, speed=speed)
    base = clock.now
    for event in timeline.events:
        clock.now = base + timedelta(seconds=event.t / speed)
        recorder.handle(event)


def test_own_resources_are_distinct_most_recent_first_as_last_written():
    with Store.open() as store:
        assert store.own_resources() == []
        add(store, named_session(["my dog", "warm spot in my chest"]), 0)
        add(store, named_session(["the sea"]), 1)
        add(store, named_session(["My dog "]), 2)
        assert store.own_resources() == ["My dog", "the sea", "warm spot in my chest"]
        assert store.own_resources(limit=2) == ["My dog", "the sea"]
        assert store.own_resources(limit=0) == []


def test_a_rehearsals_words_are_left_out_unless_asked_for():
    with Store.open() as store:
        add(store, named_session(["my dog"]), 0)
        add(store, named_session(["test resource"]), 1, speed=4.0)
        assert store.own_resources() == ["my dog"]
        assert store.own_resources(rehearsals=True) == ["test resource", "my dog"]
        assert store.resources_by_recovery()[0].name == "my dog" and len(store.resources_by_recovery()) == 1


def test_resources_ranked_by_median_recovery_with_the_sessions_behind_each():
    with Store.open() as store:
        for day, return_s in enumerate((30, 50, 90)):  # recoveries 40, 60, 100 s
            add(store, named_session(["my dog"], return_s), day)
        add(store, named_session(["the sea", "the sea"], 20), 3)  # named twice, one session: 30 s
        add(store, named_session(["the sea"], 60), 4)  # 70 s
        add(store, named_session(["a warm cup"], settled=None), 5)  # settling never came back: no figure
        assert store.resources_by_recovery() == [
            ResourceRecovery("the sea", 2, 50.0),
            ResourceRecovery("my dog", 3, 60.0),
        ]
        # The export's filters apply: only the first two days.
        start = WallClock().now.date()
        assert store.resources_by_recovery(until=start + timedelta(days=1)) == [ResourceRecovery("my dog", 2, 50.0)]


def test_a_log_without_names_or_with_damaged_answers_has_no_resources():
    with Store.open() as store:
        add(store, named_session([]), 0)
        with store.conn:
            store.conn.execute("UPDATE checkins SET extra_json = '{\"resource\": oops' WHERE idx = 1")
            store.conn.execute("UPDATE checkins SET extra_json = '{\"resource\": 5}' WHERE idx = 2")
        assert store.own_resources() == [] and store.resources_by_recovery() == []


def test_the_trends_screen_ranks_named_resources_in_a_short_table():
    from pendulate.tui.screens.trends import resources_table

    ranked = [ResourceRecovery("the sea", 2, 50.0), ResourceRecovery("a very long name " * 4, 1, 95.0)]
    lines = resources_table(ranked, width=40).plain.splitlines()
    assert lines[-3:] == [
        "    median  sessions  resource",
        "      50 s         2  the sea",
        "1 min 35 s         1  a very long name …",
    ]
    assert all(len(line) <= 40 for line in lines[-3:])
    many = [ResourceRecovery(f"r{i}", 1, float(i)) for i in range(9)]
    assert resources_table(many).plain.endswith("and 3 more in the HTML report")


async def test_history_trends_show_the_ranking_only_when_resources_were_named():
    from test_tui_history import make_app, settle

    from pendulate.tui.screens.trends import RESOURCES_HEADING, TrendsScreen
    from pendulate.tui.widgets.trend_chart import TextBlock

    with Store.open() as store:
        add(store, named_session([], 30), 0)
        for plain in (False, True):
            app = make_app(store, plain=plain)
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.press("h")
                await pilot.pause()
                await pilot.press("t")
                await settle(pilot)
                assert isinstance(app.screen, TrendsScreen)
                assert not app.screen.query("#resources-heading")
        for day, name in enumerate(("my dog", "my dog", "the sea"), start=1):
            add(store, named_session([name], 30 + 10 * day), day)
        for plain in (False, True):
            app = make_app(store, plain=plain)
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.press("h")
                await pilot.pause()
                await pilot.press("t")
                await settle(pilot)
                heading = app.screen.query_one("#resources-heading")
                assert RESOURCES_HEADING in str(heading.render())
                table = app.screen.query_one("#resources-table", TextBlock).draw(76).plain
                assert "55 s         2  my dog" in table and "1 min 10 s         1  the sea" in table
                assert table.index("my dog") < table.index("the sea")
