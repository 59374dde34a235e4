"""Hostile scripts: each is refused with a located error, or loads with nothing unsafe left to show.

The hand-made corpus lives in ``tests/hostile/``; what cannot be committed (10 MB, raw control
bytes, non-UTF-8 bytes, symlinks, pipes, odd file names) is made in a temporary folder here.
Every case is also fed to the real command line (``pendulate validate`` and ``pendulate show``):
no traceback, exit 1 for an error, and not one ESC byte in what is printed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
import unicodedata
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.text import Text

from pendulate.cli import main
from pendulate.script.errors import ScriptError, ScriptProblem
from pendulate.script.loader import check_script, check_script_text, load_script
from pendulate.script.model import Script
from pendulate.tui.screens.checkin import CheckinScreen
from pendulate.tui.screens.library import LibraryScreen
from tests.tui_helpers import advance_to_next, answer, make_app, session_screen
from tests.wav_helpers import write_wav

CORPUS = Path(__file__).resolve().parent / "hostile"
PENDULATE = Path(sys.executable).with_name("pendulate")
END = "  - {kind: resource, duration: 60}\n  - {kind: orient, duration: 60}\n"

# Every corpus file and what must come of it: None for a valid script, else the place
# (line:col) and a piece of the first error's message.
EXPECTED: dict[str, tuple[str, str] | None] = {
    "billion_laughs.yaml": ("8:10", "anchors and aliases here would expand to more than 10000 values"),
    "deep_nesting.yaml": ("3:45", "nested more than 32 deep"),
    "deep_block_nesting.yaml": ("35:65", "nested more than 32 deep"),
    "duration_huge.yaml": ("4:30", "this is too long (the longest is 2 h)"),
    "duration_huge_text.yaml": ("4:30", "this is too long (the longest is 2 h)"),
    "duration_huge_clock.yaml": ("4:30", "this is too long (the longest is 2 h)"),
    "duration_too_long.yaml": ("4:30", "3 h is too long"),
    "duration_negative.yaml": ("4:30", "a duration cannot be negative"),
    "duration_negative_text.yaml": ("4:30", "a duration cannot be negative"),
    "duration_nan.yaml": ("4:30", "a duration is a finite number of seconds"),
    "duration_inf.yaml": ("4:30", "a duration is a finite number of seconds"),
    "duration_negative_inf.yaml": ("4:30", "a duration is a finite number of seconds"),
    "duration_zero.yaml": ("4:30", "a duration of zero is not allowed here"),
    "sound_traversal.yaml": ("4:39", "reaches outside the script's folder"),
    "sound_windows.yaml": ("4:39", "reaches outside the script's folder"),
    "sound_absolute.yaml": ("4:20", "is an absolute path"),
    "escape_in_key.yaml": ("4:1", "unknown key '\\x1b[2J\\x1b]52;c;cm0gLXJmIH4K\\x07' in the script"),
    "escape_in_id.yaml": ("1:5", "'\\x1b[2Jbad\\u202eid' is not a valid id"),
    "duplicate_keys.yaml": ("3:1", "the key 'title' appears twice in the same group (first on line 2)"),
    "duplicate_phase_keys.yaml": ("6:5", "the key 'duration' appears twice"),
    "tabs_indent.yaml": ("4:1", "a tab character is used here"),
    # Every mistake in one pass: the unknown key above the merge key comes first (the merge key
    # itself is checked in tests/test_loader.py::test_every_layer_reports_in_one_pass).
    "merge_key.yaml": ("3:1", "unknown key 'base' in the script"),
    "python_tag.yaml": ("2:8", "the tag !!python/object/apply:os.system is not supported"),
    # Integers past a float's range (~309 digits): Python reads them, every use of them failed.
    "int_huge_duration.yaml": ("4:30", "this number is too large to use"),
    "int_huge_threshold.yaml": ("4:14", "this number is too large to use"),
    "int_huge_negative.yaml": ("4:14", "this number is too large to use"),
    "int_huge_repeat.yaml": ("4:13", "this number is too large to use"),
    "int_huge_interval.yaml": ("4:13", "this number is too large to use"),
    "int_huge_prompt_at.yaml": ("7:14", "this number is too large to use"),
    "int_huge_hex.yaml": ("4:32", "this number is too large to use"),
    # `$` in a pattern matches before a final newline: an id is matched whole.
    "id_trailing_newline.yaml": ("1:5", "'orient-resource\\x0a' is not a valid id"),
    "id_block_newline.yaml": ("1:5", "'orient-resource\\x0a' is not a valid id"),
    "unknown_keys_bulk.yaml": ("6:1", "unknown key 'unknown_0' in the script"),
    "rich_markup.yaml": None,
    "terminal_escapes.yaml": None,
    "bidi_zero_width.yaml": None,
    "tabs_in_text.yaml": None,
}


# ---- what "safe to show" means ----------------------------------------------------------
def unsafe_chars(text: str, *, newlines: bool = False) -> list[str]:
    """Characters that could steer a terminal or hide text: controls, format characters, separators."""
    allowed = "\n" if newlines else ""
    return [
        repr(char)
        for char in text
        if char not in allowed and unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")
    ]


def shown_text(value: object) -> list[str]:
    """Every string inside a loaded script (titles, prompts, check-in titles, …), recursively."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (tuple, list)):
        return [text for item in value for text in shown_text(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in shown_text(item)]
    if is_dataclass(value) and not isinstance(value, type):
        return [text for f in fields(value) if f.name not in ("source",) for text in shown_text(getattr(value, f.name))]
    return []


def assert_located(problems: list[ScriptProblem], filename: str) -> None:
    assert problems
    for problem in problems:
        assert problem.file == filename
        assert problem.line >= 1 and problem.col >= 1 and problem.message
        first, *rest = str(problem).split("\n")
        assert first.startswith(f"{problem.file}:{problem.line}:{problem.col}: ") or unsafe_chars(problem.file)
        # The printed problem quotes the file's own text: nothing in it may act on a terminal.
        assert unsafe_chars(first) == [], first
        assert all(line.startswith("    hint: ") and not unsafe_chars(line) for line in rest), rest


def assert_clean_script(script: Script) -> None:
    for text in shown_text(script):
        assert unsafe_chars(text, newlines=True) == [], text


def assert_safe_outcome(script: Script | None, problems: list[ScriptProblem], filename: str) -> None:
    if script is None:
        assert_located([p for p in problems if p.severity == "error"], filename)
    else:
        assert_clean_script(script)


# ---- the committed corpus ---------------------------------------------------------------
def test_every_corpus_file_has_an_expectation() -> None:
    assert sorted(p.name for p in CORPUS.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_gives_a_located_error_or_a_clean_script(name: str) -> None:
    path = CORPUS / name
    script, problems = check_script(path)
    expected = EXPECTED[name]
    if expected is None:
        assert script is not None, [str(p) for p in problems]
        assert_clean_script(script)
        return
    assert script is None
    assert_located(problems, str(path))
    place, message = expected
    first = next(p for p in problems if p.severity == "error")
    assert f"{first.line}:{first.col}" == place
    assert message in str(first)


def test_escape_sequences_are_removed_from_every_shown_field() -> None:
    script = load_script(CORPUS / "terminal_escapes.yaml")
    ground, resource, _ = script.phases
    assert (script.title, script.author, script.description, script.version) == ("Clear title", "", "red link", "2")
    assert (ground.title, ground.prompts[0].text, ground.checkin.title) == ("G", "Feel your feetXXXX", "Check")
    assert resource.prompts[0].text == "hidden"


def test_bidi_and_zero_width_characters_are_removed() -> None:
    script = load_script(CORPUS / "bidi_zero_width.yaml")
    assert script.title == "Calm evil x zerowidth"
    assert script.phases[0].prompts[0].text == "feet a b"


def test_rich_markup_is_kept_as_text() -> None:
    script = load_script(CORPUS / "rich_markup.yaml")
    assert script.title == "[bold red]Loud[/] [link=https://evil.example]click[/link]"
    assert script.phases[0].checkin.title == "[/] [on red]How is it?"


# ---- cases made at test time ------------------------------------------------------------
def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def valid_with(prompt_yaml: str) -> bytes:
    return ("id: t\ntitle: T\nphases:\n  - {kind: ground, duration: 60, prompt: " + prompt_yaml + "}\n" + END).encode()


@pytest.mark.parametrize(
    "data, place, message",
    [
        (valid_with("'a\x1b[2Jb'"), "4:44", "control character (U+001B)"),
        (valid_with("'a\x00b'"), "4:44", "control character (U+0000)"),
        (valid_with("'a\x9bb'"), "4:44", "control character (U+009B)"),
        (valid_with("'caf\u00e9'").replace("\u00e9".encode(), b"\xe9"), "4:46", "this byte (0xe9) is not valid UTF-8"),
        (b"id: t\ntitle: \xff\xfe\n", "2:8", "this byte (0xff) is not valid UTF-8"),
        ("\ufeffid: t\n".encode("utf-16"), "1:1", "is not valid UTF-8"),
    ],
)
def test_raw_control_and_non_utf8_bytes_are_located(tmp_path: Path, data: bytes, place: str, message: str) -> None:
    path = write(tmp_path, "raw.yaml", data)
    script, problems = check_script(path)
    assert script is None
    assert_located(problems, str(path))
    assert f"{problems[0].line}:{problems[0].col}" == place
    assert message in problems[0].message


def test_a_10_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    line = b"# " + b"x" * 1021 + b"\n"
    with path.open("wb") as handle:
        handle.write(b"id: t\ntitle: T\n")
        for _ in range(10 * 1024):
            handle.write(line)
    assert path.stat().st_size > 10 * 1024 * 1024
    tracemalloc.start()
    try:
        script, problems = check_script(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert script is None and "the file is too large" in problems[0].message
    assert peak < 2 * 1024 * 1024, peak  # refused from its size: never read whole


def test_10_mb_already_in_memory_is_refused_without_copies() -> None:
    data = b"id: t\ntitle: T\ndescription: " + b"x" * (10 * 1024 * 1024) + b"\nphases:\n" + END.encode()
    tracemalloc.start()
    try:
        script, problems = check_script_text(data, "big.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert script is None and (problems[0].line, problems[0].col) == (1, 1)
    assert "the file is too large" in problems[0].message
    assert peak < 2 * 1024 * 1024, peak


def test_billion_laughs_is_refused_without_expanding() -> None:
    data = (CORPUS / "billion_laughs.yaml").read_bytes()
    tracemalloc.start()
    try:
        script, problems = check_script_text(data, "lol.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert script is None and "would expand to more than" in problems[0].message
    assert peak < 4 * 1024 * 1024, peak  # 9**9 values would need gigabytes


def test_aliases_within_the_bound_but_multiplied_by_repeats_stay_bounded() -> None:
    # Aliases re-using one phase list inside nested repeats: the step limit counts before expanding.
    text = (
        "id: t\ntitle: T\nphases:\n  - repeat: 50\n    phases: &p\n      - repeat: 50\n        phases:\n"
        "          - {kind: ground, duration: 1}\n  - repeat: 50\n    phases: *p\n" + END
    )
    tracemalloc.start()
    try:
        script, problems = check_script_text(text, "r.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert script is None and "more than 500 steps" in problems[0].message
    assert peak < 4 * 1024 * 1024, peak


def cue_script(cue: str) -> bytes:
    return f"id: t\ntitle: T\nphases:\n  - {{kind: ground, duration: 60, cue: '{cue}'}}\n{END}".encode()


def test_symlinked_sound_folder_pointing_outside(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "rain.wav").write_bytes(b"RIFF")
    folder = tmp_path / "scripts"
    folder.mkdir()
    os.symlink(outside, folder / "sounds")  # the folder itself is the link
    path = write(folder, "s.yaml", cue_script("sounds/rain.wav"))
    script, problems = check_script(path)
    assert script is None
    assert [f"{p.line}:{p.col}: {p.message}" for p in problems] == [
        "4:39: the sound file 'sounds/rain.wav' is a link to a file outside the script's folder"
    ]


def test_symlink_chain_leaving_the_folder_and_dangling_links(tmp_path: Path) -> None:
    secret = tmp_path / "secret.wav"
    secret.write_bytes(b"RIFF")
    folder = tmp_path / "scripts"
    folder.mkdir()
    os.symlink(secret, folder / "hop.wav")
    os.symlink(folder / "hop.wav", folder / "chain.wav")  # inside → inside → outside
    os.symlink(tmp_path / "gone.wav", folder / "dangling.wav")
    script, problems = check_script(write(folder, "a.yaml", cue_script("chain.wav")))
    assert script is None and "is a link to a file outside" in problems[0].message
    script, problems = check_script(write(folder, "b.yaml", cue_script("dangling.wav")))
    assert script is None and "does not exist" in problems[0].message


def test_a_link_that_stays_inside_the_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "sounds").mkdir()
    write_wav(tmp_path / "sounds" / "rain.wav")
    os.symlink(tmp_path / "sounds" / "rain.wav", tmp_path / "alias.wav")
    script = load_script(write(tmp_path, "s.yaml", cue_script("alias.wav")))
    assert script.phases[0].cue == str((tmp_path / "sounds" / "rain.wav").resolve())


def test_a_sound_that_is_a_folder_or_a_pipe_is_not_a_sound(tmp_path: Path) -> None:
    (tmp_path / "dir.wav").mkdir()
    os.mkfifo(tmp_path / "pipe.wav")
    for name in ("dir.wav", "pipe.wav"):
        script, problems = check_script(write(tmp_path, "s.yaml", cue_script(name)))
        reason = (
            "it is a folder, not a file" if name == "dir.wav" else "it is not a plain file (a device, pipe or folder)"
        )
        assert script is None and problems[0].message == f"the sound file '{name}' can't be used: {reason}"


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_a_script_that_is_not_a_plain_file_is_refused_without_blocking(tmp_path: Path, kind: str) -> None:
    # Opening a FIFO for reading blocks until a writer comes: it must never be opened.
    path = tmp_path / "s.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path = Path("/dev/zero")
    script, problems = check_script(path)
    assert script is None
    assert problems[0].message == "this is not a plain file (a device, pipe or folder)"


# ---- the command line -------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_validate_and_show(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(CORPUS / name)
    want = 0 if EXPECTED[name] is None else 1
    assert main(["validate", path]) == want
    assert main(["show", path]) == want
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "Traceback" not in out + err
    assert unsafe_chars(out + err, newlines=True) == []
    assert (err if want else out).strip()


def test_cli_quotes_hostile_file_names_and_ids_inertly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "\x1b]0;owned\x07\u202e.yaml"
    odd.write_bytes(b"id: t\ntitle: \x1b[2J\n")
    assert main(["validate", str(odd)]) == 1
    assert main(["show", str(odd)]) == 1
    assert main(["validate", str(tmp_path / "\x1b[2Jmissing.yaml")]) == 2
    assert main(["show", "\x1b[2Jno-such-id"]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\u202e" not in out + err
    assert "\\x1b]0;owned\\x07\\u202e.yaml" in out
    assert "no script with the id '\\x1b[2Jno-such-id'" in err


@pytest.mark.slow
def test_real_cli_prints_no_escape_and_no_traceback(tmp_path: Path) -> None:
    """One real process over the whole corpus plus the generated files, as a person would run it."""
    extra = [
        write(tmp_path, "\x1b[31mred-name\x07.yaml", b"id: t\n"),
        write(tmp_path, "latin1.yaml", b"id: t\ntitle: caf\xe9\n"),
        write(tmp_path, "raw-esc.yaml", valid_with("'\x1b]52;c;eA==\x07'")),
    ]
    env = dict(os.environ, LC_ALL="C.UTF-8")
    files = [str(p) for p in sorted(CORPUS.glob("*.yaml"))] + [str(p) for p in extra]
    done = subprocess.run([str(PENDULATE), "validate", *files], capture_output=True, env=env, timeout=60)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert b"\x1b" not in output and b"Traceback" not in output
    assert output.count(b": ok") == sum(1 for v in EXPECTED.values() if v is None)
    for name in ("rich_markup.yaml", "terminal_escapes.yaml", "escape_in_key.yaml"):
        shown = subprocess.run([str(PENDULATE), "show", str(CORPUS / name)], capture_output=True, env=env, timeout=60)
        assert shown.returncode == (0 if EXPECTED[name] is None else 1)
        assert b"\x1b" not in shown.stdout + shown.stderr and b"Traceback" not in shown.stderr


# ---- the TUI shows markup literally ------------------------------------------------------
async def test_markup_in_a_script_is_shown_literally_in_the_session() -> None:
    script = load_script(CORPUS / "rich_markup.yaml")
    app, clock, _ = make_app(start=script)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")  # the opening check-in
        screen = session_screen(app)
        prompt = screen.query_one("#prompt").render()
        assert str(prompt) == "[bold red]Feel your feet[/] [link=https://evil.example]here[/link] [/]"
        assert not prompt.spans if isinstance(prompt, Text) else True  # no style or link came from it
        assert "[reverse]Ground[/reverse]" in str(screen.query_one("#phase-title").render())
        await advance_to_next(pilot, app, clock)
        assert isinstance(app.screen, CheckinScreen)
        # "[/]" closes nothing: read as markup it would crash the app.
        assert str(app.screen.query_one("#checkin-title").render()) == "[/] [on red]How is it?"


async def test_markup_in_a_title_is_shown_literally_in_the_library_and_timeline() -> None:
    script = load_script(CORPUS / "rich_markup.yaml")
    app, _, _ = make_app(scripts=lambda: [script])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "[bold red]Loud[/]" in str(app.screen.query_one("#details").render())
        await pilot.press("s")
        await pilot.pause()
        assert str(app.screen.query_one("#timeline-title").render()) == script.title


async def test_escapes_never_reach_the_screen() -> None:
    script = load_script(CORPUS / "terminal_escapes.yaml")
    app, clock, _ = make_app(start=script)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        screen = session_screen(app)
        for widget_id in ("#prompt", "#phase-title"):
            assert unsafe_chars(str(screen.query_one(widget_id).render()), newlines=True) == []
        assert str(screen.query_one("#prompt").render()) == "Feel your feetXXXX"


# ---- structured-but-wrong input, generated ----------------------------------------------
DIGITS = st.text("0123456789", min_size=1, max_size=400)
DURATION_TEXT = st.one_of(
    st.builds(lambda n, unit: n + unit, DIGITS, st.sampled_from(["", "s", "m", "h", "min", "hours", " s"])),
    st.builds(lambda a, b, c: f"{a}:{b}:{c}", DIGITS, DIGITS, st.sampled_from(["00", "59", "5.5", "99"])),
    st.builds(lambda a, b: f"{a}m{b}s", DIGITS, DIGITS),
    st.builds(lambda n: "-" + n, DIGITS),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    DURATION_TEXT,
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
    st.sampled_from(["open", "bowl", "../x.wav", "/etc/x.wav", "[/]", "\x1b[2J", "\u202e", "suds", "orient"]),
)
KEYS = st.sampled_from(
    [
        "kind",
        "duration",
        "title",
        "prompt",
        "prompts",
        "cue",
        "checkin",
        "interval",
        "repeat",
        "phases",
        "at",
        "text",
        "scales",
        "\x1b[1m",
        "kid",
    ]
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=12,
)
PHASE = st.fixed_dictionaries(
    {
        "kind": st.one_of(st.sampled_from(["ground", "activation", "resource", "orient"]), SCALARS),
        "duration": st.one_of(DURATION_TEXT, SCALARS),
    },
    optional={"prompt": VALUES, "checkin": VALUES, "prompts": VALUES, "cue": VALUES, "title": VALUES},
)


def dump(document: object) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DURATION_TEXT)
def test_any_duration_text_is_read_or_located(text: str) -> None:
    document = {
        "id": "t",
        "title": "T",
        "phases": [
            {"kind": "ground", "duration": text},
            {"kind": "resource", "duration": 60},
            {"kind": "orient", "duration": 60},
        ],
    }
    script, problems = check_script_text(dump(document), "d.yaml")
    assert_safe_outcome(script, problems, "d.yaml")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PHASE, min_size=1, max_size=4), st.dictionaries(KEYS, VALUES, max_size=2))
def test_script_shaped_documents_with_wrong_values(phases: list[dict], extra: dict) -> None:
    document = {"id": "t", "title": "T", **extra, "phases": phases + [{"kind": "orient", "duration": 60}]}
    try:
        text = dump(document)
    except yaml.YAMLError:
        return  # PyYAML cannot write this value; nothing to load
    try:
        script, problems = check_script_text(text, "s.yaml")
    except ScriptError as exc:  # check_script_text reports, it never raises
        pytest.fail(f"raised instead of reporting: {exc}")
    assert_safe_outcome(script, problems, "s.yaml")
