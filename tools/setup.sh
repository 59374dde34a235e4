#!/usr/bin/env bash
# Set up .venv for pendulate on a Debian/Ubuntu machine that has Python 3.11+ and make.
# Sound is optional: when simpleaudio cannot be built, set-up still succeeds and the app
# uses visual cues, saying so in one line.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-python3}"
VENV=.venv

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo -n "$@" 2>/dev/null || sudo "$@" </dev/tty
    else return 1
    fi
}

apt_install() {
    command -v apt-get >/dev/null 2>&1 || return 1
    echo "setup: installing system packages: $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 || {
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 &&
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
    }
}

"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "setup: pendulate needs Python 3.11 or newer (found $("$PY" --version 2>&1))." >&2
    exit 1
}

if [ ! -x "$VENV/bin/python" ]; then
    echo "setup: creating the virtual environment in $VENV..."
    if ! "$PY" -m venv "$VENV" >/dev/null 2>&1; then
        rm -rf "$VENV"
        ver=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
        apt_install "python${ver}-venv" || apt_install python3-venv || true
        "$PY" -m venv "$VENV"
    fi
fi

echo "setup: installing pendulate and its libraries (about a minute the first time)..."
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
"$VENV/bin/python" -m pip install -q -e ".[test]" 2>&1 | { grep -v "^WARNING: Location" || true; }

if ! "$VENV/bin/python" -c 'import simpleaudio' >/dev/null 2>&1; then
    if [ ! -f /usr/include/alsa/asoundlib.h ] || ! command -v gcc >/dev/null 2>&1; then
        apt_install libasound2-dev gcc python3-dev || true
    fi
    echo "setup: building sound support (simpleaudio)..."
    if ! "$VENV/bin/python" -m pip install -q "simpleaudio==1.0.4" >/dev/null 2>&1; then
        echo "setup: sound is not available (simpleaudio could not be built); pendulate will use visual cues."
    fi
fi
# Spoken guidance (live and in `pendulate render --voice`) uses espeak-ng; the terminal tests drive the app in tmux.
if ! command -v espeak-ng >/dev/null 2>&1; then
    apt_install espeak-ng || echo "setup: spoken prompts are not available (espeak-ng could not be installed); pendulate shows prompts as text."
fi
# Where simpleaudio can't be built, sound plays through the platform's own player (aplay).
if ! command -v aplay >/dev/null 2>&1 && ! command -v pw-play >/dev/null 2>&1 && ! command -v paplay >/dev/null 2>&1; then
    apt_install alsa-utils || echo "setup: the platform's sound player (aplay) could not be installed; without simpleaudio, cues are visual only."
fi
# Recordings and cue files other than WAV (MP3, M4A, OGG, Opus, FLAC) are read with ffmpeg.
if ! command -v ffmpeg >/dev/null 2>&1 || ! command -v ffprobe >/dev/null 2>&1; then
    apt_install ffmpeg || echo "setup: recordings other than WAV are not available (ffmpeg could not be installed); WAV files play as before."
fi
if ! command -v tmux >/dev/null 2>&1; then
    apt_install tmux || echo "setup: tmux could not be installed; the tests that drive pendulate in a terminal cannot run."
fi
# Compile the package once, as installing a wheel would: the app then starts from bytecode
# even where PYTHONDONTWRITEBYTECODE is set (it compiled every module at every start).
echo "setup: compiling pendulate..."
"$VENV/bin/python" -m compileall -q pendulate >/dev/null || true
touch "$VENV/.setup-done"
echo "setup: done."
