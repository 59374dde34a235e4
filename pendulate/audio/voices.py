"""The voice bank: every clip a session may speak, made before it starts and kept within a budget.

For each phase: its recording (``voice:``), which is then its guidance, or else each of its
prompts read by the speech engine. Recordings are decoded and texts synthesized here, once,
so nothing at a phase boundary waits for a decoder or an engine. Clips are keyed only through
:mod:`pendulate.audio.clips`.

A phase's clips start with :data:`SPEECH_LEAD` of silence, so its cue sounds first and the
voice comes in after it. The ``extra`` phrases (the eyes-closed check-in's words) answer a key
press and have no lead-in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from pendulate.audio import clips as keys
from pendulate.audio.cues import CueLoadError, Pcm
from pendulate.audio.samples import silence
from pendulate.audio.speech import SPEECH_RATE, Speaker, SpeechUnavailable
from pendulate.plan.build import Plan

SPEECH_LEAD = 1.2  # seconds of silence before a phase's voice, so its cue is heard first
BUDGET = 48 * 2**20  # bytes of spoken clips a session may hold (about 18 minutes of speech)
MAX_RECORDING = 600.0  # seconds; the validator says so for a longer one
RECORDING = "recording"
TEXT_ONLY = "text only"
UNREADABLE = "The recording "  # how the notice of a recording that can't be read begins


@dataclass(frozen=True)
class SpokenItem:
    """One clip a session may speak: a phase's recording (``path``) or a text the engine reads."""

    key: str
    text: str  # the words: a prompt's text; for a recording, its phase's prompts (read if it can't be)
    path: str | None = None  # the recording, as the plan names it
    lead: bool = True  # a phase's guidance starts after the cue; an extra phrase at once


@dataclass
class Clips:
    """The clips made for a session, what made each one, and what to tell the person."""

    # Any mapping: a ClipStore keeps each clip on disk from the moment it is made.
    clips: MutableMapping[str, Pcm] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)  # recording path → why it could not be read
    size: int = 0  # bytes of the clips added (counted as they come: a store on disk is not read back)

    def add(self, key: str, clip: Pcm) -> None:
        self.clips[key] = clip
        self.size += len(clip.data)

    def source(self, key: str) -> str:
        """What speaks ``key``: "recording", the engine's name ("espeak-ng", "piper"), or "text only"."""
        return self.sources.get(key, TEXT_ONLY)


def spoken_items(*plans: Plan) -> list[SpokenItem]:
    """What a session of ``plans`` may speak, in order, each clip once.

    A phase with a recording is spoken by it (its prompts are then shown as text); every other
    phase's prompts are read by the engine, the same words sharing one clip.
    """
    items: dict[str, SpokenItem] = {}
    for plan in plans:
        for step in plan.phases():
            if step.voice is not None:
                key = keys.recorded(step.voice)
                words = " ".join(prompt.text for prompt in step.prompts)
                items.setdefault(key, SpokenItem(key, words, path=step.voice))
                continue
            for prompt in step.prompts:
                key = keys.said(prompt.text)
                items.setdefault(key, SpokenItem(key, prompt.text))
    return list(items.values())


def load_recording(path: Path) -> Pcm:
    """A recording decoded to a spoken clip: mono, 22050 Hz, levelled and faded.

    Raises :class:`CueLoadError` saying what is wrong with the file.
    """
    from pendulate.audio.decode import load_sound  # start-up: loaded with the first recording

    return load_sound(path, rate=SPEECH_RATE, channels=1, max_seconds=MAX_RECORDING)


def prepare_clips(
    *plans: Plan,
    engine: Speaker | None,
    extra: Iterable[str] = (),
    progress: Callable[[int, int], None] | None = None,
    budget: int = BUDGET,
    store: MutableMapping[str, Pcm] | None = None,
) -> Clips:
    """Decode the recordings and synthesize the texts of ``plans`` (and ``extra``) before a session.

    Each clip goes into ``store`` as soon as it is made (a dict by default; the app passes a
    :class:`~pendulate.audio.clipstore.ClipStore`, so they wait on disk, not in memory).

    Within ``budget`` bytes: once it is reached, the rest stay text (one notice says so).
    A recording that can't be read is read by ``engine`` instead, with a notice; an engine that
    can't speak is not asked again. ``progress(done, total)`` follows each clip.
    """
    items = spoken_items(*plans)
    known = {item.key for item in items}
    for text in extra:
        key = keys.said(text)
        if key not in known:
            known.add(key)
            items.append(SpokenItem(key, text, lead=False))
    bank = Clips() if store is None else Clips(clips=store)
    maker = ClipMaker(engine, bank)
    left_as_text = 0
    for done, item in enumerate(items, start=1):
        if left_as_text or bank.size >= budget:
            left_as_text += 1
        else:
            clip = maker.make(item)
            if clip is not None:
                if bank.size + len(clip.data) > budget:
                    left_as_text += 1
                    bank.sources.pop(item.key, None)
                else:
                    bank.add(item.key, clip)
        if progress is not None:
            progress(done, len(items))
    if left_as_text:
        bank.notices.append(
            f"The spoken clips reached their memory limit ({budget / 2**20:.0f} MiB); "
            f"{left_as_text} more will be shown as text."
        )
    return bank


class ClipMaker:
    """Makes one clip at a time (lead-in included), noting in ``bank`` what made it and any trouble.

    An engine that can't speak is not asked again. The renderer uses it to make each clip
    when it comes due, so a long file never holds more than the clips sounding.
    """

    def __init__(self, engine: Speaker | None, bank: Clips | None = None):
        self.bank = bank if bank is not None else Clips()
        self.engine = engine

    def make(self, item: SpokenItem) -> Pcm | None:
        """The clip of ``item``, or None when it stays text."""
        pcm = self._make(item)
        if pcm is None or not item.lead:
            return pcm
        return Pcm(silence(SPEECH_LEAD, SPEECH_RATE) + pcm.data, 1, SPEECH_RATE)

    def _make(self, item: SpokenItem) -> Pcm | None:
        if item.path is not None:
            try:
                pcm = load_recording(Path(item.path))
            except CueLoadError as exc:
                if item.path not in self.bank.unreadable:
                    self.bank.unreadable[item.path] = exc.why
                    instead = f"; {self.engine.name} reads its prompts instead" if self.engine and item.text else ""
                    self.bank.notices.append(f"{UNREADABLE}{item.path} could not be read ({exc.why}){instead}.")
            else:
                self.bank.sources[item.key] = RECORDING
                return pcm
        return self._speak(item)

    def _speak(self, item: SpokenItem) -> Pcm | None:
        if self.engine is None or not item.text.strip():
            return None
        try:
            pcm = self.engine(item.text)
        except SpeechUnavailable as exc:
            self.bank.notices.append(f"{exc}; the prompts left will be shown as text.")
            self.engine = None
            return None
        self.bank.sources[item.key] = self.engine.name
        return pcm
