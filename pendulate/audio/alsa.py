"""Keep libasound quiet.

libasound reports problems (no card, an unusable config) by printing ``ALSA lib …`` lines
straight to the process's stderr. Under Textual those lines are drawn over the screen, so
we give libasound an error handler that does nothing; failures still reach us as
exceptions from simpleaudio, which are handled and reported calmly.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger("pendulate.audio")

# libasound's handler is variadic: (file, line, function, err, fmt, ...). ctypes cannot
# declare the variadic tail, but a callee that ignores it is safe under the C convention.
_HANDLER_TYPE = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p)


def _ignore(file: bytes, line: int, function: bytes, err: int, fmt: bytes) -> None:
    return None


# Module-level so the callback outlives every call into libasound (a collected ctypes
# callback would leave libasound calling freed memory).
_HANDLER = _HANDLER_TYPE(_ignore)
_installed = False


def _load_libasound() -> ctypes.CDLL | None:
    # The soname is stable (libasound.so.2); find_library is the slower fallback for odd layouts.
    try:
        return ctypes.CDLL("libasound.so.2")
    except OSError:
        name = ctypes.util.find_library("asound")
        return ctypes.CDLL(name) if name else None


def silence_alsa() -> bool:
    """Install the no-op libasound error handler once. Returns whether libasound is quiet.

    Harmless when libasound is absent (no ALSA on this system means nothing to silence).
    """
    global _installed
    if _installed:
        return True
    try:
        lib = _load_libasound()
        if lib is None:
            return False
        lib.snd_lib_error_set_handler.argtypes = [_HANDLER_TYPE]
        lib.snd_lib_error_set_handler.restype = ctypes.c_int
        lib.snd_lib_error_set_handler(_HANDLER)
    except (OSError, AttributeError) as exc:
        log.info("could not quiet libasound: %s", exc)
        return False
    _installed = True
    return True
