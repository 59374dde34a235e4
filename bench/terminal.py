"""Measurements of real processes in tmux: first frames (P1, P5 history screen) and CPU (P2).

A first frame is the time from asking tmux to start the command until ``capture-pane -p``
shows the screen's title text; both apps are polled the same way, so the polling cost is in
both figures. Runs alternate between pendulate and its baseline.
"""

from __future__ import annotations

import json
import os
import time
from datetime import date, timedelta
from pathlib import Path

from bench.baselines.hello import READY_TEXT as HELLO_TEXT
from bench.baselines.ticker import READY_TEXT as TICKER_TEXT
from bench.common import PENDULATE, PYTHON, ROOT, Pane, child_env, cpu_seconds

LIBRARY_TITLE = "choose a practice"
HISTORY_TITLE = "Your sessions, newest first"
CHECKIN_TITLE = "Before we begin"
HELLO = [PYTHON, str(ROOT / "bench" / "baselines" / "hello.py")]
TICKER = [PYTHON, str(ROOT / "bench" / "baselines" / "ticker.py")]
SESSION_SCRIPT = "orient-resource"  # the gentle default: seven minutes of steady phases


INDEX = Path("data") / "library-index.json"


def _second_description(home: Path) -> str:
    """The first words of the second script's description, as the app itself keeps them: on
    screen only once that script is highlighted."""
    entries = json.loads((home / INDEX).read_text(encoding="utf-8"))["entries"]
    return " ".join(entries[1][2][0].split("\n\n")[-1].split()[:3])


def _kept_yesterday(home: Path) -> None:
    """Make the kept index look as a start the day before left it: the morning's first start."""
    path = home / INDEX
    raw = json.loads(path.read_text(encoding="utf-8"))
    made_from = raw.get("made_from", {})
    if "day" in made_from:
        made_from["day"] = (date.today() - timedelta(days=1)).isoformat()
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    yesterday = time.time() - 86400
    os.utime(path, (yesterday, yesterday))


def first_frames(runs: int, home: Path, lifetime_home: Path) -> dict[str, list[float]]:
    """P1 (library vs hello-world), its cold start and first key, and the P5 history screen,
    interleaved run by run.

    ``library`` is the day's first start: the index was kept by a start the day before (its
    made-from day moved back a day before each run); ``cold`` is one without any index (after
    an upgrade, or when the index could not be written); ``key`` is how long until a key pressed the moment the library
    appears has been acted on (Down, and the second script's description shown).
    The history screen is timed from pressing ``h`` on the library of a lifetime log until its
    title is drawn (the table is filled before that first frame).
    """
    out: dict[str, list[float]] = {
        name: [] for name in ("hello", "library", "key", "cold", "library_lifetime", "history")
    }
    warm = Pane("warm-up", [PENDULATE], child_env(home))  # keeps the index, as any earlier start would
    try:
        warm.wait_for(LIBRARY_TITLE)
        time.sleep(1.0)
    finally:
        warm.close()
    second = _second_description(home)
    for i in range(runs):
        pane = Pane(f"hello{i}", HELLO, child_env(home))
        try:
            out["hello"].append(pane.wait_for(HELLO_TEXT))
        finally:
            pane.close()
        _kept_yesterday(home)
        pane = Pane(f"library{i}", [PENDULATE], child_env(home))
        try:
            out["library"].append(pane.wait_for(LIBRARY_TITLE))
            pane.keys("Down")
            out["key"].append(pane.wait_for(second))
            time.sleep(0.3)  # the index is checked and kept after the first frame
        finally:
            pane.close()
        saved = (home / INDEX).read_bytes()
        (home / INDEX).unlink()
        pane = Pane(f"cold{i}", [PENDULATE], child_env(home))
        try:
            out["cold"].append(pane.wait_for(LIBRARY_TITLE))
        finally:
            pane.close()
            (home / INDEX).write_bytes(saved)
        pane = Pane(f"history{i}", [PENDULATE], child_env(lifetime_home))
        try:
            out["library_lifetime"].append(pane.wait_for(LIBRARY_TITLE))
            time.sleep(0.3)  # let the library settle, so only the history screen is timed
            pressed = time.perf_counter()
            pane.keys("h")
            out["history"].append(pane.wait_for(HISTORY_TITLE, since=pressed))
        finally:
            pane.close()
    return out


def _cpu_over(panes: list[Pane], seconds: float) -> list[float]:
    before = [cpu_seconds(p.pid) for p in panes]
    time.sleep(seconds)
    return [cpu_seconds(p.pid) - b for p, b in zip(panes, before, strict=False)]


def session_cpu(rounds: int, seconds: float, home: Path) -> dict[str, list[float]]:
    """P2: CPU % of a running session vs the 1 Hz ticker, both running side by side.

    Side by side (not one after the other) so both see the same machine load; each round
    swaps which one is started first. The session's opening check-in is skipped with Escape,
    then the phases run on their own; measuring starts 2 s later.
    """
    out: dict[str, list[float]] = {"ticker": [], "session": []}
    for r in range(rounds):
        order = ["session", "ticker"] if r % 2 == 0 else ["ticker", "session"]
        panes: dict[str, Pane] = {}
        try:
            for which in order:
                if which == "session":
                    pane = Pane(f"session{r}", [PENDULATE, "run", SESSION_SCRIPT], child_env(home))
                    pane.wait_for(CHECKIN_TITLE)
                    pane.keys("Escape")
                    pane.wait_for("Look around the room", timeout=10, since=time.perf_counter())
                else:
                    pane = Pane(f"ticker{r}", TICKER, child_env(home))
                    pane.wait_for(TICKER_TEXT)
                panes[which] = pane
            time.sleep(2.0)
            used = _cpu_over([panes["session"], panes["ticker"]], seconds)
            out["session"].append(100 * used[0] / seconds)
            out["ticker"].append(100 * used[1] / seconds)
        finally:
            for pane in panes.values():
                pane.close()
    return out
