"""The answers urge surfing, parts, resources and a homework's targets add to a check-in:
what each accepts, and that the recorded form reads back as it was given."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pendulate.engine.answers import (
    NAME_LIMIT,
    URGE_MAX,
    WAVE_VALUES,
    CheckinAnswers,
    Diary,
    Part,
    Tracked,
)


def round_trip(answers: CheckinAnswers) -> CheckinAnswers:
    """Through the recorded form and JSON, as the store keeps it (extra_json)."""
    return CheckinAnswers.from_mapping(json.loads(json.dumps(answers.as_dict())))


@pytest.mark.parametrize("urge", [0, 3, URGE_MAX])
def test_urge_takes_zero_to_five(urge):
    assert CheckinAnswers(urge=urge).as_dict() == {"urge": urge}


@pytest.mark.parametrize("urge", [-1, 6, 10, True, 2.5, "3"])
def test_urge_refuses_anything_else(urge):
    with pytest.raises(ValueError, match="urge is a whole number from 0 to 5"):
        CheckinAnswers(urge=urge)


@pytest.mark.parametrize("wave", WAVE_VALUES)
def test_wave_takes_rising_steady_or_easing(wave):
    assert round_trip(CheckinAnswers(urge=2, wave=wave)).wave == wave


@pytest.mark.parametrize("wave", ["Rising", "up", "", "falling"])
def test_wave_refuses_other_words(wave):
    with pytest.raises(ValueError, match="wave is one of rising, steady, easing"):
        CheckinAnswers(wave=wave)


def test_a_part_has_a_name_in_the_persons_words_and_room_from_zero_to_ten():
    assert Part("the numbing part", 4).as_dict() == {"name": "the numbing part", "room": 4}
    assert Part("the critic").room is None
    for name in ("", "   ", "x" * (NAME_LIMIT + 1)):
        with pytest.raises(ValueError, match="a part's name"):
            Part(name)
    for room in (-1, 11, True):
        with pytest.raises(ValueError, match="room is a whole number from 0 to 10"):
            Part("the critic", room)
    with pytest.raises(ValueError, match="part is a Part"):
        CheckinAnswers(part="the critic")  # type: ignore[arg-type]


def test_a_resource_is_a_few_words_of_the_persons_own():
    assert CheckinAnswers(resource="my dog").as_dict() == {"resource": "my dog"}
    assert CheckinAnswers(resource="x" * NAME_LIMIT).resource == "x" * NAME_LIMIT
    for resource in ("", "  ", "x" * (NAME_LIMIT + 1)):
        with pytest.raises(ValueError, match="a resource's name"):
            CheckinAnswers(resource=resource)


def test_tracked_targets_answer_by_their_kind():
    assert Tracked("urge to drink", "urge", 3).as_dict() == {"target": "urge to drink", "kind": "urge", "value": 3}
    assert Tracked("acted on it", "acted", False).value is False
    assert Tracked("skills used", "skills", ("paced breathing", "TIPP")).as_dict()["value"] == [
        "paced breathing",
        "TIPP",
    ]
    bad = [
        ("urge to drink", "urge", 6),
        ("urge to drink", "urge", True),
        ("acted on it", "acted", 1),
        ("skills used", "skills", ["TIPP"]),
        ("skills used", "skills", (1,)),
        ("urge to drink", "strength", 2),
        ("", "urge", 2),
        ("x" * (NAME_LIMIT + 1), "urge", 2),
    ]
    for target, kind, value in bad:
        with pytest.raises(ValueError):
            Tracked(target, kind, value)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="tracked is a tuple"):
        CheckinAnswers(tracked=[Tracked("urge to drink", "urge", 2)])  # type: ignore[arg-type]


def test_every_new_answer_round_trips_through_the_recorded_form():
    answers = CheckinAnswers(
        suds=4,
        urge=5,
        wave="rising",
        part=Part("the numbing part", 3),
        resource="warm spot in my chest",
        tracked=(
            Tracked("urge to self-harm", "urge", 2),
            Tracked("acted on it", "acted", False),
            Tracked("skills used", "skills", ("paced breathing", "TIPP")),
        ),
        diary=Diary(urge=1, acted=False),
        waited=3.5,
    )
    recorded = answers.as_dict()
    assert "waited" not in recorded
    assert recorded["part"] == {"name": "the numbing part", "room": 3}
    assert recorded["tracked"][2] == {"target": "skills used", "kind": "skills", "value": ["paced breathing", "TIPP"]}
    assert round_trip(answers) == answers


def test_unanswered_new_questions_are_left_out():
    assert CheckinAnswers(urge=None, wave=None, part=None, resource=None, tracked=()).as_dict() == {}
    assert CheckinAnswers().empty and not CheckinAnswers(wave="easing").empty


def test_from_mapping_refuses_a_question_it_does_not_know():
    with pytest.raises(ValueError, match="no such check-in question: urges"):
        CheckinAnswers.from_mapping({"urges": 3})


names = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=NAME_LIMIT).filter(str.strip)
tracked = st.one_of(
    st.builds(Tracked, names, st.just("urge"), st.integers(0, URGE_MAX)),
    st.builds(Tracked, names, st.just("acted"), st.booleans()),
    st.builds(Tracked, names, st.just("skills"), st.lists(names, max_size=4).map(tuple)),
)


@given(
    st.one_of(st.none(), st.integers(0, URGE_MAX)),
    st.one_of(st.none(), st.sampled_from(WAVE_VALUES)),
    st.one_of(st.none(), st.builds(Part, names, st.one_of(st.none(), st.integers(0, 10)))),
    st.one_of(st.none(), names),
    st.lists(tracked, max_size=6).map(tuple),
)
def test_any_new_answers_round_trip(urge, wave, part, resource, targets):
    answers = CheckinAnswers(urge=urge, wave=wave, part=part, resource=resource, tracked=targets)
    assert round_trip(answers) == answers
