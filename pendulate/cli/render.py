"""``pendulate render``: a whole session as one sound file (WAV, MP3, OGG or FLAC).

Handlers import what they use: every command builds every parser, so the audio package and
the catalogue imported at the top would be paid by every command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pendulate import paths
from pendulate.cli.ask import confirm
from pendulate.script.errors import ScriptError
from pendulate.script.text import visible

if TYPE_CHECKING:
    from pendulate.audio.speech import Speaker
    from pendulate.plan.build import Plan
    from pendulate.script.model import Params, Script

NOT_INSTALLED = "not installed (e.g. apt install espeak-ng)"
SUFFIXES = ".wav, .mp3, .ogg or .flac"


def add_render_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``pendulate render``."""
    render = subparsers.add_parser(
        "render", help="write a whole session as one sound file (WAV, MP3, OGG or FLAC) to practise with anywhere"
    )
    render.add_argument("script", metavar="SCRIPT", help="a built-in script id or a script file")
    render.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="FILE",
        help="the file to write; its suffix chooses the format: .wav, .mp3, .ogg or .flac (all but WAV need ffmpeg)",
    )
    render.add_argument(
        "--voice",
        action="store_true",
        help="speak the guidance too: the script's recordings, and every other prompt by espeak-ng (or Piper)",
    )
    add_voice_model_option(render)
    render.add_argument("--force", action="store_true", help="replace FILE if it exists, without asking")
    render.set_defaults(func=run_render)


def add_voice_model_option(parser: argparse.ArgumentParser) -> None:
    """``--voice-model PATH``: a Piper voice the person has (never downloaded)."""
    parser.add_argument(
        "--voice-model",
        type=Path,
        metavar="PATH",
        default=None,
        help="a Piper voice model (.onnx, with its .onnx.json beside it) to speak with instead of espeak-ng",
    )


def voice_model(args: argparse.Namespace) -> Path | None:
    """The Piper voice to speak with: ``--voice-model``, else ``voice_model`` in the settings."""
    if args.voice_model is not None:
        return Path(args.voice_model)
    from pendulate.settings import load  # start-up: only the commands that speak read the settings

    chosen = load().voice_model
    return Path(chosen).expanduser() if chosen else None


def run_render(args: argparse.Namespace) -> int:
    """Render SCRIPT to one file; exit 1 with one line when anything is wrong."""
    from pendulate.audio.encode import EncodeError, format_problem, write_output
    from pendulate.audio.render import RenderResult, render
    from pendulate.catalogue.scripts import resolve

    output: Path = args.output
    if not _may_write(output, args.force):
        return 1
    problem = format_problem(output) if paths.look(output)[0] != "folder" else None
    if problem is not None:
        print(f"pendulate render: {visible(problem)}", file=sys.stderr)
        return 1
    try:
        script = resolve(args.script)
        plan, params = session_plan(script)
    except ScriptError as exc:
        print(f"pendulate render: {exc}", file=sys.stderr)
        return 1
    except (LookupError, OSError) as exc:
        print(f"pendulate render: {exc}", file=sys.stderr)
        return 1
    engine = None
    if args.voice:
        usable, engine = _voice_engine(plan, voice_model(args))
        if not usable:
            return 1

    def write(path: Path) -> RenderResult:
        return render(plan, path, params=params, voice=args.voice, speaker=engine)

    try:
        result = write_output(output, write)
    except EncodeError as exc:
        print(f"pendulate render: {visible(str(exc))}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"pendulate render: {output} could not be written: {paths.os_error_reason(exc)}.", file=sys.stderr)
        return 1
    minutes, seconds = divmod(round(result.seconds), 60)
    layout = ", stereo: bilateral taps" if result.channels == 2 else ""
    print(f"Wrote {output} ({minutes}:{seconds:02d}, {len(result.placed)} sounds{layout}).")
    for notice in result.notices:
        print(visible(notice), file=sys.stderr)
    return 0


def _voice_engine(plan: Plan, model: Path | None) -> tuple[bool, Speaker | None]:
    """Whether ``--voice`` can speak (said on stderr when not), and the engine (None: recordings alone)."""
    from pendulate.audio.speech import find_engine
    from pendulate.audio.voices import spoken_items

    notices: list[str] = []
    engine = find_engine(model, on_notice=notices.append)
    for notice in notices:
        print(f"pendulate render: {visible(notice)}", file=sys.stderr)
    if engine is not None:
        return True, engine
    items = spoken_items(plan)
    if not any(item.path for item in items):
        print(
            "pendulate render: --voice needs espeak-ng, which is not installed (e.g. apt install espeak-ng)",
            file=sys.stderr,
        )
        return False, None
    if any(item.path is None for item in items):
        print("espeak-ng is not installed: the recordings are spoken and the other prompts left out.", file=sys.stderr)
    return True, None


def _may_write(output: Path, force: bool) -> bool:
    """Whether the file may be written to ``output``: asked first when that would replace a file."""
    kind, _ = paths.look(output)
    shown = visible(str(output))
    if kind == "folder":
        print(
            f"pendulate render: {shown} is a folder; name a .wav, .mp3, .ogg or .flac file to write.", file=sys.stderr
        )
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
