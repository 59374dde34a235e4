"""The report as a clinician reads it: words not dicts, the week at a glance, axes that tell
sessions apart, and an empty selection that writes nothing."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from homework_helpers import HOMEWORK, run_session, write
from store_helpers import Timeline, WallClock, pendulation, record

from pendulate.catalogue.effective import session_setup
from pendulate.catalogue.scripts import resolve
from pendulate.engine import events as ev
from pendulate.engine.answers import CheckinAnswers
from pendulate.export import ExportFilter, NothingToExport, export, preview
from pendulate.export.html_export import adherence_sentence, export_html
from pendulate.export.svg_trends import suds_trend_svg, tick_labels
from pendulate.export.words import change_line, params_in_words
from pendulate.homework.adherence import Adherence
from pendulate.homework.install import add_homework, installed_homework
from pendulate.store import Store
from pendulate.store.queries import EventRecord
from pendulate.store.trends import SessionTrend

GUILT = re.compile(r"streak|fail|missed|\bmust\b|should have|behind|in a row|warning|alert", re.I)
DAY = date(2024, 5, 20)


class Text(HTMLParser):
    """The text a reader sees: tags, the style sheet and the charts' titles left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "title"):
            self.hidden.append(tag)

    def handle_endtag(self, tag):
        if self.hidden and self.hidden[-1] == tag:
            self.hidden.pop()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def week_section(html: str) -> str:
    start = html.index('<section class="week">')
    return html[start : html.index("</section>", start)]


# ---- 1. parameters in words, no doubled labels, plurals, a schedule without dates --------------
RECORDED = {
    "threshold": 3,
    "touch_min": 10,
    "touch_max": 10,
    "resource_ratio": 2.0,
    "max_cycles": 6,
    "step_pct": 25,
    "crisis_level": 7,
    "rise_over_first": 3,
    "shorten_factor": 0.5,
    "lengthen_factor": 2.0,
    "max_extra_resource": 2,
    "max_closing_settle": 2,
    "step_seconds": 5,
    "quiet_peak": 2,
    "overrides": {"threshold": 3, "touch_max": 10},
    "progression": {"extra_touch_s": 5.0, "extra_cycles": 0},
    "homework_id": "anna-spring",
}


def test_parameters_read_as_words_with_where_each_came_from():
    words = params_in_words(RECORDED)
    assert words == (
        "threshold 3 — homework override; touch at least 10 s, at most 10 s — homework override; "
        "at most 6 touches; after a strong touch the resource is 2× as long — this script; "
        "R4 progression: each touch 5 s longer"
    )
    assert not re.search(r"[{}\[\]']|_", words)  # no dict, list, quote or field name


def test_defaults_are_said_once_and_a_session_without_touches_names_only_what_differs():
    defaults = {k: v for k, v in RECORDED.items() if k not in ("overrides", "progression", "homework_id")}
    defaults.update(threshold=5, touch_max=30, lengthen_factor=1.5)
    assert params_in_words(defaults) == (
        "threshold 5; touch 10–30 s; at most 6 touches; the other rules at pendulate's defaults"
    )
    assert params_in_words(defaults, touches=False) == "pendulate's defaults"
    assert params_in_words({**defaults, "crisis_level": 8}, touches=False) == (
        "crisis help at an ending rating of 8 or more — this script"
    )
    assert params_in_words({}) == ""  # an old session with nothing recorded says nothing


@pytest.mark.parametrize(
    "kind, rule, message, data, line",
    [
        (
            "grounding",
            None,
            None,
            {"from_kind": "activation"},
            "1 min 05 s in — ground now: chosen during the activation phase",
        ),
        ("extended", None, None, {"seconds": 30.0}, "1 min 05 s in — more time: 30 s added to this phase, by choice"),
        ("skipped", None, None, {"kind": "resource"}, "1 min 05 s in — skipped: the resource phase, by choice"),
        ("crisis", None, "not okay", {}, "1 min 05 s in — crisis help: offered after a “not okay” answer"),
        ("titration", "R1", "Shorter next time.", {}, "1 min 05 s in — R1: Shorter next time."),
    ],
)
def test_each_change_is_said_without_repeating_its_label(kind, rule, message, data, line):
    event = EventRecord(1, 65.0, 65.0, kind, rule, message, data)
    assert change_line(event) == line
    tag, _, what = line.partition(" in — ")[2].partition(": ")
    assert tag.lower() not in what.lower()


def test_one_session_is_one_session(tmp_path):
    with Store.open() as store:
        record(store, pendulation([(6, 3, 6)]), WallClock(datetime(2024, 5, 6, 9, 0, tzinfo=UTC)))
        assert preview(store, ExportFilter()).describe() == (
            "1 session and 4 check-ins, 2024-05-06; your notes are included."
        )
        html = export(store, "html", tmp_path / "r.html").read_text()
    assert "<b>1</b><span>session (1 completed" in html
    assert "1 sessions" not in visible(html) and "1 check-ins" not in visible(html)


def test_a_schedule_without_dates_reads_sensibly():
    waiting = Adherence("anna", "body-pendulation", "Dr. Lee", 3, None, None, ())
    assert adherence_sentence(waiting) == (
        "no sessions of it yet; 3 a week suggested (no dates set; counted from the first session of it)"
    )
    assert "0 weeks" not in adherence_sentence(waiting) and "0 sessions" not in adherence_sentence(waiting)
    dated = Adherence("anna", "body-pendulation", "Dr. Lee", None, date(2025, 1, 6), None, ())
    assert adherence_sentence(dated) == "no sessions of it yet; no number a week suggested (scheduled from 6 Jan 2025)"


def test_the_report_of_a_homework_session_shows_its_parameters_in_words(tmp_path):
    add_homework(write(tmp_path, "hw.yaml", HOMEWORK))
    script = resolve("body-pendulation")
    with Store.open() as store:
        run_session(script, store, options=session_setup(script, store).options())
        html = export(store, "html", tmp_path / "r.html", homework=installed_homework()).read_text()
    text = visible(html)
    assert "threshold 4 — homework override" in text
    assert "touch at least 10 s, at most 25 s — homework override" in text
    assert "overrides" not in text and "{" not in text and "}" not in text and "': " not in text  # no dict
    assert not re.search(r"\b(\w+): \1\b", text)  # no "grounding: grounding"


# ---- 2. chart axes that tell sessions apart ------------------------------------------------------
def test_ticks_on_one_day_carry_the_time_and_never_read_the_same():
    moments = [datetime(2026, 12, 1, h, m) for h, m in ((7, 5), (12, 30), (21, 40))]
    labels = tick_labels(moments)
    assert labels == ["1 Dec, 07:05", "1 Dec, 12:30", "1 Dec, 21:40"]
    assert tick_labels([date(2026, 11, 30), date(2026, 12, 1)]) == ["30 Nov", "1 Dec"]
    assert tick_labels([date(2025, 12, 30), date(2026, 1, 2)]) == ["30 Dec 2025", "2 Jan 2026"]


def test_the_report_chart_labels_sessions_of_one_day_by_time():
    day = date(2026, 12, 1)
    sessions = [SessionTrend(i, day, "s", "completed", 3, 5, 2, None, 0, None, 300.0) for i in range(4)]
    starts = [datetime(2026, 12, 1, 8 + 3 * i, 15) for i in range(4)]
    svg = suds_trend_svg(sessions, starts=starts)
    labels = re.findall(r">(1 Dec[^<]*)<", svg)
    assert labels == ["1 Dec, 08:15", "1 Dec, 11:15", "1 Dec, 14:15", "1 Dec, 17:15"]
    assert "01 Dec 26" not in suds_trend_svg(sessions)


# ---- 3. the week at a glance -----------------------------------------------------------------
def _checkin(tl: Timeline, after: str | None, wait: float = 5.0, **answers) -> None:
    tl._add(
        ev.PhaseStarted,
        index=tl.index,
        kind="checkin",
        title="Check in",
        duration=0.0,
        planned_start=tl.t,
        origin="script",
    )
    tl.t += wait
    tl._add(ev.CheckinRecorded, index=tl.index, answers=CheckinAnswers.from_mapping(answers), after_kind=after)
    tl._add(ev.PhaseEnded, index=tl.index, kind="checkin", reason="answered")
    tl.index += 1


def _hard_session(status: str = "completed", end_suds: int = 8, wait: float = 5.0, zone: str = "within") -> Timeline:
    tl = Timeline()
    tl.start()
    _checkin(tl, None, suds=3, settling=6, zone="within")
    tl.phase("resource", 90)
    tl.phase("activation", 20)
    _checkin(tl, "activation", wait=wait, suds=4, settling=5, zone=zone)
    tl.phase("orient", 60)
    _checkin(tl, "orient", suds=end_suds, settling=2, zone="within")
    if end_suds >= 7 and status == "completed":
        tl._add(ev.CrisisSuggested, reason=f"ending rating {end_suds}/10")
        tl._add(ev.CrisisSuggested, reason=f"ending rating {end_suds}/10")  # said at two check-ins
    tl.end(status, "stop" if status == "stopped" else "time")
    return tl


@pytest.fixture
def week_store():
    with Store.open() as store:
        at = lambda d, h: WallClock(datetime(2024, 5, d, h, 0, tzinfo=UTC))  # noqa: E731
        record(store, pendulation([(2, 6, 6)]), at(6, 9))  # before the week
        record(store, pendulation([(6, 3, 6), (7, 3, 5)]), at(15, 9), homework_id="anna-spring")  # R1 twice
        record(store, _hard_session(), at(16, 9))  # a hard ending
        record(store, _hard_session("stopped", end_suds=7), at(17, 9))  # stopped at a high rating
        record(store, _hard_session(end_suds=2, wait=250.0, zone="below"), at(18, 9))  # long check-in, below
        record(store, pendulation([(3, 6, 6)]), at(20, 8))
        record(store, pendulation([(2, 7, 7)]), at(20, 19))
        yield store


UNDATED = HOMEWORK.replace("      from: 2025-01-06\n      until: 2099-12-31\n", "")


def test_the_week_at_a_glance_counts_and_lists_what_matters(week_store, tmp_path):
    assert "from:" not in UNDATED
    add_homework(write(tmp_path, "hw.yaml", UNDATED))
    html = export_html(week_store, tmp_path / "r.html", ExportFilter(), installed_homework(), today=DAY).read_text()
    week = visible(week_section(html))
    assert html.index('<section class="week">') < html.index("The whole range at a glance")
    assert "The week at a glance: 14 – 20 May 2024" in week
    assert "6 sessions: 5 completed, 1 stopped; 1 from homework" in week  # the one of 6 May is not in it
    assert "5.5 peak SUDS (median; from 3 to 8)" in week and "2 end SUDS (median; from 2 to 8)" in week
    assert "body-pendulation anna-spring · Dr. Lee 1 3 a week suggested" in week  # practised beside suggested
    assert "R1 , 2 times in 1 session: a touch felt like a lot" in week
    assert (
        "Thu 16 May, 09:00 · body-pendulation: a hard ending: crisis help was offered after an ending rating of 8/10."
        in week
    )
    assert "Fri 17 May, 09:00 · body-pendulation: stopped during orient while the last rating was 7." in week
    assert "a check-in waited 4 min 10 s for an answer" in week
    assert "felt far away (below the window of tolerance) at 1 check-in" in week
    assert week.count("crisis help was offered") == 1  # said at two check-ins, listed once
    assert not GUILT.search(week)


def test_a_week_without_practice_says_so_calmly(week_store, tmp_path):
    html = export_html(week_store, tmp_path / "r.html", today=date(2024, 6, 30)).read_text()
    week = visible(week_section(html))
    assert "The week at a glance: 24 – 30 June 2024" in week
    assert "No practice was recorded in these days. The most recent session in this report is from 20 May 2024." in week
    assert not GUILT.search(week)


def test_the_week_ends_at_the_selections_last_day_and_leaves_rehearsals_out(week_store, tmp_path):
    week_store.conn.execute("UPDATE sessions SET rehearsal = 1, speed = 10 WHERE id = 7")
    html = export_html(week_store, tmp_path / "r.html", ExportFilter(until=date(2024, 5, 20)), today=date(2024, 6, 30))
    week = visible(week_section(html.read_text()))
    assert "14 – 20 May 2024" in week and "5 sessions" in week and "19:00" not in week


def test_the_report_prints_the_week_on_a_page_of_its_own(week_store, tmp_path):
    html = export_html(week_store, tmp_path / "r.html", today=DAY).read_text()
    css = html[html.index("<style>") : html.index("</style>")]
    printing = css[css.index("@media print") :]
    assert "section.week" in printing and "break-after: page" in printing
    assert "thead { display: table-header-group; }" in printing and "print-color-adjust: exact" in printing
    assert "@page" in css and "@media (max-width: 640px)" in css
    assert html.count("<thead>") >= 5  # every table repeats its heading on a new printed page


# ---- 4. a selection that matches nothing -----------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "json", "html"])
def test_an_empty_selection_says_so_and_writes_no_file(week_store, tmp_path: Path, fmt: str):
    target = tmp_path / f"r.{fmt}"
    nope = ExportFilter(script_id="nope")
    with pytest.raises(NothingToExport) as caught:
        export(week_store, fmt, target, nope)
    assert str(caught.value) == "No sessions of the script nope are in your log, so no file was written."
    assert not target.exists()
    later = ExportFilter(since=date(2025, 1, 1), until=date(2025, 1, 31))
    with pytest.raises(NothingToExport, match="No sessions from 2025-01-01 to 2025-01-31 are in your log"):
        export(week_store, fmt, target, later)
    assert preview(week_store, nope).describe() == (
        "No sessions of the script nope are in your log; there is nothing to export."
    )


def test_an_empty_log_says_so_and_writes_no_file(tmp_path: Path):
    with Store.open() as store, pytest.raises(NothingToExport, match="There are no sessions in your log yet"):
        export(store, "html", tmp_path / "r.html")
    assert not (tmp_path / "r.html").exists()


def test_a_selection_of_rehearsals_only_is_still_written(week_store, tmp_path: Path):
    week_store.conn.execute("UPDATE sessions SET rehearsal = 1, speed = 10")
    html = export(week_store, "html", tmp_path / "r.html").read_text()
    assert "Rehearsals, not counted as practice" in html and "no practice sessions in this range" in html
    assert "No practice was recorded in these days." in html


def test_exports_still_write_everything_when_something_matches(week_store, tmp_path: Path):
    assert export(week_store, "csv", tmp_path / "r.csv", ExportFilter(until=date(2024, 5, 6))).exists()
    assert (tmp_path / "r.csv").stat().st_size > 0
