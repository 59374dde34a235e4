"""The report's sections on what the person named: targets over time, parts with urges and body
locations, resources beside the settling that went with them, worded as observation."""

from __future__ import annotations

import json
import re

import pytest
from store_helpers import Timeline, WallClock
from test_resources_store import add

from pendulate.export import export
from pendulate.export.report_personal import resource_sentence
from pendulate.homework.model import Homework, Target, Therapist
from pendulate.store import ResourceRecovery, Store

TRACK = (
    Target("urge to self-harm", "urge"),
    Target("acted on it", "acted"),
    Target("skills used", "skills", ("paced breathing", "TIPP", "opposite action")),
    Target("urge to drink", "urge"),  # assigned, never answered in the range
)
HOMEWORK = Homework("spring", Therapist("Dr. Lee"), (), track=TRACK)
ADVICE = re.compile(r"\b(should|must|try|best|better|worse|recommend|works?)\b|relapse|fail|resist|give in", re.I)


def diary_session(
    day: int, urge: int, acted: bool, skills: list[str], resource: str | None, part: str | None, return_s: float = 30
) -> Timeline:
    tl = Timeline()
    tl.start()
    tl.checkin(None, suds=3, settling=7, zone="within")
    tl.phase("resource", 60)
    if resource:
        tl.checkin("resource", resource=resource)
    tl.phase("activation", 20)
    touch = {"urge": min(5, urge + 1), "wave": "easing", "location": ["chest", "hands"]}
    if part:
        touch["part"] = {"name": part, "room": 3 + day % 5}
    tl.checkin("activation", suds=4, settling=3, **touch)
    tl.phase("return", return_s + day * 2)
    tl.checkin("return", settling=7)
    tl.phase("orient", 30)
    tracked = [
        {"target": "urge to self-harm", "kind": "urge", "value": urge},
        {"target": "acted on it", "kind": "acted", "value": acted},
        {"target": "skills used", "kind": "skills", "value": skills},
    ]
    tl.checkin("orient", suds=2, settling=8, tracked=tracked)
    tl.end()
    return tl


@pytest.fixture
def store():
    with Store.open() as s:
        plan = [
            (4, True, ["TIPP"], "my dog", "the numbing part"),
            (3, False, ["paced breathing", "TIPP"], "warm spot in my chest", None),
            (3, False, [], "my dog", "the critic"),
            (2, False, ["paced breathing"], None, "the numbing part"),
            (1, False, ["paced breathing", "opposite action"], "my dog", None),
        ]
        for day, (urge, acted, skills, resource, part) in enumerate(plan):
            add(s, diary_session(day, urge, acted, skills, resource, part), day)
        add(s, diary_session(9, 5, True, ["TIPP"], "rehearsal words", "rehearsal part"), 9, speed=3.0)
        yield s


def test_the_report_shows_each_target_parts_and_resources(store, tmp_path):
    html = export(store, "html", tmp_path / "report.html", homework=[HOMEWORK]).read_text()
    section = html[html.index("What the homework tracks") : html.index("All sessions")]
    for name in ("urge to self-harm", "acted on it", "skills used", "urge to drink"):
        assert f"<h3>{name}</h3>" in section
    assert section.count("<svg") == 3  # urge to drink has no answers: a sentence, no chart
    assert "No answers in this range yet." in section
    assert "5 answers from 6 May 2024 to 10 May 2024; a median of 3 of 5, from 1 to 4." in section
    assert "yes 1, no 4" in section
    assert "Marked most often: paced breathing (3), TIPP (2), opposite action (1)." in section
    parts = section[section.index("Parts, with") : section.index("Resources named")]
    assert parts.count("<tr><td class=day>") == 3 and "the numbing part" in parts and "chest, hands" in parts
    assert "<td class=day>2024-05-06</td><td>the numbing part</td><td class=num>3</td><td class=num>5</td>" in parts
    resources = section[section.index("Resources named") :]
    assert (
        "After naming \u2018warm spot in my chest\u2019, settling came back in a median of 42 s across 1 session."
        in resources
    )
    assert "After naming \u2018my dog\u2019, settling came back in a median of 44 s across 3 sessions." in resources
    assert resources.index("warm spot") < resources.index("my dog")  # shortest median first
    assert "rehearsal" not in section.replace("Rehearsals", "")
    assert not ADVICE.search(re.sub(r"<[^>]+>", " ", section))


def test_without_named_answers_the_sections_stay_out(tmp_path):
    from store_helpers import pendulation, record

    with Store.open() as s:
        record(s, pendulation([(4, 5, 7)]), WallClock())
        html = export(s, "html", tmp_path / "report.html").read_text()
    assert "What the homework tracks" not in html and "Parts, with" not in html and "Resources named" not in html


def test_named_answers_round_trip_into_csv_and_json(store, tmp_path):
    import csv

    rows = list(
        csv.DictReader(
            export(store, "csv", tmp_path / "o.csv", homework=[HOMEWORK]).read_text(encoding="utf-8-sig").splitlines()
        )
    )
    closing = [r for r in rows if r["target: urge to self-harm"]]
    assert [r["target: urge to self-harm"] for r in closing] == ["4", "3", "3", "2", "1", "5"]
    assert closing[0]["target: acted on it"] == "yes" and closing[2]["target: skills used"] == "none"
    assert closing[1]["target: skills used"] == "paced breathing; TIPP" and closing[0]["target: urge to drink"] == ""
    touch = next(r for r in rows if r["part"])
    assert (touch["part"], touch["part_room"], touch["urge"], touch["wave"]) == ("the numbing part", "3", "5", "easing")
    assert next(r["resource"] for r in rows if r["resource"]) == "my dog"
    data = json.loads(export(store, "json", tmp_path / "o.json", homework=[HOMEWORK]).read_text())
    checkins = data["sessions"][0]["checkins"]
    assert checkins[1]["resource"] == "my dog" and checkins[1]["part"] is None and checkins[1]["tracked"] == {}
    assert checkins[2]["part"] == {"name": "the numbing part", "room": 3} and checkins[2]["urge"] == 5
    assert checkins[-1]["tracked"] == {"urge to self-harm": 4, "acted on it": True, "skills used": ["TIPP"]}


def test_the_resource_sentence_is_an_observation():
    assert resource_sentence(ResourceRecovery("my dog", 5, 40.0)) == (
        "After naming \u2018my dog\u2019, settling came back in a median of 40 s across 5 sessions."
    )
    assert resource_sentence(ResourceRecovery("the sea", 1, 95.4)).endswith("a median of 1 min 35 s across 1 session.")


def test_a_long_series_draws_its_most_recent_answers_and_counts_them_all(store, tmp_path, monkeypatch):
    from pendulate.export import report_personal

    monkeypatch.setattr(report_personal, "MAX_POINTS", 3)
    html = export(store, "html", tmp_path / "report.html", homework=[HOMEWORK]).read_text()
    section = html[html.index("<h3>urge to self-harm</h3>") : html.index("<h3>acted on it</h3>")]
    assert section.count("<circle") == 3
    assert "5 answers from 6 May 2024 to 10 May 2024" in section
    assert "The chart shows the 3 most recent; export a shorter date range to see others." in section
