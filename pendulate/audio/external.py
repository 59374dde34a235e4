"""Sound without simpleaudio: the platform's own player, one short process per sound.

``pip install pendulate`` does not build simpleaudio (it compiles against the ALSA headers),
but most systems have a player command: ``pw-play`` (PipeWire), ``paplay`` (PulseAudio) or
``aplay`` (alsa-utils) on Linux, ``afplay`` on macOS. One is chosen once, when the player is
made. Every sound of the session is written once, before it starts, as a WAV file into a
private temporary folder (0700, files 0600, removed at close), already scaled to its volume
(so no player's own volume flag is needed); ``play`` then only starts
``[player, file]`` with no terminal attached and returns without waiting. The voice is the
same, on a process of its own: hushing it ends that process. Each player process mixes
through the system's sound server (or dmix), as simpleaudio's streams do.

Failures end in the same calm notices as simpleaudio's: a probe at ``prepare`` plays 10 ms of
silence and waits for it; a player that cannot be started, or that exits with an error while
none of our other sounds was playing, means the device is gone (a refusal while another of
ours sounds is a device that cannot mix: that sound is left out, nothing more). Unlike the
simpleaudio player's voice, a clip refused that way does not wait for the cue to end: a player
process only says it was refused once it has ended. The servers these players talk to (PipeWire,
PulseAudio) and ALSA's default device mix, so this is rare.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import wave
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pendulate.audio.cues import CueLoadError, Pcm, cue_path, load_cue, scale, volume_gain
from pendulate.audio.player import NoticeBoard, clamp_volume
from pendulate.audio.simple import DEVICE_LOST, NO_DEVICE, PROBE_FRAMES, PROBE_RATE, unreadable_notice
from pendulate.audio.spoken import lead_frames
from pendulate.audio.taps import tap_sounds

log = logging.getLogger("pendulate.audio")

LINUX_PLAYERS = ("pw-play", "paplay", "aplay")
MAC_PLAYERS = ("afplay",)
PROBE_WAIT = 3.0  # seconds the probe may take before it is taken as working
CLOSE_WAIT = 0.5  # seconds the player processes get to end at close before they are killed


def candidates(platform: str = sys.platform) -> tuple[str, ...]:
    """The player commands to look for on ``platform``, best first."""
    if platform == "darwin":
        return MAC_PLAYERS
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return LINUX_PLAYERS
    return ()


def find_command(platform: str = sys.platform, which: Callable[[str], str | None] = shutil.which) -> str | None:
    """The full path of the first player command found on ``PATH``, or None."""
    for name in candidates(platform):
        found = which(name)
        if found:
            return found
    return None


def write_wav(path: Path, pcm: Pcm, data: bytes) -> None:
    """Write ``data`` (frames in ``pcm``'s format) as a WAV only this user can read."""
    tmp = path.with_name(path.name + ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as raw, wave.open(raw, "wb") as writer:
        writer.setnchannels(pcm.channels)
        writer.setsampwidth(2)
        writer.setframerate(pcm.rate)
        writer.writeframes(data)
    os.replace(tmp, path)  # a player still reading the old file keeps it whole


@dataclass
class _Running:
    proc: subprocess.Popen[bytes]
    overlapped: bool  # another of our sounds was playing when it started
    ended_by_us: bool = False


class ExternalPlayer(NoticeBoard):
    """Plays through ``command`` (a player program) as separate processes; never blocks, never raises."""

    def __init__(
        self,
        command: str,
        volume: int = 60,
        *,
        probe: bool = True,
        popen: Callable[..., subprocess.Popen[bytes]] = subprocess.Popen,
    ) -> None:
        super().__init__()
        self.command = command
        self.name = f"{Path(command).name} (the platform's player)"
        self._popen = popen
        self._probe = probe
        self.volume = clamp_volume(volume)
        self.voice_volume = self.volume
        self.muted = False
        self.silent = False
        self._dir: Path | None = None
        self._cues: dict[str, Pcm] = {}
        self._unreadable: set[str] = set()
        self._files: dict[str, Path] = {}  # cue or "tap:<side>" -> its scaled WAV
        self._clips: Mapping[str, Pcm] = {}
        self._voice_times: dict[str, tuple[float, float]] = {}  # key -> (its length, its lead-in), seconds
        self._speech_ends = 0.0  # when the clip being spoken ends (monotonic)
        self._voice_files: dict[str, Path] = {}
        self._running: list[_Running] = []
        self._speaking: _Running | None = None
        self._lock = threading.RLock()
        self._cleanup: Callable[[], object] = lambda: None

    @property
    def available(self) -> bool:
        return not self.silent

    @property
    def folder(self) -> Path | None:
        """The private folder the prepared sounds are written to (None before ``prepare``)."""
        return self._dir

    # -- preparing -------------------------------------------------------------------------

    def _folder(self) -> Path:
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix="pendulate-sound-"))  # mode 0700
            # Removed at close, and at the latest when the program ends: it may hold the voice.
            self._cleanup = weakref.finalize(self, shutil.rmtree, self._dir, ignore_errors=True)
        return self._dir

    def prepare(self, cues: Iterable[str], volume: int) -> None:
        """Decode every cue, write each at ``volume`` to the private folder, check the player works."""
        with self._lock:
            self.volume = clamp_volume(volume)
            failed = [name for name in dict.fromkeys(cues) if not self._load(name)]
            if failed:
                self.report(unreadable_notice([cue_path(name).name for name in failed]))
            try:
                self._write_cues()
                if self._probe and not self.silent:
                    self._check_device()
            except OSError as exc:
                self._device_failed(exc)

    def _load(self, cue: str) -> bool:
        if cue in self._cues:
            return True
        if cue in self._unreadable:
            return False
        try:
            self._cues[cue] = load_cue(cue)
        except CueLoadError as exc:
            log.warning("cue %s skipped: %s", cue, exc)
            self._unreadable.add(cue)
            return False
        return True

    def _write_cues(self) -> None:
        folder, gain = self._folder(), volume_gain(self.volume)
        sounds = {**self._cues, **{f"tap:{side}": pcm for side, pcm in tap_sounds().items()}}
        for i, (key, pcm) in enumerate(sounds.items()):
            path = self._files.get(key) or folder / f"cue-{i}.wav"
            write_wav(path, pcm, scale(pcm, gain))
            self._files[key] = path

    def _check_device(self) -> None:
        probe = Pcm(bytes(2 * PROBE_FRAMES), 1, PROBE_RATE)
        path = self._folder() / "probe.wav"
        write_wav(path, probe, probe.data)
        proc = self._popen([self.command, str(path)], **_QUIET)
        try:
            code = proc.wait(PROBE_WAIT)
        except subprocess.TimeoutExpired:
            self._running.append(_Running(proc, overlapped=False))  # slow, not broken: reaped later
            return
        if code != 0:
            log.warning("no sound device: %s exited with %s", self.command, code)
            self.silent = True
            self.report(NO_DEVICE)

    # -- playing ---------------------------------------------------------------------------

    def play(self, cue: str) -> None:
        """Start the player on ``cue``'s file and return at once."""
        with self._lock:
            if self.silent or self.muted or self.volume == 0 or cue in self._unreadable:
                return
            path = self._files.get(cue)
            if path is None:
                path = self._late_load(cue)
                if path is None:
                    return
            self._spawn(path)

    def _late_load(self, cue: str) -> Path | None:
        if not self._load(cue):
            self.report(unreadable_notice([cue_path(cue).name]))
            return None
        log.info("cue %s was not prepared before the session; written on first use", cue)
        try:
            self._write_cues()
        except OSError as exc:
            self._device_failed(exc)
            return None
        return self._files[cue]

    def _spawn(self, path: Path) -> _Running | None:
        overlapped = self._reap()
        if self.silent:
            return None
        try:
            proc = self._popen([self.command, str(path)], **_QUIET)
        except (OSError, ValueError) as exc:
            self._device_failed(exc)
            return None
        running = _Running(proc, overlapped)
        self._running.append(running)
        return running

    def _reap(self) -> bool:
        """Forget the processes that ended (a failed one means the device is gone) and say
        whether any is still playing."""
        still = []
        for running in self._running:
            code = running.proc.poll()
            if code is None:
                still.append(running)
            elif code != 0 and not running.ended_by_us and not running.overlapped:
                self._device_failed(RuntimeError(f"{self.command} exited with {code}"))
        self._running = still
        return bool(still)

    def _device_failed(self, exc: BaseException) -> None:
        log.warning("sound device failed: %s", exc)
        self.silent = True
        self.report(DEVICE_LOST)

    def _end(self, running: _Running) -> None:
        running.ended_by_us = True
        try:
            if running.proc.poll() is None:
                running.proc.terminate()
        except OSError as exc:
            log.info("ending a player process failed: %s", exc)

    # -- settings --------------------------------------------------------------------------

    def set_volume(self, volume: int) -> None:
        volume = clamp_volume(volume)
        with self._lock:
            if volume == self.volume:
                return
            self.volume = volume
            try:
                self._write_cues()
            except OSError as exc:
                self._device_failed(exc)

    def set_muted(self, muted: bool) -> None:
        with self._lock:
            self.muted = bool(muted)
            if self.muted:
                self._stop_all()

    def _stop_all(self) -> None:
        for running in self._running:
            self._end(running)
        self._speaking = None

    def close(self) -> None:
        """End every player process still sounding and remove the private folder."""
        with self._lock:
            self._stop_all()
            for running in self._running:
                try:
                    running.proc.wait(CLOSE_WAIT)
                except subprocess.TimeoutExpired:
                    running.proc.kill()
                    running.proc.wait()
            self._running = []
            if self._dir is not None:
                self._cleanup()
                self._dir = None
                self._files, self._voice_files = {}, {}

    # -- speech and taps --------------------------------------------------------------------

    def prepare_voice(self, clips: Mapping[str, Pcm], volume: int) -> None:
        """Write every spoken clip, at the voice ``volume``, to the private folder."""
        with self._lock:
            self._clips = clips  # the mapping itself: a ClipStore reads each clip from disk, one at a time
            self.voice_volume = clamp_volume(volume)
            self._voice_files = {}
            try:
                self._write_voice()
            except OSError as exc:
                self._device_failed(exc)

    def _write_voice(self) -> None:
        folder, gain = self._folder(), volume_gain(self.voice_volume)
        for i, (key, pcm) in enumerate(self._clips.items()):
            path = self._voice_files.get(key) or folder / f"voice-{i}.wav"
            write_wav(path, pcm, scale(pcm, gain))
            self._voice_files[key] = path
            self._voice_times[key] = (pcm.seconds, lead_frames(pcm) / pcm.rate)

    def speak(self, key: str) -> None:
        with self._lock:
            path = self._voice_files.get(key)
            if self.silent or self.muted or self.voice_volume == 0 or path is None:
                return
            length, lead = self._voice_times[key]
            self.hush(let_finish=lead)  # a reply ending within this clip's silent lead-in finishes
            self._speaking = self._spawn(path)
            self._speech_ends = time.monotonic() + length

    def hush(self, let_finish: float = 0.0) -> None:
        with self._lock:
            speaking, self._speaking = self._speaking, None
            if speaking is not None and not (let_finish > 0 and self._speech_ends - time.monotonic() <= let_finish):
                self._end(speaking)

    def set_voice_volume(self, volume: int) -> None:
        volume = clamp_volume(volume)
        with self._lock:
            if volume == self.voice_volume:
                return
            self.voice_volume = volume
            try:
                self._write_voice()
            except OSError as exc:
                self._device_failed(exc)

    def tap(self, side: str) -> None:
        with self._lock:
            path = self._files.get(f"tap:{side}")
            if self.silent or self.muted or self.volume == 0 or path is None:
                return
            self._spawn(path)


# No terminal for a player: its messages would be drawn over the screen, and it must never
# read the keys meant for the app.
_QUIET = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "close_fds": True}
