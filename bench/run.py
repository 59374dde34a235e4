"""``make bench``: measure pendulate against bare Textual baselines and write ``bench/results.md``.

``--quick`` shortens every window (for trying the harness; its results are not the record).
Nothing here makes sound (ALSA null device) or touches the person's data (temporary
``PENDULATE_HOME``; the lifetime log is generated under ``bench/out``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: find the bench package

from bench import p8, report, voice  # noqa: E402
from bench.common import (  # noqa: E402  # noqa: E402
    OUT,
    PYTHON,
    ROOT,
    child_env,
    cpu_jiffies,
    machine_info,
    prepare_home,
    start_tmux_server,
    steal_share,
    stop_tmux_server,
)
from bench.hour import write_hour_script  # noqa: E402
from bench.scale import cli_scale, counts, lifetime_home  # noqa: E402
from bench.terminal import first_frames, session_cpu  # noqa: E402

FINDINGS = Path(__file__).with_name("findings.md")


def headless(home: Path, rate: float) -> tuple[dict, dict]:
    """P3, P4, P6: the accelerated hour and the ticker baseline, side by side in two processes."""
    script = write_hour_script(OUT / "hour.yaml")
    session_out, ticker_out = home / "session.json", home / "ticker.json"
    env = child_env(home)
    session = subprocess.Popen(
        [PYTHON, "-m", "bench.headless", "session", str(script), str(rate), str(session_out)], env=env, cwd=ROOT
    )
    ticker = subprocess.Popen(
        [PYTHON, "-m", "bench.headless", "ticker", str(3600 / rate), str(ticker_out)], env=env, cwd=ROOT
    )
    for proc in (session, ticker):
        if proc.wait() != 0:
            raise SystemExit(f"headless run failed: {proc.args}")
    return json.loads(session_out.read_text()), json.loads(ticker_out.read_text())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short windows, few runs (not for the record)")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args(argv)
    quick = args.quick
    rate = 60.0 if quick else 30.0
    frame_runs, cpu_rounds, cpu_seconds = (3, 1, 15.0) if quick else (7, 2, 60.0)
    cli_runs, export_runs = (2, 1) if quick else (5, 3)

    OUT.mkdir(parents=True, exist_ok=True)
    info = machine_info()
    run_started = cpu_jiffies()
    rows: list[report.Row] = []
    with tempfile.TemporaryDirectory(prefix="pendulate-bench-") as tmp:
        home = Path(tmp) / "home"
        prepare_home(home)
        print(f"P3/P4/P6: a 60-minute script at {rate:g}× ({3600 / rate:.0f} s)…", flush=True)
        before = cpu_jiffies()
        session, ticker = headless(home, rate)
        info["CPU steal during P3/P4/P6 (time the host gave to other machines)"] = steal_share(before, cpu_jiffies())
        rows += report.session_rows(session, ticker)
        big = lifetime_home()
        sessions, checkins = counts(big)
        start_tmux_server()
        try:
            print(f"P1/P5a: {frame_runs} first frames of each…", flush=True)
            frames = first_frames(frame_runs, home, big)
            print(f"P2: {cpu_rounds} × {cpu_seconds:g} s of CPU…", flush=True)
            cpu = session_cpu(cpu_rounds, cpu_seconds, home)
        finally:
            stop_tmux_server()
        rows[:0] = report.first_frame_rows(frames) + report.cpu_rows(cpu, cpu_seconds)
        print(f"P5: history and exports on {sessions} sessions…", flush=True)
        rows += report.scale_rows(cli_scale(cli_runs, export_runs), sessions, checkins)
        print(
            "P4f/P7/P7m: cues through the platform's player, spoken guidance at 120 boundaries, its memory…", flush=True
        )
        rows += voice.rows(voice.measure(home, quick))
    presses = 20 if quick else 30
    print(f"P8: g pressed {presses} times with the log held by another process, {presses} with it free…", flush=True)
    rows += report.p8_rows(p8.run(presses))
    info["load average at the end"] = machine_info()["load average (1, 5, 15 min)"]
    info["CPU steal over the whole run"] = steal_share(run_started, cpu_jiffies())
    if quick:
        info["mode"] = "--quick (short windows; not the record)"
    method = [
        f"P1/P5a: each app started in its own tmux session ({'×'.join(map(str, (100, 30)))}) on a private tmux "
        "server; the time runs from `tmux new-session` until `capture-pane -p` (polled every 5 ms) shows the "
        "title text (`choose a practice`, `Hello, world`, `Your sessions, newest first`). Runs alternate "
        f"hello → pendulate → pendulate without its library index → history, {frame_runs} of each, after one "
        "unmeasured start that keeps the index. Temporary `PENDULATE_HOME`, first-run statement accepted. "
        "P1 is the day's first start: before each run the kept index is made to look as the previous day's start "
        "left it (its made-from day moved back one day, its file dated a day earlier); P1k sends Down the moment "
        "the library is seen and times until the second script's description is on screen (the app loads "
        "everything right after its first frame, before it acts on a key); P1c deletes the index first, so the "
        "library is drawn with nothing kept.",
        f"P2: `pendulate run orient-resource` (opening check-in skipped with Escape) and the 1 Hz ticker run side by "
        f"side in tmux at the same size, so both see the same machine load; CPU = utime+stime from /proc/PID/stat "
        f"over {cpu_seconds:g} s, starting 2 s after the first phase is on screen; {cpu_rounds} round(s), start order "
        "swapped each round.",
        f"P3/P4/P6: `bench/headless.py` runs the real app (`build_app`, real simpleaudio player on the ALSA null "
        f"device, real store) headless in Textual's `run_test`, on `bench/out/hour.yaml` (120 phases × 30 s = 60 min, "
        f"a prompt and a cue at each). Accelerated by the app's own `ScaledClock` at {rate:g}× (what `pendulate run "
        "--speed` uses): the screen arms one-shot timers `(due − now) / rate` real seconds ahead. Lateness is in "
        "**real** milliseconds: when the PhaseStarted message reached `SessionScreen.on_engine_event` "
        "(time.monotonic) minus the boundary's planned real moment. Acceleration packs boundaries 1 s (real) apart, "
        "so the loop is busier than in a real session; it cannot make a timer look earlier than it was. "
        "The first phase (started by answering the opening check-in) is not a timer boundary and is left out.",
        "P3x: for each boundary more than 15 ms late, the bench notes how late its wake-up callback ran and "
        "why: whether the loop was still busy past the planned moment before it called `select`, how far past its "
        "timeout `select` returned (the process was not running when the timer expired), and how long other "
        "callbacks ran after `select` before it; then the "
        "wall time until the boundary's event reached the screen (the wake-up is armed 8 ms early, so this "
        "includes up to 8 ms waited out awake), the thread's CPU time in it "
        "(`getrusage(RUSAGE_THREAD)`), and its context switches. Wall time far above CPU time with no switch means "
        "the virtual CPU itself was not running.",
        "P4: the same run; CuePlayer.handle is wrapped to note when the player's play() returned, compared with the "
        "cue's planned real moment (and, as the reference, how long the play() call itself took).",
        "P6: VmRSS sampled every 10 session-minutes and VmHWM at the end, vs the headless 1 Hz ticker run for the same "
        "real time in a parallel process.",
        f"P5b–e: the lifetime log is made by `python -m bench.demo --sessions 20000 --dense --inner 2.2` "
        f"({sessions:,} sessions, {checkins:,} check-ins), cached in bench/out. Whole commands timed from spawn to "
        f"exit (`wait4` gives their CPU); `pendulate --version` interleaved as the start-up baseline; "
        f"{cli_runs} runs of history, {export_runs} of each export.",
        "P8: `bench/p8.py`: each press is its own headless run of the real app (real store in a temporary "
        "`PENDULATE_HOME`, real clock, a recording player) on `orient-resource`; the opening check-in is answered "
        "with the log free, then a second process takes the log's write lock (`BEGIN EXCLUSIVE`) and `g` is "
        "pressed. Timed from handing the key to the app until the refresh after `GroundingStarted` reached the "
        "practice screen; the baseline is the same press with the log free, alternating in the same run. Every "
        "measured press makes the first write after the lock was taken, so it includes that write's short wait "
        "for the lock; the run also checks that every row reaches the log once the lock is let go.",
        voice.METHOD,
    ]
    # The list as written, nested items included: everything from its first item on.
    text = FINDINGS.read_text()
    findings = text[text.index("\n- ") + 1 :].rstrip("\n")
    args.output.write_text(report.render(info, rows, method, findings))
    print(args.output.read_text())
    return 0 if all(row.ok is not False for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
