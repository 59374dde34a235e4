"""simpleaudio's playback threads free memory without the interpreter lock; pendulate makes that safe.

The checks that load the real simpleaudio run in a child process (on the silent ALSA device the
tests use), so what they provoke can only end that child.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import textwrap
from types import SimpleNamespace

import pytest

from pendulate import memory
from pendulate.audio.simple import SimpleaudioPlayer


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
    )


def _pymem_is_the_c_librarys() -> bool:
    return memory._allocator(memory._MEM).malloc == memory._allocator(memory._RAW).malloc


def test_inside_the_scope_pymem_blocks_come_from_the_c_library_and_python_gets_its_own_back():
    pymem_malloc, pymem_free = ctypes.pythonapi.PyMem_Malloc, ctypes.pythonapi.PyMem_Free
    pymem_malloc.restype, pymem_malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    pymem_free.argtypes = [ctypes.c_void_p]
    assert not _pymem_is_the_c_librarys()
    made_before = [[i] * 3 for i in range(2000)]  # list storage from Python's pools

    def pooled_blocks_for_1000_pymem_blocks() -> tuple[int, list]:
        before = sys.getallocatedblocks()
        blocks = [pymem_malloc(64) for _ in range(1000)]  # each address is also a Python int
        return sys.getallocatedblocks() - before, blocks

    outside, blocks_outside = pooled_blocks_for_1000_pymem_blocks()
    with memory.pymem_from_the_c_library():
        assert _pymem_is_the_c_librarys()
        inside, blocks_inside = pooled_blocks_for_1000_pymem_blocks()
        made_inside = [[i] * 3 for i in range(2000)]
    assert not _pymem_is_the_c_librarys()
    assert outside - inside >= 990  # inside, not one of the 1000 came from Python's pools
    for block in blocks_outside + blocks_inside:
        pymem_free(block)
    for item in made_before + made_inside:  # grown and freed across both kinds
        item.extend(range(40))
    del made_before, made_inside


def test_every_sound_is_started_inside_the_scope():
    seen = []

    def play_buffer(*args):
        seen.append(_pymem_is_the_c_librarys())
        return SimpleNamespace(is_playing=lambda: False)

    sa = SimpleNamespace(play_buffer=play_buffer, stop_all=lambda: None)
    player = SimpleaudioPlayer(sa, RuntimeError, volume=50)
    player.prepare(["bell"], 50)  # the device probe plays too
    player.play("bell")
    assert seen == [True, True]
    assert not _pymem_is_the_c_librarys()


def test_simpleaudio_does_free_without_the_interpreter_lock():
    # Why the scope exists. Python's debugging allocator stops the process when memory is
    # freed without the lock; simpleaudio 1.0.4 does that as each sound ends. Should a later
    # simpleaudio stop doing it, this fails, and the scope can go.
    pytest.importorskip("simpleaudio")
    done = _run(
        """
        import time, simpleaudio
        simpleaudio.play_buffer(bytes(2 * 441), 1, 2, 44100)
        time.sleep(1.0)
        print("no complaint")
    """,
        PYTHONMALLOC="pymalloc_debug",
    )
    assert done.returncode != 0
    assert "without holding the GIL" in done.stderr


def test_sounds_started_by_the_player_amid_heavy_allocation_leave_the_heap_whole():
    pytest.importorskip("simpleaudio")
    done = _run("""
        import time
        from pendulate.audio import make_player
        player = make_player(mute=False, volume=10)
        player.prepare(["bell"], 10)
        end = time.monotonic() + 4
        plays, kept = 0, []
        while time.monotonic() < end:
            player.play("bell")
            plays += 1
            for _ in range(200):
                kept.append([(i, str(i)) for i in range(20)])
                if len(kept) > 500:
                    kept.clear()
        player.close()
        time.sleep(0.5)  # the last threads finish and free
        print(plays)
    """)
    assert done.returncode == 0, f"the child ended with {done.returncode}: {done.stderr[-500:]}"
    assert int(done.stdout) > 100
