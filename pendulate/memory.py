"""Keeping the resident memory of a long session small (glibc only; elsewhere a no-op).

Sound playback runs on short-lived C threads, and glibc gives each new thread its own
malloc arena; one arena is plenty for a program that draws once a second. After the garbage
collector has run, freed pages are handed back to the system instead of being kept.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

M_ARENA_MAX = -8  # from glibc's malloc.h


@functools.cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


def limit_arenas() -> bool:
    """Use a single malloc arena; call before any thread starts. True when it took effect."""
    libc = _libc()
    return bool(libc is not None and libc.mallopt(M_ARENA_MAX, 1))


def give_back() -> None:
    """Return freed heap pages to the system (after a garbage collection, for instance)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
