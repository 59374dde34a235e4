"""The simpleaudio player's voice: one spoken clip at a time, on a stream of its own.

The clips are kept as handed over (the mapping itself, not a copy: a
:class:`~pendulate.audio.clipstore.ClipStore` keeps them on disk until spoken) and each is
scaled to the voice volume at the moment it is spoken, which for a prompt of a few seconds is a
fraction of a millisecond. Hushing stops only the voice's stream; cues and taps go on.

A device that cannot mix (a bare ``hw:`` device without dmix) refuses a second stream while
a cue still sounds. Speech then **waits**: the cue sounds whole, and the clip starts when the
device is free, with as much of its silent lead-in left out as the wait took, so the voice
comes in about when it would have. That is the gentler choice: a boundary's cue is never cut
off by the voice, and nothing is dropped. A refusal while nothing else of ours sounds means
the device itself is gone; the player's one notice says so.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from pendulate.audio.cues import Pcm, scale, volume_gain
from pendulate.audio.player import clamp_volume

log = logging.getLogger("pendulate.audio")

WAIT_POLL = 0.02  # how often a waiting clip looks whether the device is free
WAIT_LONGEST = 15.0  # a clip gives up waiting after this long (a stuck stream)
_ZEROS = re.compile(rb"\x00*")

StartStream = Callable[[bytes, int, int], Any]  # (buffer, channels, rate) -> a PlayObject


def lead_frames(pcm: Pcm) -> int:
    """How many frames of exact silence the clip begins with (its lead-in)."""
    match = _ZEROS.match(pcm.data)
    zeros = match.end() if match else 0
    return zeros // (2 * pcm.channels)


class Voice:
    """Speaks clips through ``start`` (the player's ``play_buffer``), one at a time.

    ``busy()`` says whether another stream of the player still sounds; ``error`` is the sound
    library's error type; ``failed(exc)`` turns the whole player silent with its notice. The
    player's ``lock`` is held around every change, as its pacer thread and a waiting clip's
    thread call in too.
    """

    def __init__(
        self,
        start: StartStream,
        busy: Callable[[], bool],
        error: type[BaseException],
        failed: Callable[[BaseException], None],
        lock: threading.RLock,
    ) -> None:
        self._start = start
        self._busy = busy
        self._error = error
        self._failed = failed
        self._lock = lock
        self.volume = 60
        self._clips: Mapping[str, Pcm] = {}
        self._speaking: Any = None  # the PlayObject of the clip being spoken
        self._ends_at = 0.0  # when that clip ends (monotonic seconds)
        self.lingering: Any = None  # a short clip let end by itself (see hush)
        self._waiting: threading.Event | None = None  # set to cancel a clip waiting for the device

    def prepare(self, clips: Mapping[str, Pcm], volume: int) -> None:
        with self._lock:
            self.hush()
            self._clips = clips
            self.volume = clamp_volume(volume)

    def set_volume(self, volume: int) -> None:
        self.volume = clamp_volume(volume)

    def buffer(self, key: str) -> bytes | None:
        """The bytes ``speak`` hands to the device for ``key``, at the voice volume."""
        pcm = self._clips.get(key)
        return None if pcm is None else self._scaled(pcm)

    def _scaled(self, pcm: Pcm, skip_frames: int = 0) -> bytes:
        data = scale(pcm, volume_gain(self.volume))
        return data[2 * pcm.channels * skip_frames :] if skip_frames else data

    @property
    def speaking(self) -> bool:
        with self._lock:
            try:
                return self._speaking is not None and bool(self._speaking.is_playing())
            except Exception:
                return False

    def speak(self, key: str) -> None:
        with self._lock:
            if self.volume == 0 or key not in self._clips:
                return
            pcm = self._clips[key]
            # A reply still sounding that ends within this clip's silent lead-in is let finish.
            self.hush(let_finish=lead_frames(pcm) / pcm.rate)
            try:
                self._speaking = self._start(self._scaled(pcm), pcm.channels, pcm.rate)
                self._ends_at = time.monotonic() + pcm.seconds
            except self._error as exc:
                if not self._busy() and not self._sounding(self.lingering):
                    self._failed(exc)
                    return
                log.info("the sound device is busy with a cue; speech waits for it (%s)", exc)
                self._wait_then_speak(pcm)
            except Exception as exc:  # the boundary: nothing from a sound library may end a session
                log.exception("unexpected failure speaking %s", key)
                self._failed(exc)

    def _wait_then_speak(self, pcm: Pcm) -> None:
        cancel = threading.Event()
        self._waiting = cancel
        since = time.monotonic()
        thread = threading.Thread(target=self._waiter, args=(pcm, cancel, since), name="pendulate-voice", daemon=True)
        thread.start()

    def _waiter(self, pcm: Pcm, cancel: threading.Event, since: float) -> None:
        deadline = since + WAIT_LONGEST
        lead = lead_frames(pcm)
        while not cancel.wait(WAIT_POLL):
            if time.monotonic() > deadline:
                log.info("speech gave up waiting for the sound device")
                return
            with self._lock:
                if cancel.is_set():
                    return
                if self._busy():
                    continue
                waited = round((time.monotonic() - since) * pcm.rate)
                buffer = self._scaled(pcm, min(waited, lead))
                self._waiting = None
                try:
                    self._speaking = self._start(buffer, pcm.channels, pcm.rate)
                    self._ends_at = time.monotonic() + len(buffer) / (2 * pcm.channels * pcm.rate)
                except self._error as exc:
                    log.info("speech could not start after waiting: %s", exc)
                except Exception:
                    log.exception("unexpected failure speaking a waiting clip")
                return

    def hush(self, let_finish: float = 0.0) -> None:
        """Stop the clip being spoken (or waiting to be); cues and taps go on. A clip with at
        most ``let_finish`` seconds left is let end by itself."""
        with self._lock:
            waiting, self._waiting = self._waiting, None
            if waiting is not None:
                waiting.set()
            speaking, self._speaking = self._speaking, None
            if speaking is None:
                return
            if let_finish > 0 and self._ends_at - time.monotonic() <= let_finish:
                self.lingering = speaking
                return
            try:
                speaking.stop()
            except Exception as exc:
                log.info("stopping speech failed: %s", exc)

    @staticmethod
    def _sounding(stream: Any) -> bool:
        try:
            return stream is not None and bool(stream.is_playing())
        except Exception:
            return False

    def forget(self) -> None:
        """The streams were all stopped at once (mute, close, a cue taking a busy device)."""
        with self._lock:
            self.lingering = None
            waiting, self._waiting = self._waiting, None
            if waiting is not None:
                waiting.set()
            self._speaking = None
