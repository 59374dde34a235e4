"""The eyes-closed check-in: what is spoken, and when, while the person answers by keys alone.

The check-in screen tells this helper what happened (a question came up, a rating or a choice
was given, Enter, Escape, any key); it decides what is heard. Each question is spoken as it
comes up; an answer is confirmed by voice (its number or its word) or, when no voice was
prepared, by a soft tone that rises with the number. A check-in left quiet brings one gentle
sound after a while and, after longer, one spoken line; never more than once each, and never a
count of the time. It also measures how long the check-in waited for its first key, on the
app's clock, whether or not eyes-closed mode is on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from typing import TYPE_CHECKING, Protocol

from pendulate.audio import phrases, tones
from pendulate.audio.clips import said

if TYPE_CHECKING:
    from textual.timer import Timer

    from pendulate.audio.cues import Pcm
    from pendulate.audio.player import Player
    from pendulate.engine.clock import Clock


class Host(Protocol):
    """What of the app the eyes-closed check-in uses (the pendulate app; a small one in tests)."""

    clock: Clock
    player: Player | None
    eyes_closed: bool

    @property
    def voice_clips(self) -> MutableMapping[str, Pcm]: ...

    def take_voice(self, clips: MutableMapping[str, Pcm]) -> None: ...

    def set_timer(self, delay: float, callback: Callable[[], object]) -> Timer: ...


GENTLE_AFTER = 20.0  # seconds without a key before the gentle sound
REMIND_AFTER = 60.0  # … before the spoken line; each further round comes this much later
# How many rounds of the two one check-in gives, unless the script says (``audio: reminders``).
NUDGES = 1


class EyesClosed:
    """Speech for one check-in, and the wait before its first key."""

    def __init__(self, app: Host) -> None:
        self.app = app
        self.opened = app.clock.now()
        self.first_key: float | None = None
        self._last_key = self.opened
        self._given = {"gentle": 0, "remind": 0}
        self.holding = False  # keys typed ahead are being taken: no question is asked meanwhile
        practice = getattr(app, "practice", None)
        self.rounds = practice.script.audio.reminders if practice is not None else NUDGES
        self._then: list[str] = []  # keys to speak once the one speaking now has finished
        self._queue_timer: Timer | None = None
        self._nudge_timer: Timer | None = None

    # ----- what the screen reports -------------------------------------------------------

    @property
    def on(self) -> bool:
        return bool(self.app.eyes_closed) and self.app.player is not None

    @property
    def waited(self) -> float | None:
        """Seconds from the check-in coming up to its first key; None before any key."""
        return None if self.first_key is None else max(0.0, self.first_key - self.opened)

    def key(self) -> None:
        """Any key: the first one ends the wait; each one puts off the reminders."""
        now = self.app.clock.now()
        if self.first_key is None:
            self.first_key = now
        self._last_key = now
        self._schedule()

    def asked(self, step: str | None, text: str | None = None) -> None:
        """The question ``step`` is on screen (None: everything asked, ready to save); ``text``:
        its words when they are not the step's own (a homework target, asked by its name)."""
        if not self.on or step is None or self.holding:
            return
        text = text if text is not None else phrases.question(step)
        if text is not None:
            self._say_after(said(text))
        self._schedule()

    def rated(self, value: int) -> None:
        """A rating of ``value`` was given: said (or its tone), before the next question."""
        if self.on:
            self._speak(self._voice_or(said(phrases.number(value)), tones.tone_key(value)))

    def chose(self, step: str, value: object) -> None:
        """``value`` was chosen on ``step``: its words (or the confirming tone), before the next question."""
        words = phrases.choice(step, value)
        if self.on:
            self._speak(self._voice_or(said(words) if words else None, tones.CONFIRM))

    def noted(self) -> None:
        if self.on:
            self._speak(self._voice_or(said(phrases.NOTED), tones.CONFIRM))

    def skipped(self) -> None:
        if self.on:
            self._speak(self._voice_or(said(phrases.SKIPPED), tones.SKIPPED))

    def start(self) -> None:
        """The check-in is up: the reminders are set."""
        self._schedule()

    def stop(self) -> None:
        """The check-in closed: nothing more is said for it."""
        for timer in (self._queue_timer, self._nudge_timer):
            if timer is not None:
                timer.stop()
        self._queue_timer = self._nudge_timer = None
        self._then = []

    # ----- the reminders -----------------------------------------------------------------

    def tick(self) -> None:
        """Give a reminder that has come due (a timer calls this; tests call it after moving the clock)."""
        if not self.on:
            return
        quiet = self.app.clock.now() - self._last_key
        remind, gentle = self._due("remind"), self._due("gentle")
        if remind is not None and quiet >= remind:
            self._given["remind"] += 1
            # Never the gentle sound of a round after its spoken line.
            self._given["gentle"] = max(self._given["gentle"], self._given["remind"])
            self._speak(self._voice_or(said(phrases.TAKE_YOUR_TIME), tones.GENTLE))
        elif gentle is not None and quiet >= gentle:
            self._given["gentle"] += 1
            self._speak(tones.GENTLE)
        self._schedule()

    def _due(self, name: str) -> float | None:
        """Seconds of quiet after which the next ``name`` reminder comes, or None when all were given."""
        given = self._given[name]
        if given >= self.rounds:
            return None
        return given * REMIND_AFTER + (GENTLE_AFTER if name == "gentle" else REMIND_AFTER)

    def _schedule(self) -> None:
        if self._nudge_timer is not None:
            self._nudge_timer.stop()
            self._nudge_timer = None
        if not self.on:
            return
        due = [after for after in (self._due("gentle"), self._due("remind")) if after is not None]
        if not due:
            return
        wait = self._last_key + min(due) - self.app.clock.now()
        rate = getattr(self.app.clock, "rate", 1.0) or 1.0
        self._nudge_timer = self.app.set_timer(max(0.05, wait / rate), self.tick)

    # ----- speaking ----------------------------------------------------------------------

    def _has(self, key: str) -> bool:
        return key in self.app.voice_clips

    def _voice_or(self, voice: str | None, tone: str) -> str:
        return voice if voice is not None and self._has(voice) else tone

    def _say_after(self, key: str) -> None:
        """``key`` now, or straight after what is being said for this check-in."""
        if self._queue_timer is not None:
            self._then.append(key)
        else:
            self._speak(key)

    def _speak(self, key: str) -> None:
        player = self.app.player
        if player is None:
            return
        if self._queue_timer is not None:
            self._queue_timer.stop()
            self._queue_timer = None
        self._then = []
        player.speak(key)
        seconds = clip_seconds(self.app.voice_clips, key)
        if seconds is not None:
            self._queue_timer = self.app.set_timer(max(0.01, seconds), self._next)

    def _next(self) -> None:
        self._queue_timer = None
        if self._then:
            key, *rest = self._then
            self._speak(key)
            self._then = rest


ON_NOTICE = "Eyes-closed mode on: each check-in question is spoken, and your answers confirmed."
OFF_NOTICE = "Eyes-closed mode off: check-ins are read on screen."


def clip_seconds(clips: Mapping[str, Pcm], key: str) -> float | None:
    """How long clip ``key`` lasts, without reading a clip kept on disk back into memory."""
    if key not in clips:
        return None
    seconds = getattr(clips, "seconds", None)  # a ClipStore knows without reading the samples
    return float(seconds(key)) if seconds is not None else clips[key].seconds


def toggle(app: Host) -> str:
    """Turn eyes-closed mode over for the rest of this run, say so, and return the calm line for the screen."""
    player = app.player
    app.eyes_closed = on = not app.eyes_closed
    if player is None or not player.available:
        return f"{ON_NOTICE if on else OFF_NOTICE} Sound isn't available here, so nothing can be heard."
    if on and tones.CONFIRM not in app.voice_clips:
        app.take_voice(tones.add_tones(app.voice_clips))  # a few hundredths of a second
    words = said(phrases.EYES_CLOSED_ON if on else phrases.EYES_CLOSED_OFF)
    player.speak(words if words in app.voice_clips else tones.CONFIRM if on else tones.SKIPPED)
    return ON_NOTICE if on else OFF_NOTICE
