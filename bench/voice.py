"""P4f, P7 and P7m: live playback of cues through the platform's player, and of spoken guidance.

Run alone as ``python -m bench.voice [--quick]`` (prints the rows), or from ``bench/run.py``.
Each measurement runs in a child process of its own on the ALSA null device the tests use:

* ``p4f``: cues through :class:`ExternalPlayer` (the fallback without simpleaudio) and, in the
  same process and minutes, through simpleaudio, alternating;
* ``p7``: a 60-minute session of 120 phases, each with a recording, driven by the engine's
  ``Runner`` with a ``CuePlayer`` and a ``Guide`` on the real simpleaudio player;
* ``p7m spoken|silent``: the same session's peak RSS with a spoken prompt at every phase and
  without any speech, in two processes side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: find the bench package

from bench.common import PYTHON, ROOT, child_env, memory_kb, percentile  # noqa: E402
from bench.report import Row  # noqa: E402

PHASES, SECONDS = 120, 30.0
CLIP_SECONDS = 6.0  # a spoken prompt's realistic length, lead-in included
CLIP_RATE = 22050
LEAD = 1.2  # the lead-in of silence every clip starts with
BOUNDARY_GAP = 0.25  # real seconds between boundaries: each sound has started and the device is idle again


def fake_clip(i: int, seconds: float = CLIP_SECONDS):
    """A clip as a speech engine would make it: ``LEAD`` s of silence, then noise at a speaking
    level (incompressible, like speech; distinct bytes for every ``i``)."""
    from pendulate.audio.cues import Pcm, scale

    seconds += ((i * 7) % 11 - 5) / 10  # 5.5-6.5 s, so the clips differ in length too
    lead = bytes(2 * round(LEAD * CLIP_RATE))
    noise = scale(Pcm(os.urandom(2 * round((seconds - LEAD) * CLIP_RATE)), 1, CLIP_RATE), 0.12)
    return Pcm(lead + noise, 1, CLIP_RATE)


def hour_plan(spoken: bool, recorded: bool):
    from pendulate.plan.build import Plan, Step
    from pendulate.script.model import Prompt

    kinds = ("orient", "ground", "resource")
    steps = []
    for i in range(PHASES):
        prompts = (Prompt(0, f"Phase {i + 1}: rest here."),) if spoken or recorded else ()
        voice = f"/bench/recordings/phase-{i + 1}.m4a" if recorded else None
        steps.append(Step(kinds[i % 3], f"Phase {i + 1}", SECONDS, prompts=prompts, cue="bowl", voice=voice))
    return Plan("bench-voice-hour", tuple(steps))


def _session(plan, clips: dict, timed: bool):
    """Run ``plan`` from boundary to boundary on the real player; the start of every stream is noted."""
    import simpleaudio
    from simpleaudio._simpleaudio import SimpleaudioError

    from pendulate.audio.listener import CuePlayer, Guide, session_cues
    from pendulate.audio.simple import SimpleaudioPlayer
    from pendulate.engine.clock import FakeClock
    from pendulate.engine.runner import Runner
    from pendulate.engine.session import Session

    player = SimpleaudioPlayer(simpleaudio, SimpleaudioError, volume=60)
    started: list[tuple[float, int]] = []  # (perf_counter when play_buffer returned, rate)
    play_buffer = player._play_buffer

    def noted(buffer: bytes, channels: int, rate: int):
        obj = play_buffer(buffer, channels, rate)
        started.append((time.perf_counter(), rate))
        return obj

    player._play_buffer = noted  # type: ignore[method-assign]
    player._voice._start = noted
    player.prepare(session_cues(plan), 60)
    player.prepare_voice(clips, 60)
    clock = FakeClock(0.0)
    runner = Runner(Session(plan, clock=clock), [CuePlayer(player), Guide(player)])
    boundaries = []
    runner.start()
    while not runner.session.finished:
        due = runner.session.next_due()
        if due is None:
            break
        time.sleep(BOUNDARY_GAP)
        clock.set(due)
        mark = len(started)
        began = time.perf_counter()
        events = runner.tick()
        if timed and any(type(e).__name__ == "PhaseStarted" for e in events):
            boundaries.append((began, started[mark:]))
    player.close()
    return boundaries, player


def run_p7() -> dict:
    """Boundary → speech started, and → cue started, at each of 120 boundaries with a recording."""
    from pendulate.audio.clips import recorded
    from pendulate.audio.clipstore import ClipStore

    plan = hour_plan(spoken=False, recorded=True)
    clips = ClipStore()
    for i, step in enumerate(plan.steps):
        if step.voice:
            clips[recorded(step.voice)] = fake_clip(i)
    boundaries, player = _session(plan, clips, timed=True)
    voice_ms, cue_ms = [], []
    for began, streams in boundaries:
        for at, rate in streams:
            (voice_ms if rate == CLIP_RATE else cue_ms).append((at - began) * 1000)
    return {"voice_ms": voice_ms, "cue_ms": cue_ms, "boundaries": len(boundaries), "notice": player.notice}


def run_p7m(kind: str) -> dict:
    """Peak RSS of the hour with a spoken prompt (its own ~6 s clip) at every phase, or silent.

    ``kind``: "store" keeps the clips in a ClipStore, each stored as soon as it is made (as the
    voice bank is to); "memory" keeps them in a dict; "silent" has no prompts at all.
    """
    import gc

    from pendulate.audio.clips import said
    from pendulate.audio.clipstore import ClipStore

    plan = hour_plan(spoken=kind != "silent", recorded=False)
    clips: dict | ClipStore = ClipStore() if kind == "store" else {}
    if kind != "silent":
        for i, step in enumerate(plan.steps):
            clips[said(step.prompts[0].text)] = fake_clip(i)
    clip_bytes = clips.nbytes if isinstance(clips, ClipStore) else sum(len(c.data) for c in clips.values())
    _session(plan, clips, timed=False)
    gc.collect()
    return {"peak_kb": memory_kb()["VmHWM"], "end_kb": memory_kb()["VmRSS"], "clip_bytes": clip_bytes}


def run_p4f(count: int) -> dict:
    """Cues through the platform's player vs simpleaudio, alternating in one process."""
    import simpleaudio
    from simpleaudio._simpleaudio import SimpleaudioError

    from pendulate.audio.external import ExternalPlayer, find_command
    from pendulate.audio.simple import SimpleaudioPlayer

    command = find_command()
    if command is None:
        return {"command": None}
    external = ExternalPlayer(command, volume=60)
    simple = SimpleaudioPlayer(simpleaudio, SimpleaudioError, volume=60)
    cues = ["tick", "chime", "low", "bowl"]
    external.prepare(cues, 60)
    simple.prepare(cues, 60)
    play_ms, simple_ms, spawn_ms = [], [], []
    for i in range(count):
        cue = cues[i % len(cues)]
        time.sleep(0.1)
        began = time.perf_counter()
        external.play(cue)
        returned = time.perf_counter()
        play_ms.append((returned - began) * 1000)
        time.sleep(0.1)
        began = time.perf_counter()
        simple.play(cue)
        simple_ms.append((time.perf_counter() - began) * 1000)
        time.sleep(0.05)
        began = time.perf_counter()
        subprocess.Popen(["/bin/true"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL).wait()
        spawn_ms.append((time.perf_counter() - began) * 1000)
    external.close()
    simple.close()
    return {
        "command": command,
        "play_ms": play_ms,
        "simple_ms": simple_ms,
        "true_ms": spawn_ms,
        "notice": external.notice,
    }


# ----- orchestration -------------------------------------------------------------------------


def _child(home: Path, *args: str) -> dict:
    out = home / f"voice-{'-'.join(args)}.json"
    env = child_env(home)
    proc = subprocess.run([PYTHON, "-m", "bench.voice", "--child", *args, str(out)], env=env, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"bench.voice {' '.join(args)} failed")
    return json.loads(out.read_text())


def measure(home: Path, quick: bool = False) -> dict:
    """All three, each in its own process; P7m's two processes run side by side."""
    result = {"p4f": _child(home, "p4f", "30" if quick else "120"), "p7": _child(home, "p7")}
    env = child_env(home)
    outs = {kind: home / f"voice-p7m-{kind}.json" for kind in ("store", "memory", "silent")}
    procs = [
        subprocess.Popen([PYTHON, "-m", "bench.voice", "--child", "p7m", kind, str(out)], env=env, cwd=ROOT)
        for kind, out in outs.items()
    ]
    if any(proc.wait() != 0 for proc in procs):
        raise SystemExit("bench.voice p7m failed")
    result["p7m"] = {kind: json.loads(out.read_text()) for kind, out in outs.items()}
    return result


def rows(result: dict) -> list[Row]:
    out = []
    p4f = result["p4f"]
    if p4f.get("command") is None:
        out.append(
            Row("P4f", "cue latency through the platform's player", "no player found", "—", "—", "p99 ≤ 80 ms", None)
        )
    else:
        play, simple, true = (p4f[k] for k in ("play_ms", "simple_ms", "true_ms"))
        name = Path(p4f["command"]).name
        p99 = percentile(play, 99)
        ours = f"p50 {percentile(play, 50):.2f} ms, p99 {p99:.2f} ms, max {max(play):.2f} ms"
        base = (
            f"simpleaudio play(): p50 {percentile(simple, 50):.2f} ms, p99 {percentile(simple, 99):.2f} ms; "
            f"starting /bin/true and waiting for it: p50 {percentile(true, 50):.2f} ms"
        )
        out.append(
            Row(
                "P4f",
                f"cue latency through the platform's player ({name}, no simpleaudio): play() called → the player "
                f"process started (Popen returned, its exec done), ALSA null ({len(play)} cues)",
                ours,
                base,
                "—",
                "p99 ≤ 80 ms",
                p99 <= 80,
            )
        )
    p7 = result["p7"]
    voice, cue = p7["voice_ms"], p7["cue_ms"]
    p99 = percentile(voice, 99)
    out.append(
        Row(
            "P7",
            f"boundary → speech playback started (play_buffer returned), a recording at each of {p7['boundaries']} "
            "boundaries, Runner + CuePlayer + Guide on simpleaudio, ALSA null",
            f"p50 {percentile(voice, 50):.2f} ms, p99 {p99:.2f} ms, max {max(voice):.2f} ms (n={len(voice)})",
            f"the boundary's cue: p50 {percentile(cue, 50):.2f} ms, p99 {percentile(cue, 99):.2f} ms",
            "—",
            "p99 ≤ 20 ms",
            p99 <= 20 and len(voice) == p7["boundaries"],
        )
    )
    store, memory, silent = (result["p7m"][kind] for kind in ("store", "memory", "silent"))
    delta = (store["peak_kb"] - silent["peak_kb"]) / 1024
    held = (memory["peak_kb"] - silent["peak_kb"]) / 1024
    out.append(
        Row(
            "P7m",
            f"peak RSS (VmHWM) of a 60-min session ({PHASES} phases), a ~6 s spoken prompt of its own at every phase "
            f"({store['clip_bytes'] / 2**20:.1f} MiB of clips at 22050 Hz mono, kept in a ClipStore as they are made) "
            "vs the same session silent",
            f"{store['peak_kb'] / 1024:.1f} MiB",
            f"{silent['peak_kb'] / 1024:.1f} MiB",
            f"{delta:+.1f} MiB",
            "≤ +20 MiB",
            delta <= 20,
        )
    )
    out.append(
        Row(
            "P7m-mem",
            "the same, the clips held in memory (a dict of Pcm) instead of a ClipStore",
            f"{memory['peak_kb'] / 1024:.1f} MiB",
            f"{silent['peak_kb'] / 1024:.1f} MiB",
            f"{held:+.1f} MiB",
            "—",
            None,
        )
    )
    return out


METHOD = (
    "P4f/P7/P7m: `bench/voice.py`, each in its own process on the ALSA null device. P4f: the fallback player "
    "(`pendulate/audio/external.py`) plays the bundled cues through the platform's player; play() returns once "
    "`Popen` has started the player (Python's `Popen` waits until the child's exec succeeded), so the figure is the"
    " fork and exec of the player plus reaping the players that ended (the player then opens the file and the "
    "device itself, after play() has returned: not part of the figure). Alternating in the same minutes: "
    "simpleaudio's play() on the same cues, and starting `/bin/true` and waiting for it (a bare process start). P7:"
    " a 120-phase, 60-min plan whose every phase has a recording (a ~6 s clip, 1.2 s lead-in) is driven by the "
    "engine's `Runner` with a `CuePlayer` and a `Guide` on the real simpleaudio player; a fake clock is set to each"
    " boundary, 0.25 s of real time apart; timed from the `Runner.tick()` call to the voice's `play_buffer` "
    "returning. P7m: the same hour with one spoken prompt per phase, each its own ~6 s clip at 22050 Hz mono (noise"
    " at a speaking level after the lead-in, so nothing compresses), handed to the player before the session; VmHWM"
    " at the end vs the same hour with no prompts; a third process keeps the same clips in a plain dict instead of "
    "a `ClipStore` (P7m-mem); the three run side by side."
)


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--child":
        kind, out = argv[1], Path(argv[-1])
        if kind == "p4f":
            result = run_p4f(int(argv[2]))
        elif kind == "p7":
            result = run_p7()
        else:
            result = run_p7m(argv[2])
        out.write_text(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pendulate-bench-voice-") as tmp:
        home = Path(tmp)
        for row in rows(measure(home, args.quick)):
            print(row.line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
