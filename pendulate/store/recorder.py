"""The session recorder: turns a running session's events into rows, committing as they happen.

Each command's rows are committed together, at once. A check-in, a crisis suggestion, a note and
the end of a session are durable commits: on disk the moment the person confirms them, together
with everything before. Rows written on a phase boundary are committed without waiting for the
disk (they survive a kill or crash of the app, not a power cut before the next durable commit),
so a slow disk never holds up the next cue. A failed write (disk full, read-only folder) never
reaches the session: the rows stay queued in memory, :attr:`SessionRecorder.problem` says so in
one calm sentence, and the queue is retried with the next event (or by calling
:meth:`SessionRecorder.flush`).

Another program holding the log's write lock (a backup, a second tool) must never hold up the
event loop, and with it the stop key: a write made from :meth:`~SessionRecorder.handle` waits
for the lock only a few milliseconds (:data:`BOUNDARY_WAIT_MS`, :data:`CONFIRM_WAIT_MS`). When
it is still taken, the rows stay queued in order and a small thread tries again every
:data:`RETRY_EVERY_S` until the lock is free, then writes everything in one transaction (durable
when a check-in is among them); the event loop queues behind it meanwhile and never waits for
it. After :data:`LOCKED_NOTICE_AFTER_S` of that, :attr:`~SessionRecorder.problem` says so once
(:data:`LOG_HELD`) and :attr:`~SessionRecorder.on_problem` is called; it is called again when
everything is written.
"""

from __future__ import annotations

import atexit
import json
import logging
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from pendulate.engine import events as ev
from pendulate.plan.build import Plan
from pendulate.script.model import Script
from pendulate.store import spill
from pendulate.store.checkin_fields import checkin_columns
from pendulate.store.db import StoreError
from pendulate.store.liveness import LiveLock
from pendulate.store.metrics import session_metrics
from pendulate.store.statements import SESSION_INSERT
from pendulate.store.store import Store, utc_stamp

log = logging.getLogger(__name__)

SESSION = object()  # stands for the session id in queued rows until the session row exists

# Events kept in the ``events`` table, with the type name stored for each.
EVENT_TYPES: dict[type, str] = {
    ev.TitrationApplied: "titration",
    ev.Paused: "paused",
    ev.Resumed: "resumed",
    ev.GroundingStarted: "grounding",
    ev.Extended: "extended",
    ev.Skipped: "skipped",
    ev.TouchEnded: "touch-ended",
    ev.CrisisSuggested: "crisis",
}


# What the person confirmed or must not lose to a power cut: committed and flushed to disk.
DURABLE = (ev.CheckinRecorded, ev.CrisisSuggested, ev.SessionEnded)


def _local_now() -> datetime:
    return datetime.now().astimezone()


# How long a write made on the event loop waits for another program's write lock. A boundary's
# rows wait least (the next cue and the screen come after them); a confirmed answer waits a
# little longer, to ride out another pendulate window's own commit. Both stay far below what a
# person notices on a key: the stop key is answered at once.
BOUNDARY_WAIT_MS = 20
CONFIRM_WAIT_MS = 100
# While the lock stays taken: how often the retry thread tries again, and how long each try
# waits for the lock (the store is held for that long, so it stays short too).
RETRY_EVERY_S = 0.25
RETRY_WAIT_MS = 50
# A lock held this long is no longer another window's commit: say so, once.
LOCKED_NOTICE_AFTER_S = 2.0
# At close: how long a write under way (at most the busy timeout, 5 s) may still take.
EXIT_WAIT_S = 6.0

LOG_HELD = (
    "Another program is holding your practice log right now. The session goes on: everything saved "
    "before is safe, and what you add now is kept here and saved as soon as the log is free."
)


def is_busy(error: BaseException) -> bool:
    """True for SQLite's "another connection holds the lock" (nothing is wrong with the log)."""
    text = str(error).lower()
    return "locked" in text or "busy" in text


def describe_write_error(error: BaseException) -> str:
    """One calm sentence for the person about a failed save."""
    text = str(error).lower()
    if "full" in text:
        why = "the disk is full"
    elif "readonly" in text or "read-only" in text or "read only" in text:
        why = "the data folder is read-only"
    elif "locked" in text or "busy" in text:
        why = "another pendulate window is busy with the log"
    else:
        why = "the log can't be written"
    return f"Your check-ins can't be saved right now ({why}). The session goes on."


def _keep_at_close() -> None:
    """At pendulate's close, every recorder still alive keeps the rows it could not write."""
    for recorder in list(_kept_at_close):
        recorder.keep_what_waits()


# The recorders that had a write fail; weakly held, so one that is gone keeps nothing alive.
_kept_at_close: weakref.WeakSet[SessionRecorder] = weakref.WeakSet()
atexit.register(_keep_at_close)


class SessionRecorder:
    """Records one session. Feed it every engine event with :meth:`handle`; it never raises."""

    def __init__(
        self,
        store: Store,
        script: Script,
        plan: Plan,
        params: dict[str, Any] | None = None,
        *,
        wall_clock: Callable[[], datetime] = _local_now,
        homework_id: str | None = None,
        speed: float = 1.0,
    ):
        """``speed`` is the rate of the session's clock: anything but 1 makes this a rehearsal."""
        if speed <= 0:
            raise ValueError("the speed is a positive number")
        self.store = store
        self.script = script
        self.plan = plan
        self.params = dict(params or {})
        self.wall_clock = wall_clock
        self.homework_id = homework_id
        self.speed = float(speed)
        self.session_id: int | None = None
        self._live: LiveLock | None = None  # the session's live lock, held while it runs
        self._ended = False
        self.problem: str | None = None
        # Called with the new problem (or None) when the retry thread changes it: from that
        # thread, so a screen hands it to its own loop (Textual's post_message is thread-safe).
        self.on_problem: Callable[[str | None], object] | None = None
        self._pending: list[tuple[str, tuple]] = []
        # The first this many pending rows include something durable: their commit waits for
        # the disk. Rows queued while a write is under way count on from the rows it took.
        self._durable_rows = 0
        self._rows = threading.Lock()  # the queue and what says how far it is written
        self._writer = threading.Lock()  # one write at a time: the event loop's or the retry's
        self._held_since: float | None = None  # another program has held the lock since (monotonic)
        self._retry: threading.Thread | None = None
        self._kept_at_exit = False  # rows still waiting when pendulate closes go beside the log
        self._kept_name = spill.new_name()  # the file beside the log holding what waits, if any
        self._kept_rows = 0  # how many of the queued rows that file holds (0: there is none)
        self._phase_seq = 0
        self._event_seq = 0
        self._checkin_count = 0
        self._open_phases: dict[int, int] = {}  # live index -> seq of the phase row still open
        self._phases: list[dict[str, Any]] = []  # in-memory timeline for the summary columns
        self._checkins: list[dict[str, Any]] = []
        self._events: list[dict[str, Any]] = []
        self._seq_to_phase: dict[int, dict[str, Any]] = {}

    @property
    def unsaved(self) -> int:
        """How many rows are waiting to be written (0 when everything is on disk)."""
        return len(self._pending)

    @property
    def waiting_for_lock(self) -> bool:
        """True while another program holds the log's write lock and rows wait for it."""
        return self._held_since is not None

    def handle(self, event: ev.Event) -> None:
        """Record ``event``. Never raises: a failure is reported through :attr:`problem`."""
        try:
            with self._rows:
                queued = self._queue(event)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            # A malformed event must not end the session; report it once and keep going.
            log.exception("could not record %r", event)
            self.problem = f"Part of this session couldn't be recorded ({error}). The session goes on."
            return
        if queued:
            self._write_soon()

    def handle_batch(self, events: list[ev.Event]) -> None:
        """Record several events (one command's worth) in one transaction. Never raises."""
        queued = False
        for event in events:
            try:
                with self._rows:
                    queued = self._queue(event) or queued
            except (TypeError, ValueError, KeyError, AttributeError) as error:
                log.exception("could not record %r", event)
                self.problem = f"Part of this session couldn't be recorded ({error}). The session goes on."
        if queued:
            self._write_soon()

    def flush(self) -> bool:
        """Write everything queued in one transaction, waiting the busy timeout for the lock.

        True when nothing is left unsaved. For callers that may wait (a command, a test, the
        end of a run); the event loop's writes go through :meth:`handle` and never wait long.
        """
        with self._writer:
            return self._write(None)

    def _write_soon(self) -> None:
        """The event loop's write: at once, waiting a few milliseconds at most for the lock.

        While another program holds the lock the retry thread writes the queue, so this only
        queues; it never waits for the thread either (a retry under way takes these rows too,
        or the next one does).
        """
        if self._held_since is not None or not self._writer.acquire(blocking=False):
            return
        try:
            self._write(CONFIRM_WAIT_MS if self._durable_rows else BOUNDARY_WAIT_MS)
        finally:
            self._writer.release()

    def _write(self, wait_ms: int | None) -> bool:
        """Write what is queued now (the caller holds the writer lock). True when all of it is in."""
        with self._rows:
            batch = list(self._pending)
            durable = self._durable_rows > 0
        if not batch:
            return True
        try:
            with self.store.transaction(durable=durable, wait_ms=wait_ms) as conn:
                session_id = self.session_id
                for sql, args in batch:
                    if sql == "INSERT_SESSION":
                        session_id = conn.execute(SESSION_INSERT, args).lastrowid
                        continue
                    conn.execute(sql, tuple(session_id if a is SESSION else a for a in args))
        except sqlite3.Error as error:
            self._failed(error)
            return False
        with self._rows:
            self.session_id = session_id
            del self._pending[: len(batch)]
            self._durable_rows = max(0, self._durable_rows - len(batch))
            left = len(self._pending)
        self._held_since = None
        if self._kept_rows:
            self._kept_rows = 0  # in the log now: the rows still queued are kept again if need be
            spill.remove(self.store.path, self._kept_name)
        if self.problem is not None:
            told, self.problem = self.problem == LOG_HELD, None
            if told:
                self._tell(None)
        if durable:
            self._checkpoint()
        self._update_live_lock()
        return left == 0

    def _failed(self, error: sqlite3.Error) -> None:
        if not self._kept_at_exit:
            self._kept_at_exit = True
            _kept_at_close.add(self)
        if not is_busy(error):
            self._held_since = None  # whatever held the lock, this is a different trouble
            message = describe_write_error(error)
            if message != self.problem:
                log.warning("session log write failed: %s", error)
            self.problem = message
            return
        # Another program holds the lock: nothing is wrong with the log or the rows, which stay
        # queued in order; the retry thread writes them once it is free.
        now = time.monotonic()
        if self._held_since is None:
            self._held_since = now
            log.info("session log is held by another program; retrying in the background")
        elif now - self._held_since >= LOCKED_NOTICE_AFTER_S and self.problem != LOG_HELD:
            log.warning("session log held by another program for %.1f s: %s", now - self._held_since, error)
            self.problem = LOG_HELD
            self._tell(LOG_HELD)
        if self._retry is None or not self._retry.is_alive():
            self._retry = threading.Thread(target=self._retry_until_free, name="log-retry", daemon=True)
            self._retry.start()

    def _retry_until_free(self) -> None:
        delay = RETRY_EVERY_S
        while True:
            time.sleep(delay)
            with self._writer:
                # Rows queued during a write go out right after it, until a write fails.
                written = True
                while written and self._pending:
                    written = self._write(RETRY_WAIT_MS)
                if not written and self._durable_rows:
                    self._keep()  # a confirmed answer must outlive a kill while the lock is held
            if self._held_since is not None:
                delay = RETRY_EVERY_S  # still taken
            elif self._pending and self.problem is None:
                delay = 0.0  # queued just as the last write ended, when the event loop left it to this thread
            else:
                return  # all written, or another kind of failure: the next event retries, as usual

    def _keep(self) -> bool:
        """Keep every queued row in the file beside the log (the caller holds the writer)."""
        with self._rows:
            rows, session_id = list(self._pending), self.session_id
        if not rows or len(rows) == self._kept_rows:
            return True
        try:
            spill.write(self.store.path, self._kept_name, session_id, rows, SESSION)
        except OSError as error:
            log.error("%d rows waiting for the log could not be kept beside it: %s", len(rows), error)
            return False
        self._kept_rows = len(rows)
        return True

    def keep_what_waits(self) -> bool:
        """At pendulate's close: one last try to write what waits, then keep the rest in a file
        beside the log (:mod:`pendulate.store.spill`), written in at the next open. True when
        nothing is left only in memory. Never raises.

        It holds the writer throughout, so no retry can write rows while they are being kept.
        """
        if not self._writer.acquire(timeout=EXIT_WAIT_S):
            log.error("the log's writer was still busy at close; %d rows could not be kept", len(self._pending))
            return False
        try:
            if not self._pending or self._write(RETRY_WAIT_MS):
                return True
            if not self._keep():
                return False
            log.warning("%d rows waited for the log at close; kept beside it until it is free", self._kept_rows)
            with self._rows:  # this recorder is done: the file is theirs now
                self._pending.clear()
                self._durable_rows = self._kept_rows = 0
            return True
        finally:
            self._writer.release()

    def _tell(self, problem: str | None) -> None:
        callback = self.on_problem
        if callback is None:
            return
        try:
            callback(problem)
        except Exception:  # a screen already gone must never stop the log being written
            log.exception("could not pass on the log's state")

    def _checkpoint(self) -> None:
        """Fold the write-ahead log into the database now, at an untimed moment.

        Left to SQLite, the fold happens inside whichever commit crosses its size limit, and
        that could be a phase boundary's. A busy reader only makes it partial; it is retried
        at the next durable commit.
        """
        try:
            self.store.read(lambda conn: conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall())
        except (sqlite3.Error, StoreError) as error:  # tidying must never reach the session
            log.info("checkpoint skipped: %s", error)

    def _update_live_lock(self) -> None:
        """Hold the live lock from the first save until the end is saved."""
        if self._ended:
            if self._live is not None:
                self._live.release()
                self._live = None
        elif self._live is None and self.session_id is not None:
            try:
                self._live = LiveLock(self.store.path, self.session_id)
            except OSError as error:
                # Without the lock another window could mark this session interrupted too
                # early; the session itself is unaffected, so note it and go on.
                log.warning("no live lock for session %s: %s", self.session_id, error)

    def add_note(self, note: str) -> None:
        """The person's note on the whole session (usually written at the end)."""
        with self._rows:
            self._pending.append(("UPDATE sessions SET note = ? WHERE id = ?", (note, SESSION)))
            self._durable_rows = len(self._pending)
        self._write_soon()

    # -- event -> rows --------------------------------------------------------------------

    @property
    def rehearsal(self) -> bool:
        """True for a run on a scaled clock: recorded and marked, never counted as practice."""
        return self.speed != 1.0

    def _real_time(self, event: ev.Event) -> ev.Event:
        """``event`` with its times in real seconds.

        A rehearsal's engine clock runs ``speed`` times fast, and so did the seconds spent
        answering a check-in or paused; dividing the (linear) scaled clock by the speed gives
        the real time of everything, check-ins included. Planned lengths stay script seconds.
        """
        if not self.rehearsal:
            return event
        if isinstance(event, ev.Resumed):
            return replace(
                event,
                t=event.t / self.speed,
                active=event.active / self.speed,
                paused_for=event.paused_for / self.speed,
            )
        if isinstance(event, ev.Paused) and event.not_running_for:
            return replace(
                event,
                t=event.t / self.speed,
                active=event.active / self.speed,
                not_running_for=event.not_running_for / self.speed,
            )
        return replace(event, t=event.t / self.speed, active=event.active / self.speed)

    def _queue(self, event: ev.Event) -> bool:
        event = self._real_time(event)
        if isinstance(event, ev.SessionStarted):
            self._start(event)
        elif isinstance(event, ev.PhaseStarted):
            self._phase_started(event)
        elif isinstance(event, ev.PhaseEnded):
            self._phase_ended(event, event.reason)
        elif isinstance(event, ev.CheckinRecorded):
            self._checkin(event)
        elif type(event) in EVENT_TYPES:
            self._event(event)
        elif isinstance(event, ev.SessionEnded):
            self._end(event)
        else:
            return False  # cues, prompts and check-in prompts are not part of the log
        if isinstance(event, DURABLE):
            self._durable_rows = len(self._pending)
        return True

    def _start(self, event: ev.SessionStarted) -> None:
        now = self.wall_clock()
        offset = now.utcoffset()
        params = self.params or dict(event.params)
        plan = [[s.kind, s.title, s.duration, s.origin] for s in self.plan.steps]
        self._pending.append(
            (
                "INSERT_SESSION",
                (
                    event.script_id or self.script.id,
                    event.script_version or self.script.version,
                    event.content_hash or self.script.content_hash,
                    self.script.origin,
                    self.homework_id,
                    json.dumps(params, sort_keys=True, default=str),
                    utc_stamp(now),
                    int(offset.total_seconds() // 60) if offset is not None else 0,
                    now.date().isoformat(),
                    event.planned_total,
                    json.dumps(plan),
                    int(self.rehearsal),
                    self.speed,
                ),
            )
        )

    def _phase_started(self, event: ev.PhaseStarted) -> None:
        self._phase_seq += 1
        seq = self._phase_seq
        self._open_phases[event.index] = seq
        phase = {"kind": event.kind, "start": event.active, "end": None, "end_reason": None}
        self._phases.append(phase)
        self._seq_to_phase[seq] = phase
        self._pending.append(
            (
                "INSERT INTO phases (session_id, seq, idx, kind, title, origin, planned_start_s, "
                "planned_duration_s, actual_start_s, active_start_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    SESSION,
                    seq,
                    event.index,
                    event.kind,
                    event.title,
                    event.origin,
                    event.planned_start if event.planned_start >= 0 else None,
                    event.duration,
                    event.t,
                    event.active,
                ),
            )
        )

    def _phase_ended(self, event: ev.Event, reason: str, index: int | None = None) -> None:
        if index is None:
            index = getattr(event, "index", None)
        seq = self._open_phases.pop(index, None) if index is not None else None
        if seq is None:
            return
        phase = self._seq_to_phase[seq]
        phase["end"], phase["end_reason"] = event.active, reason
        self._pending.append(
            (
                "UPDATE phases SET actual_end_s = ?, active_end_s = ?, end_reason = ? WHERE session_id = ? AND seq = ?",
                (event.t, event.active, reason, SESSION, seq),
            )
        )
        self._queue_summary(event)

    def _checkin(self, event: ev.CheckinRecorded) -> None:
        number = self._checkin_count
        self._checkin_count += 1
        columns = checkin_columns(event.answers)
        self._checkins.append({"at": event.active, **columns})
        self._pending.append(
            (
                "INSERT INTO checkins (session_id, idx, phase_index, after_kind, t_s, active_s, suds, settling, zone, "
                "location, quality, valence, note, diary_json, extra_json, confirmed_utc, waited_s) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    SESSION,
                    number,
                    event.index,
                    event.after_kind,
                    event.t,
                    event.active,
                    columns["suds"],
                    columns["settling"],
                    columns["zone"],
                    columns["location"],
                    columns["quality"],
                    columns["valence"],
                    columns["note"],
                    columns["diary_json"],
                    columns["extra_json"],
                    utc_stamp(self.wall_clock()),
                    columns["waited_s"],
                ),
            )
        )
        self._queue_summary(event)

    def _event(self, event: ev.Event) -> None:
        self._event_seq += 1
        kind = EVENT_TYPES[type(event)]
        rule = getattr(event, "rule", None)
        message = getattr(event, "message", None) or getattr(event, "reason", None)
        data = {
            name: value
            for name, value in vars(event).items()
            if name not in ("t", "active", "rule", "message", "reason")
        }
        self._events.append({"at": event.active, "type": kind, "rule": rule})
        self._pending.append(
            (
                "INSERT INTO events (session_id, seq, t_s, active_s, type, rule, message, data_json) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    SESSION,
                    self._event_seq,
                    event.t,
                    event.active,
                    kind,
                    rule,
                    message,
                    json.dumps(data, sort_keys=True, default=str) if data else None,
                ),
            )
        )
        if kind == "titration":
            self._queue_summary(event)

    def _end(self, event: ev.SessionEnded) -> None:
        self._ended = True
        # A phase the engine left open (the session stopped inside it) ends with the session.
        for index in list(self._open_phases):
            self._phase_ended(event, event.reason, index)
        self._queue_summary(event)
        self._pending.append(
            (
                "UPDATE sessions SET status = ?, ended_utc = ?, end_phase_index = ?, end_phase_kind = ?, "
                "end_reason = ? WHERE id = ?",
                (event.status, utc_stamp(self.wall_clock()), event.index, event.kind, event.reason, SESSION),
            )
        )

    def _queue_summary(self, event: ev.Event) -> None:
        m = session_metrics(self._phases, self._checkins, self._events)
        self._pending.append(
            (
                "UPDATE sessions SET pre_suds = ?, peak_suds = ?, end_suds = ?, checkin_count = ?, zone_below = ?, "
                "zone_above = ?, zone_within = ?, baseline_settling = ?, recovery_s = ?, unrecovered = ?, "
                "tolerated_activation_s = ?, activation_s = ?, active_s = ?, elapsed_s = ? WHERE id = ?",
                (
                    m.pre_suds,
                    m.peak_suds,
                    m.end_suds,
                    m.checkin_count,
                    m.zone_below,
                    m.zone_above,
                    m.zone_within,
                    m.baseline_settling,
                    m.recovery_s,
                    m.unrecovered,
                    m.tolerated_activation_s,
                    m.activation_s,
                    round(event.active, 3),
                    round(event.t, 3),
                    SESSION,
                ),
            )
        )
