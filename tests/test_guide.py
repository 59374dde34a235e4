"""The Guide listener: what is spoken and hushed, in order after the cues, through a real engine."""

from __future__ import annotations

from pendulate.audio.clips import recorded, said
from pendulate.audio.cues import Pcm
from pendulate.audio.listener import CuePlayer, Guide, play_through
from pendulate.audio.player import RecordingPlayer
from pendulate.audio.taps import TapPacer
from pendulate.engine.clock import FakeClock
from pendulate.engine.events import PhaseStarted, PromptDue
from pendulate.engine.runner import Runner
from pendulate.engine.session import Session
from pendulate.plan.build import Plan, Step
from pendulate.script.model import Prompt

ORIENT = Step(
    "orient", "Room", 60.0, prompts=(Prompt(0, "Look around the room."), Prompt(30, "Let the eyes rest.")), cue="bowl"
)
GROUND = Step("ground", "Feet", 60.0, prompts=(Prompt(0, "Feel the feet."),), cue="bowl", voice="/s/ground.m4a")
HUG = Step("bilateral", "Butterfly hug", 60.0, prompts=(Prompt(0, "Cross the arms."),), tempo=60)
STOP_GROUND = Step("ground", "Ground now", 30.0, prompts=(Prompt(0, "Feet on the floor."),), cue="bowl", origin="stop")
CLOSE = Step("orient", "Back in the room", 30.0, prompts=(Prompt(0, "Welcome back."),), cue="bowl")


class Log(RecordingPlayer):
    """A recording player that also keeps one list of cues, speech and hushes in order."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__(clock)
        self.log: list[tuple[float, str, str]] = []

    def play(self, cue: str) -> None:
        super().play(cue)
        if not self.muted:
            self.log.append((self.clock.now(), "cue", cue))

    def speak(self, key: str) -> None:
        before = len(self.spoken)
        super().speak(key)
        if len(self.spoken) > before:
            self.log.append((self.clock.now(), "say", key))

    def hush(self, let_finish: float = 0.0) -> None:
        super().hush(let_finish)
        self.log.append((self.clock.now(), "hush", ""))


def _clip() -> Pcm:
    return Pcm(bytes(2 * 22050 * 6), 1, 22050)


def _setup(*steps: Step, pacer=None):
    clock = FakeClock(0.0)
    plan = Plan("guide", steps)
    stop = Plan("stop", (STOP_GROUND,))
    session = Session(plan, clock=clock, stop_plan=stop)
    player = Log(clock)
    keys = [said(p.text) for s in (*steps, STOP_GROUND) for p in s.prompts] + [recorded("/s/ground.m4a")]
    player.prepare_voice(dict.fromkeys(keys, _clip()), 70)
    guide = Guide(player, clock=clock, pacer=pacer)
    runner = Runner(session, [CuePlayer(player), guide])
    return runner, clock, player, guide


def _to(runner: Runner, clock: FakeClock, at: float) -> None:
    while (due := runner.session.next_due()) is not None and due <= at and not runner.session.finished:
        clock.set(due)
        runner.tick()
    clock.set(max(at, clock.now()))
    runner.tick()


def _without_hushes(log: list[tuple[float, str, str]]) -> list[tuple[float, str, str]]:
    return [entry for entry in log if entry[1] != "hush"]


def test_each_prompt_is_spoken_after_its_cue_and_a_recording_replaces_its_phase_prompts() -> None:
    runner, clock, player, _ = _setup(ORIENT, GROUND, CLOSE)
    runner.start()
    _to(runner, clock, 200.0)
    assert runner.session.finished
    assert _without_hushes(player.log) == [
        (0.0, "cue", "bowl"),
        (0.0, "say", said("Look around the room.")),
        (30.0, "say", said("Let the eyes rest.")),
        (60.0, "cue", "bowl"),
        (60.0, "say", recorded("/s/ground.m4a")),  # its prompt "Feel the feet." stays text
        (120.0, "cue", "bowl"),
        (120.0, "say", said("Welcome back.")),
        (150.0, "cue", "bell"),
    ]
    # The cue listener comes first, so a boundary's cue starts at once; the guide then hushes
    # (PhaseEnded, PhaseStarted) before the new voice; the end hushes too.
    at_60 = [kind for t, kind, _ in player.log if t == 60.0]
    assert at_60 == ["cue", "hush", "hush", "say"]
    assert player.log[-1][1] == "hush"


def test_g_interrupts_the_voice_and_the_grounding_prompt_is_spoken() -> None:
    runner, clock, player, _ = _setup(ORIENT, GROUND, CLOSE)
    runner.start()
    _to(runner, clock, 65.0)  # the ground recording is speaking
    assert player.said[-1] == recorded("/s/ground.m4a")
    mark = len(player.log)
    runner.ground_now()
    after = player.log[mark:]
    assert [kind for _, kind, _ in after] == ["cue", "hush", "hush", "hush", "say"]
    assert _without_hushes(after) == [(65.0, "cue", "bowl"), (65.0, "say", said("Feet on the floor."))]


def test_pause_hushes_and_resume_speaks_nothing_again() -> None:
    runner, clock, player, _ = _setup(ORIENT, CLOSE)
    runner.start()
    clock.set(5.0)
    runner.pause()
    assert player.hushed[-1] == 5.0
    clock.set(25.0)
    runner.toggle_pause()
    assert player.said == [said("Look around the room.")]
    _to(runner, clock, 55.0)  # the second prompt comes 30 active seconds in
    assert player.spoken[-1] == (50.0, said("Let the eyes rest."))


def test_muted_player_speaks_nothing_and_the_session_goes_on() -> None:
    runner, clock, player, _ = _setup(ORIENT, GROUND, CLOSE)
    player.set_muted(True)
    runner.start()
    _to(runner, clock, 200.0)
    assert runner.session.finished and player.spoken == [] and player.played == []


def test_a_skip_hushes_and_the_next_phase_speaks() -> None:
    runner, clock, player, _ = _setup(ORIENT, GROUND, CLOSE)
    runner.start()
    clock.set(10.0)
    runner.skip()
    assert player.hushed and player.hushed[-1] == 10.0
    assert player.spoken[-1] == (10.0, recorded("/s/ground.m4a"))


def test_bilateral_taps_start_with_the_phase_pause_and_resume_and_stop_at_its_end() -> None:
    made: list[TapPacer] = []
    events: list[str] = []

    class Pacer(TapPacer):
        def start(self, delay: float = 0.0) -> None:
            events.append(f"start {delay:g}")
            self.begin(0.0, delay)

        def stop(self) -> None:
            events.append("stop")

    def factory(tap, tempo):
        pacer = Pacer(tap, tempo)
        made.append(pacer)
        return pacer

    runner, clock, player, guide = _setup(ORIENT, HUG, CLOSE, pacer=factory)
    runner.start()
    assert made == []
    _to(runner, clock, 61.0)
    assert len(made) == 1 and made[0].tempo == 60 and events == ["start 1"]
    made[0]._tap("left")  # what the pacer's thread calls
    assert player.tapped == [(61.0, "left")]
    runner.pause()
    clock.set(70.0)
    runner.toggle_pause()
    _to(runner, clock, 200.0)
    assert events == ["start 1", "stop", "start 1", "stop"] + ["stop"] * (len(events) - 4)
    assert len(made) == 1


def test_the_real_pacer_taps_on_the_player_and_stops_with_the_phase() -> None:
    runner, clock, player, guide = _setup(ORIENT, HUG, CLOSE)
    runner.start()
    _to(runner, clock, 60.0)
    assert guide.taps is not None and guide.taps.running
    _to(runner, clock, 120.0)
    assert guide.taps is not None and not guide.taps.running


def test_guide_never_raises_and_play_through_moves_it_to_a_new_player() -> None:
    class Broken(RecordingPlayer):
        def speak(self, key: str) -> None:
            raise RuntimeError("boom")

        def hush(self) -> None:
            raise RuntimeError("boom")

    clock = FakeClock(0.0)
    guide = Guide(Broken(clock))
    guide.handle(PhaseStarted(0.0, 0.0, 0, "ground", "Feet", 60.0, 0.0, "script", voice="/a.wav"))
    guide.handle(PromptDue(0.0, 0.0, 0, "feet"))
    fresh = RecordingPlayer(clock)
    fresh.prepare_voice({said("feet"): _clip()}, 60)
    cue = CuePlayer(fresh)
    play_through([cue, guide], fresh)
    guide.handle(PhaseStarted(1.0, 1.0, 1, "orient", "Room", 60.0, 60.0, "script"))
    guide.handle(PromptDue(1.0, 1.0, 1, "feet"))
    assert guide.player is fresh and fresh.said == [said("feet")]
    guide.close()


def test_no_tap_thread_for_a_player_that_cannot_sound() -> None:
    from pendulate.audio.player import NullPlayer

    guide = Guide(NullPlayer())
    guide.handle(PhaseStarted(0.0, 0.0, 0, "bilateral", "Hug", 60.0, 0.0, "script", tempo=60))
    assert guide.taps is None
