"""Durations as therapists write them, and every way one can be refused."""

from __future__ import annotations

import pytest

from pendulate.script.durations import DurationError, format_seconds, parse_duration


@pytest.mark.parametrize(
    "value, seconds",
    [
        (90, 90.0),
        (90.5, 90.5),
        ("90", 90.0),
        ("90s", 90.0),
        ("1m30s", 90.0),
        ("1m 30s", 90.0),
        ("2m", 120.0),
        ("1h", 3600.0),
        ("1h30m", 5400.0),
        ("1:30", 90.0),
        ("1:00:00", 3600.0),
        ("45 sec", 45.0),
        ("2 min", 120.0),
        (1, 1.0),
        ("2h", 7200.0),
    ],
)
def test_accepted_forms(value: object, seconds: float) -> None:
    assert parse_duration(value) == seconds


def test_open_is_none_only_where_allowed() -> None:
    assert parse_duration("open", allow_open=True) is None
    assert parse_duration(" Open ", allow_open=True) is None
    with pytest.raises(DurationError, match='"open" is not allowed here'):
        parse_duration("open")


@pytest.mark.parametrize(
    "value, message",
    [
        (True, "expected a duration, found a yes/no value"),
        (False, "expected a duration, found a yes/no value"),
        (None, "expected a duration, found nothing"),
        (float("nan"), "a duration is a finite number of seconds"),
        (float("inf"), "a duration is a finite number of seconds"),
        (-5, "a duration cannot be negative"),
        ("-5s", "a duration cannot be negative"),
        (0, "a duration of zero is not allowed here"),
        ("0s", "a duration of zero is not allowed here"),
        (0.5, "0.5 s is too short (the shortest is 1 s)"),
        (7201, "2 h 1 s is too long (the longest is 2 h)"),
        ("3h", "3 h is too long (the longest is 2 h)"),
        ("1x", "'1x' is not a duration I can read"),
        ("m", "'m' is not a duration I can read"),
        ("5ms", "'5ms' is not a duration I can read"),
        ("30s1m", "'30s1m' is not a duration I can read"),
        ([1], "expected a duration"),
    ],
)
def test_refused(value: object, message: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(value)
    assert caught.value.message == message
    assert '"1m30s"' in caught.value.hint and "90" in caught.value.hint


def test_hint_mentions_open_only_when_allowed() -> None:
    with pytest.raises(DurationError) as without:
        parse_duration("x")
    with pytest.raises(DurationError) as with_open:
        parse_duration("x", allow_open=True)
    assert "open" not in without.value.hint
    assert '"open"' in with_open.value.hint


def test_offsets_may_be_zero() -> None:
    assert parse_duration(0, minimum=0.0) == 0.0
    assert parse_duration("0s", minimum=0.0) == 0.0


def test_format_seconds() -> None:
    assert format_seconds(90) == "1:30"
    assert format_seconds(3725) == "1:02:05"
    assert format_seconds(90, words=True) == "1 min 30 s"
    assert format_seconds(7200, words=True) == "2 h"
    assert format_seconds(0.5, words=True) == "0.5 s"
