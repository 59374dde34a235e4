"""One factory builds the app, for the command line and for the tests alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from datetime import datetime

    from pendulate.audio.player import Player
    from pendulate.engine.clock import Clock
    from pendulate.script.library import SkippedScript
    from pendulate.script.model import Script
    from pendulate.settings import Settings
    from pendulate.store.store import Store
    from pendulate.tui.app import PendulateApp
    from pendulate.tui.library_index import Entry
    from pendulate.tui.voice_prep import ClipMaker

STORE_UNAVAILABLE = "Your practice log can't be opened ({why}). You can practise, but this session won't be saved."


def open_store() -> tuple[Store | None, str | None]:
    """The practice log, or None and one calm sentence saying why not."""
    # start-up: the log opens after the library's first frame.
    from pendulate.store.db import StoreError
    from pendulate.store.store import INTERACTIVE_WAIT_MS, Store

    try:
        store = Store.open()
    except (StoreError, OSError) as error:
        return None, STORE_UNAVAILABLE.format(why=str(error).rstrip("."))
    try:
        # Read page by page before anything is written into it: a damaged log is offered the
        # same way out as one that can't be opened at all.
        store.quick_check()
    except StoreError as error:
        store.close()
        return None, STORE_UNAVAILABLE.format(why=str(error).rstrip("."))
    # Another program holding the log's lock must never freeze a screen: the app's own small
    # writes wait at most a moment, and what can't be saved is kept for this run.
    store.write_wait_ms = INTERACTIVE_WAIT_MS
    try:
        store.mark_interrupted()
    except StoreError as error:
        if error.kind == "busy":
            # Another program holds the write lock: only this tidy-up waits for the next start
            # (a cut-short session already reads as interrupted); the log itself is fine.
            import logging  # loaded already: the app's log goes to a file

            logging.getLogger(__name__).warning("interrupted sessions not marked: %s", error)
            return store, None
        store.close()  # damaged or read-only: the session would not be saved in it
        return None, STORE_UNAVAILABLE.format(why=str(error).rstrip("."))
    return store, None


class Catalogue:
    """The library read once for both what it lists and the person's files it leaves out."""

    def __init__(self) -> None:
        self._left_out: list[SkippedScript] = []

    def scripts(self) -> list[Script]:
        # start-up: the scripts are read after the library's first frame.
        from pendulate.catalogue.scripts import library
        from pendulate.script.sounds import headers_later

        with headers_later():  # no ffprobe before the first key: a session's preparation reads them
            found = library()
        self._left_out = found.skipped
        return found.scripts

    def left_out(self) -> list[SkippedScript]:
        """The files left out at the last :meth:`scripts`."""
        return self._left_out


def build_app(
    *,
    clock: Clock | None = None,
    player: Player | None = None,
    store: Store | None | Literal["open"] = "open",
    settings: Settings | None = None,
    scripts: Callable[[], list[Script]] | None = None,
    stop_script: Script | None = None,
    start_script: Script | None = None,
    speed: float = 1.0,
    plain: bool = False,
    reduced_motion: bool | None = None,
    mute: bool | None = None,
    volume: int | None = None,
    eyes_closed: bool | None = None,
    speech: bool | None = None,
    voice_model: str | None = None,
    clip_maker: ClipMaker | None = None,
    wall_clock: Callable[[], datetime] | None = None,
    early_library: bool = False,
) -> PendulateApp:
    """Everything the app needs is decided here; tests pass a fake clock, a recording player
    and a store in a temporary folder.

    With ``early_library`` (``pendulate`` with no command) the library's first frame is drawn
    from the index kept at the last start, when there is a valid one, and the log, the sound
    device, the settings and the scripts are loaded right after that frame.

    ``eyes_closed``, ``speech`` and ``voice_model`` override the settings for this run only;
    ``clip_maker`` prepares the spoken clips before a session (tests pass a fake one).
    """
    # start-up: `pendulate --help` and the other commands never load the interface.
    from pendulate.engine.clock import MonotonicClock, ScaledClock
    from pendulate.tui.app import PendulateApp

    clock = clock or MonotonicClock()
    if speed != 1.0:
        clock = ScaledClock(clock, speed)
    catalogue = Catalogue()
    app = PendulateApp(
        clip_maker=clip_maker,
        clock=clock,
        scripts=scripts or catalogue.scripts,
        left_out=list if scripts else catalogue.left_out,
        start_script=start_script,
        plain=plain,
        **({"wall_clock": wall_clock} if wall_clock is not None else {}),
    )

    def load_services() -> None:
        """Settings, the sound player, the log and the stop script, handed to the app."""
        nonlocal settings, player, store, stop_script
        # start-up: loaded after the library's first frame when it is drawn early.
        from pendulate import settings as settings_mod
        from pendulate.memory import limit_arenas

        limit_arenas()
        settings = settings or settings_mod.load()
        if volume is not None:
            settings.volume = max(0, min(100, volume))
        if player is None:
            from pendulate.audio import make_player  # start-up: opens the sound device

            player = make_player(mute=settings.mute if mute is None else mute, volume=settings.volume)
        problem = None
        notices: tuple[str, ...] = ()
        if isinstance(store, str):  # "open": a real start, with the person's own data folder
            from pendulate.logsetup import previous_fault

            store, problem = open_store()
            fault = previous_fault()
            notices = (fault,) if fault else ()
        if stop_script is None:
            from pendulate.script.library import stop_ground  # start-up: reads a script file

            stop_script = stop_ground()
        app.attach_services(
            player=player,
            store=store,
            settings=settings,
            stop_script=stop_script,
            reduced_motion=settings.reduced_motion if reduced_motion is None else reduced_motion,
            store_problem=problem,
            notices=notices,
            # This run only: kept by the app, never written into the settings.
            eyes_closed=settings.eyes_closed if eyes_closed is None else eyes_closed,
            speech=settings.speech if speech is None else speech,
            voice_model=settings.voice_model if voice_model is None else voice_model,
        )

    if early_library and start_script is None:
        entries = _early_entries(plain)
        if entries is not None:
            app.open_library_early(entries, load_services)
            return app
    load_services()
    return app


def _early_entries(plain: bool) -> list[Entry] | None:
    """The library's lines when they can be drawn before anything loads: from the index kept at
    the last start, or else, for someone whose log says the first-run statement was accepted and
    who has no scripts or homework of their own, from the built-in lines shipped with pendulate.
    None: the long way (everything loaded first, and the statement shown if it is due)."""
    # start-up: only for the early library
    from pendulate.tui import library_index

    entries = library_index.load(plain)
    if entries is None and _statement_accepted():
        entries = library_index.built_in_lines(plain)
    return entries


def _statement_accepted() -> bool:
    """Whether the log says the first-run statement was accepted, read without opening it."""
    # start-up: a read-only glance; the log is opened in full after the first frame.
    from pendulate import paths
    from pendulate.safety.keys import INTRO_KEY
    from pendulate.store.peek import state_value

    return state_value(paths.database_path(), INTRO_KEY) == "yes"
