"""Exports carry each session's homework id, and adherence per assignment in neutral words."""

from __future__ import annotations

import csv
import json
import re
from datetime import date

from homework_helpers import HOMEWORK, run_session, write

from pendulate.catalogue.effective import session_setup
from pendulate.catalogue.scripts import resolve
from pendulate.export import export
from pendulate.homework.adherence import adherence
from pendulate.homework.install import add_homework, installed_homework
from pendulate.homework.loader import load_homework
from pendulate.store.store import Store

GUILT = re.compile(r"streak|failed|missed|\bmust\b|should have|behind|in a row", re.I)


def test_adherence_counts_sessions_per_schedule_week(tmp_path):
    homework = load_homework(write(tmp_path, "hw.yaml", HOMEWORK))
    sessions = [
        (date(2025, 1, 6), "body-pendulation", "anna-spring"),
        (date(2025, 1, 8), "body-pendulation", "anna-spring"),
        (date(2025, 1, 16), "body-pendulation", "anna-spring"),
        (date(2025, 1, 16), "body-pendulation", None),  # practised on its own: not homework
        (date(2025, 1, 17), "orient-resource", "anna-spring"),
    ]
    (item,) = adherence([homework], sessions, today=date(2025, 1, 22))
    assert [(w.label, w.sessions) for w in item.weeks] == [("2025-W02", 2), ("2025-W03", 1), ("2025-W04", 0)]
    assert item.summary() == "3 sessions across 3 weeks; 3 a week suggested"
    assert item.as_dict()["weeks"][0] == {"week": "2025-W02", "monday": "2025-01-06", "sessions": 2, "suggested": 3}


def test_exports_include_homework_id_and_adherence(tmp_path):
    add_homework(write(tmp_path, "hw.yaml", HOMEWORK))
    script = resolve("body-pendulation")
    with Store.open() as store:
        run_session(script, store, options=session_setup(script, store).options())
        run_session(resolve("orient-resource"), store)
        homework = installed_homework()  # the caller hands the imported homework to the exporters
        data = json.loads(export(store, "json", tmp_path / "out.json", homework=homework).read_text())
        html = export(store, "html", tmp_path / "out.html", homework=homework).read_text()
        rows = list(
            csv.DictReader(export(store, "csv", tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines())
        )
    assert [s["homework_id"] for s in data["sessions"]] == ["anna-spring", None]
    (item,) = data["adherence"]
    assert item["homework_id"] == "anna-spring" and item["script_id"] == "body-pendulation"
    assert item["times_per_week"] == 3 and item["sessions"] == 1
    assert item["weeks"][-1]["sessions"] == 1 and item["weeks"][-1]["suggested"] == 3
    assert {r["homework_id"] for r in rows if r["script_id"] == "body-pendulation"} == {"anna-spring"}
    assert "Assigned practice, week by week" in html and "homework anna-spring" in html
    assert "1 session across" in html
    section = html[html.index("Assigned practice, week by week") : html.index("Across sessions")]
    assert not GUILT.search(section)
