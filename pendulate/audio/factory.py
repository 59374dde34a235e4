"""Choosing the player for a session: simpleaudio, else the platform's own player, else silence."""

from __future__ import annotations

import logging

from pendulate.audio.alsa import silence_alsa
from pendulate.audio.player import NullPlayer, Player

log = logging.getLogger("pendulate.audio")

NO_PLAYER = (
    "Sound is off for this session: neither the sound library (simpleaudio) nor a sound player "
    "(pw-play, paplay, aplay or afplay) was found. To hear cues, install simpleaudio "
    "(pip install simpleaudio) or your system's player (alsa-utils has aplay). Visual cues continue."
)
NO_LIBRARY = NO_PLAYER  # the older name


def make_player(*, mute: bool, volume: int) -> Player:
    """The simpleaudio player; without simpleaudio, the platform's player as a separate process;
    a silent one when muted or when neither exists.

    Quiets libasound first, so its messages can never reach the terminal.
    """
    if mute:
        return NullPlayer()
    silence_alsa()
    try:
        # Loaded only when sound is on: it opens the sound library's C extension.
        import simpleaudio
        from simpleaudio._simpleaudio import SimpleaudioError
    except ImportError as exc:
        log.info("simpleaudio unavailable: %s", exc)
        return _external(volume)
    # Start-up: the real player (and the wave decoder it uses) loads only when sound is on.
    from pendulate.audio.simple import SimpleaudioPlayer

    return SimpleaudioPlayer(simpleaudio, SimpleaudioError, volume=volume)


def _external(volume: int) -> Player:
    from pendulate.audio.external import ExternalPlayer, find_command

    command = find_command()
    if command is None:
        return NullPlayer(notice=NO_PLAYER)
    log.info("playing through %s", command)
    return ExternalPlayer(command, volume=volume)


def player_name(player: object) -> str:
    """What plays a session's sounds, for ``pendulate sounds``: "simpleaudio", "aplay (the
    platform's player)", or "none"."""
    return str(getattr(player, "name", type(player).__name__))
