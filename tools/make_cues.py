"""Synthesize pendulate's bundled cue sounds into ``sounds/``.

Usage: ``python tools/make_cues.py [OUTPUT_DIR]`` (default: the repository's ``sounds/``).

Every cue is built from sine partials with pydub: each partial gets its own gentle decay,
the partials are overlaid, a fade-in of tens of milliseconds removes any click, a short
fade-out ends on silence, and the mix is peak-normalised to one shared level so that no
cue is louder than another. The synthesis uses no randomness, so re-running it writes
byte-identical files.
"""

from __future__ import annotations

import sys
import warnings
import wave
from dataclasses import dataclass
from pathlib import Path

# pydub warns about a missing ffmpeg at import; WAV synthesis never needs ffmpeg.
warnings.filterwarnings("ignore", message="Couldn't find ffmpeg or avconv", category=RuntimeWarning)

from pydub import AudioSegment  # noqa: E402
from pydub.effects import normalize  # noqa: E402
from pydub.generators import Sine  # noqa: E402

RATE = 44100
PEAK_DBFS = -12.0  # the one level every cue is normalised to
SOUNDS_DIR = Path(__file__).resolve().parent.parent / "sounds"
DECAY_STEP_MS = 100  # the exponential decay is drawn as straight pieces this long


@dataclass(frozen=True)
class Partial:
    freq: float  # Hz
    level: float  # dB relative to the loudest partial (0)
    decay: float  # seconds for the partial to fall by 20 dB


@dataclass(frozen=True)
class Strike:
    at_ms: int  # when this strike starts inside the cue
    partials: tuple[Partial, ...]
    length_ms: int
    attack_ms: int  # fade-in; long enough that the onset never clicks


@dataclass(frozen=True)
class CueDesign:
    name: str
    marks: str  # what the cue tells the person (shown by ``pendulate sounds``)
    strikes: tuple[Strike, ...]
    length_ms: int
    release_ms: int  # fade to silence at the very end


def _decaying_sine(partial: Partial, length_ms: int) -> AudioSegment:
    """One partial with an exponential decay, drawn as short linear fades in amplitude."""
    # Each partial starts at phase zero, so the cue begins exactly on a zero crossing.
    tone = Sine(partial.freq, sample_rate=RATE, bit_depth=16).to_audio_segment(
        duration=length_ms, volume=partial.level - 10.0
    )
    pieces = []
    for start in range(0, length_ms, DECAY_STEP_MS):
        end = min(start + DECAY_STEP_MS, length_ms)
        from_gain = -20.0 * (start / 1000.0) / partial.decay
        to_gain = -20.0 * (end / 1000.0) / partial.decay
        piece = tone[start:end]
        # pydub skips a fade whose gains are both zero; the first piece needs only its end.
        pieces.append(piece.fade(from_gain=from_gain, to_gain=to_gain, start=0, end=len(piece)))
    out = pieces[0]
    for piece in pieces[1:]:
        out += piece
    return out


def _strike(strike: Strike) -> AudioSegment:
    mix = AudioSegment.silent(duration=strike.length_ms, frame_rate=RATE).set_sample_width(2).set_channels(1)
    for partial in strike.partials:
        mix = mix.overlay(_decaying_sine(partial, strike.length_ms))
    return mix.fade_in(strike.attack_ms)


def synthesize(design: CueDesign) -> AudioSegment:
    """Build one cue: strikes overlaid on silence, faded out, normalised to ``PEAK_DBFS``."""
    mix = AudioSegment.silent(duration=design.length_ms, frame_rate=RATE).set_sample_width(2).set_channels(1)
    for strike in design.strikes:
        mix = mix.overlay(_strike(strike), position=strike.at_ms)
    mix = mix.fade_out(design.release_ms)
    return normalize(mix, headroom=-PEAK_DBFS)


# A singing bowl's partials are not harmonic; these ratios (1, 2.71, 5.15) are close to a
# real bowl's, and the slightly detuned second fundamental gives its slow, warm beating.
BOWL = CueDesign(
    name="bowl",
    marks="start of a resource-type phase (orient, ground, resource, return, …)",
    strikes=(
        Strike(
            at_ms=0,
            partials=(
                Partial(196.0, 0.0, 4.0),
                Partial(197.2, -4.0, 4.0),
                Partial(531.2, -9.0, 2.2),
                Partial(1009.4, -18.0, 1.2),
            ),
            length_ms=3800,
            attack_ms=60,
        ),
    ),
    length_ms=3800,
    release_ms=400,
)

# Lower and rounder than the bowl, with a slow swell: it marks a small step towards
# discomfort, so it must invite rather than alarm.
LOW = CueDesign(
    name="low",
    marks="start of an activation (touch) phase",
    strikes=(
        Strike(
            at_ms=0,
            partials=(
                Partial(130.8, 0.0, 3.5),
                Partial(261.6, -12.0, 2.0),
                Partial(392.4, -22.0, 1.2),
            ),
            length_ms=2800,
            attack_ms=180,
        ),
    ),
    length_ms=2800,
    release_ms=400,
)

# Two light strikes a major third apart: a question, "how is it now?".
_CHIME_PARTIALS_HIGH = (Partial(1046.5, 0.0, 1.4), Partial(2616.3, -14.0, 0.6))
_CHIME_PARTIALS_LOW = (Partial(830.6, 0.0, 1.6), Partial(2076.5, -14.0, 0.7))
CHIME = CueDesign(
    name="chime",
    marks="a check-in",
    strikes=(
        Strike(at_ms=0, partials=_CHIME_PARTIALS_HIGH, length_ms=1400, attack_ms=40),
        Strike(at_ms=320, partials=_CHIME_PARTIALS_LOW, length_ms=1680, attack_ms=40),
    ),
    length_ms=2000,
    release_ms=300,
)

# A small bell: hum tone an octave below, a minor-third partial and a fifth, long decay.
BELL = CueDesign(
    name="bell",
    marks="the close of the session",
    strikes=(
        Strike(
            at_ms=0,
            partials=(
                Partial(392.0, 0.0, 3.5),
                Partial(196.0, -6.0, 4.0),
                Partial(470.4, -10.0, 2.5),
                Partial(588.0, -14.0, 2.0),
                Partial(784.0, -16.0, 1.5),
                Partial(980.0, -24.0, 1.0),
            ),
            length_ms=4000,
            attack_ms=50,
        ),
    ),
    length_ms=4000,
    release_ms=500,
)

# Short and quiet in character: a soft wooden knock that only says "time passes".
TICK = CueDesign(
    name="tick",
    marks="an interval inside a long phase",
    strikes=(
        Strike(
            at_ms=0,
            partials=(Partial(880.0, 0.0, 0.25), Partial(1760.0, -12.0, 0.12)),
            length_ms=450,
            attack_ms=50,
        ),
    ),
    length_ms=450,
    release_ms=120,
)

# A slow, low swell for the start of an in-breath: two close low partials under a long attack,
# so it rises like a breath rather than striking, and falls away as the out-breath begins.
SWELL = CueDesign(
    name="swell",
    marks="the start of an in-breath, in a paced breathing phase (when breath sounds are on)",
    strikes=(
        Strike(
            at_ms=0,
            partials=(Partial(174.6, 0.0, 2.4), Partial(175.4, -3.0, 2.4), Partial(349.2, -16.0, 1.4)),
            length_ms=2600,
            attack_ms=1100,
        ),
    ),
    length_ms=2600,
    release_ms=900,
)

DESIGNS: tuple[CueDesign, ...] = (BOWL, LOW, CHIME, BELL, TICK, SWELL)


def write_wav(segment: AudioSegment, path: Path) -> None:
    """Write mono 16-bit PCM with the stdlib, so the file is closed and the bytes are stable."""
    with open(path, "wb") as raw, wave.open(raw, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(segment.raw_data)


def make_all(out_dir: Path = SOUNDS_DIR) -> list[Path]:
    """Synthesize every cue into ``out_dir``; returns the written paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for design in DESIGNS:
        path = out_dir / f"{design.name}.wav"
        write_wav(synthesize(design), path)
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else SOUNDS_DIR
    for path in make_all(out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
