"""Getting a session's spoken guidance ready before it starts, without holding up the screen.

Every prompt the session may speak, the eyes-closed check-in's phrases and the soft tones are
made before the first phase, in a thread worker, so nothing at a boundary waits for a speech
engine. When it takes longer than a moment a calm line says how far it has got; ``g`` and ``c``
work throughout (``g`` leaves the preparation and grounds at once).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.widgets import Static

from pendulate.audio.clips import said
from pendulate.audio.phrases import DIGITS, EYES_CLOSED_PHRASES, NOTED, SKIPPED, target_phrases
from pendulate.tui.screens import SCREENS_CSS, PendulateScreen

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from pendulate.audio.cues import Pcm
    from pendulate.plan.build import Plan
    from pendulate.practice import Practice

log = logging.getLogger(__name__)

SHOW_AFTER = 0.3  # seconds of preparing before the progress line shows
NOT_READY = "The spoken guidance couldn't be made this time, so prompts stay as text."
# Said once each when an answer is confirmed: spoken at once, so any silence a clip starts with
# (the lead-in that lets a phase's cue sound first) is cut to a breath.
QUICK = frozenset(said(text) for text in (*DIGITS, NOTED, SKIPPED))
QUIET = 200  # of 32767: below this a sample counts as the clip's opening silence
KEEP_LEAD = 0.02  # seconds of silence left before a quick confirmation


class ClipMaker(Protocol):
    """Makes a session's spoken clips: ``(clips by key, calm notices)``. Called on a worker thread."""

    def __call__(
        self, *plans: Plan, model: str, extra: Iterable[str], progress: Callable[[int, int], None]
    ) -> tuple[MutableMapping[str, Pcm], list[str]]: ...


def voice_bank_clips(
    *plans: Plan, model: str, extra: Iterable[str], progress: Callable[[int, int], None]
) -> tuple[MutableMapping[str, Pcm], list[str]]:
    """The voice bank's clips, spoken by the engine found for ``model``, each kept on disk (an
    unlinked private file) from the moment it is made, so memory holds only the one spoken."""
    # start-up: the speech engines and decoders load only when a session speaks.
    from pendulate.audio.clipstore import ClipStore
    from pendulate.audio.speech import find_engine
    from pendulate.audio.voices import prepare_clips

    notices: list[str] = []
    engine = find_engine(Path(model) if model else None, on_notice=notices.append)
    made = prepare_clips(*plans, engine=engine, extra=extra, progress=progress, store=ClipStore())
    return made.clips, notices + made.notices


class Host(Protocol):
    """What of the app the preparation uses (the pendulate app)."""

    voice_model: str
    speech: bool

    @property
    def screen(self) -> Screen[Any]: ...

    def take_voice(self, clips: MutableMapping[str, Pcm]) -> None: ...

    def show_notice(self, text: str) -> None: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...

    def set_timer(self, delay: float, callback: Callable[[], object]) -> Timer: ...

    def run_worker(self, work: Callable[[], None], *, thread: bool, group: str, name: str) -> Any: ...

    def push_screen(self, screen: Screen[Any]) -> Any: ...

    def pop_screen(self) -> Any: ...


class PreparingScreen(PendulateScreen[None]):
    """One calm line while the spoken guidance is made; the safety keys work as everywhere."""

    CSS_PATH = SCREENS_CSS
    DEFAULT_CSS = """
    PreparingScreen { align: center middle; }
    #preparing { width: auto; color: $text-muted; }
    #preparing-keys { width: auto; margin-top: 1; }
    """
    BINDINGS = [Binding("c", "app.crisis", "crisis help")]

    def __init__(self, on_front: Callable[[], None]) -> None:
        super().__init__()
        self.on_front = on_front

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static("Getting the spoken guidance ready…", id="preparing")
        with Center():
            yield Static("g ground now · c crisis help", id="preparing-keys")

    def show(self, done: int, total: int) -> None:
        self.query_one("#preparing", Static).update(f"Getting the spoken guidance ready… {done} of {total}")

    def on_screen_resume(self) -> None:
        # Crisis help opened over this line and closed: the session may have been waiting for it.
        self.on_front()


class VoicePrep:
    """The app's one preparation at a time: started before a session, dropped by ``g``."""

    def __init__(self, app: Host, maker: ClipMaker | None) -> None:
        self.app = app
        self.maker = maker or voice_bank_clips
        self._token = 0  # the preparation whose result still counts
        self._screen: PreparingScreen | None = None
        self._ready: Callable[[], None] | None = None  # waiting for the line to be in front
        self._making: int | None = None  # the preparation still under way
        self.progress: tuple[int, int] | None = None

    @property
    def busy(self) -> bool:
        return self._ready is not None or self._screen is not None

    def before(self, practice: Practice, show: Callable[[], None], at_once: bool) -> None:
        """Prepare ``practice``'s voice, then ``show`` its screen; ``at_once`` (grounding now):
        the screen first, and the voice joins it when ready."""
        if at_once:
            show()
        self.start(practice, None if at_once else show, self.app.speech)

    def start(self, practice: Practice, ready: Callable[[], None] | None, speech: bool) -> None:
        """Make the clips for ``practice`` (``speech``: spoken ones too, not just the tones), give
        them to the player, then call ``ready`` (None: the session is already running)."""
        self._token += 1
        token, app, maker = self._token, self.app, self.maker
        model = app.voice_model
        plans = tuple(plan for plan in (practice.plan, practice.stop_plan) if plan is not None)

        def progress(done: int, total: int) -> None:
            app.call_from_thread(self._progress, token, done, total)

        def work() -> None:
            clips: MutableMapping[str, Pcm] = {}
            notices: list[str] = []
            if speech:
                try:
                    extra = EYES_CLOSED_PHRASES + target_phrases((t.name, t.kind) for t in practice.targets)
                    clips, notices = maker(*plans, model=model, extra=extra, progress=progress)
                except Exception:  # the one boundary: a voice that can't be made never stops a session
                    log.exception("spoken guidance not prepared")
                    clips, notices = {}, [NOT_READY]
            from pendulate.audio.tones import add_tones

            quick_starts(add_tones(clips))
            app.call_from_thread(self._done, token, clips, notices, ready)

        self._ready = None
        self._making = token
        if ready is not None:
            app.set_timer(SHOW_AFTER, lambda: self._show(token))
        app.run_worker(work, thread=True, group="voice-prep", name="spoken guidance")

    def cancel(self) -> None:
        """Forget the preparation under way (``g``: grounding starts now, without it). Its line
        stays for the grounding practice's screen to take its place."""
        self._token += 1
        self._ready = self._making = None
        self._screen = None

    def _show(self, token: int) -> None:
        if token != self._token or self._making != token or self._screen is not None:
            return  # done already (or dropped): no line for it
        self._screen = PreparingScreen(lambda: self._front(token))
        self.app.push_screen(self._screen)
        if self.progress is not None:
            self._screen.call_after_refresh(self._screen.show, *self.progress)

    def _progress(self, token: int, done: int, total: int) -> None:
        if token != self._token:
            return
        self.progress = (done, total)
        if self._screen is not None and self._screen.is_mounted:
            self._screen.show(done, total)

    def _done(
        self, token: int, clips: MutableMapping[str, Pcm], notices: list[str], ready: Callable[[], None] | None
    ) -> None:
        if token != self._token:
            return
        self.progress = None
        self._making = None
        app = self.app
        app.take_voice(clips)
        for text in notices:
            app.show_notice(text)
        if ready is None:
            return
        self._ready = ready
        self._front(token)

    def _front(self, token: int) -> None:
        """Start the session once this line (or nothing of ours) is in front: never under crisis help."""
        if token != self._token or self._ready is None:
            return
        if self._screen is not None and self.app.screen is not self._screen:
            return  # crisis help is open over it: the session starts when it closes
        ready, self._ready = self._ready, None
        self._close()
        ready()

    def _close(self) -> None:
        # Only from the front: under crisis help it stays, and g's unwinding takes it with the rest.
        screen, self._screen = self._screen, None
        if screen is not None and self.app.screen is screen:
            self.app.pop_screen()


def quick_starts(clips: MutableMapping[str, Pcm]) -> MutableMapping[str, Pcm]:
    """``clips`` with the opening silence of each quick confirmation cut to a breath (in place)."""
    import array
    import sys

    from pendulate.audio.cues import Pcm  # start-up: loaded with the session's cues already

    out = clips
    for key in QUICK & set(out):
        clip = out[key]
        samples = array.array("h")
        samples.frombytes(clip.data[: len(clip.data) - len(clip.data) % 2])
        if sys.byteorder != "little":  # pragma: no cover - clips are little-endian
            samples.byteswap()
        first = next((i for i, x in enumerate(samples) if not -QUIET < x < QUIET), len(samples))
        frame = first // clip.channels - int(KEEP_LEAD * clip.rate)
        if frame > 0:
            out[key] = Pcm(clip.data[frame * 2 * clip.channels :], clip.channels, clip.rate)
    return out
