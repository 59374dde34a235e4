#!/usr/bin/env bash
# Render a demo HTML report in headless Chromium: a screenshot at 1200 px and at phone width
# (390 px), checked not to be blank, and the browser's print to PDF, checked to be paged A4.
# Not part of `make test`: it installs Chromium with apt when missing. Output: bench/out/report.png,
# report-phone.png, report.pdf (look at them: `pdftoppm -png bench/out/report.pdf page` shows the pages).
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

chromium() {
    # No network, no profile of the person's own: the report is private and self-contained.
    "$BROWSER" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
        --user-data-dir="$WORK/profile" "$@" "file://$PWD/$OUT/report.html" 2>>"$WORK/chromium.log" \
        || { cat "$WORK/chromium.log"; exit 1; }
}

chromium --screenshot="$OUT/report.png" --window-size=1200,2000
chromium --screenshot="$OUT/report-phone.png" --window-size=390,1600
chromium --no-pdf-header-footer --print-to-pdf="$OUT/report.pdf"

"$PY" tools/png_check.py "$OUT/report.png"
"$PY" tools/png_check.py "$OUT/report-phone.png"
"$PY" tools/pdf_check.py "$OUT/report.pdf"
echo "Report check passed: $OUT/report.png, report-phone.png and report.pdf (from $OUT/report.html)"
