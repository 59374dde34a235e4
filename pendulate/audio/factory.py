"""Choosing the player for a session."""

from __future__ import annotations

import logging

from pendulate.audio.alsa import silence_alsa
from pendulate.audio.player import NullPlayer, Player

log = logging.getLogger("pendulate.audio")

NO_LIBRARY = "Sound is off for this session: the sound library (simpleaudio) is not installed. Visual cues continue."


def make_player(*, mute: bool, volume: int) -> Player:
    """The simpleaudio player, or a silent one when muted or when simpleaudio is missing.

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
        return NullPlayer(notice=NO_LIBRARY)
    # Start-up: the real player (and the wave decoder it uses) loads only when sound is on.
    from pendulate.audio.simple import SimpleaudioPlayer

    return SimpleaudioPlayer(simpleaudio, SimpleaudioError, volume=volume)
