"""Spoken clips kept out of memory: a private, unlinked temporary file behind a mapping.

A session's clips may take tens of megabytes (48 MiB is the budget); held as ``bytes`` they
would all sit in the process's memory for the whole session, though only one is ever spoken
at a time. A :class:`ClipStore` is a ``MutableMapping[str, Pcm]`` that writes each clip to a
temporary file the moment it is stored and reads it back (``os.pread``, from the page cache:
a fraction of a millisecond for a prompt) when it is spoken, so memory holds one clip at a
time, also while the clips are being made, if the maker stores each as soon as it has it.

The file is created with mode 0600 and unlinked at once (``tempfile.TemporaryFile``): nothing
is left behind, whatever way the app ends, and no other user can open it. It goes in
``/var/tmp`` where that is writable (on disk on most systems; ``/tmp`` is often a RAM disk,
which would keep the clips in memory after all), else the system's temporary folder.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import IO

from pendulate.audio.cues import Pcm


@dataclass(frozen=True)
class _Slot:
    offset: int
    size: int
    channels: int
    rate: int


def spill_dir() -> str | None:
    """Where the file goes: ``$TMPDIR`` when set, else ``/var/tmp`` if writable, else the default."""
    if os.environ.get("TMPDIR"):
        return None  # tempfile honours it
    return "/var/tmp" if os.access("/var/tmp", os.W_OK | os.X_OK) else None


class ClipStore(MutableMapping[str, Pcm]):
    """Clips by key, their samples in an unlinked temporary file; safe to read from any thread."""

    def __init__(self, directory: str | None = None) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="pendulate-voice-", dir=directory or spill_dir())
        self._slots: dict[str, _Slot] = {}
        self._end = 0
        self._lock = threading.Lock()

    def __setitem__(self, key: str, pcm: Pcm) -> None:
        with self._lock:
            fd = self._file.fileno()
            written = 0
            view = memoryview(pcm.data)
            while written < len(view):
                written += os.pwrite(fd, view[written:], self._end + written)
            self._slots[key] = _Slot(self._end, len(view), pcm.channels, pcm.rate)
            self._end += len(view)

    def __getitem__(self, key: str) -> Pcm:
        slot = self._slots[key]
        data = os.pread(self._file.fileno(), slot.size, slot.offset)
        if len(data) != slot.size:  # pragma: no cover - the file is ours alone
            raise KeyError(key)
        return Pcm(data, slot.channels, slot.rate)

    def __delitem__(self, key: str) -> None:
        del self._slots[key]  # the space stays in the file until it is closed

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._slots))

    def __len__(self) -> int:
        return len(self._slots)

    def __contains__(self, key: object) -> bool:
        return key in self._slots

    def seconds(self, key: str) -> float:
        """The clip's length, without reading it."""
        slot = self._slots[key]
        return slot.size / (2 * slot.channels * slot.rate)

    @property
    def nbytes(self) -> int:
        """The bytes of every clip stored (what they would take in memory)."""
        return sum(slot.size for slot in self._slots.values())

    def close(self) -> None:
        self._file.close()
