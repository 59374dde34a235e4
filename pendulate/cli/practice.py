"""``pendulate`` (the library) and ``pendulate run SCRIPT``: the full-screen practice app.

Handlers import what they use: every command builds every parser, and ``pendulate`` with no
command loads this module before the library's first frame, so even the script model waits
until a handler needs it.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from types import FrameType, SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from pendulate.script.model import Script
    from pendulate.tui.app import PendulateApp


def add_practice_options(parser: argparse.ArgumentParser, *, inherited: bool = False) -> None:
    """Options for the practice app; ``inherited`` keeps a sub-command from resetting them."""
    import argparse  # start-up: loaded by whoever built ``parser`` already

    from pendulate.cli.args import volume

    extra: dict[str, Any] = {"default": argparse.SUPPRESS} if inherited else {}
    parser.add_argument(
        "--plain",
        action="store_true",
        help="accessible mode: no animation or box drawing, one line of text per change",
        **extra,
    )
    parser.add_argument("--mute", action="store_true", help="visual cues only, no sound", **extra)
    parser.add_argument(
        "--volume", type=volume, metavar="N", help="cue volume 0-100 (default from settings, 60)", **extra
    )
    parser.add_argument("--reduced-motion", action="store_true", help="no swaying or animation", **extra)
    parser.add_argument(
        "--eyes-closed",
        action="store_true",
        help="check-in questions spoken, each answer confirmed by voice or a soft tone",
        **extra,
    )
    parser.add_argument(
        "--voice-model",
        metavar="PATH",
        help="a Piper voice model file to speak with (default from settings; else espeak-ng)",
        **extra,
    )
    parser.add_argument("--no-speech", action="store_true", help="this time, prompts as text only", **extra)


def _speed(text: str) -> float:
    import argparse  # start-up: only when a command line is parsed

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("speed is a number such as 2 or 10") from None
    if not 0.1 <= value <= 1000:
        raise argparse.ArgumentTypeError("speed is between 0.1 and 1000")
    return value


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = subparsers.add_parser(
        "run",
        help="practise a script now",
        description="Practise a script (a built-in or user id, or a path to a .yaml file).",
    )
    run.add_argument("script", metavar="SCRIPT", help="script id or path")
    run.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        metavar="F",
        help="run time F times faster, for rehearsing a script (shown on screen)",
    )
    add_practice_options(run, inherited=True)
    run.set_defaults(func=run_script)


def _launch(
    args: argparse.Namespace | SimpleNamespace,
    start_script: Script | None = None,
    speed: float = 1.0,
    early_library: bool = False,
) -> int:
    from pendulate.logsetup import log_to_file, watch_for_faults
    from pendulate.tui.factory import build_app

    log_to_file()
    watch_for_faults()
    app = build_app(
        start_script=start_script,
        speed=speed,
        plain=getattr(args, "plain", False),
        reduced_motion=True if getattr(args, "reduced_motion", False) else None,
        mute=True if getattr(args, "mute", False) else None,
        volume=getattr(args, "volume", None),
        eyes_closed=True if getattr(args, "eyes_closed", False) else None,
        speech=False if getattr(args, "no_speech", False) else None,
        voice_model=getattr(args, "voice_model", None),
        early_library=early_library,
    )
    _end_on_signals(app)
    app.run()
    if app.player is not None:
        app.player.close()
    recorder = app.practice.recorder if app.practice is not None else None
    if recorder is not None:
        # Rows still waiting for a log another program holds are kept beside it, now.
        recorder.keep_what_waits()
    return app.return_code or 0


def _end_on_signals(app: PendulateApp) -> None:
    """Let SIGTERM and SIGHUP end the app the way ``q`` does, instead of killing it mid-frame.

    Textual handles neither: by default the process dies at once, the terminal is left in the
    alternate screen with the mouse captured, and the session reads "interrupted" although the
    person (or their system shutting down, or a closed terminal window) ended it on purpose.
    Here a running session is stopped with reason "signal" (the log keeps it as stopped, every
    check-in already committed) and the app exits, restoring the terminal.
    """

    def on_signal(signum: int, frame: FrameType | None) -> None:
        try:
            import asyncio  # already loaded by Textual while the app runs

            loop = asyncio.get_running_loop()
        except RuntimeError:
            # Before the app's loop starts or after it ends there is nothing to save: die as
            # the default action would.
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        # A signal handler runs between two bytecodes of whatever the loop was doing: do the
        # work as the loop's next callback instead.
        loop.call_soon_threadsafe(_end_after_signal, app, signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)


SIGNAL_GRACE = 3.0  # seconds for a clean exit before the process ends itself


def _end_after_signal(app: PendulateApp, signum: int) -> None:
    practice = app.practice
    if practice is not None and not practice.session.finished:
        practice.runner.stop("signal")  # committed before anything else happens
    # A closed terminal (SIGHUP) can leave nothing to restore and nothing to read; should the
    # clean exit stall on that, the process still ends: everything is already on disk.
    watchdog = threading.Timer(SIGNAL_GRACE, os._exit, args=(128 + signum,))
    watchdog.daemon = True
    watchdog.start()
    app.exit(return_code=128 + signum)


def open_library(args: argparse.Namespace | SimpleNamespace) -> int:
    return _launch(args, early_library=True)


def run_script(args: argparse.Namespace) -> int:
    from pendulate.catalogue.scripts import resolve
    from pendulate.script import ScriptError

    try:
        script = resolve(args.script)
    except ScriptError as error:
        print(error, file=sys.stderr)
        return 1
    return _launch(args, start_script=script, speed=args.speed)
