"""``pendulate sounds`` (list or test the cues); ``pendulate render`` is registered beside it.

Handlers import what they use: every command builds every parser, so the audio package and
the catalogue imported at the top would be paid by every command.
"""

from __future__ import annotations

import argparse
import sys
import time

from pendulate.cli.args import volume
from pendulate.cli.render import add_render_command
from pendulate.script.model import CUE_NAMES


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``sounds`` and ``render`` commands."""
    sounds = subparsers.add_parser("sounds", help="list the cue sounds, or play each once with --test")
    sounds.add_argument("--test", action="store_true", help="play every cue once, naming it")
    sounds.add_argument("--volume", type=volume, default=60, metavar="N", help="volume 0-100 for --test (default 60)")
    sounds.set_defaults(func=run_sounds)

    add_render_command(subparsers)  # pendulate.cli.render


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
