"""The real player: simpleaudio playing buffers decoded and volume-scaled before the session.

Every way sound can fail is caught here, at one boundary, turned into one calm notice and a
log line, and the session goes on with visual cues:

* no sound device when the session starts (the probe in ``prepare`` fails);
* a cue file missing or unreadable (that cue stays silent, the others play);
* the device going away mid-session (``play`` starts failing → silent from then on).

Speech plays on a stream of its own (:mod:`pendulate.audio.spoken`), and so do the bilateral
taps: hushing the voice leaves cues and taps sounding; muting and closing stop everything. The
player is called from the app's thread, the tap pacer's and a waiting clip's, so one lock is
held around every start and stop.

simpleaudio not being installed is handled by :func:`pendulate.audio.factory.make_player`.
"""

from __future__ import annotations

import logging
import threading
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
from pendulate.audio.spoken import Voice
from pendulate.audio.taps import TAP_RATE, tap_sounds
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

    name = "simpleaudio"

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
        self._last = None  # the most recent cue's PlayObject
        self._tapping = None  # the most recent tap's
        self._taps: dict[str, bytes] = {}  # the two taps at the cue volume, made at prepare
        self._lock = threading.RLock()
        self._voice = Voice(self._play_buffer, self._busy, error_type, self._device_failed, self._lock)
        self._voice.volume = self.volume

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
        self._scale_taps()
        if self._probe and not self.silent:
            self._check_device()

    def _scale_taps(self) -> None:
        # Synthesized once per process (~10 ms, here before the session, never at a tap).
        gain = volume_gain(self.volume)
        self._taps = {side: scale(pcm, gain) for side, pcm in tap_sounds().items()}

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
        with self._lock:
            self._play(cue)

    def _play(self, cue: str) -> None:
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
            # A device without mixing refuses a second stream while our previous cue (or the
            # voice, or a tap) still sounds; that is not a lost device. Let the new cue take
            # over, once: a cue marks a moment, so it does not wait (speech does).
            if not self._busy():
                raise
            self._sa.stop_all()
            self._voice.forget()
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
        self._voice.forget()
        self.report(DEVICE_LOST)

    # -- settings --------------------------------------------------------------------------

    def set_volume(self, volume: int) -> None:
        """Rescale the prepared cues (a few milliseconds for the bundled set)."""
        volume = clamp_volume(volume)
        if volume != self.volume:
            with self._lock:
                self.volume = volume
                self._scale_taps()
                self._rescale()

    def set_muted(self, muted: bool) -> None:
        """Muting silences everything at once: cues, taps and the voice."""
        with self._lock:
            self.muted = bool(muted)
            if self.muted:
                self._stop()

    def close(self) -> None:
        """Stop everything still sounding: cues, taps and the voice."""
        with self._lock:
            self._stop()

    def _stop(self) -> None:
        self._voice.forget()
        if self.silent:
            return
        try:
            self._sa.stop_all()
        except self._error as exc:
            log.info("stopping cues failed: %s", exc)

    # -- speech and taps --------------------------------------------------------------------

    def prepare_voice(self, clips: Mapping[str, Pcm], volume: int) -> None:
        """Keep the session's spoken clips (as given: no copy); each is scaled as it is spoken."""
        self._voice.prepare(clips, volume)

    def speak(self, key: str) -> None:
        """Start clip ``key``, silencing the one still speaking; a failure turns sound off once."""
        with self._lock:
            if self.silent or self.muted:
                return
            self._voice.speak(key)

    def hush(self, let_finish: float = 0.0) -> None:
        """Stop the clip being spoken (unless it ends within ``let_finish`` s); cues and taps go on."""
        with self._lock:
            if self.silent:
                self._voice.forget()
                return
            self._voice.hush(let_finish)

    def set_voice_volume(self, volume: int) -> None:
        self._voice.set_volume(volume)

    @property
    def voice_volume(self) -> int:
        return self._voice.volume

    @property
    def speaking(self) -> bool:
        """Whether a spoken clip is sounding now."""
        return self._voice.speaking

    def voice_buffer(self, key: str) -> bytes | None:
        """The bytes ``speak`` hands to the device for ``key`` (at the voice volume)."""
        return self._voice.buffer(key)

    def tap(self, side: str) -> None:
        """One bilateral tap on ``side`` ("left" or "right"), at the cue volume.

        Taps are short and many: one the device refuses while another of our sounds plays (a
        device that cannot mix) is left out quietly; the next comes a moment later.
        """
        with self._lock:
            if self.silent or self.muted or self.volume == 0:
                return
            buffer = self._taps.get(side)
            if buffer is None:
                return
            try:
                self._tapping = self._play_buffer(buffer, 2, TAP_RATE)
            except self._error as exc:
                if not self._busy():
                    self._device_failed(exc)
                else:
                    log.debug("a tap was left out: the device is busy (%s)", exc)
            except Exception as exc:  # the boundary: nothing from a sound library may end a session
                log.exception("unexpected failure playing a tap")
                self._device_failed(exc)

    def _busy(self) -> bool:
        """Whether a cue, a tap or the voice of ours still sounds (a refusal then is no lost device)."""
        for stream in (self._last, self._tapping, self._voice._speaking, self._voice.lingering):
            try:
                if stream is not None and stream.is_playing():
                    return True
            except Exception:
                continue
        return False

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
