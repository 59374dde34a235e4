"""Spoken prompts for rendered sessions, with espeak-ng (and sox for resampling, if present)."""

from __future__ import annotations

import array
import shutil
import subprocess
import tempfile
from pathlib import Path

from pendulate.audio.cues import CueLoadError, load_wav
from pendulate.audio.render import RATE, to_render_format

PEAK = 8231  # −12 dBFS, the level of the bundled cues, so speech sits beside them evenly
WORDS_PER_MINUTE = 140  # unhurried


class VoiceUnavailable(Exception):
    """espeak-ng is not installed, or could not speak a prompt."""


class EspeakVoice:
    """Turns a prompt's text into mono samples at the render rate."""

    def __init__(self, rate: int = RATE, espeak: str | None = None, sox: str | None = None):
        self.rate = rate
        found = espeak or shutil.which("espeak-ng")
        if found is None:
            raise VoiceUnavailable("--voice needs espeak-ng, which is not installed (e.g. apt install espeak-ng)")
        self.espeak: str = found
        self.sox = sox if sox is not None else shutil.which("sox")

    def __call__(self, text: str) -> array.array:
        """Speak ``text``; raises :class:`VoiceUnavailable` if espeak-ng fails."""
        with tempfile.TemporaryDirectory(prefix="pendulate-voice-") as tmp:
            spoken = Path(tmp) / "spoken.wav"
            # Text goes in on stdin so a prompt starting with "-" is never read as an option.
            self._run([self.espeak, "-s", str(WORDS_PER_MINUTE), "-w", str(spoken), "--stdin"], text.encode())
            if self.sox:
                resampled = Path(tmp) / "resampled.wav"
                self._run([self.sox, str(spoken), "-r", str(self.rate), "-c", "1", "-b", "16", str(resampled)])
                spoken = resampled
            try:
                samples = to_render_format(load_wav(spoken), self.rate)
            except CueLoadError as exc:
                raise VoiceUnavailable(f"espeak-ng wrote no usable sound: {exc.why}") from None
        return _normalise(samples)

    @staticmethod
    def _run(argv: list[str], stdin: bytes | None = None) -> None:
        try:
            subprocess.run(argv, input=stdin, capture_output=True, check=True, timeout=60)
        except subprocess.CalledProcessError as exc:
            detail = exc.stderr.decode(errors="replace").strip().splitlines()
            raise VoiceUnavailable(f"{Path(argv[0]).name} could not speak: {detail[-1] if detail else exc}") from None
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise VoiceUnavailable(f"{Path(argv[0]).name} could not speak: {exc}") from None


def _normalise(samples: array.array) -> array.array:
    peak = max((abs(x) for x in samples), default=0)
    if peak == 0:
        return samples
    gain = PEAK / peak
    return array.array("h", (max(-32768, min(32767, int(x * gain))) for x in samples))
