"""Choosing the player for a session."""

from __future__ import annotations

import logging

from pendulate.audio.player import NullPlayer, Player

log = logging.getLogger("pendulate.audio")

NO_LIBRARY = (
    "Sound is off for this session: the sound library (simpleaudio) is not installed. Visual cues continue."
)


def make_player(*, mute: bool, volume: int) -> Player:
    """The simpleaudio player, or a silent one when muted or when simpleaudio is missing.

    Quiets libasound first, so its messages can never reach the terminal.
    """
    if mute:
        return NullPlayer()
    from pendulate.audio.alsa import silence_alsa

    silence_alsa()
    try:
        import simpleaudio
        from simpleaudio._simpleaudio import SimpleaudioError
    except ImportError as exc:
        log.info("simpleaudio unavailable: %s", exc)
        return NullPlayer(notice=NO_LIBRARY)
    from pendulate.audio.simple import SimpleaudioPlayer

    return SimpleaudioPlayer(simpleaudio, SimpleaudioError, volume=volume)
