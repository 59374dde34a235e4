"""``pendulate simulate``: the real engine on a fake clock, ratings answering check-ins, nothing recorded."""

from __future__ import annotations

import pytest
from homework_helpers import write

from pendulate import paths
from pendulate.cli import main
from pendulate.cli.simulate import SimulateError, parse_ratings
from pendulate.engine.answers import CheckinAnswers

HOMEWORK = """\
format: 1
id: anna-spring
therapist: Dr. Lee
assigned:
  - script: body-pendulation
    params:
      threshold: 3
"""


def _out(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def test_ratings_parse_intensity_settling_and_zone():
    parsed = parse_ratings(" 3, 6/4 ,below,2/7/above,skip")
    assert [r.answers for r in parsed] == [
        CheckinAnswers(suds=3),
        CheckinAnswers(suds=6, settling=4),
        CheckinAnswers(zone="below"),
        CheckinAnswers(suds=2, settling=7, zone="above"),
        None,
    ]


@pytest.mark.parametrize(
    ("text", "position"), [("3,x7", 2), ("11", 1), ("3,,2", 2), ("1/2/3", 1), ("below/3", 1), ("-1", 1)]
)
def test_a_bad_rating_is_named_by_its_position(text, position):
    with pytest.raises(SimulateError, match=f"^rating {position} "):
        parse_ratings(text)


def test_quiet_ratings_run_as_planned(capsys):
    assert main(["simulate", "body-pendulation", "--ratings", ",".join(["2/7"] * 30)]) == 0
    out = _out(capsys)
    assert "No rule fired" in out and "Final status: completed" in out
    assert "R4 progression is not applied" in out
    assert "ratings left over" in out
    assert not paths.database_path().exists()  # nothing recorded, no log created


def test_strong_touches_fire_r1_then_r2_with_their_sentences(capsys):
    assert main(["simulate", "body-pendulation", "--ratings", "3/7,6/4,3/6,7/3,2/7"]) == 0
    out = _out(capsys)
    lines = out.splitlines()
    fired = [line for line in lines if line.startswith("  R")]
    assert [line.split()[0] for line in fired] == ["R1", "R2"]
    assert all(": " in line and len(line.split(": ", 1)[1]) > 10 for line in fired)  # the calm sentence
    assert any("(added by a rule)" in line for line in lines)  # R2's settle sequence in the timeline
    assert "activation" in out and "Final status: completed" in out
    # R2 stops activation: no touch after the settle sequence began.
    timeline = out[out.index("R2 fired") : out.index("Rules that fired:")].splitlines()[1:]
    assert timeline and not any(line.split()[1] == "activation" for line in timeline if line.strip())


def test_zone_below_is_read_as_hypoarousal(capsys):
    assert main(["simulate", "body-pendulation", "--ratings", "3/7,below"]) == 0
    out = _out(capsys)
    assert "zone below" in out and "R5" in out


def test_running_out_of_ratings_skips_the_rest_and_says_so(capsys):
    assert main(["simulate", "orient-resource", "--ratings", "3"]) == 0
    out = _out(capsys)
    assert "skipped: no rating left" in out and "Final status" in out


def test_homework_overrides_change_what_fires(tmp_path, capsys):
    hw = write(tmp_path, "hw.yaml", HOMEWORK)
    ratings = ",".join(["2/7", "4/6"] + ["2/7"] * 30)
    assert main(["simulate", "body-pendulation", "--ratings", ratings]) == 0
    assert "No rule fired" in _out(capsys)
    assert main(["simulate", "body-pendulation", "--homework", str(hw), "--ratings", ratings]) == 0
    out = _out(capsys)
    assert "threshold 3" in out and "homework anna-spring overrides: threshold 3" in out
    assert "R1 at" in out  # 4 is over the homework's threshold of 3


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["simulate", "no-such-script", "--ratings", "3"], "no-such-script"),
        (["simulate", "body-pendulation", "--ratings", "3,6,ten"], "rating 3 ('ten')"),
        (["simulate", "body-pendulation", "--homework", "missing.yaml", "--ratings", "3"], "missing.yaml"),
    ],
)
def test_errors_are_one_line_and_exit_1(argv, needle, capsys):
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert err.startswith("pendulate simulate: ") and needle in err and "\n" not in err
    assert "Traceback" not in captured.err


def test_a_script_the_homework_does_not_assign_is_refused(tmp_path, capsys):
    hw = write(tmp_path, "hw.yaml", HOMEWORK)
    assert main(["simulate", "orient-resource", "--homework", str(hw), "--ratings", "3"]) == 1
    err = capsys.readouterr().err
    assert "doesn't assign 'orient-resource'" in err and "body-pendulation" in err
