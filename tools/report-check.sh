#!/usr/bin/env bash
# Render a demo HTML report in headless Chromium and check the screenshot is not blank.
# Not part of `make test`: it installs Chromium with apt when missing. Output: bench/out/report.png
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
OUT=bench/out
mkdir -p "$OUT"

find_chromium() { command -v chromium || command -v chromium-browser || command -v google-chrome || true; }
BROWSER=$(find_chromium)
if [ -z "$BROWSER" ]; then
    echo "Chromium is missing; installing it with apt."
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq chromium >/dev/null
    BROWSER=$(find_chromium)
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export PENDULATE_HOME="$WORK/home"

"$PY" -m bench.demo --sessions 16 >/dev/null
"$PY" -m pendulate export --format html -o "$OUT/report.html" </dev/null

"$BROWSER" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$WORK/profile" --screenshot="$OUT/report.png" --window-size=1200,2000 \
    "file://$PWD/$OUT/report.html" 2>"$WORK/chromium.log" || { cat "$WORK/chromium.log"; exit 1; }

"$PY" tools/png_check.py "$OUT/report.png"
echo "Report check passed: $OUT/report.png (from $OUT/report.html)"
