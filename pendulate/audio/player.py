"""The ``Player`` interface and the two players that never touch a sound device."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Protocol

from pendulate.engine.clock import Clock

if TYPE_CHECKING:
    from pendulate.audio.cues import Pcm

log = logging.getLogger("pendulate.audio")

NoticeHook = Callable[[str], None]


class Player(Protocol):
    """Plays cues by name or path. Implementations never block the caller and never raise.

    ``notice`` holds one calm sentence once sound has become (partly) unavailable, and
    ``on_notice`` (if set) is called with that sentence at the moment it happens, on the
    thread that called ``prepare`` or ``play``.
    """

    notice: str | None
    on_notice: NoticeHook | None

    @property
    def available(self) -> bool:
        """Whether cues can still sound (False for the null player and after a device failure)."""

    def prepare(self, cues: Iterable[str], volume: int) -> None:
        """Decode every cue of the session and apply ``volume`` (0-100) before it starts."""

    def play(self, cue: str) -> None:
        """Start ``cue`` and return at once."""

    def set_volume(self, volume: int) -> None:
        """Change the volume (0-100) for the cues played from now on."""

    def set_muted(self, muted: bool) -> None:
        """Silence (or un-silence) every cue without forgetting the volume."""

    def close(self) -> None:
        """Stop anything still sounding and release the device."""

    # -- speech: clips decoded or synthesized before the session, keyed by pendulate.audio.clips

    def prepare_voice(self, clips: Mapping[str, Pcm], volume: int) -> None:
        """Take the session's spoken clips and scale them to the voice's own ``volume`` (0-100)."""

    def speak(self, key: str) -> None:
        """Start clip ``key`` at once, silencing any clip still speaking (one that ends within the
        new clip's lead-in of silence is let end by itself); unknown keys are ignored."""

    def hush(self, let_finish: float = 0.0) -> None:
        """Stop what is being spoken, at once; cues still sounding go on. A clip with at most
        ``let_finish`` seconds left (a short reply to a key, like "noted") ends by itself."""

    def set_voice_volume(self, volume: int) -> None:
        """Change the voice's volume (0-100) for the clips spoken from now on."""

    def tap(self, side: str) -> None:
        """One soft bilateral tap on ``side`` ("left" or "right"), at the cue volume; may come
        from another thread (the tap pacer's)."""


def clamp_volume(volume: int) -> int:
    """Volume kept inside 0-100 so a bad setting can never make a cue louder than designed."""
    return max(0, min(100, int(volume)))


class NoticeBoard:
    """Shared notice handling: each distinct notice is reported exactly once."""

    def __init__(self) -> None:
        self.notice: str | None = None
        self.on_notice: NoticeHook | None = None
        self._said: set[str] = set()

    def report(self, sentence: str) -> None:
        """Record ``sentence`` as the current notice and tell the UI, once per sentence."""
        if sentence in self._said:
            return
        self._said.add(sentence)
        self.notice = sentence
        log.warning("%s", sentence)
        hook = self.on_notice
        if hook is not None:
            hook(sentence)


class NullPlayer(NoticeBoard):
    """Plays nothing: for --mute, the visual-only mode, and when sound is unavailable."""

    name = "none"

    def __init__(self, notice: str | None = None) -> None:
        super().__init__()
        # A notice given at construction (why sound is off) is delivered when the UI
        # has had the chance to set ``on_notice``: on prepare.
        self._pending = notice
        self.notice = notice
        self.volume = 0
        self.muted = True

    @property
    def available(self) -> bool:
        return False

    def prepare(self, cues: Iterable[str], volume: int) -> None:
        self.volume = clamp_volume(volume)
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.notice = None
            self.report(pending)

    def play(self, cue: str) -> None:
        return None

    def set_volume(self, volume: int) -> None:
        self.volume = clamp_volume(volume)

    def set_muted(self, muted: bool) -> None:
        return None

    def close(self) -> None:
        return None

    def prepare_voice(self, clips: Mapping[str, Pcm], volume: int) -> None:
        return None

    def speak(self, key: str) -> None:
        return None

    def hush(self, let_finish: float = 0.0) -> None:
        return None

    def set_voice_volume(self, volume: int) -> None:
        return None

    def tap(self, side: str) -> None:
        return None


class RecordingPlayer(NoticeBoard):
    """Records ``(clock.now(), cue)`` for every cue that would sound; for tests."""

    name = "recording"

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock
        self.played: list[tuple[float, str]] = []
        self.prepared: tuple[str, ...] = ()
        self.volume = 0
        self.muted = False
        self.closed = False
        self.voice_volume = 0
        self.clips: dict[str, float] = {}  # key -> seconds, as prepared
        self.spoken: list[tuple[float, str]] = []  # (clock.now(), key) of every clip started
        self.hushed: list[float] = []  # clock.now() of every hush
        self.let_finish: list[float] = []  # and what each let end by itself
        self.tapped: list[tuple[float, str]] = []  # (clock.now(), side) of every tap

    @property
    def available(self) -> bool:
        return not self.closed

    def prepare(self, cues: Iterable[str], volume: int) -> None:
        self.prepared = tuple(dict.fromkeys(cues))
        self.volume = clamp_volume(volume)

    def play(self, cue: str) -> None:
        if self.muted or self.closed:
            return
        self.played.append((self.clock.now(), cue))

    def set_volume(self, volume: int) -> None:
        self.volume = clamp_volume(volume)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def close(self) -> None:
        self.closed = True

    def prepare_voice(self, clips: Mapping[str, Pcm], volume: int) -> None:
        seconds = getattr(clips, "seconds", None)  # a ClipStore says without reading the clip
        self.clips = {key: seconds(key) if seconds else clips[key].seconds for key in clips}
        self.voice_volume = clamp_volume(volume)

    def speak(self, key: str) -> None:
        if self.muted or self.closed or key not in self.clips:
            return
        self.spoken.append((self.clock.now(), key))

    def hush(self, let_finish: float = 0.0) -> None:
        self.hushed.append(self.clock.now())
        self.let_finish.append(let_finish)

    def set_voice_volume(self, volume: int) -> None:
        self.voice_volume = clamp_volume(volume)

    def tap(self, side: str) -> None:
        if self.muted or self.closed:
            return
        self.tapped.append((self.clock.now(), side))

    @property
    def said(self) -> list[str]:
        """The keys of the clips started, in order."""
        return [key for _, key in self.spoken]

    @property
    def cues(self) -> list[str]:
        """The cue names in the order they were played."""
        return [cue for _, cue in self.played]
