"""``pendulate simulate SCRIPT --ratings 3,6/4,below,2``: how R1–R6 would shape a session.

The real engine runs the script on a fake clock, each rating answering the next check-in, and
the timeline it takes is printed with every rule that fired and the sentence the person would
see. Nothing is recorded: no log is opened, so R4 progression (which reads the log) is not
applied. Parameters are the script's defaults, plus the overrides a homework file sets for the
script with ``--homework``.

Handlers import what they use: every command builds every parser, so the engine and the
catalogue imported at the top would be paid by every command.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pendulate.catalogue.assignments import Assignment
    from pendulate.engine.answers import CheckinAnswers
    from pendulate.engine.events import Event
    from pendulate.practice import Practice
    from pendulate.script.model import Script

PROG = "pendulate simulate"
ZONES = ("below", "within", "above")
SKIP = "skip"
RATING_FORMS = "a number 0-10 (intensity), 6/4 (intensity/settling), 6/4/above, below/within/above, or skip"
MAX_STEPS = 10_000  # a plan has at most a few hundred steps; this only keeps a bad loop finite


class SimulateError(Exception):
    """One line for the person; the command exits 1."""


@dataclass(frozen=True)
class Rating:
    """One check-in's answer as typed: ``None`` answers means the check-in is skipped."""

    text: str
    answers: CheckinAnswers | None


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    simulate = subparsers.add_parser(
        "simulate",
        help="show how the titration rules would shape a session, given the ratings",
    )
    simulate.add_argument("script", metavar="SCRIPT", help="a script id or a script file")
    simulate.add_argument(
        "--ratings",
        required=True,
        metavar="LIST",
        help=f"comma-separated answers, one per check-in in order: {RATING_FORMS}; e.g. 3,6/4,below,2",
    )
    simulate.add_argument(
        "--homework", type=Path, metavar="FILE", help="use the overrides this homework file sets for SCRIPT"
    )
    simulate.set_defaults(func=run_simulate)


def parse_ratings(text: str) -> list[Rating]:
    """``3,6/4,below,2`` → one :class:`Rating` per check-in; :class:`SimulateError` names the bad one."""
    from pendulate.engine.answers import CheckinAnswers

    out: list[Rating] = []
    for position, raw in enumerate(text.split(","), start=1):
        token = raw.strip().lower()
        if token == SKIP:
            out.append(Rating(token, None))
            continue
        parts = [part.strip() for part in token.split("/")]
        zone = parts.pop() if parts and parts[-1] in ZONES else None
        numbers: list[int] = []
        for part in parts:
            if not part.isdigit() or not 0 <= int(part) <= 10:
                numbers = []
                break
            numbers.append(int(part))
        if len(numbers) != len(parts) or len(numbers) > 2 or (not numbers and zone is None):
            what = f"({raw.strip()!r}) isn't understood" if raw.strip() else "is empty"
            raise SimulateError(f"rating {position} {what}: use {RATING_FORMS}")
        suds = numbers[0] if numbers else None
        settling = numbers[1] if len(numbers) > 1 else None
        out.append(Rating(raw.strip(), CheckinAnswers(suds=suds, settling=settling, zone=zone)))
    return out


def _homework_assignment(path: Path, ref: str) -> Assignment:
    """The assignment of ``ref`` (a script id or the path written in the file) in the homework at ``path``."""
    from pendulate.catalogue.assignments import Assignment
    from pendulate.homework.loader import load_homework

    homework = load_homework(path)
    for item in homework.assigned:
        if ref in (item.script.id, item.ref):
            return Assignment.of(homework, item)
    names = ", ".join(item.script.id for item in homework.assigned)
    raise SimulateError(f"homework {homework.id!r} ({path}) doesn't assign {ref!r}; it assigns {names}")


@dataclass(frozen=True)
class Simulation:
    practice: Practice
    log: list[tuple[Event, Rating | None]]  # every event, with the rating that answered it (if any)
    unused: int  # ratings left when the session ended


def simulate(script: Script, ratings: list[Rating], assignment: Assignment | None = None) -> Simulation:
    """Run ``script`` to its end on a fake clock, through ``prepare`` and the real engine.

    Each check-in takes the next rating (a check-in after the ratings run out is skipped, and
    its pair has no rating). An open-ended phase is ended at once, as a person would end it.
    """
    from pendulate.catalogue.effective import session_setup
    from pendulate.engine.clock import FakeClock
    from pendulate.practice import prepare
    from pendulate.script.library import stop_ground

    setup = session_setup(script, None, assignment=assignment)
    clock = FakeClock(0.0)
    practice = prepare(script, clock=clock, stop_script=stop_ground(), **setup.options())
    runner, session = practice.runner, practice.session
    log: list[tuple[Event, Rating | None]] = []
    pending = list(reversed(ratings))

    def note(events: list[Event], rating: Rating | None = None) -> None:
        log.extend((event, rating) for event in events)

    note(runner.start())
    for _ in range(MAX_STEPS):
        if session.finished:
            break
        if session.awaiting_checkin:
            rating = pending.pop() if pending else None
            if rating is None or rating.answers is None:
                note(runner.skip_checkin(), rating)
            else:
                note(runner.submit_checkin(rating.answers), rating)
            continue
        due = session.next_due()
        if due is None:
            note(runner.skip())  # an open-ended phase: nothing would end it but the person
            continue
        clock.set(max(due, clock.now()))
        note(runner.tick())
    if not session.finished:
        raise SimulateError(f"the simulation of {script.id!r} did not reach an end")
    return Simulation(practice, log, len(pending))


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}:{secs:02d}"


def _answers_text(answers: CheckinAnswers) -> str:
    parts = []
    if answers.suds is not None:
        parts.append(f"intensity {answers.suds}")
    if answers.settling is not None:
        parts.append(f"settling {answers.settling}")
    if answers.zone is not None:
        parts.append(f"zone {answers.zone}")
    return ", ".join(parts)


ORIGIN_NOTES = {"titration": "added by a rule", "closing": "added at the end", "stop": "grounding"}


def timeline_lines(log: list) -> list[str]:
    """The simulated session, one line per phase, check-in and rule, in order."""
    from pendulate.engine import events as ev

    lines: list[str] = []
    starts: dict[int, ev.PhaseStarted] = {}
    checkins = 0
    for event, rating in log:
        at = _clock(event.active)
        if isinstance(event, ev.PhaseStarted):
            starts[event.index] = event
        elif isinstance(event, ev.PhaseEnded) and event.kind != "checkin":
            began = starts.get(event.index)
            if began is None:
                continue
            length = event.active - began.active
            extra = [ORIGIN_NOTES[began.origin]] if began.origin in ORIGIN_NOTES else []
            if began.duration is not None and abs(length - began.duration) >= 0.5:
                extra.append(f"planned {_clock(began.duration)}")
            if event.reason != "time":
                extra.append(f"ended: {event.reason}")
            tail = f"  ({'; '.join(extra)})" if extra else ""
            lines.append(f"{_clock(began.active):>6}  {began.kind:<10}  {_clock(length):>5}  {began.title}{tail}")
        elif isinstance(event, ev.CheckinRecorded):
            checkins += 1
            given = f" (rating {rating.text!r})" if rating is not None else ""
            lines.append(f"{at:>6}  {'check-in':<10}  {'':>5}  {_answers_text(event.answers)}{given}")
        elif isinstance(event, ev.PhaseEnded) and event.reason == "skipped-checkin":
            checkins += 1
            why = "skipped" if rating is not None else "skipped: no rating left"
            lines.append(f"{at:>6}  {'check-in':<10}  {'':>5}  {why}")
        elif isinstance(event, ev.TitrationApplied):
            lines.append(f"{at:>6}  {event.rule + ' fired':<10}  {'':>5}  {event.message}")
        elif isinstance(event, ev.CrisisSuggested):
            lines.append(f"{at:>6}  {'crisis':<10}  {'':>5}  crisis help would open ({event.reason})")
    return lines


def report(script: Script, result: Simulation, assignment: Assignment | None) -> str:
    """Everything ``pendulate simulate`` prints."""
    from pendulate.engine import events as ev

    practice, log = result.practice, result.log
    params = practice.params.as_dict()
    overrides = dict(assignment.overrides) if assignment else {}
    shown = ", ".join(f"{k} {v:g}" if isinstance(v, float) else f"{k} {v}" for k, v in params.items())
    out = [f"{script.id}: {script.title} (version {script.version}) · simulated, nothing recorded"]
    out.append(f"parameters: {shown}")
    if assignment is not None:
        changed = ", ".join(f"{k} {v}" for k, v in sorted(overrides.items())) or "none"
        out.append(f"homework {assignment.homework_id} overrides: {changed}")
    out.append("R4 progression is not applied: a simulation reads no practice log.")
    out.append("")
    out.append(f"{'AT':>6}  {'WHAT':<10}  {'FOR':>5}  DETAIL")
    out += timeline_lines(log)
    fired = [event for event, _ in log if isinstance(event, ev.TitrationApplied)]
    out.append("")
    if fired:
        out.append("Rules that fired:")
        out += [f"  {event.rule} at {_clock(event.active)}: {event.message}" for event in fired]
    else:
        out.append("No rule fired: the session ran as planned.")
    ended = next((event for event, _ in log if isinstance(event, ev.SessionEnded)), None)
    asked = sum(1 for event, _ in log if _is_answer_event(event))
    if ended is not None:
        planned = practice.plan.total
        out.append(
            f"Final status: {ended.status}{f' ({ended.reason})' if ended.reason else ''} after {_clock(ended.active)} "
            f"(planned {_clock(planned)}), {asked} check-in{'s' if asked != 1 else ''}."
        )
    unused = result.unused
    if unused:
        out.append(f"{unused} rating{'s' if unused != 1 else ''} left over: the session had fewer check-ins.")
    return "\n".join(out)


def _is_answer_event(event: Event) -> bool:
    from pendulate.engine import events as ev

    return isinstance(event, ev.CheckinRecorded) or (
        isinstance(event, ev.PhaseEnded) and event.reason == "skipped-checkin"
    )


def run_simulate(args: argparse.Namespace) -> int:
    """``pendulate simulate``: exit 0 with the report, or 1 with one line saying what is wrong."""
    from pendulate.catalogue.scripts import resolve
    from pendulate.script.errors import ScriptError

    try:
        ratings = parse_ratings(args.ratings)
        assignment = _homework_assignment(args.homework, args.script) if args.homework else None
        script = assignment.script if assignment is not None else resolve(args.script)
        result = simulate(script, ratings, assignment)
    except SimulateError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    except ScriptError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "the script can't be read"
        print(f"{PROG}: {first}", file=sys.stderr)
        return 1
    except (LookupError, OSError, ValueError) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    print(report(script, result, assignment))
    return 0
