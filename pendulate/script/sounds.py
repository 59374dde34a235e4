"""What a sound file must be for pendulate to play it as a cue, checked when a script is read.

The sound library (simpleaudio) plays signed-integer PCM WAV files, mono or stereo, at a fixed
list of sample rates and refuses every other rate; a cue it refuses would stay silent in the
middle of a session. ``pendulate validate`` says so first, at the line that names the file.
The player in :mod:`pendulate.audio` keeps to the same rules, so a file that passes here plays.
"""

from __future__ import annotations

from pathlib import Path

from pendulate import paths

# The rates simpleaudio 1.0.4 accepts (its play_buffer refuses any other with "Weird sample
# rates are not supported"); a test plays each on the silent ALSA device to keep this true.
SUPPORTED_RATES: tuple[int, ...] = (8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000, 192000)
SAMPLE_WIDTHS = (1, 2, 3, 4)  # bytes per sample: 8-, 16-, 24- and 32-bit integer PCM
CHANNELS = (1, 2)
SAVE_HINT = "save it again as a WAV file (PCM, 16-bit, mono or stereo) at 44.1 or 48 kHz"
# A cue marks a moment: a bell, a bowl, a soft tone. Every cue is decoded into memory before a
# session starts, so a long recording would keep the person waiting (a 34 MB file took 2.3 s)
# and hold that memory for the whole session.
MAX_CUE_SECONDS = 30


def rates_text() -> str:
    """The supported rates in kHz, as a person would say them: "8, 11.025, …, 96 or 192 kHz"."""
    shown = [f"{rate / 1000:g}" for rate in SUPPORTED_RATES]
    return ", ".join(shown[:-1]) + f" or {shown[-1]} kHz"


def rate_problem(rate: int) -> str | None:
    """Why a sample rate can't be played ("has a sample rate of …"), or None when it can."""
    if rate in SUPPORTED_RATES:
        return None
    return f"has a sample rate of {rate} Hz, which can't be played (the rates that play are {rates_text()})"


def length_problem(frames: int, rate: int) -> str | None:
    """Why a cue is too long to be one ("lasts …"), or None when it is short enough."""
    seconds = frames / rate if rate > 0 else 0.0
    if seconds <= MAX_CUE_SECONDS:
        return None
    return f"lasts {seconds:.0f} seconds; a cue can last at most {MAX_CUE_SECONDS} seconds"


LENGTH_HINT = "a cue is a short sound that marks a moment: trim it to a few seconds (for example in Audacity)"


def wav_problem(path: Path) -> tuple[str, str] | None:
    """``(what is wrong, how to fix it)`` when ``path`` is not a WAV file pendulate can play.

    Only the header is read: the channels, the sample width, the rate and the length.
    """
    import wave  # start-up: loaded only for a script that names a sound file of its own

    try:
        with path.open("rb") as raw, wave.open(raw, "rb") as reader:
            channels = reader.getnchannels()
            width = reader.getsampwidth()
            rate = reader.getframerate()
            frames = reader.getnframes()
    except OSError as error:
        return f"can't be read: {paths.os_error_reason(error)}", paths.os_error_hint(error) or SAVE_HINT
    except (EOFError, wave.Error) as error:
        detail = f" ({error})" if str(error) else ""
        return f"is not a PCM WAV file that can be played{detail}", SAVE_HINT
    if channels not in CHANNELS:
        return f"has {channels} channels; a cue is mono or stereo", SAVE_HINT
    if width not in SAMPLE_WIDTHS:
        return f"uses {8 * width}-bit samples, which can't be played", SAVE_HINT
    why = rate_problem(rate)
    if why is not None:
        return why, "save it again at one of these rates (44.1 or 48 kHz is usual), for example in Audacity"
    if frames == 0:
        return "holds no sound (it is empty)", SAVE_HINT
    too_long = length_problem(frames, rate)
    if too_long is not None:
        return too_long, LENGTH_HINT
    return None
