"""``pendulate voice SCRIPT``: what will speak each phase of a script, and for how long.

For every phase: its recording (by file name), the speech engine that reads its prompts
(espeak-ng or Piper), or text only; the length of what is spoken; a warning when a recording
is longer than its phase; a located error (``file:line:col``) for a recording that can't be
read, with exit status 1. The clips are made exactly as a session would make them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pendulate.script.errors import ScriptProblem
from pendulate.script.text import visible

if TYPE_CHECKING:
    from pendulate.audio.voices import Clips
    from pendulate.plan.build import Step
    from pendulate.script.model import Script
    from pendulate.script.yamlnodes import Pos, YNode

EXIT_OK, EXIT_INVALID = 0, 1


def cmd_voice(args: argparse.Namespace) -> int:
    from pendulate.audio.speech import NO_ENGINE, find_engine
    from pendulate.audio.voices import UNREADABLE, prepare_clips
    from pendulate.catalogue.scripts import resolve
    from pendulate.cli.render import voice_model
    from pendulate.plan.build import build_plan
    from pendulate.script.errors import ScriptError

    try:
        script = resolve(args.script)
    except ScriptError as exc:  # located, like 'validate' says it
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    plan = build_plan(script, bookend_checkins=False)
    notices: list[str] = []
    engine = find_engine(voice_model(args), on_notice=notices.append)
    clips = prepare_clips(plan, engine=engine)
    print(f"{script.id}: {visible(script.title)}")
    for notice in notices:
        print(visible(notice))
    print(f"speech engine: {engine.name}" if engine is not None else NO_ENGINE)
    print()
    rows = [("", "PHASE", "SPOKEN BY", "LENGTH")]
    problems: list[ScriptProblem] = []
    places = _voice_places(script)
    for number, step in enumerate(plan.phases(), start=1):
        source, seconds = _spoken(step, clips)
        length = f"{seconds:.1f} s" if seconds else "-"
        rows.append((str(number), visible(f"{step.kind} {step.title}".strip()), source, length))
        if step.voice is None:
            continue
        where = places.get(_same(step.voice), (str(script.source or step.voice), 1, 1))
        if step.voice in clips.unreadable:
            problems.append(
                ScriptProblem(
                    *where,
                    f"the recording {Path(step.voice).name} can't be read: {clips.unreadable[step.voice]}",
                    "record it again or convert it (WAV, MP3, M4A, OGG or FLAC), then run 'pendulate voice' again",
                )
            )
        elif step.duration is not None and seconds > step.duration:
            problems.append(
                ScriptProblem(
                    *where,
                    f"the recording {Path(step.voice).name} lasts {seconds:.1f} s, longer than its phase "
                    f"({step.duration:g} s); it stops when the phase ends",
                    "shorten the recording, or lengthen the phase",
                    severity="warning",
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print("  ".join([row[0].rjust(widths[0]), row[1].ljust(widths[1]), row[2].ljust(widths[2]), row[3]]).rstrip())
    for notice in clips.notices:
        if not notice.startswith(UNREADABLE):
            print(visible(notice))
    problems = list(dict.fromkeys(problems))  # a phase repeated in a cycle is one place in the file
    if problems:
        print()
    for problem in problems:
        print(problem, file=sys.stderr if problem.severity == "error" else sys.stdout)
    return EXIT_INVALID if any(p.severity == "error" for p in problems) else EXIT_OK


def _spoken(step: Step, clips: Clips) -> tuple[str, float]:
    """What speaks ``step`` and for how many seconds (lead-in left out)."""
    from pendulate.audio import clips as keys
    from pendulate.audio.voices import RECORDING, SPEECH_LEAD, TEXT_ONLY

    if step.voice is not None:
        key = keys.recorded(step.voice)
        source = clips.source(key)
        pcm = clips.clips.get(key)
        seconds = pcm.seconds - SPEECH_LEAD if pcm is not None else 0.0
        if source == RECORDING:
            return Path(step.voice).name, seconds
        return (f"{source} (recording unreadable)" if source != TEXT_ONLY else TEXT_ONLY), seconds
    said = [keys.said(prompt.text) for prompt in step.prompts]
    if not said:
        return "(no prompts)", 0.0
    sources = sorted({clips.source(key) for key in said})
    seconds = sum(clips.clips[key].seconds - SPEECH_LEAD for key in said if key in clips.clips)
    count = f", {len(said)} prompts" if len(said) > 1 else ""
    return " + ".join(sources) + count, seconds


def _same(path: str | Path) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return str(path)


def _voice_places(script: Script) -> dict[str, tuple[str, int, int]]:
    """Where each ``voice:`` of the script's file is written: resolved path → (file, line, col)."""
    from pendulate.script.errors import ScriptError
    from pendulate.script.yamlread import parse_mapping, read_bytes

    source = script.source
    if source is None:
        return {}
    try:
        root, _ = parse_mapping(read_bytes(source), str(source), "script", "", trusted=False)
    except (ScriptError, OSError):
        return {}
    if root is None:
        return {}
    return {_same(source.parent / value): (str(source), pos.line, pos.col) for value, pos in _voice_values(root)}


def _voice_values(node: YNode) -> Iterator[tuple[str, Pos]]:
    from pendulate.script.yamlnodes import YMap, YScalar, YSeq

    if isinstance(node, YMap):
        for entry in node:
            value = entry.value
            if entry.key == "voice" and isinstance(value, YScalar) and isinstance(value.value, str):
                yield value.value, value.pos
            else:
                yield from _voice_values(value)
    elif isinstance(node, YSeq):
        for item in node.items:
            yield from _voice_values(item)
