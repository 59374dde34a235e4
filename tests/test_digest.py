"""A script's content hash: SHA-256 as hashlib gives it, without OpenSSL in the session."""

import hashlib
import subprocess
import sys

import pytest

from pendulate.script.digest import sha256_hex


@pytest.mark.parametrize("data", [b"", b"id: calm\n", bytes(range(256)) * 300])
def test_the_digest_is_the_same_sha256_hashlib_gives(data):
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_reading_a_script_does_not_load_openssl():
    code = (
        "import sys; from pendulate.script.library import builtin_scripts; "
        "scripts = builtin_scripts(); assert all(len(s.content_hash) == 64 for s in scripts); "
        "print('_hashlib' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
