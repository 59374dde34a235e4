"""A demo practice log: believable sessions for the report check, screenshots and benchmarks.

Rows are generated directly (not through the recorder) and written with ``executemany`` in one
transaction, so 20,000 sessions take seconds. Run ``python -m bench.demo --sessions N``
with ``PENDULATE_HOME`` pointing somewhere disposable.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from datetime import date, datetime, time, timedelta, timezone

from pendulate.store.metrics import session_metrics
from pendulate.store.store import Store, utc_stamp

REGIONS = ("chest", "belly", "throat", "neck and shoulders", "hands", "feet", "face and jaw")
UNPLEASANT = ("tight", "knotted", "fluttery", "heavy", "hollow")
PLEASANT = ("warm", "flowing", "calm", "tingly")
NOTES = (
    "Noticed my feet more than usual.",
    "The warm spot in my hands helped.",
    "Tight throat eased after the sigh.",
    "Hard to find a resource today; the window light helped.",
    "Felt some trembling in the legs, then calmer.",
)
# (script id, version, origin, steps). Steps: (kind, seconds); "touch" = activation + check-in + return.
SCRIPTS = (
    (
        "body-pendulation",
        "1.2",
        "built-in",
        [("ground", 60), ("resource", 90)] + [("touch", 20)] * 4 + [("discharge", 60), ("orient", 60)],
    ),
    (
        "orient-resource",
        "1.0",
        "built-in",
        [("orient", 90), ("ground", 60), ("resource", 120), ("resource", 90), ("orient", 60)],
    ),
    ("butterfly-resource", "1.0", "built-in", [("resource", 60), ("bilateral", 90), ("resource", 30), ("orient", 60)]),
    ("mild-stressor", "1.1", "assigned", [("resource", 120)] + [("touch", 20)] * 3 + [("contain", 90), ("orient", 60)]),
)
TITLES = {
    "orient": "Orient to the room",
    "ground": "Feel feet and seat",
    "resource": "Rest with a resource",
    "activation": "Touch the edge of it",
    "return": "Return to the resource",
    "discharge": "Let the body settle",
    "contain": "Self-holding",
    "bilateral": "Butterfly hug",
}
PARAMS = {"threshold": 5, "touch_min": 10, "touch_max": 30, "resource_ratio": 2.0, "max_cycles": 6, "step_pct": 25}


def _answers(rng: random.Random, suds: int, settling: int, with_body: bool) -> dict:
    answers = {"suds": max(0, min(10, suds)), "settling": max(0, min(10, settling)), "zone": "within"}
    if answers["suds"] >= 7:
        answers["zone"] = "above"
    elif answers["suds"] <= 1 and rng.random() < 0.1:
        answers["zone"] = "below"
    if with_body:
        unpleasant = answers["suds"] >= 4
        answers["location"] = rng.choice(REGIONS)
        answers["quality"] = rng.choice(UNPLEASANT if unpleasant else PLEASANT)
        answers["valence"] = "unpleasant" if unpleasant else "pleasant"
    return answers


def _inner_count(rng: random.Random, inner: float) -> int:
    """Check-ins inside one long phase: the whole part of ``inner``, plus one more with the
    fractional part as its chance. The die is only thrown for a fractional ``inner``, so the
    default (1.0) draws nothing and keeps every seeded log exactly as it was."""
    whole = int(inner)
    fraction = inner - whole
    return whole + (1 if fraction and rng.random() < fraction else 0)


def _session(
    rng: random.Random,
    sid: int,
    start: datetime,
    script: tuple,
    progress: float,
    notes: bool,
    dense: bool = False,
    inner: float = 1.0,
):
    """Rows for one session. ``progress`` 0..1 moves SUDS down and settling up over the months."""
    script_id, version, origin, steps = script
    phases, checkins, events = [], [], []
    t = active = 0.0
    base = round(4 - 2 * progress + rng.uniform(-1, 1.5))
    baseline_settling = round(5 + 2 * progress + rng.uniform(-1, 1))
    touch = 20.0

    def phase(kind: str, seconds: float, planned: float, reason: str = "time") -> None:
        nonlocal t, active
        phases.append(
            [
                sid,
                len(phases) + 1,
                len(phases) + len(checkins),
                kind,
                TITLES.get(kind, kind),
                "script",
                planned,
                seconds,
                t,
                active,
                t + seconds,
                active + seconds,
                reason,
            ]
        )
        t += seconds
        active += seconds

    def checkin(suds: int, settling: int, after: str | None, body: bool, note: str | None = None) -> None:
        answers = _answers(rng, suds, settling, body)
        confirmed = utc_stamp(start + timedelta(seconds=t))
        checkins.append(
            [
                sid,
                len(checkins),
                len(phases) + len(checkins),
                after,
                t,
                active,
                answers["suds"],
                answers["settling"],
                answers["zone"],
                answers.get("location"),
                answers.get("quality"),
                answers.get("valence"),
                note,
                None,
                None,
                confirmed,
            ]
        )

    checkin(base, baseline_settling, None, True)
    planned_at = 0.0
    for kind, seconds in steps:
        if kind != "touch":
            if dense and seconds >= 45:
                parts = 1 + _inner_count(rng, inner)
                for part in range(parts):
                    if part:
                        checkin(base - 1, baseline_settling + 1, kind, False)
                    phase(kind, seconds / parts, planned_at + part * seconds / parts)
            else:
                phase(kind, seconds, planned_at)
            if dense:
                checkin(base - 1 + rng.randint(-1, 1), baseline_settling + rng.randint(0, 1), kind, False)
            planned_at += seconds
            if rng.random() < 0.02:
                events.append([sid, len(events) + 1, t, active, "paused", None, None, None])
                t += rng.uniform(20, 90)
                events.append([sid, len(events) + 1, t, active, "resumed", None, None, None])
            continue
        phase("activation", touch, planned_at)
        peak = base + rng.choice((1, 2, 2, 3, 3, 4))
        checkin(peak, baseline_settling - rng.randint(1, 3), "activation", True)
        if peak > PARAMS["threshold"]:
            touch = max(PARAMS["touch_min"], touch / 2)
            events.append(
                [
                    sid,
                    len(events) + 1,
                    t,
                    active,
                    "titration",
                    "R1",
                    "That felt like a lot, so the next touch will be shorter and the resting longer.",
                    json.dumps({"changes": {"touch": touch}}),
                ]
            )
        phase("return", 45, planned_at + 20)
        checkin(base + rng.randint(-1, 1), baseline_settling - rng.choice((0, 0, 1, 2)), "return", False)
        planned_at += 65
    end_note = rng.choice(NOTES) if notes and rng.random() < 0.3 else None
    checkin(max(0, base - rng.randint(0, 2)), baseline_settling + rng.randint(0, 2), "orient", True, end_note)
    stopped = rng.random() < 0.04
    status, reason = ("stopped", "stop") if stopped else ("completed", "time")
    if stopped:
        phases[-1][12] = "stop"  # the person pressed stop during the closing phase
    timeline = session_metrics(
        [{"kind": p[3], "start": p[9], "end": p[11], "end_reason": p[12]} for p in phases],
        [{"at": c[5], "suds": c[6], "settling": c[7], "zone": c[8]} for c in checkins],
        [{"at": e[3], "type": e[4], "rule": e[5]} for e in events],
    )
    plan = [[kind, kind, seconds, "script"] for kind, seconds in steps]
    offset = int(start.utcoffset().total_seconds() // 60)
    session = [
        sid,
        script_id,
        version,
        hashlib.sha256(f"{script_id}@{version}".encode()).hexdigest(),
        origin,
        "hw-spring" if origin == "assigned" else None,
        json.dumps(PARAMS, sort_keys=True),
        utc_stamp(start),
        offset,
        utc_stamp(start + timedelta(seconds=t)),
        status,
        len(phases) - 1,
        phases[-1][3],
        reason,
        planned_at,
        json.dumps(plan),
        active,
        t,
        "A settled session; the feet helped." if notes and rng.random() < 0.15 else None,
        start.date().isoformat(),
        timeline.pre_suds,
        timeline.peak_suds,
        timeline.end_suds,
        timeline.checkin_count,
        timeline.zone_below,
        timeline.zone_above,
        timeline.baseline_settling,
        timeline.recovery_s,
        timeline.unrecovered,
        timeline.tolerated_activation_s,
        timeline.activation_s,
    ]
    return session, phases, checkins, events


SESSION_SQL = (
    "INSERT INTO sessions (id, script_id, script_version, content_hash, script_origin, homework_id, params_json, "
    "started_utc, utc_offset_min, ended_utc, status, end_phase_index, end_phase_kind, end_reason, planned_total_s, "
    "plan_json, active_s, elapsed_s, note, local_day, pre_suds, peak_suds, end_suds, checkin_count, zone_below, "
    "zone_above, baseline_settling, recovery_s, unrecovered, tolerated_activation_s, activation_s) "
    "VALUES (" + ", ".join("?" * 31) + ")"
)
PHASE_SQL = (
    "INSERT INTO phases (session_id, seq, idx, kind, title, origin, planned_start_s, planned_duration_s, "
    "actual_start_s, active_start_s, actual_end_s, active_end_s, end_reason) VALUES (" + ", ".join("?" * 13) + ")"
)
CHECKIN_SQL = (
    "INSERT INTO checkins (session_id, idx, phase_index, after_kind, t_s, active_s, suds, settling, zone, location, "
    "quality, valence, note, diary_json, extra_json, confirmed_utc) VALUES (" + ", ".join("?" * 16) + ")"
)
EVENT_SQL = (
    "INSERT INTO events (session_id, seq, t_s, active_s, type, rule, message, data_json)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def build_demo(
    store: Store,
    sessions: int = 12,
    *,
    seed: int = 7,
    last_day: date | None = None,
    notes: bool = True,
    offset_min: int = 60,
    dense: bool = False,
    inner: float = 1.0,
) -> int:
    """Add ``sessions`` demo sessions ending on ``last_day`` (today by default); return how many.

    ``dense`` adds a check-in after every phase and ``inner`` inside each long phase (about 15
    a session at the default 1; the lifetime benchmark's 20 a session needs ``inner`` ≈ 2.2).
    """
    rng = random.Random(seed)
    zone = timezone(timedelta(minutes=offset_min))
    last_day = last_day or date.today()
    rows: tuple[list, list, list, list] = ([], [], [], [])
    # Roughly one session a day, some days off, a few days with two, ending on ``last_day``.
    starts: list[tuple[datetime, tuple]] = []
    day = last_day
    while len(starts) < sessions:
        for _ in range(rng.choice((0, 1, 1, 1, 1, 2))):
            if len(starts) < sessions:
                start = datetime.combine(day, time(rng.choice((7, 8, 12, 18, 21)), rng.randint(0, 59)), zone)
                starts.append((start, SCRIPTS[0] if rng.random() < 0.45 else rng.choice(SCRIPTS)))
        day -= timedelta(days=1)
    starts.sort(key=lambda item: item[0])
    with store.transaction() as conn:
        (next_id,) = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM sessions").fetchone()
        for made, (start, script) in enumerate(starts):
            session, phases, checkins, events = _session(
                rng, next_id + made, start, script, made / max(1, sessions - 1), notes, dense, inner
            )
            rows[0].append(session)
            rows[1].extend(phases)
            rows[2].extend(checkins)
            rows[3].extend(events)
        for sql, batch in zip((SESSION_SQL, PHASE_SQL, CHECKIN_SQL, EVENT_SQL), rows, strict=False):
            conn.executemany(sql, batch)
    return sessions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fill the practice log at PENDULATE_HOME with demo sessions.")
    parser.add_argument("--sessions", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dense", action="store_true", help="a check-in after every phase and inside long ones")
    parser.add_argument("--inner", type=float, default=1.0, help="check-ins inside each long phase when dense")
    args = parser.parse_args(argv)
    with Store.open() as store:
        build_demo(store, args.sessions, seed=args.seed, dense=args.dense, inner=args.inner)
        print(f"{args.sessions} demo sessions written to {store.path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
