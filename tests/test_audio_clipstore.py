"""Spoken clips kept in a private, unlinked temporary file instead of memory."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

from pendulate.audio.clips import said
from pendulate.audio.clipstore import ClipStore
from pendulate.audio.cues import Pcm
from pendulate.audio.player import RecordingPlayer
from pendulate.audio.simple import SimpleaudioPlayer
from pendulate.engine.clock import FakeClock


def _pcm(i: int, frames: int = 22050) -> Pcm:
    return Pcm(bytes([i % 256, 1]) * frames, 1, 22050)


def test_clips_round_trip_and_leave_no_file_behind(tmp_path: Path) -> None:
    store = ClipStore(str(tmp_path))
    for i in range(5):
        store[said(f"prompt {i}")] = _pcm(i, 1000 + i)
    assert list(tmp_path.iterdir()) == []  # unlinked at once
    fd = store._file.fileno()
    assert stat.S_IMODE(os.fstat(fd).st_mode) == 0o600
    assert len(store) == 5 and said("prompt 3") in store and "x" not in store
    assert store[said("prompt 3")] == _pcm(3, 1003)
    assert store.seconds(said("prompt 0")) == 1000 / 22050
    assert store.nbytes == sum(2 * (1000 + i) for i in range(5))
    store[said("prompt 0")] = _pcm(9, 10)  # replaced: the new one is read back
    assert store[said("prompt 0")] == _pcm(9, 10)
    del store[said("prompt 1")]
    assert said("prompt 1") not in store and len(store) == 4
    store.close()


def test_many_threads_read_at_once(tmp_path: Path) -> None:
    store = ClipStore(str(tmp_path))
    for i in range(20):
        store[str(i)] = _pcm(i)
    bad: list[int] = []

    def read(i: int) -> None:
        for _ in range(20):
            if store[str(i)] != _pcm(i):
                bad.append(i)

    threads = [threading.Thread(target=read, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert bad == []


def test_players_take_a_store_without_reading_it_all(tmp_path: Path) -> None:
    store = ClipStore(str(tmp_path))
    store[said("hello")] = _pcm(7)
    recording = RecordingPlayer(FakeClock())
    recording.prepare_voice(store, 60)
    assert recording.clips == {said("hello"): 1.0}

    started: list[bytes] = []

    class Sa:
        def play_buffer(self, data: bytes, channels: int, width: int, rate: int):
            started.append(bytes(data))
            return type("Play", (), {"is_playing": lambda self: True, "stop": lambda self: None})()

        def stop_all(self) -> None:
            return None

    player = SimpleaudioPlayer(Sa(), RuntimeError, volume=100, probe=False)
    player.prepare([], 100)
    player.prepare_voice(store, 100)
    player.speak(said("hello"))
    assert started == [_pcm(7).data]
    store[said("later")] = _pcm(8)  # a clip stored after prepare is spoken too
    player.speak(said("later"))
    assert started[-1] == _pcm(8).data
