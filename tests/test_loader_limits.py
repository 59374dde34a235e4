"""Limits, the safety lint, sound references and text sanitising: each with its place and message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pendulate.plan.build import build_plan
from pendulate.script.loader import check_script, check_script_text, load_script, load_script_text
from pendulate.script.text import strip_controls
from pendulate.script.yamlread import STOPPED
from tests.wav_helpers import write_wav

HEAD = "id: t\ntitle: T\n"
END = "  - {kind: resource, duration: 60}\n  - {kind: orient, duration: 60}\n"


def problems(text: str | bytes, base_dir: Path | None = None) -> list[str]:
    _, found = check_script_text(text, "f.yaml", base_dir)
    return [f"{p.line}:{p.col}: {'warning: ' if p.severity == 'warning' else ''}{p.message}" for p in found]


# ---- limits ---------------------------------------------------------------------------
def test_file_over_256_kib(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(HEAD + "description: " + "x" * (256 * 1024) + "\nphases:\n" + END)
    script, found = check_script(path)
    assert script is None
    assert [(p.line, p.col) for p in found] == [(1, 1)]
    assert found[0].message.startswith("the file is too large (") and "the limit is 256 KiB" in found[0].message


def test_billion_laughs_script() -> None:
    lines = [HEAD.rstrip(), "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    assert problems("\n".join(lines) + "\nphases:\n" + END) == [
        "7:10: anchors and aliases here would expand to more than 10000 values" + STOPPED
    ]


def test_nesting_depth() -> None:
    assert problems(HEAD + "description: " + "[" * 50 + "]" * 50 + "\nphases:\n" + END) == [
        "3:45: lists and groups are nested more than 32 deep" + STOPPED
    ]


def test_prompt_over_2000_characters() -> None:
    long = "a" * 2001
    assert problems(HEAD + f"phases:\n  - {{kind: ground, duration: 60, prompt: {long}}}\n" + END) == [
        "4:42: 'prompt' is too long (2001 characters; the limit is 2000)"
    ]
    assert problems(HEAD + f"phases:\n  - {{kind: ground, duration: 60, prompt: {long[:2000]}}}\n" + END) == []


def test_title_limit() -> None:
    assert problems("id: t\ntitle: " + "t" * 121 + "\nphases:\n" + END) == [
        "2:8: 'title' is too long (121 characters; the limit is 120)"
    ]


@pytest.mark.parametrize("times, message", [(0, "found 0"), (51, "found 51"), ("two", "")])
def test_repeat_times_1_to_50(times: object, message: str) -> None:
    found = problems(HEAD + f"phases:\n  - repeat: {times}\n    phases:\n      - {{kind: ground, duration: 6}}\n" + END)
    expected = (
        f"4:13: 'repeat' goes from 1 to 50, {message}"
        if message
        else ("4:13: 'repeat' expects a whole number, found the text 'two'")
    )
    assert found == [expected]


def test_repeat_50_is_fine() -> None:
    assert problems(HEAD + "phases:\n  - repeat: 50\n    phases:\n      - {kind: ground, duration: 6}\n" + END) == []


def test_over_500_steps_counted_before_expanding() -> None:
    text = (
        HEAD
        + (
            "phases:\n  - repeat: 50\n    phases:\n      - repeat: 50\n        phases:\n"
            "          - repeat: 50\n            phases:\n              - {kind: ground, duration: 1}\n"
        )
        + END
    )
    assert problems(text) == ["3:1: the session would have more than 500 steps once repeats are expanded"]


def test_step_limit_counts_what_build_plan_produces() -> None:
    # 249 x (phase + check-in) = 498 steps, + 2 closing phases = 500, + the two bookend check-ins = 502.
    block = "  - repeat: {n}\n    phases:\n      - {{kind: ground, duration: 1, checkin: true}}\n"
    text = HEAD + "phases:\n" + block.format(n=50) * 4 + block.format(n=49) + END
    assert problems(text) == ["3:1: the session would have 502 steps (the limit is 500)"]
    fits = HEAD + "phases:\n" + block.format(n=50) * 4 + block.format(n=48) + END
    assert problems(fits) == []
    assert len(build_plan(load_script_text(fits, "f.yaml")).steps) == 500


def test_total_over_4_hours() -> None:
    text = HEAD + "phases:\n  - repeat: 2\n    phases:\n      - {kind: ground, duration: 2h}\n" + END
    assert problems(text) == ["3:1: the session would last 4:02:00 (the limit is 4:00:00)"]
    assert problems(text.replace("2h", "1h59m")) == []


def test_repeat_nesting_bounded() -> None:
    inner = "{kind: ground, duration: 5}"
    text = HEAD + "phases:\n"
    for depth in range(4):
        text += "  " * (2 * depth + 1) + "- repeat: 2\n" + "  " * (2 * depth + 2) + "phases:\n"
    text += "  " * 9 + f"- {inner}\n" + END
    assert problems(text) == ["10:17: repeat blocks are nested more than 3 deep"]


# ---- safety lint ----------------------------------------------------------------------
def test_r6_missing_orient() -> None:
    _, found = check_script_text(HEAD + "phases:\n  - {kind: resource, duration: 60}\n", "f.yaml")
    assert [f"{p.line}:{p.col}: {p.message}" for p in found] == [
        "4:5: the script needs to end with a settling phase followed by an orient phase (rule R6)"
    ]
    assert "'- kind: orient'" in found[0].hint


def test_r6_activation_before_orient() -> None:
    assert problems(HEAD + "phases:\n  - {kind: activation, duration: 20}\n  - {kind: orient, duration: 60}\n") == [
        "5:5: the script needs to end with a settling phase followed by an orient phase (rule R6)"
    ]


def test_r6_ignores_trailing_checkins_and_sees_through_repeats() -> None:
    text = HEAD + (
        "phases:\n  - repeat: 2\n    phases:\n      - {kind: activation, duration: 20}\n"
        "      - {kind: return, duration: 45}\n  - {kind: orient, duration: 60}\n  - checkin: true\n"
    )
    assert problems(text) == []


def test_open_on_a_non_settling_kind() -> None:
    assert problems(HEAD + "phases:\n  - {kind: activation, duration: open}\n" + END) == [
        "4:34: an activation phase cannot be open-ended"
    ]
    assert problems(HEAD + "phases:\n  - {kind: resource, duration: 60}\n  - {kind: orient, duration: open}\n") == [
        "5:30: an orient phase cannot be open-ended"
    ]


def test_open_only_for_the_closing_settling_phase() -> None:
    assert problems(HEAD + "phases:\n  - {kind: ground, duration: open}\n" + END) == [
        "4:30: only the closing settling phase, just before the final orient, can be open-ended"
    ]
    assert problems(HEAD + "phases:\n  - {kind: resource, duration: open}\n  - {kind: orient, duration: 60}\n") == []


def test_open_inside_a_repeat() -> None:
    text = HEAD + "phases:\n  - repeat: 2\n    phases:\n      - {kind: resource, duration: open}\n" + END
    assert problems(text) == ["6:36: a phase inside a repeat block cannot be open-ended"]


def test_activation_warnings() -> None:
    text = HEAD + "phases:\n  - {kind: activation, duration: 90}\n  - {kind: return, duration: 60}\n" + END
    assert problems(text) == [
        "4:34: warning: this activation lasts 1 min 30 s, longer than 1 min",
        "4:34: warning: this activation (1 min 30 s) is longer than the return phase after it (1 min)",
    ]


def test_activation_longer_than_following_resource_warned_once_inside_repeat() -> None:
    text = (
        HEAD
        + (
            "phases:\n  - repeat: 3\n    phases:\n      - {kind: activation, duration: 40, checkin: true}\n"
            "      - {kind: return, duration: 30}\n"
        )
        + END
    )
    script, found = check_script_text(text, "f.yaml")
    assert script is not None
    assert [f"{p.line}:{p.col}: {p.severity}: {p.message}" for p in found] == [
        "6:38: warning: this activation (40 s) is longer than the return phase after it (30 s)"
    ]


def test_short_activation_has_no_warning() -> None:
    assert (
        problems(HEAD + "phases:\n  - {kind: activation, duration: 20}\n  - {kind: return, duration: 45}\n" + END) == []
    )


def test_safety_lint_waits_for_valid_fields() -> None:
    # A typo must not also produce a confusing R6 complaint.
    assert problems(HEAD + "phases:\n  - {kind: resource, duration: 60}\n  - {kind: orient, duraton: 60}\n") == [
        "5:5: a phase is missing 'duration'",
        "5:20: unknown key 'duraton' in a phase",
    ]


# ---- sound references -----------------------------------------------------------------
def cue_script(cue: str) -> str:
    return HEAD + f"phases:\n  - {{kind: ground, duration: 60, cue: '{cue}'}}\n" + END


def test_bundled_cue_kept_as_name() -> None:
    assert load_script_text(cue_script("chime"), "f.yaml").phases[0].cue == "chime"


def test_wav_beside_the_script_is_resolved(tmp_path: Path) -> None:
    (tmp_path / "sounds").mkdir()
    wav = write_wav(tmp_path / "sounds" / "rain.wav")
    script = load_script_text(cue_script("sounds/rain.wav"), "f.yaml", tmp_path)
    assert script.phases[0].cue == str(wav.resolve())
    audio = load_script_text(HEAD + "audio: {cues: {ground: sounds/rain.wav}}\nphases:\n" + END, "f.yaml", tmp_path)
    assert audio.audio.cues == {"ground": str(wav.resolve())}


@pytest.mark.parametrize(
    "cue, message",
    [
        ("bowel", "unknown cue 'bowel'"),
        ("/etc/rain.wav", "the sound file '/etc/rain.wav' is an absolute path"),
        ("C:\\rain.wav", "the sound file 'C:\\rain.wav' is an absolute path"),
        ("~/rain.wav", "the sound file '~/rain.wav' is an absolute path"),
        ("../rain.wav", "the sound file '../rain.wav' reaches outside the script's folder ('..')"),
        ("a/../../rain.wav", "the sound file 'a/../../rain.wav' reaches outside the script's folder ('..')"),
        ("missing.wav", "the sound file 'missing.wav' does not exist"),
    ],
)
def test_bad_sound_references(tmp_path: Path, cue: str, message: str) -> None:
    assert problems(cue_script(cue), tmp_path) == [f"4:39: {message}"]


def test_symlink_outside_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.wav"
    outside.write_bytes(b"RIFF")
    folder = tmp_path / "scripts"
    folder.mkdir()
    os.symlink(outside, folder / "link.wav")
    assert problems(cue_script("link.wav"), folder) == [
        "4:39: the sound file 'link.wav' is a link to a file outside the script's folder"
    ]


def test_sound_file_needs_a_folder() -> None:
    assert problems(cue_script("rain.wav")) == ["4:39: the sound file 'rain.wav' cannot be used here"]


def test_file_cue_resolved_against_the_script_folder(tmp_path: Path) -> None:
    write_wav(tmp_path / "bell2.wav")
    path = tmp_path / "s.yaml"
    path.write_text(cue_script("bell2.wav"))
    assert load_script(path).phases[0].cue == str((tmp_path / "bell2.wav").resolve())


# ---- text is data ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw, clean",
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b]0;title\x07after", "after"),
        ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("\x9b2Jclear", "clear"),
        ("a\x00b\x07c\x7fd\x85e", "abcde"),
        ("line\nnext", "line\nnext"),
        ("tab\there", "tab here"),
        ("zero\u200bwidth\u202eevil\u2066x\u2069\ufeff", "zerowidthevilx"),
        ("[bold]kept[/bold] [link=x]y[/]", "[bold]kept[/bold] [link=x]y[/]"),
        ("café, 日本語, עברית", "café, 日本語, עברית"),
    ],
)
def test_strip_controls(raw: str, clean: str) -> None:
    assert strip_controls(raw) == clean


def test_escapes_in_every_text_field_are_removed_and_markup_kept() -> None:
    esc = "\\e[31m"
    text = (
        f'id: t\ntitle: "{esc}Red [bold]title"\nauthor: "a\\u200Eb"\ndescription: "d{esc}"\n'
        f'intended_use: "u\\x07"\nphases:\n'
        f'  - {{kind: ground, duration: 60, title: "g{esc}", prompt: "p\\x1b]0;x\\x07 [i]q[/i]"}}\n'
        f'  - kind: resource\n    duration: 60\n    prompts: [{{at: 0, text: "r\\u202Es"}}]\n'
        f'    checkin: {{scales: [suds], title: "c\\x9b1m"}}\n'
        "  - {kind: orient, duration: 60}\n"
    )
    script = load_script_text(text, "f.yaml")
    assert (script.title, script.author, script.description, script.intended_use) == ("Red [bold]title", "ab", "d", "u")
    ground, resource, _ = script.phases
    assert (ground.title, ground.prompts[0].text) == ("g", "p [i]q[/i]")
    assert resource.prompts[0].text == "rs" and resource.checkin.title == "c"


def test_prompt_keeps_line_breaks_and_title_folds_them() -> None:
    text = (
        "id: t\ntitle: |\n  two\n  lines\nphases:\n  - kind: ground\n    duration: 60\n    prompt: |\n      one\n      two   \n"
        + END
    )
    script = load_script_text(text, "f.yaml")
    assert script.title == "two lines"
    assert script.phases[0].prompts[0].text == "one\ntwo"
