"""Speech engines: a prompt's text → a mono 22050 Hz clip, levelled like the cues.

Two engines run on the person's own machine and nothing is ever downloaded:

- espeak-ng, when installed (the text goes in on stdin, so a prompt starting with "-" is never
  read as an option);
- Piper, only when the person has configured a voice model file (``.onnx`` with its
  ``.onnx.json`` beside it), through the ``piper`` Python package (the ``piper`` extra,
  ``pip install 'pendulate[piper]'``) or a ``piper`` command on the PATH.

:class:`FakeSpeaker` stands in for both in tests. Engines are found and loaded only when a
session or a command needs speech; nothing here is imported by the library screen.
"""

from __future__ import annotations

import array
import importlib
import io
import math
import shutil
import subprocess
import tempfile
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from pendulate.audio.cues import CueLoadError, Pcm, load_wav
from pendulate.audio.samples import speech_clip

SPEECH_RATE = 22050  # spoken clips are mono at this rate (simpleaudio plays it; half 44.1 kHz's memory)
WORDS_PER_MINUTE = 140  # unhurried
TIMEOUT = 60.0  # seconds one prompt may take an engine before it is given up


class SpeechUnavailable(Exception):
    """A speech engine is not installed or configured, or could not speak a prompt."""


class Speaker(Protocol):
    """Speaks one prompt: ``speaker(text)`` → mono s16 at :data:`SPEECH_RATE`, levelled like the cues.

    Raises :class:`SpeechUnavailable` (with one calm sentence) when it cannot.
    """

    name: str

    def __call__(self, text: str) -> Pcm: ...


def finish(pcm: Pcm) -> Pcm:
    """An engine's raw output made into a spoken clip: mono, at the speech rate, levelled."""
    return speech_clip(pcm, SPEECH_RATE)


def _run(argv: list[str], text: str, timeout: float) -> None:
    name = Path(argv[0]).name
    try:
        subprocess.run(argv, input=text.encode(), capture_output=True, check=True, timeout=timeout)
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode(errors="replace").strip().splitlines()
        raise SpeechUnavailable(f"{name} could not speak: {detail[-1] if detail else exc}") from None
    except subprocess.TimeoutExpired:
        raise SpeechUnavailable(f"{name} took longer than {timeout:g} s to speak a prompt") from None
    except OSError as exc:
        raise SpeechUnavailable(f"{name} could not speak: {exc.strerror or exc}") from None


def _read_spoken(path: Path, engine: str) -> Pcm:
    try:
        return load_wav(path)
    except CueLoadError as exc:
        raise SpeechUnavailable(f"{engine} wrote no usable sound: {exc.why}") from None


class EspeakSpeaker:
    """espeak-ng, as a process per prompt (about a twentieth of a second for a sentence here)."""

    name = "espeak-ng"

    def __init__(self, espeak: str | None = None, *, timeout: float = TIMEOUT):
        found = espeak or shutil.which("espeak-ng")
        if found is None:
            raise SpeechUnavailable("espeak-ng is not installed (e.g. apt install espeak-ng)")
        self.espeak: str = found
        self.timeout = timeout

    def __call__(self, text: str) -> Pcm:
        with tempfile.TemporaryDirectory(prefix="pendulate-voice-") as tmp:
            spoken = Path(tmp) / "spoken.wav"
            _run([self.espeak, "-s", str(WORDS_PER_MINUTE), "-w", str(spoken), "--stdin"], text, self.timeout)
            return finish(_read_spoken(spoken, self.name))


def model_problem(model: Path) -> str | None:
    """Why ``model`` is not a usable Piper voice (one sentence), or None."""
    shown = str(model)
    if model.suffix != ".onnx":
        return f"the voice model {shown} is not an .onnx file; Piper's voices are a .onnx file with its .onnx.json"
    if not model.is_file():
        return f"the voice model {shown} does not exist"
    if not config_of(model).is_file():
        return f"the voice model {shown} has no {config_of(model).name} beside it; Piper needs both files"
    return None


def config_of(model: Path) -> Path:
    """The ``.onnx.json`` that describes the voice in ``model``."""
    return model.with_name(model.name + ".json")


def _piper_module() -> Any | None:
    """The ``piper`` package of piper-tts (not the unrelated package of the same name), or None."""
    try:
        module = importlib.import_module("piper")
    except Exception:  # an absent or broken install: the command is tried instead
        return None
    return module if hasattr(module, "PiperVoice") else None


class PiperSpeaker:
    """Piper with the person's own voice model, through the Python package or the command."""

    name = "piper"

    def __init__(self, model: Path, *, command: str | None = None, timeout: float = TIMEOUT):
        problem = model_problem(model)
        if problem is not None:
            raise SpeechUnavailable(problem[0].upper() + problem[1:] + ".")
        self.model = model
        self.timeout = timeout
        self._voice: Any | None = None
        self.command: str | None = None
        module = None if command else _piper_module()
        if module is not None:
            try:
                self._voice = module.PiperVoice.load(str(model), config_path=str(config_of(model)))
            except Exception as exc:  # a damaged model: one sentence, and espeak-ng can speak instead
                raise SpeechUnavailable(f"Piper could not load the voice model {model} ({exc}).") from None
            return
        self.command = command or shutil.which("piper")
        if self.command is None:
            raise SpeechUnavailable(
                "Piper is not installed (pip install 'pendulate[piper]', or a piper command on the PATH)."
            )

    def __call__(self, text: str) -> Pcm:
        if self._voice is not None:
            return finish(self._synthesize(text))
        assert self.command is not None
        with tempfile.TemporaryDirectory(prefix="pendulate-voice-") as tmp:
            spoken = Path(tmp) / "spoken.wav"
            argv = [self.command, "-m", str(self.model), "-c", str(config_of(self.model)), "-f", str(spoken)]
            _run(argv, text, self.timeout)
            return finish(_read_spoken(spoken, self.name))

    def _synthesize(self, text: str) -> Pcm:
        buffer = io.BytesIO()
        try:
            with wave.open(buffer, "wb") as writer:
                speak = getattr(self._voice, "synthesize_wav", None) or self._voice.synthesize  # type: ignore[union-attr]
                speak(text, writer)
            buffer.seek(0)
            with wave.open(buffer, "rb") as reader:
                if reader.getsampwidth() != 2:
                    raise SpeechUnavailable("Piper wrote sound in a format pendulate does not read.")
                return Pcm(reader.readframes(reader.getnframes()), reader.getnchannels(), reader.getframerate())
        except SpeechUnavailable:
            raise
        except Exception as exc:  # the engine is someone else's code: one sentence, never a traceback
            raise SpeechUnavailable(f"Piper could not speak: {exc}") from None


class FakeSpeaker:
    """A speech engine for tests: instant, a soft tone about a third of a second a word.

    ``said`` lists every text it was asked to speak; texts in ``refuse`` raise
    :class:`SpeechUnavailable` as a broken engine would.
    """

    def __init__(self, name: str = "fake", *, seconds_per_word: float = 0.3, refuse: tuple[str, ...] = ()):
        self.name = name
        self.seconds_per_word = seconds_per_word
        self.refuse = refuse
        self.said: list[str] = []

    def seconds(self, text: str) -> float:
        """How long this engine's clip of ``text`` lasts."""
        return 0.2 + self.seconds_per_word * max(1, len(text.split()))

    def __call__(self, text: str) -> Pcm:
        self.said.append(text)
        if text in self.refuse:
            raise SpeechUnavailable(f"{self.name} could not speak: refused for the test")
        frames = round(self.seconds(text) * SPEECH_RATE)
        step = 2 * math.pi * 330.0 / SPEECH_RATE
        tone = [round(3000 * math.sin(i * step)) for i in range(frames)]
        return finish(Pcm(array.array("h", tone).tobytes(), 1, SPEECH_RATE))


def find_engine(model: Path | None, *, on_notice: Callable[[str], None] | None = None) -> Speaker | None:
    """The speech engine to use: Piper when ``model`` is given and usable, else espeak-ng, else None.

    ``on_notice`` hears one calm sentence when a configured Piper voice cannot be used (the
    session then speaks with espeak-ng, or shows its prompts as text).
    """
    if model is not None:
        try:
            return PiperSpeaker(model)
        except SpeechUnavailable as exc:
            if on_notice is not None:
                on_notice(str(exc))
    try:
        return EspeakSpeaker()
    except SpeechUnavailable:
        return None


NO_ENGINE = "No speech engine is installed (espeak-ng); prompts will be shown as text."
