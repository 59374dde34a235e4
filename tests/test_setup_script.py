"""``tools/setup.sh`` says what it is doing before each step that takes more than a moment.

Running the script takes a minute and needs the network, so this reads its text instead:
each long step has a "setup: …" line (or an ``apt_install``, which prints its own) just before it.
"""

from __future__ import annotations

import re
from pathlib import Path

SETUP = Path(__file__).resolve().parents[1] / "tools" / "setup.sh"
LONG_STEPS = re.compile(r"-m venv |-m pip install|-m compileall|apt-get install")
ANNOUNCES = re.compile(r'echo "setup: [^"]+"|^\s*apt_install ')
LOOK_BACK = 5  # lines


def test_every_long_step_is_announced():
    lines = SETUP.read_text(encoding="utf-8").splitlines()
    long_steps = [i for i, line in enumerate(lines) if LONG_STEPS.search(line) and not line.lstrip().startswith("#")]
    assert len(long_steps) >= 5  # venv (twice), pip (twice), simpleaudio, compileall, apt-get
    for i in long_steps:
        before = lines[max(0, i - LOOK_BACK) : i]
        assert any(ANNOUNCES.search(line) for line in before), f"no 'setup: …' line before: {lines[i].strip()}"


def test_missing_feature_notices_are_kept():
    text = SETUP.read_text(encoding="utf-8")
    assert "setup: sound is not available" in text
    assert "setup: spoken prompts are not available" in text
    assert "setup: tmux could not be installed" in text
