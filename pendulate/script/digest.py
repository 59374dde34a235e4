"""The SHA-256 of a script's bytes, recorded with every session, without loading OpenSSL.

hashlib's sha256 comes from OpenSSL when Python was built with it, and loading that library
adds about 0.6 MiB to a practice session that needs one digest of a few kilobytes. CPython
also carries its own implementation (``_sha2`` from 3.12, ``_sha256`` before it): the same
digest, already part of the interpreter. hashlib is the fallback for a build without it.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any


@functools.cache
def _sha256() -> Callable[[bytes], Any]:
    for name in ("_sha2", "_sha256"):
        try:
            constructor: Callable[[bytes], Any] = importlib.import_module(name).sha256
            return constructor
        except (ImportError, AttributeError):
            continue
    import hashlib

    return hashlib.sha256


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex, as ``hashlib.sha256(data).hexdigest()`` gives it."""
    return str(_sha256()(data).hexdigest())
