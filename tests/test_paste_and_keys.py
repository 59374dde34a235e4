"""Input that must not drive a session: a paste is text for its field, a held key acts once."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from textual import events
from textual._xterm_parser import XTermParser

from pendulate.engine import events as ev
from pendulate.engine.session import EXTEND_SECONDS, MAX_EXTENSIONS
from pendulate.script.model import CheckinItem, CheckinSpec, Phase, Script
from pendulate.store import Store
from pendulate.tui.messages import EngineEvent
from pendulate.tui.paste import (
    HOLD_PARTIAL,
    PASTE_END,
    PASTE_KEPT,
    PASTE_QUIET,
    PASTE_START,
    PasteGuard,
    clean_text,
)
from pendulate.tui.screens.checkin import NOTE_FULL, CheckinScreen
from pendulate.tui.screens.crisis import CrisisScreen
from pendulate.tui.screens.help import KEYS as HELP_KEYS
from pendulate.tui.screens.help import HelpScreen
from pendulate.tui.screens.session import LAST_EXTENSION, NO_MORE_TIME
from pendulate.tui.widgets.note import NOTE_LIMIT
from tests.checkin_helpers import checkin_first, send
from tests.tmux_helpers import (
    MIDDLE,
    OPENING,
    needs_tmux,
    prepare_home,
    run_argv,
    tmux_server,  # noqa: F401  (a fixture)
    write_script,
)
from tests.tui_helpers import answer, make_app, session_screen

# Everything that ever drove a session from a paste: escape sequences and a lone ESC, CRLF and a
# lone CR, and the session's own keys (e more time, space / p pause, n next, q then y leave, b end
# a touch, digits, Enter) — 10,000 characters of it.
HOSTILE_PIECE = "e e e p \x1b[31mred\x1b[0m n q y b 7\r\n \x1b e\re  \x1b]0;title\x07 ?c ee\x1b[201 x\x1bO"
HOSTILE = (HOSTILE_PIECE * (10_000 // len(HOSTILE_PIECE) + 1))[:10_000]
# What a leaked key would have caused (grounding comes later in these tests, from a real g).
DRIVING = (ev.Extended, ev.Paused, ev.Resumed, ev.Skipped, ev.TouchEnded, ev.SessionEnded)


class Ticks:
    """A clock for the guard that moves only when told."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def guarded(clock: Ticks | None = None) -> PasteGuard:
    return PasteGuard(XTermParser(), clock or Ticks())


def read_all(guard: PasteGuard, *reads: str) -> list:
    out = []
    for data in reads:
        out += list(guard.feed(data))
        out += list(guard.tick())
    return out + list(guard.feed(""))


def shape(messages: list) -> list:
    """Keys by name, pastes by text; nothing else is expected here."""
    out = []
    for message in messages:
        if isinstance(message, events.Key):
            out.append(("key", message.key))
        elif isinstance(message, events.Paste):
            out.append(("paste", message.text))
        else:
            out.append(("other", type(message).__name__))
    return out


# ----- the guard in front of Textual's parser --------------------------------------------------


def test_a_bracketed_paste_is_one_paste_event_and_never_keys():
    raw = "a" + PASTE_START + HOSTILE + PASTE_END + "b"
    assert shape(read_all(guarded(), raw)) == [("key", "a"), ("paste", HOSTILE), ("key", "b")]


def test_textual_alone_lets_a_pasted_escape_through_as_keys():
    # Why the guard is there: without it, the characters after each ESC in a paste become keys.
    parser = XTermParser()
    raw = PASTE_START + "note \x1bee p q" + PASTE_END
    keys = [m.key for m in [*parser.feed(raw), *parser.feed("")] if isinstance(m, events.Key)]
    assert "e" in keys
    assert shape(read_all(guarded(), raw)) == [("paste", "note \x1bee p q")]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 64, 4096])
def test_a_paste_split_across_reads_anywhere_is_still_one_paste(size):
    raw = "x" + PASTE_START + HOSTILE[:3000] + PASTE_END + "y" + PASTE_START + "second\r\n" + PASTE_END
    reads = [raw[i : i + size] for i in range(0, len(raw), size)]
    assert shape(read_all(guarded(), *reads)) == [
        ("key", "x"),
        ("paste", HOSTILE[:3000]),
        ("key", "y"),
        ("paste", "second\r\n"),
    ]


def test_escape_read_alone_is_still_the_escape_key_after_the_usual_wait():
    clock = Ticks()
    guard = guarded(clock)
    assert list(guard.feed("\x1b")) == [] and list(guard.tick()) == []
    clock.now += HOLD_PARTIAL
    assert shape(list(guard.tick())) == [("key", "escape")]
    assert shape(list(guard.feed("\x1b")) + list(guard.feed(""))) == [("key", "escape")]  # at the end of input


def test_a_marker_cut_short_at_the_end_of_a_read_is_held_for_its_rest_and_never_lost():
    clock = Ticks()
    guard = guarded(clock)
    assert shape(list(guard.feed("a\x1b[2"))) == [("key", "a")]
    assert shape(list(guard.feed("~"))) == [("key", "insert")]  # the rest came with the next read
    assert shape(list(guard.feed("b\x1b["))) == [("key", "b")]
    assert list(guard.tick()) == []
    clock.now += HOLD_PARTIAL
    assert list(guard.tick()) == []  # handed to the parser, which waits for the rest as ever
    stock = XTermParser()
    assert shape(list(guard.feed(""))) == shape([*stock.feed("\x1b["), *stock.feed("")])  # as Textual gives it


def test_outside_a_paste_the_guard_gives_what_textual_gives():
    typed = "ab\x1b[A\x1bOP\x1b[1;5C\x1b[<0;10;5M\x1b[<0;10;5m\rz\x7f\x1bx\t "
    stock = XTermParser()
    assert shape(read_all(guarded(), typed)) == shape([*stock.feed(typed), *stock.feed("")])


def test_a_paste_that_never_ends_gives_the_keys_back_after_a_quiet_second():
    clock = Ticks()
    guard = guarded(clock)
    assert list(guard.feed(PASTE_START + "half a paste")) == []
    clock.now += PASTE_QUIET / 2
    assert list(guard.tick()) == [] and guard.in_paste
    clock.now += PASTE_QUIET
    assert shape(list(guard.tick())) == [("paste", "half a paste")]
    assert shape(list(guard.feed("g"))) == [("key", "g")]


def test_a_huge_paste_is_kept_to_its_first_characters():
    (paste,) = read_all(guarded(), PASTE_START + "x" * (PASTE_KEPT * 3) + PASTE_END)
    assert isinstance(paste, events.Paste) and paste.text == "x" * PASTE_KEPT


def test_clean_text_keeps_words_and_line_breaks_only():
    assert clean_text("one\r\ntwo\rthree\nfour") == "one\ntwo\nthree\nfour"
    assert clean_text("a\x1b[31mred\x1b[0m b\x1b]0;title\x07c\x1bOd\x1b") == "ared bcd"
    assert clean_text("tab\there\x00\x07\x08\x7f\x9b2J ünï ✓") == "tab\there ünï ✓"
    assert clean_text("keep \x1b]no terminator, words stay") == "keep no terminator, words stay"
    cleaned = clean_text(HOSTILE)
    assert not any(ch in cleaned for ch in "\x1b\r\x07")


# ----- a paste in the app ----------------------------------------------------------------------

NOTE_SCRIPT = Script(
    id="note-test",
    title="Note test",
    version="1",
    description="",
    phases=(
        CheckinItem(CheckinSpec(("suds", "settling", "note"), "With a note")),
        Phase("resource", "Back to the resource", 40),
        Phase("orient", "The room", 20),
    ),
)


def event_log():
    seen: list[ev.Event] = []  # each event once, however many screens it passed (held, so ids stay unique)
    ids: set[int] = set()

    def hook(message) -> None:
        if isinstance(message, EngineEvent) and id(message.event) not in ids:
            ids.add(id(message.event))
            seen.append(message.event)

    return hook, seen


def deliver(pilot, raw: str) -> None:
    """``raw`` as the terminal sends it, through the guard the driver reads with."""
    app = pilot.app
    guard = PasteGuard(XTermParser())
    for message in [*guard.feed(raw), *guard.tick()]:
        message.set_sender(app)
        app._driver.send_message(message)


def stored_notes() -> list:
    with Store.open() as store:
        return store.read(
            lambda conn: [row[0] for row in conn.execute("SELECT note FROM checkins ORDER BY session_id, idx")]
        )


async def test_a_hostile_paste_into_a_checkin_note_is_text_and_drives_nothing():
    app, _, _ = make_app(start=NOTE_SCRIPT, store=Store.open())
    hook, seen = event_log()
    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await pilot.pause()
        await pilot.press("2", "7")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckinScreen) and screen.step.name == "note"
        before = len(seen)
        deliver(pilot, PASTE_START + HOSTILE + PASTE_END)
        for _ in range(3):
            await pilot.pause()
        assert app.screen is screen and screen.step.name == "note"
        kept = clean_text(HOSTILE)[:NOTE_LIMIT]
        assert screen.query_one("#note").value == kept
        assert str(screen.query_one("#note-full").render()) == NOTE_FULL
        assert seen[before:] == []  # not one key of it reached the session
        await pilot.press("enter")
        await pilot.pause()
        assert not any(isinstance(s, CheckinScreen) for s in app.screen_stack)
        await pilot.press("g")
        await pilot.pause()
        assert session_screen(app).practice.session.grounding
    assert not any(isinstance(event, DRIVING) for event in seen)
    (recorded,) = [event for event in seen if isinstance(event, ev.CheckinRecorded)]
    assert recorded.answers.note == kept.strip()
    assert stored_notes() == [kept.strip()]


async def test_a_multi_line_paste_keeps_its_lines_and_enter_typed_after_it_saves():
    app, _, _ = make_app(start=NOTE_SCRIPT, store=Store.open())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("2", "7", "m", "y", " ")
        deliver(pilot, PASTE_START + "first line\r\nsecond line\r\n\x1b[1mthird\x1b[0m" + PASTE_END)
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#note").value == "my first line\nsecond line\nthird"
        assert "↵" in str(screen.query_one("#checkin-summary").render())
        assert str(screen.query_one("#note-full").render()) == ""  # nothing was left out
        await pilot.press("enter")
        await pilot.pause()
    assert stored_notes() == ["my first line\nsecond line\nthird"]


async def test_typing_past_the_note_limit_stops_there_and_says_so_once():
    app, _, _ = make_app(start=checkin_first(("suds", "note")))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        screen = app.screen
        note = screen.query_one("#note")
        note.value = "x" * (NOTE_LIMIT - 2)
        await pilot.pause()
        send(pilot, *"abcdef")
        for _ in range(3):
            await pilot.pause()
        assert note.value == "x" * (NOTE_LIMIT - 2) + "ab"
        assert str(screen.query_one("#note-full").render()) == NOTE_FULL


async def test_a_paste_over_the_practice_screen_drives_nothing():
    app, _, _ = make_app(start=NOTE_SCRIPT)
    hook, seen = event_log()
    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await pilot.pause()
        await pilot.press("2", "7", "enter")
        await pilot.pause()
        session = session_screen(app).practice.session
        assert app.screen is session_screen(app) and session.step.kind == "resource"
        before = len(seen)
        deliver(pilot, PASTE_START + HOSTILE + PASTE_END)
        for _ in range(3):
            await pilot.pause()
        assert seen[before:] == [] and not session.paused and session.step.kind == "resource"
        await pilot.press("g")
        await pilot.pause()
        assert session.grounding


# ----- held keys -------------------------------------------------------------------------------

LONG = Script(
    id="long-test",
    title="Long test",
    version="1",
    description="",
    phases=(Phase("resource", "A long rest", 1800), Phase("orient", "The room", 20)),
)


async def hold(pilot, key: str, times: int = 500) -> None:
    """``key`` ``times`` over, as a held key arrives: all queued before any is handled."""
    send(pilot, *[key] * times)
    for _ in range(4):
        await pilot.pause()


async def test_a_held_e_extends_a_phase_a_few_times_and_says_so_once():
    app, clock, _ = make_app(start=LONG)
    hook, seen = event_log()
    async with app.run_test(message_hook=hook) as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        screen = session_screen(app)
        said: list[str] = []
        original = screen._notice
        screen._notice = lambda text: (said.append(text), original(text))[-1]
        await hold(pilot, "e")
        session = screen.practice.session
        assert len([e for e in seen if isinstance(e, ev.Extended)]) == MAX_EXTENSIONS
        assert session.step_length() == 1800 + MAX_EXTENSIONS * EXTEND_SECONDS
        assert said.count(LAST_EXTENSION) == 1 and NO_MORE_TIME not in said
        assert str(screen.query_one("#notice").render()) == LAST_EXTENSION
        assert f"30 s, up to {MAX_EXTENSIONS} times a phase" in HELP_KEYS  # and help says so
        await hold(pilot, "e", 3)  # pressed again while the line still says so: nothing more is said
        assert said.count(NO_MORE_TIME) == 0 and len(said) == MAX_EXTENSIONS
        await pilot.press("g")
        await pilot.pause()
        assert session.grounding


@pytest.mark.parametrize("key, screen_type", [("question_mark", HelpScreen), ("c", CrisisScreen)])
async def test_a_held_help_key_opens_its_screen_once(key, screen_type):
    app, _, _ = make_app(start=LONG)
    hook, seen = event_log()
    async with app.run_test(message_hook=hook) as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        pushed: list[type] = []
        push = app.push_screen
        app.push_screen = lambda screen, *a, **k: (pushed.append(type(screen)), push(screen, *a, **k))[-1]
        await hold(pilot, key)
        assert pushed == [screen_type]
        assert [type(s) for s in app.screen_stack].count(screen_type) == 1
        assert isinstance(app.screen, screen_type)
        assert len([e for e in seen if isinstance(e, ev.Paused)]) == 1
        await pilot.press("g")
        await pilot.pause()
        assert session_screen(app).practice.session.grounding
        assert app.screen is session_screen(app)


async def test_help_and_crisis_help_each_open_once_whatever_is_held_over_them():
    app, _, _ = make_app(start=LONG)
    async with app.run_test() as pilot:
        await pilot.pause()
        await answer(pilot, "2", "7", "enter")
        for key in ("question_mark", "c", "question_mark", "c"):
            await hold(pilot, key, 50)
        kinds = [type(s) for s in app.screen_stack]
        assert kinds.count(HelpScreen) == 1 and kinds.count(CrisisScreen) == 1
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.screen is session_screen(app)


async def test_typing_a_session_key_into_the_note_is_text():
    # The same keys typed (not pasted) into a note are text too; only Enter finishes it.
    app, _, _ = make_app(start=NOTE_SCRIPT)
    hook, seen = event_log()
    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await pilot.pause()
        await pilot.press("2", "7")
        before = len(seen)
        typed = "e p n q y b " + string.digits
        send(pilot, *[{" ": "space"}.get(ch, ch) for ch in typed])
        for _ in range(3):
            await pilot.pause()
        assert app.screen.query_one("#note").value == typed
        assert seen[before:] == []


# ----- the real driver, in a real terminal -----------------------------------------------------

NOTE_IN_TMUX = """\
id: tmux-note
title: Tmux note
phases:
  - kind: ground
    duration: 10
    checkin: {scales: [suds, settling, note], title: Middle check}
  - {kind: resource, duration: 30m, prompt: "Rest here."}
  - {kind: orient, duration: 10}
"""


@needs_tmux
@pytest.mark.slow
def test_a_hostile_paste_in_a_real_terminal_is_the_notes_text_and_drives_nothing(tmp_path: Path, tmux_server) -> None:
    prepare_home(tmp_path)
    script = write_script(tmp_path, NOTE_IN_TMUX, "note.yaml")
    tmux_server.start("paste", run_argv(script))
    tmux_server.answer("paste", OPENING, 2, 7)
    tmux_server.wait_for("paste", MIDDLE)
    tmux_server.keys("paste", "3", "4")
    tmux_server.wait_for("paste", "A note, if you like")
    pasted = tmp_path / "paste.txt"
    pasted.write_text(HOSTILE, encoding="utf-8")
    tmux_server.tmux("load-buffer", str(pasted))
    tmux_server.tmux("paste-buffer", "-p", "-t", "paste")  # bracketed, as a terminal pastes
    screen = tmux_server.wait_for("paste", "A note holds up to 2,000 characters")
    assert MIDDLE in screen and "Will save: intensity 3 · settled 4 · note “e e e p red" in screen
    tmux_server.keys("paste", "Enter")
    tmux_server.wait_for("paste", MIDDLE, gone=True)
    tmux_server.keys("paste", "g")
    tmux_server.wait_for("paste", "Eyes open")
    with Store.open() as store:
        rows = store.read(lambda conn: conn.execute("SELECT type FROM events").fetchall())
        notes = store.read(lambda conn: conn.execute("SELECT note FROM checkins WHERE note IS NOT NULL").fetchall())
    assert {kind for (kind,) in rows} <= {"titration", "grounding"}  # no more time, no pause, no skip
    ((note,),) = notes
    assert 1900 < len(note) <= NOTE_LIMIT and note.startswith("e e e p red n q y b 7\n")
    assert not set(note) & {"\x1b", "\r", "\x07"}
