"""One factory builds the app, for the command line and for the tests alike."""

from __future__ import annotations

from typing import Any, Callable

from pendulate import settings as settings_mod
from pendulate.engine.clock import Clock, MonotonicClock, ScaledClock
from pendulate.script.model import Script

STORE_UNAVAILABLE = "Your practice log can't be opened ({why}). You can practise, but this session won't be saved."


def open_store() -> tuple[Any, str | None]:
    """The practice log, or None and one calm sentence saying why not."""
    from pendulate.store.db import StoreError
    from pendulate.store.store import Store

    try:
        store = Store.open()
    except (StoreError, OSError) as error:
        return None, STORE_UNAVAILABLE.format(why=str(error).rstrip("."))
    store.mark_interrupted()
    return store, None


def build_app(
    *,
    clock: Clock | None = None,
    player: Any = None,
    store: Any = "open",
    settings: settings_mod.Settings | None = None,
    scripts: Callable[[], list[Script]] | None = None,
    stop_script: Script | None = None,
    start_script: Script | None = None,
    speed: float = 1.0,
    plain: bool = False,
    reduced_motion: bool | None = None,
    mute: bool | None = None,
    volume: int | None = None,
    wall_clock=None,
):
    """Everything the app needs is decided here; tests pass a fake clock, a recording player
    and a store in a temporary folder."""
    from pendulate.memory import limit_arenas
    from pendulate.script import library
    from pendulate.tui.app import PendulateApp

    limit_arenas()
    settings = settings or settings_mod.load()
    if volume is not None:
        settings.volume = max(0, min(100, volume))
    clock = clock or MonotonicClock()
    if speed != 1.0:
        clock = ScaledClock(clock, speed)
    if player is None:
        from pendulate.audio import make_player

        player = make_player(mute=settings.mute if mute is None else mute, volume=settings.volume)
    problem = None
    if store == "open":
        store, problem = open_store()
    return PendulateApp(
        clock=clock,
        player=player,
        store=store,
        settings=settings,
        scripts=scripts or library.all_scripts,
        stop_script=stop_script or library.stop_ground(),
        start_script=start_script,
        plain=plain,
        reduced_motion=settings.reduced_motion if reduced_motion is None else reduced_motion,
        store_problem=problem,
        **({"wall_clock": wall_clock} if wall_clock is not None else {}),
    )
