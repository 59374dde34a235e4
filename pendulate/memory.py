"""Memory: kept small over a long session, and safe from the sound library's threads.

Sound playback runs on short-lived C threads, and glibc gives each new thread its own
malloc arena; one arena is plenty for a program that draws once a second. After the garbage
collector has run, freed pages are handed back to the system instead of being kept.

Those playback threads (simpleaudio 1.0.4) also free their own bookkeeping with
``PyMem_Free`` after a sound ends, without holding the interpreter lock. Python's small-object
allocator is not thread-safe, so a free that lands while the app allocates can corrupt the
heap: a crash, rarely, minutes into a session. :func:`pymem_from_the_c_library` is held
around each call that starts a sound, so the blocks that thread frees come from the C
library's allocator, which any thread may use; the rest of the program keeps Python's.
"""

from __future__ import annotations

import contextlib
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


class _Allocator(ctypes.Structure):
    """``PyMemAllocatorEx`` from Python's C API."""

    _fields_ = [
        ("ctx", ctypes.c_void_p),
        ("malloc", ctypes.c_void_p),
        ("calloc", ctypes.c_void_p),
        ("realloc", ctypes.c_void_p),
        ("free", ctypes.c_void_p),
    ]


_RAW, _MEM, _OBJ = 0, 1, 2  # PyMemAllocatorDomain


def _allocator(domain: int) -> _Allocator:
    allocator = _Allocator()
    ctypes.pythonapi.PyMem_GetAllocator(ctypes.c_int(domain), ctypes.byref(allocator))
    return allocator


def _set_mem(allocator: _Allocator) -> None:
    ctypes.pythonapi.PyMem_SetAllocator(ctypes.c_int(_MEM), ctypes.byref(allocator))


@functools.cache
def _swap() -> tuple[_Allocator, _Allocator] | None:
    """Python's ``PyMem`` allocator and the same one taking new blocks from the C library; None
    where ``PyMem`` is not Python's plain small-object allocator (with ``PYTHONMALLOC=malloc`` it
    is already the C library's; debug hooks and custom allocators are left alone)."""
    raw, mem, obj = _allocator(_RAW), _allocator(_MEM), _allocator(_OBJ)
    plain = (mem.malloc, mem.calloc, mem.realloc, mem.free) == (obj.malloc, obj.calloc, obj.realloc, obj.free)
    if not plain or mem.malloc == raw.malloc or mem.ctx or obj.ctx or raw.ctx:
        return None
    # Frees and reallocations stay Python's: they hand any block that is not in Python's own
    # pools to the C library, so blocks made either way are released correctly.
    return mem, _Allocator(None, raw.malloc, raw.calloc, mem.realloc, mem.free)


@contextlib.contextmanager
def pymem_from_the_c_library():
    """Inside, ``PyMem_Malloc`` takes blocks from the C library, whose ``free`` any thread may
    call. Wrap every call that hands simpleaudio memory its playback thread will free."""
    swap = _swap()
    if swap is None:
        yield
        return
    python, c_library = swap
    _set_mem(c_library)
    try:
        yield
    finally:
        _set_mem(python)
