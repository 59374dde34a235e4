"""Rehearsals (a run on a scaled clock, ``pendulate run --speed N``) are recorded, marked, in real
time, and never counted as practice: not in trends, adherence, R4, this week's count or the
report's totals. They are shown as rehearsals wherever sessions are listed."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest
from homework_helpers import HOMEWORK, run_session, write

from pendulate.catalogue.assignments import sessions_this_week
from pendulate.catalogue.effective import session_setup
from pendulate.catalogue.scripts import resolve
from pendulate.cli import main
from pendulate.engine.answers import CheckinAnswers
from pendulate.engine.clock import FakeClock, ScaledClock
from pendulate.export import export
from pendulate.homework.install import add_homework, installed_homework
from pendulate.practice import prepare
from pendulate.script.library import stop_ground
from pendulate.store.store import Store

SPEED = 10.0
ANSWERING = 4.0  # real seconds spent on each check-in


def rehearse(store: Store, script_id: str = "body-pendulation", suds: int = 1, **options):
    """Run a whole script at ``SPEED`` on a scaled fake clock; each check-in takes ``ANSWERING``
    real seconds. Returns the practice and the real seconds the run took."""
    base = FakeClock(500.0)
    clock = ScaledClock(base, SPEED)
    script = resolve(script_id)
    practice = prepare(script, clock=clock, stop_script=stop_ground(), store=store, **options)
    runner, session = practice.runner, practice.session
    runner.start()
    for _ in range(500):
        if session.finished:
            break
        if session.awaiting_checkin:
            base.advance(ANSWERING)
            runner.submit_checkin(CheckinAnswers(suds=suds, settling=8, zone="within"))
            continue
        due = session.next_due()
        assert due is not None
        # The real moment the scaled clock reaches ``due`` (a hair past it, never before).
        base.set(max(base.now(), clock._origin + (due - clock._origin) / SPEED + 1e-9))
        runner.tick()
    assert session.finished
    return practice, base.now() - 500.0


def test_prepare_reads_the_speed_from_the_clock_or_is_told_it():
    script = resolve("orient-resource")
    assert prepare(script, clock=ScaledClock(FakeClock(), 20.0), stop_script=None).rehearsal is True
    assert prepare(script, clock=FakeClock(), stop_script=None).rehearsal is False
    told = prepare(script, clock=FakeClock(), stop_script=None, speed=5.0)
    assert told.rehearsal is True and told.speed == 5.0


def test_a_rehearsal_is_recorded_as_such_in_real_seconds():
    with Store.open() as store:
        practice, real = rehearse(store)
        assert practice.recorder is not None and practice.recorder.rehearsal
        detail = store.session_detail(practice.recorder.session_id)
    assert detail is not None
    s = detail.summary
    assert s.rehearsal is True and s.speed == SPEED and s.status == "completed"
    # The whole run in real time (46 s must not read as "15:19 practised").
    assert s.duration_s == pytest.approx(real, abs=0.01) and detail.elapsed_s == pytest.approx(real, abs=0.01)
    checkin_phases = [p for p in detail.phases if p.kind == "checkin"]
    assert checkin_phases
    for phase in checkin_phases:
        # Answering is real time, never multiplied by the speed.
        assert phase.active_end_s - phase.active_start_s == pytest.approx(ANSWERING, abs=0.01)
    for phase in detail.phases:
        if phase.kind != "checkin" and phase.planned_duration_s and phase.end_reason == "time":
            # A timed phase ran planned / speed real seconds; the plan keeps script seconds.
            actual = phase.active_end_s - phase.active_start_s
            assert actual == pytest.approx(phase.planned_duration_s / SPEED, abs=0.01)
    starts = [c.t_s for c in detail.checkins]
    assert starts == sorted(starts) and starts[-1] <= real + 0.01


def test_practice_at_normal_speed_is_not_a_rehearsal():
    with Store.open() as store:
        practice = run_session(resolve("orient-resource"), store)
        (summary,) = store.history()
    assert practice.rehearsal is False and summary.rehearsal is False and summary.speed == 1.0


def test_rehearsals_stay_out_of_trends_r4_and_this_weeks_count(tmp_path):
    add_homework(write(tmp_path, "hw.yaml", HOMEWORK))
    script = resolve("body-pendulation")
    with Store.open() as store:
        options = session_setup(script, store).options()
        # Two quiet rehearsals: R4 would grow the touch if they counted.
        rehearse(store, suds=1, **options)
        rehearse(store, suds=1, **options)
        assert store.recent_for_script("body-pendulation", 2) == []
        assert session_setup(script, store).progress.extra_touch == 0
        assert sessions_this_week(store, "body-pendulation", "anna-spring", date.today()) == 0
        trends = store.trends()
        assert trends.sessions == () and trends.days == () and trends.rehearsals == 2
        assert trends.assigned == {}
        # Two quiet practice sessions do count.
        run_session(script, store, options=options)
        run_session(script, store, options=session_setup(script, store).options())
        assert len(store.recent_for_script("body-pendulation", 2)) == 2
        assert session_setup(script, store).progress.extra_touch > 0
        assert sessions_this_week(store, "body-pendulation", "anna-spring", date.today()) == 2
        trends = store.trends()
        assert len(trends.sessions) == 2 and trends.rehearsals == 2
        assert sum(d.sessions for d in trends.days) == 2


def _store_with_one_of_each(tmp_path):
    add_homework(write(tmp_path, "hw.yaml", HOMEWORK))
    script = resolve("body-pendulation")
    store = Store.open()
    options = session_setup(script, store).options()
    run_session(script, store, options=options)
    rehearse(store, **options)
    return store


def test_exports_mark_rehearsals_and_the_report_leaves_them_out_of_every_total(tmp_path):
    with _store_with_one_of_each(tmp_path) as store:
        homework = installed_homework()
        data = json.loads(export(store, "json", tmp_path / "out.json", homework=homework).read_text())
        rows = list(
            csv.DictReader(export(store, "csv", tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines())
        )
        html = export(store, "html", tmp_path / "out.html", homework=homework).read_text()
    assert [(s["rehearsal"], s["speed"]) for s in data["sessions"]] == [(False, 1.0), (True, SPEED)]
    (item,) = data["adherence"]
    assert item["sessions"] == 1  # the rehearsal is not homework practised
    assert {(r["session_id"], r["rehearsal"], r["speed"]) for r in rows} == {("1", "no", "1.0"), ("2", "yes", "10.0")}
    cover = html[: html.index("Across sessions")]
    assert "<b>1</b><span>session (1 completed" in cover
    assert "1 session across" in cover  # adherence
    assert "1 rehearsal (a script run at a faster speed to try it out) is not practice" in cover
    week = html[html.index('<section class="week">') : html.index("</section>")]
    assert "<b>1</b><span>session: 1 completed; 1 from homework" in week  # the rehearsal is not in it
    listed = html[html.index("<h2>All sessions</h2>") : html.index("<h2>Scripts used</h2>")]
    assert listed.count("<tr><td>") == 1  # only the practice session
    rehearsals = html[html.index("Rehearsals, not counted as practice") :]
    assert "body-pendulation" in rehearsals and "10×" in rehearsals


def test_history_shows_rehearsals_as_such(tmp_path, capsys):
    _store_with_one_of_each(tmp_path).close()
    assert main(["history"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].endswith("  rehearsal") and not lines[2].endswith("rehearsal")
    assert "never counted as practice" in lines[-1]
    assert main(["history", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["rehearsal"], r["speed"]) for r in rows] == [(True, SPEED), (False, 1.0)]


def test_history_without_rehearsals_has_no_note(capsys):
    with Store.open() as store:
        run_session(resolve("orient-resource"), store)
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert "rehearsal" not in out.lower()


async def test_history_and_trends_screens_show_rehearsals(tmp_path):
    from textual.widgets import DataTable, Static

    from pendulate.audio import RecordingPlayer
    from pendulate.script import library
    from pendulate.settings import Settings
    from pendulate.tui.factory import build_app
    from pendulate.tui.screens.history import HistoryScreen
    from pendulate.tui.screens.trends import TrendsScreen

    with _store_with_one_of_each(tmp_path) as store:
        clock = FakeClock()
        app = build_app(
            speech=False,
            clock=clock,
            player=RecordingPlayer(clock),
            store=store,
            settings=Settings(),
            scripts=library.builtin_scripts,
            reduced_motion=True,
        )
        app.safety.record.accept_intro()
        async with app.run_test(size=(100, 30)) as pilot:
            app.push_screen(HistoryScreen(store))
            await pilot.pause()
            table = app.screen.query_one(DataTable)
            statuses = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
            assert statuses == ["completed · rehearsal", "completed"]
            app.push_screen(TrendsScreen(store))
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            status = str(app.screen.query_one("#trends-status", Static).render())
            assert status.startswith("1 session,") and "1 rehearsal" in status


def test_time_a_rehearsal_was_not_running_is_recorded_in_real_seconds():
    with Store.open() as store:
        base = FakeClock(500.0)
        clock = ScaledClock(base, SPEED)
        practice = prepare(resolve("orient-resource"), clock=clock, stop_script=stop_ground(), store=store)
        runner, session = practice.runner, practice.session
        runner.start()
        if session.awaiting_checkin:
            runner.submit_checkin(CheckinAnswers(suds=1, settling=8, zone="within"))
        planned = clock.now()
        base.advance(30.0)  # the process was stopped for half a minute of real time
        runner.woke(planned)
        assert session.paused
        assert practice.recorder is not None and practice.recorder.flush()
        session_id = practice.recorder.session_id
        rows = store.read(
            lambda conn: conn.execute(
                "SELECT message, data_json FROM events WHERE session_id = ? AND type = 'paused'", (session_id,)
            ).fetchall()
        )
    [(message, data)] = rows
    assert message == "not-running"
    assert json.loads(data)["not_running_for"] == pytest.approx(30.0, abs=0.01)  # not 300 session seconds
