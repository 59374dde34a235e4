"""The real player: simpleaudio playing buffers decoded and volume-scaled before the session.

Every way sound can fail is caught here, at one boundary, turned into one calm notice and a
log line, and the session goes on with visual cues:

* no sound device when the session starts (the probe in ``prepare`` fails);
* a cue file missing or unreadable (that cue stays silent, the others play);
* the device going away mid-session (``play`` starts failing → silent from then on).

simpleaudio not being installed is handled by :func:`pendulate.audio.factory.make_player`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import ModuleType

from pendulate.audio.alsa import silence_alsa
from pendulate.audio.cues import (
    CueLoadError,
    Pcm,
    cue_path,
    load_cue,
    scale,
    volume_gain,
)
from pendulate.audio.player import NoticeBoard, clamp_volume
from pendulate.memory import pymem_from_the_c_library

log = logging.getLogger("pendulate.audio")

NO_DEVICE = "Sound is off for this session: no sound device was found. Visual cues continue."
DEVICE_LOST = "Sound stopped: the sound device is no longer available. Visual cues continue."
PROBE_RATE = 44100
PROBE_FRAMES = 441  # 10 ms of silence: enough to open the device, nothing to hear


def unreadable_notice(names: list[str]) -> str:
    """One sentence naming the cue files that can't be played (missing, unreadable, a rate the
    sound library refuses): the cue is at fault, never the device, and the other cues play."""
    listed = ", ".join(names)
    if len(names) == 1:
        return (
            f"The cue sound {listed} can't be played, so that cue stays silent; the others play. Visual cues continue."
        )
    return (
        f"Some cue sounds can't be played ({listed}), so those cues stay silent; the others play. Visual cues continue."
    )


class SimpleaudioPlayer(NoticeBoard):
    """Plays pre-decoded cues with ``simpleaudio.play_buffer``; never blocks, never raises."""

    def __init__(self, sa: ModuleType, error_type: type[BaseException], volume: int = 60, probe: bool = True):
        super().__init__()
        self._sa = sa
        self._error = error_type
        self._probe = probe
        self.volume = clamp_volume(volume)
        self.muted = False
        self.silent = False  # set for good once the device is unusable
        self._pcm: dict[str, Pcm] = {}
        self._buffers: dict[str, bytes] = {}
        self._unreadable: set[str] = set()
        self._last = None  # the most recent PlayObject
        self.voice_volume = self.volume
        self._clips: dict[str, Pcm] = {}  # spoken clips as prepared (unscaled)
        self._voice: dict[str, bytes] = {}  # the same, scaled to the voice volume
        self._speaking = None  # the PlayObject of the clip being spoken

    @property
    def available(self) -> bool:
        return not self.silent

    # -- preparing -------------------------------------------------------------------------

    def prepare(self, cues: Iterable[str], volume: int) -> None:
        """Decode every cue, scale it to ``volume``, and check the device can be opened."""
        silence_alsa()
        self.volume = clamp_volume(volume)
        failed = [name for name in dict.fromkeys(cues) if not self._load(name)]
        if failed:
            self.report(unreadable_notice([cue_path(name).name for name in failed]))
        self._rescale()
        if self._probe and not self.silent:
            self._check_device()

    def _load(self, cue: str) -> bool:
        if cue in self._pcm:
            return True
        if cue in self._unreadable:
            return False
        try:
            self._pcm[cue] = load_cue(cue)
        except CueLoadError as exc:
            log.warning("cue %s skipped: %s", cue, exc)
            self._unreadable.add(cue)
            return False
        return True

    def _rescale(self) -> None:
        # Only the scaled buffers are kept: the decoded originals would double the memory the
        # cues take for a whole session. A volume change reads the files again.
        gain = volume_gain(self.volume)
        buffers = {}
        for cue, pcm in list(self._pcm.items()):
            if not pcm.data:
                try:
                    pcm = load_cue(cue)
                except CueLoadError as exc:
                    log.warning("cue %s skipped: %s", cue, exc)
                    self._unreadable.add(cue)
                    del self._pcm[cue]
                    continue
            buffers[cue] = scale(pcm, gain)
            self._pcm[cue] = replace(pcm, data=b"")
        self._buffers = buffers

    def _check_device(self) -> None:
        try:
            self._play_buffer(bytes(2 * PROBE_FRAMES), 1, PROBE_RATE)
        except self._error as exc:
            log.warning("no sound device: %s", exc)
            self.silent = True
            self.report(NO_DEVICE)

    # -- playing ---------------------------------------------------------------------------

    def play(self, cue: str) -> None:
        """Start ``cue`` and return at once; a failure turns sound off with one notice."""
        if self.silent or self.muted or self.volume == 0 or cue in self._unreadable:
            return
        buffer = self._buffers.get(cue)
        if buffer is None:
            buffer = self._late_load(cue)
            if buffer is None:
                return
        pcm = self._pcm[cue]
        try:
            self._start(buffer, pcm)
        except self._error as exc:
            self._device_failed(exc)
        except ValueError as exc:
            # The library refuses this cue's own format (its rate, its channels) before it
            # touches the device: that cue stays silent, named; the device and the others go on.
            self._cue_refused(cue, exc)
        except Exception as exc:  # the boundary: nothing from a sound library may end a session
            log.exception("unexpected failure playing %s", cue)
            self._device_failed(exc)

    def _start(self, buffer: bytes, pcm: Pcm) -> None:
        try:
            self._last = self._play_buffer(buffer, pcm.channels, pcm.rate)
        except self._error:
            # A device without mixing refuses a second stream while our previous cue still
            # sounds; that is not a lost device. Let the new cue take over, once.
            if self._last is None or not self._last.is_playing():
                raise
            self._sa.stop_all()
            self._last = self._play_buffer(buffer, pcm.channels, pcm.rate)

    def _play_buffer(self, buffer: bytes, channels: int, rate: int):
        # simpleaudio's playback thread frees what this call allocates without holding the
        # interpreter lock; those blocks must come from an allocator any thread may use.
        with pymem_from_the_c_library():
            return self._sa.play_buffer(buffer, channels, 2, rate)

    def _late_load(self, cue: str) -> bytes | None:
        # A cue that was not prepared (a plan changed live): decode it now, once.
        if not self._load(cue):
            self.report(unreadable_notice([cue_path(cue).name]))
            return None
        log.info("cue %s was not prepared before the session; decoded on first use", cue)
        pcm = self._pcm[cue]
        self._buffers[cue] = scale(pcm, volume_gain(self.volume))
        self._pcm[cue] = replace(pcm, data=b"")
        return self._buffers[cue]

    def _cue_refused(self, cue: str, exc: BaseException) -> None:
        log.warning("cue %s refused by the sound library: %s", cue, exc)
        self._unreadable.add(cue)
        self._buffers.pop(cue, None)
        self.report(unreadable_notice([cue_path(cue).name]))

    def _device_failed(self, exc: BaseException) -> None:
        log.warning("sound device failed: %s", exc)
        self.silent = True
        self.report(DEVICE_LOST)

    # -- settings --------------------------------------------------------------------------

    def set_volume(self, volume: int) -> None:
        """Rescale the prepared cues (a few milliseconds for the bundled set)."""
        volume = clamp_volume(volume)
        if volume != self.volume:
            self.volume = volume
            self._rescale()

    def set_muted(self, muted: bool) -> None:
        self.muted = bool(muted)
        if self.muted:
            self._stop()

    def close(self) -> None:
        """Stop any cue still sounding."""
        self._stop()

    def _stop(self) -> None:
        if self.silent:
            return
        try:
            self._sa.stop_all()
        except self._error as exc:
            log.info("stopping cues failed: %s", exc)

    # -- speech ----------------------------------------------------------------------------

    def prepare_voice(self, clips: Mapping[str, Pcm], volume: int) -> None:
        """Keep the session's spoken clips, scaled to the voice volume."""
        self._clips = dict(clips)
        self.voice_volume = clamp_volume(volume)
        self._rescale_voice()

    def _rescale_voice(self) -> None:
        gain = volume_gain(self.voice_volume)
        self._voice = {key: scale(pcm, gain) for key, pcm in self._clips.items()}

    def speak(self, key: str) -> None:
        """Start clip ``key``, silencing the one still speaking; a failure turns sound off once."""
        buffer = self._voice.get(key)
        if self.silent or self.muted or self.voice_volume == 0 or buffer is None:
            return
        self.hush()
        pcm = self._clips[key]
        try:
            self._speaking = self._play_buffer(buffer, pcm.channels, pcm.rate)
        except self._error as exc:
            self._device_failed(exc)
        except Exception as exc:  # the boundary: nothing from a sound library may end a session
            log.exception("unexpected failure speaking %s", key)
            self._device_failed(exc)

    def hush(self) -> None:
        """Stop the clip being spoken; cues go on."""
        speaking, self._speaking = self._speaking, None
        if speaking is None or self.silent:
            return
        try:
            speaking.stop()
        except self._error as exc:
            log.info("stopping speech failed: %s", exc)

    def set_voice_volume(self, volume: int) -> None:
        volume = clamp_volume(volume)
        if volume != self.voice_volume:
            self.voice_volume = volume
            self._rescale_voice()

    def wait_done(self, timeout: float = 10.0) -> None:
        """Block until the most recent cue has finished, at most ``timeout`` s (tests, ``sounds --test``)."""
        deadline = time.monotonic() + timeout
        while self._last is not None and not self.silent and time.monotonic() < deadline:
            if not self._last.is_playing():
                return
            time.sleep(0.01)

    def buffer(self, cue: str) -> bytes | None:
        """The prepared, volume-scaled bytes of ``cue`` (what ``play`` hands to the device)."""
        return self._buffers.get(cue)
