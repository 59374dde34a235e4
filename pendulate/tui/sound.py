"""A session's sound, apart from the app's navigation: the listeners that play and speak, and
turning sound on part-way through a session that started silent."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pendulate.audio.cues import Pcm
    from pendulate.audio.player import Player
    from pendulate.practice import Practice
    from pendulate.settings import Settings


def listeners(player: Player) -> list[Any]:
    """The runner's sound listeners: the cues first, so a phase's cue sounds before its voice,
    then the guide (spoken prompts and bilateral taps)."""
    from pendulate.audio.listener import CuePlayer, Guide  # start-up: loaded with a practice

    return [CuePlayer(player), Guide(player)]


def sounding_player(
    practice: Practice, settings: Settings, clips: Mapping[str, Pcm], on_notice: Callable[[str], None]
) -> Player:
    """A player that sounds, prepared with ``practice``'s cues and spoken ``clips``, that the
    runner's listeners now play through (for a session that started silent)."""
    from pendulate.audio import make_player  # start-up: opens the sound device only if asked
    from pendulate.audio.listener import play_through
    from pendulate.practice import cues_for

    sounding = make_player(mute=False, volume=settings.volume)
    sounding.on_notice = on_notice
    sounding.prepare(cues_for(practice.plan, practice.stop_plan), settings.volume)
    sounding.prepare_voice(clips, settings.voice_volume)
    play_through(practice.runner.listeners, sounding)
    return sounding
