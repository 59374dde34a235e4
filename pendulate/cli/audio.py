"""``pendulate sounds`` (list or test the cues) and ``pendulate render`` (a session as a WAV).

Handlers import what they use: every command builds every parser, so the audio package and
the catalogue imported at the top would be paid by every command.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from pendulate import paths
from pendulate.cli.args import volume
from pendulate.cli.ask import confirm
from pendulate.script.errors import ScriptError
from pendulate.script.model import CUE_NAMES
from pendulate.script.text import visible

if TYPE_CHECKING:
    from pendulate.plan.build import Plan
    from pendulate.script.model import Params, Script


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``sounds`` and ``render`` commands."""
    sounds = subparsers.add_parser("sounds", help="list the cue sounds, or play each once with --test")
    sounds.add_argument("--test", action="store_true", help="play every cue once, naming it")
    sounds.add_argument("--volume", type=volume, default=60, metavar="N", help="volume 0-100 for --test (default 60)")
    sounds.set_defaults(func=run_sounds)

    render = subparsers.add_parser("render", help="write a whole session as one WAV file to practise with anywhere")
    render.add_argument("script", metavar="SCRIPT", help="a built-in script id or a script file")
    render.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="the WAV file to write")
    render.add_argument("--voice", action="store_true", help="speak the prompts too (needs espeak-ng)")
    render.add_argument("--force", action="store_true", help="replace FILE if it exists, without asking")
    render.set_defaults(func=run_render)


def run_sounds(args: argparse.Namespace) -> int:
    """List the bundled cues (name, length, what it marks), or play each with ``--test``."""
    from pendulate.audio.cues import CUE_MEANINGS, CueLoadError, cue_path, load_cue

    lengths: dict[str, float] = {}
    for name in CUE_NAMES:
        try:
            lengths[name] = load_cue(name).seconds
        except CueLoadError as exc:
            print(f"{name}: {exc.why} ({cue_path(name)})", file=sys.stderr)
    if not args.test:
        for name in CUE_NAMES:
            length = f"{lengths[name]:.1f} s" if name in lengths else "unreadable"
            print(f"{name:<6} {length:>10}  {CUE_MEANINGS.get(name, '')}")
        print(_playing_through())
        return 0 if len(lengths) == len(CUE_NAMES) else 1
    return _test_sounds(lengths, args.volume, CUE_MEANINGS)


def _playing_through() -> str:
    """One line naming what plays the sounds (nothing is opened or played to find out)."""
    from pendulate.audio import make_player
    from pendulate.audio.factory import player_name

    player = make_player(mute=False, volume=0)
    try:
        if player_name(player) == "none" and player.notice:
            return player.notice
        return f"Sounds play through {player_name(player)}."
    finally:
        player.close()


def _test_sounds(lengths: dict[str, float], volume: int, meanings: dict[str, str]) -> int:
    from pendulate.audio import make_player
    from pendulate.audio.factory import player_name

    player = make_player(mute=False, volume=volume)
    player.prepare(lengths, volume)
    if player.available:
        print(f"Playing through {player_name(player)}.")
    if player.notice:
        print(player.notice)
    if not player.available:
        player.close()
        return 1
    try:
        for name, seconds in lengths.items():
            print(f"{name}: {meanings.get(name, '')}", flush=True)
            player.play(name)
            # Let each cue finish (and a breath after) so they can be told apart.
            time.sleep(seconds + 0.6)
    finally:
        player.close()
    return 0


def run_render(args: argparse.Namespace) -> int:
    """Render SCRIPT to one WAV file; exit 1 with one line when anything is wrong."""
    from pendulate.audio.render import render
    from pendulate.audio.voice import EspeakVoice, VoiceUnavailable
    from pendulate.catalogue.scripts import resolve

    if not _may_write(args.output, args.force):
        return 1
    try:
        script = resolve(args.script)
    except ScriptError as exc:
        print(f"pendulate render: {exc}", file=sys.stderr)
        return 1
    except (LookupError, OSError) as exc:
        print(f"pendulate render: {exc}", file=sys.stderr)
        return 1
    speak = None
    if args.voice:
        try:
            speak = EspeakVoice()
        except VoiceUnavailable as exc:
            print(f"pendulate render: {exc}", file=sys.stderr)
            return 1
    try:
        plan, params = session_plan(script)
    except ScriptError as exc:
        print(f"pendulate render: {exc}", file=sys.stderr)
        return 1
    try:
        result = render(plan, args.output, params=params, speak=speak)
    except VoiceUnavailable as exc:
        _remove_partial(args.output)
        print(f"pendulate render: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        _remove_partial(args.output)
        print(f"pendulate render: {args.output} could not be written: {paths.os_error_reason(exc)}.", file=sys.stderr)
        return 1
    minutes, seconds = divmod(round(result.seconds), 60)
    print(f"Wrote {args.output} ({minutes}:{seconds:02d}, {len(result.placed)} sounds).")
    return 0


def _may_write(output: Path, force: bool) -> bool:
    """Whether the WAV may be written to ``output``: asked first when that would replace a file."""
    kind, _ = paths.look(output)
    shown = visible(str(output))
    if kind == "folder":
        print(f"pendulate render: {shown} is a folder; name a .wav file to write.", file=sys.stderr)
        return False
    if kind != "file" or force:
        return True
    answer = confirm(f"{shown} already exists. Replace it?", assume_yes=False, answer_hint="Type yes to replace it")
    if answer is None:
        print(
            f"pendulate render: {shown} already exists and was left as it is; "
            "use --force to replace it, or name another file with -o.",
            file=sys.stderr,
        )
        return False
    if not answer:
        print(f"{shown} was left as it is.", file=sys.stderr)
    return answer


def _remove_partial(output: Path) -> None:
    """Remove a half-written WAV; a name that could never be created needs nothing removed."""
    if paths.look(output)[0] == "file":
        output.unlink(missing_ok=True)


def session_plan(script: Script) -> tuple[Plan, Params]:
    """The plan and parameters a live session of ``script`` would run with today.

    The same path as the app's: homework overrides and R4 progression from the log
    (``session_setup``), then ``prepare`` shapes the plan. Nothing is recorded.
    """
    from pendulate.cli.log import session_setup_from_log
    from pendulate.engine.clock import FakeClock
    from pendulate.practice import prepare
    from pendulate.script.library import stop_ground

    setup = session_setup_from_log(script)
    practice = prepare(script, clock=FakeClock(), stop_script=stop_ground(), **setup.options())
    return practice.plan, practice.params
