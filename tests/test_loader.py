"""The script loader: a valid script becomes the model; every field mistake is located and explained."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pendulate.script.errors import ScriptError
from pendulate.script.loader import check_script, check_script_text, load_script, load_script_text
from pendulate.script.model import AudioSettings, CheckinItem, CheckinSpec, Params, Phase, Prompt, Repeat

HEAD = "id: t\ntitle: T\n"
END = "  - {kind: resource, duration: 60}\n  - {kind: orient, duration: 60}\n"

EXAMPLE = """\
# yaml-language-server: $schema=./script.schema.json
format: 1
id: body-pendulation
title: Body pendulation
version: 1.0
author: pendulate
description: Some words.
intended_use: Other words.
requires_therapist: false
params: {threshold: 4, touch_min: 10, touch_max: 30, resource_ratio: 2.5, max_cycles: 6, step_pct: 25}
audio:
  volume: 40
  interval: off
  cues: {resource: bowl, activation: low}
phases:
  - checkin: [suds, settling, zone]
  - kind: ground
    title: Feet on the floor
    duration: 60
    prompt: "If it feels okay, notice your feet."
  - kind: resource
    duration: 1m30s
    prompts:
      - {at: 45s, text: "Later."}
      - {at: 0, text: "First."}
    cue: bowl
    interval: 30s
  - repeat: 4
    phases:
      - {kind: activation, title: Edge, duration: 20s, prompt: Near it., checkin: [suds, settling]}
      - {kind: return, duration: 45s, prompt: Back.}
  - {kind: resource, title: Stay as long as you like, duration: open}
  - {kind: orient, duration: 60}
"""


def problems(text: str | bytes, base_dir: Path | None = None) -> list[str]:
    """Every problem as ``LINE:COL: message`` (warnings prefixed)."""
    _, found = check_script_text(text, "f.yaml", base_dir)
    assert all(p.file == "f.yaml" for p in found)
    return [f"{p.line}:{p.col}: {'warning: ' if p.severity == 'warning' else ''}{p.message}" for p in found]


def test_example_loads_into_the_model() -> None:
    script = load_script_text(EXAMPLE, "f.yaml")
    assert (script.id, script.title, script.version, script.author) == (
        "body-pendulation",
        "Body pendulation",
        "1.0",
        "pendulate",
    )
    assert script.description == "Some words." and script.intended_use == "Other words."
    assert script.params == Params(
        threshold=4, touch_min=10, touch_max=30, resource_ratio=2.5, max_cycles=6, step_pct=25
    )
    assert script.audio == AudioSettings(cues={"resource": "bowl", "activation": "low"}, volume=40, interval=None)
    checkin, ground, resource, repeat, closing, orient = script.phases
    assert checkin == CheckinItem(CheckinSpec(("suds", "settling", "zone")), line=16)
    assert ground == Phase(
        "ground", "Feet on the floor", 60.0, (Prompt(0.0, "If it feels okay, notice your feet."),), line=17
    )
    assert resource.title == "Rest with something okay"  # the gentle default for the kind
    assert resource.prompts == (Prompt(0.0, "First."), Prompt(45.0, "Later."))  # sorted by time
    assert (resource.duration, resource.cue, resource.interval) == (90.0, "bowl", 30.0)
    assert isinstance(repeat, Repeat) and repeat.times == 4
    assert repeat.items[0].checkin == CheckinSpec(("suds", "settling"))
    assert closing.duration is None and orient.kind == "orient"
    assert script.content_hash == hashlib.sha256(EXAMPLE.encode()).hexdigest()
    assert script.origin == "file" and script.source is None


def test_load_script_from_file_records_source_hash_and_origin(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_bytes(EXAMPLE.encode())
    script = load_script(path, origin="user")
    assert script.source == path.resolve()
    assert script.origin == "user"
    assert script.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()


def test_load_script_raises_with_every_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + "titel: x\nphases:\n  - {kind: grund, duration: 1x}\n" + END)
    with pytest.raises(ScriptError) as caught:
        load_script(path)
    assert [f"{p.line}:{p.col}" for p in caught.value.problems] == ["3:1", "5:12", "5:29"]
    assert str(caught.value).startswith(
        f"{path}:3:1: unknown key 'titel' in the script\n    hint: did you mean 'title'?"
    )


def test_check_script_returns_warnings_with_the_script(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(HEAD + "phases:\n  - {kind: activation, duration: 90}\n  - {kind: return, duration: 60}\n" + END)
    script, found = check_script(path)
    assert script is not None
    assert [(p.line, p.col, p.severity) for p in found] == [(4, 34, "warning"), (4, 34, "warning")]
    assert load_script(path).id == "t"  # warnings never stop loading


@pytest.mark.parametrize(
    "text, expected",
    [
        (HEAD + "titel: x\nphases:\n" + END, ["3:1: unknown key 'titel' in the script"]),
        (
            HEAD + "phases:\n  - {kind: ground, duraton: 60}\n" + END,
            ["4:5: a phase is missing 'duration'", "4:20: unknown key 'duraton' in a phase"],
        ),
        (
            HEAD + "phases:\n  - {knd: ground, duration: 60}\n" + END,
            ["4:5: a phase is missing 'kind'", "4:6: unknown key 'knd' in a phase"],
        ),
        (HEAD + "phases:\n  - {kind: grund, duration: 60}\n" + END, ["4:12: unknown phase kind 'grund'"]),
        (HEAD + "phases:\n  - {kind: checkin, duration: 60}\n" + END, ["4:12: unknown phase kind 'checkin'"]),
        ("title: T\nphases:\n" + END, ["1:1: the script is missing 'id'"]),
        ("id: t\nphases:\n" + END, ["1:1: the script is missing 'title'"]),
        (HEAD, ["1:1: the script is missing 'phases'"]),
        ("id: Bad_Id\ntitle: T\nphases:\n" + END, ["1:5: 'Bad_Id' is not a valid id"]),
        ("id: t\ntitle: ''\nphases:\n" + END, ["2:8: 'title' is empty"]),
        ("id: t\ntitle: [a]\nphases:\n" + END, ["2:8: 'title' expects text, found a list"]),
        ("format: 2\n" + HEAD + "phases:\n" + END, ["1:9: unknown format 2"]),
        (
            HEAD + "requires_therapist: maybe\nphases:\n" + END,
            ["3:21: 'requires_therapist' expects true or false, found the text 'maybe'"],
        ),
        (HEAD + "params: {threshold: 11}\nphases:\n" + END, ["3:21: 'threshold' goes from 0 to 10, found 11"]),
        (HEAD + "params: {threshold: 4.5}\nphases:\n" + END, ["3:21: 'threshold' expects a whole number, found 4.5"]),
        (
            HEAD + "params: {touch_min: 40, touch_max: 30}\nphases:\n" + END,
            ["3:21: touch_min (40) is larger than touch_max (30)"],
        ),
        (HEAD + "params: {touch_max: 601}\nphases:\n" + END, ["3:21: 'touch_max' goes from 1 to 600, found 601"]),
        (
            HEAD + "params: {resource_ratio: lots}\nphases:\n" + END,
            ["3:26: 'resource_ratio' expects a number, found the text 'lots'"],
        ),
        (
            HEAD + "params: {resource_ratio: 0.5}\nphases:\n" + END,
            ["3:26: 'resource_ratio' goes from 1 to 10, found 0.5"],
        ),
        (HEAD + "params: {max_cycles: 51}\nphases:\n" + END, ["3:22: 'max_cycles' goes from 1 to 50, found 51"]),
        (HEAD + "params: {step_pct: -1}\nphases:\n" + END, ["3:20: 'step_pct' goes from 0 to 100, found -1"]),
        (HEAD + "params: {treshold: 3}\nphases:\n" + END, ["3:10: unknown key 'treshold' in params"]),
        (
            HEAD + "params: 5\nphases:\n" + END,
            ["3:9: expected titration settings (indented 'key: value' lines), found the number 5"],
        ),
        (
            HEAD + "audio: {volume: 101, interval: 0, cues: {resourse: bowl}}\nphases:\n" + END,
            [
                "3:17: 'volume' goes from 0 to 100, found 101",
                "3:32: a duration of zero is not allowed here",
                "3:42: unknown phase kind 'resourse' in cues",
            ],
        ),
        (HEAD + "phases:\n  - checkin: [suds, setling]\n" + END, ["4:21: unknown check-in scale 'setling'"]),
        (HEAD + "phases:\n  - checkin: [suds, suds]\n" + END, ["4:21: the scale 'suds' is listed twice"]),
        (HEAD + "phases:\n  - checkin: []\n" + END, ["4:14: 'checkin' expects a list of scales, found an empty list"]),
        (
            HEAD + "phases:\n  - checkin: {scales: [zone], titel: x}\n" + END,
            ["4:31: unknown key 'titel' in a check-in"],
        ),
        (
            HEAD + "phases:\n  - {title: x}\n" + END,
            ["4:5: a phase is missing 'kind'", "4:5: a phase is missing 'duration'"],
        ),
        (
            HEAD + "phases:\n  - just text\n" + END,
            [
                "4:5: expected a phase, a repeat block or a check-in (indented 'key: value' lines), found the text 'just text'"
            ],
        ),
        (HEAD + "phases: []\n", ["3:9: 'phases' expects a list of phases, found an empty list"]),
        (
            HEAD
            + "phases:\n  - kind: ground\n    duration: 60\n    prompt: a\n    prompts: [{at: 0, text: b}]\n"
            + END,
            ["7:5: a phase has either 'prompt' or 'prompts', not both"],
        ),
        (
            HEAD
            + "phases:\n  - kind: ground\n    duration: 60\n    prompts:\n      - {at: 0, text: a}\n      - {at: 1m, text: b}\n"
            + END,
            ["8:14: this prompt comes at 1 min, but the phase lasts only 1 min"],
        ),
        (
            HEAD
            + "phases:\n  - kind: ground\n    duration: 60\n    prompts:\n      - {at: 5, text: a}\n      - {at: 5s, text: b}\n"
            + END,
            ["8:14: another prompt is already at 5 s (line 7)"],
        ),
        (
            HEAD + "phases:\n  - kind: ground\n    duration: 60\n    prompts:\n      - {at: 5}\n" + END,
            ["7:9: a prompt is missing 'text'"],
        ),
        (
            HEAD + "phases:\n  - kind: ground\n    duration: 60\n    prompts: hello\n" + END,
            ["6:14: 'prompts' expects a list of {at, text} items, found the text 'hello'"],
        ),
        (
            HEAD + "phases:\n  - kind: ground\n    duration: 60\n    prompts:\n      - {at: -1, text: a}\n" + END,
            ["7:14: a duration cannot be negative"],
        ),
        (
            HEAD + "phases:\n  - {kind: ground, duration: 60, interval: 5x}\n" + END,
            ["4:44: '5x' is not a duration I can read"],
        ),
        (
            HEAD + "phases:\n  - {kind: ground, duration: 60, checkin: yes please}\n" + END,
            ["4:43: unknown check-in scale 'yes please'"],
        ),
        ("- a\n- b\n", ["1:1: a script is a group of 'key: value' lines, found a list"]),
        ("", ["1:1: the script is empty"]),
    ],
)
def test_field_errors_are_located(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


@pytest.mark.parametrize(
    "duration, expected",
    [
        ("1x", "4:30: '1x' is not a duration I can read"),
        ("yes", "4:30: expected a duration, found a yes/no value"),
        (".nan", "4:30: a duration is a finite number of seconds"),
        (".inf", "4:30: a duration is a finite number of seconds"),
        ("-3", "4:30: a duration cannot be negative"),
        ("0", "4:30: a duration of zero is not allowed here"),
        ("0.5", "4:30: 0.5 s is too short (the shortest is 1 s)"),
        ("2h1s", "4:30: 2 h 1 s is too long (the longest is 2 h)"),
        ("", "4:29: expected a duration, found nothing"),
    ],
)
def test_duration_errors_are_located_with_the_accepted_forms(duration: str, expected: str) -> None:
    text = HEAD + f"phases:\n  - {{kind: ground, duration: {duration}}}\n" + END
    _, found = check_script_text(text, "f.yaml")
    assert [f"{p.line}:{p.col}: {p.message}" for p in found] == [expected]
    assert '"1m30s"' in found[0].hint and '"open"' in found[0].hint


def test_unknown_key_hint_suggests_and_lists() -> None:
    _, found = check_script_text(HEAD + "phases:\n  - {kind: ground, duraton: 60}\n" + END, "f.yaml")
    assert found[1].hint == (
        "did you mean 'duration'? valid keys here: kind, title, duration, prompt, prompts, cue, interval, checkin, "
        "voice, bilateral, breath"
    )


def test_unknown_key_without_close_match_lists_the_keys() -> None:
    _, found = check_script_text(HEAD + "colour: blue\nphases:\n" + END, "f.yaml")
    assert found[0].hint.startswith("valid keys here: format, id, title")


def test_version_is_kept_as_written() -> None:
    for written, kept in (("1.10", "1.10"), ('"2.0"', "2.0"), ("3", "3")):
        script = load_script_text(HEAD + f"version: {written}\nphases:\n" + END, "f.yaml")
        assert script.version == kept


@pytest.mark.parametrize(
    "written, scales",
    [
        ("true", ("suds", "settling")),
        ("[zone]", ("zone",)),
        ("suds", ("suds",)),
        ("{scales: [suds, note], title: 'How is it?'}", ("suds", "note")),
    ],
)
def test_checkin_forms(written: str, scales: tuple[str, ...]) -> None:
    script = load_script_text(
        HEAD + f"phases:\n  - {{kind: ground, duration: 60, checkin: {written}}}\n" + END, "f.yaml"
    )
    assert script.phases[0].checkin.scales == scales


def test_checkin_false_means_none() -> None:
    script = load_script_text(HEAD + "phases:\n  - {kind: ground, duration: 60, checkin: false}\n" + END, "f.yaml")
    assert script.phases[0].checkin is None


@pytest.mark.parametrize("written", ["off", "false", "no", "~", '"off"'])
def test_interval_off_forms(written: str) -> None:
    script = load_script_text(HEAD + f"audio: {{interval: {written}}}\nphases:\n" + END, "f.yaml")
    assert script.audio.interval is None


def test_default_titles_per_kind() -> None:
    script = load_script_text(HEAD + "phases:\n" + END, "f.yaml")
    assert [phase.title for phase in script.phases] == ["Rest with something okay", "Look around the room"]


def test_a_flood_of_problems_is_summarised_after_the_first_twenty():
    from pendulate.script.errors import MAX_SHOWN, ScriptError
    from pendulate.script.loader import load_script_text

    body = "".join(f"unknown_{i}: 1\n" for i in range(120))
    with pytest.raises(ScriptError) as caught:
        load_script_text(body, "flood.yaml")
    lines = [line for line in str(caught.value).splitlines() if line.startswith("flood.yaml:")]
    assert len(lines) == MAX_SHOWN and len(caught.value.problems) > MAX_SHOWN
    assert f"and {len(caught.value.problems) - MAX_SHOWN} more problems" in str(caught.value)


FOUR_MISTAKES = """\
id: evening-settle
title: Evening settle
phases:
  - kind: orient
    duraton: 60
  - kind: resource
    duration: 1min30
  - kind: ground
    duration: 45
    cue: rain.wav
"""


def test_every_layer_reports_in_one_pass(tmp_path: Path) -> None:
    """A misspelt key, a duration that can't be read, a missing closing orient and a missing
    sound file: all four in one run, in file order (they used to take four runs)."""
    assert problems(FOUR_MISTAKES, tmp_path) == [
        "4:5: a phase is missing 'duration'",
        "5:5: unknown key 'duraton' in a phase",
        "7:15: '1min30' is not a duration I can read",
        "8:5: the script needs to end with a settling phase followed by an orient phase (rule R6)",
        "10:10: the sound file 'rain.wav' does not exist",
    ]


def test_what_the_reader_steps_over_is_reported_with_everything_after_it() -> None:
    text = (
        "id: t\ntitle: T\ntitle: again\nversion: !v 2\n"
        "base: &b {kind: resource, duration: 60}\n"
        "phases:\n  - <<: *b\n  - {kind: ground, duration: 1" + "0" * 400 + "}\n  - {kind: grund, duration: 60}\n"
    )
    assert problems(text) == [
        "3:1: the key 'title' appears twice in the same group (first on line 2)",
        "4:10: the tag !v is not supported",
        "5:1: unknown key 'base' in the script",
        "7:5: merge keys (<<) are not supported",  # and no "missing 'kind'": the merge may have held it
        "8:30: this number is too large to use",  # said once, not again as "expected a duration"
        "9:12: unknown phase kind 'grund'",  # and no R6 guess about how the script ends
    ]


@pytest.mark.parametrize(
    "last_two",
    [
        "  - {kind: resource, duration: 60}\n  - {kind: orent, duration: 60}\n",  # kind unknown
        "  - {kind: resource, duration: 60}\n  - {knd: orient, duration: 60}\n",  # kind misspelt
        "  - {kind: resource, duration: 60}\n  - orient\n",  # not a phase at all
        "  - {kind: resource, duration: 60}\n  - {kind: orient, duration: !x 1}\n",  # refused value
        "  - {kind: activation, duration: 50}\n  - {kind: resource, duration: 1x}\n  - {kind: orient, duration: 60}\n",
        "  - repeat: many\n    phases:\n      - {kind: activation, duration: 20}\n      - {kind: return, duration: 40}\n"
        "  - {kind: resource, duration: open}\n  - {kind: orient, duration: 60}\n",
    ],
)
def test_a_stand_in_never_starts_a_complaint_of_its_own(last_two: str) -> None:
    """Where the items could not be read, the checks of the whole script say nothing about them:
    no R6 guess about an unknown kind, no warning about a length that isn't known."""
    found = problems(HEAD + "phases:\n  - {kind: orient, duration: 60}\n" + last_two)
    assert len(found) >= 1
    assert not any("rule R6" in p or "warning" in p or "open-ended" in p for p in found), found


def test_the_whole_script_checks_run_over_what_could_be_read() -> None:
    # A bad title does not hide an activation that is too long, nor an open phase in the middle.
    text = "id: t\ntitle: [x]\nphases:\n  - {kind: activation, duration: 90}\n  - {kind: return, duration: open}\n"
    text += "  - {kind: orient, duration: 60}\n  - {kind: resource, duration: 60}\n  - {kind: orient, duration: 60}\n"
    assert problems(text) == [
        "2:8: 'title' expects text, found a list",
        "4:34: warning: this activation lasts 1 min 30 s, longer than 1 min",
        "5:30: only the closing settling phase, just before the final orient, can be open-ended",
    ]


def test_limits_are_lower_bounds_with_stand_ins() -> None:
    # Repeat counts that can't be read count once each: even so, 4 hours are passed.
    block = "".join(f"  - repeat: {n}\n    phases:\n      - {{kind: resource, duration: 2h}}\n" for n in "xyz")
    assert problems(HEAD + "phases:\n" + block + END) == [
        "3:1: the session would last at least 6:02:00 (the limit is 4:00:00)",
        "4:13: 'repeat' expects a whole number, found the text 'x'",
        "7:13: 'repeat' expects a whole number, found the text 'y'",
        "10:13: 'repeat' expects a whole number, found the text 'z'",
    ]
