"""The engine: feeds the pure core with real activity and carries out its decisions.

Threading: every method here runs on the engine thread (`nudge/app/engine_loop.py`); UIs, the
notifier and the control channel reach it only through `EngineLoop.submit`. So the session, the
unsaved-event queue and the views are touched by one thread only.

Data safety: a `Record` decision is appended to the store (durable on return) before anything
tells the user it counted. If the disk refuses, the event stays queued in memory, the user is
told, and every tick retries in order.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from nudge.app.commands import (
    TRY_PREFIX,
    AnswerNudge,
    Command,
    GetStatus,
    LogRise,
    PauseNudges,
    Quit,
    Reply,
    ResumeNudges,
    TryNudge,
)
from nudge.app.engine_status import (
    STREAK_DAYS,
    answer_reply,
    close_dangling,
    day_counts,
    logged_reply,
    recent_history,
    status_data,
)
from nudge.app.ports import ActivityReading, ActivitySource, Clock, EventStore, Notifier, StatusView
from nudge.app.requests import RecentRequests, with_request
from nudge.core.activity import ActivitySample, Moment
from nudge.core.catalogue import Catalogue, ExerciseKind
from nudge.core.decisions import Decision, NudgeOffer, Record, Show, Withdraw
from nudge.core.durations import DurationError
from nudge.core.events import Event
from nudge.core.pauses import Pause, pause_until
from nudge.core.planner import BLOCKER_RECHECK
from nudge.core.session import NudgeSession
from nudge.core.settings import Settings
from nudge.core.status import Status
from nudge.platform.error_words import reason
from nudge.state.pause_file import load_pause, save_pause
from nudge.state.unsaved_answers import clear_held, load_held, save_held

log = logging.getLogger(__name__)
__all__ = ["STREAK_DAYS", "Engine", "Reloader", "StreakCounter"]

WRITERS_WAIT = 2.0  # seconds the start waits for another process's write (the lock's holder)
Reloader = Callable[[], tuple[Settings, Catalogue] | None]
StreakCounter = Callable[[list[Event], Settings, Moment], int]


@dataclass
class Engine:
    session: NudgeSession
    clock: Clock
    activity: ActivitySource
    store: EventStore
    notifier: Notifier
    views: Sequence[StatusView]
    pause_file: Path
    held_file: Path | None = None  # where unsaved answers wait for the next start, if it quits
    on_quit: Callable[[], None] = lambda: None
    reload: Reloader | None = None
    streak: StreakCounter | None = None
    # Why the user must not be interrupted now (None: they may be). Asked only while a nudge is
    # due, held or shown, so its cost (a few cheap reads) is paid only then.
    interruption: Callable[[], str | None] | None = None
    unsaved: list[Event] = field(default_factory=list)  # in order, retried every tick
    unsaved_reason: str = field(default="", init=False)
    _streak_day: date | None = field(default=None, init=False)
    _status: Status | None = field(default=None, init=False)
    _held_by: str | None = field(default=None, init=False)  # the last blocker reason, for the log
    _held_on_disk: bool = field(default=False, init=False)  # held_file has events in it
    _requests: RecentRequests = field(default_factory=RecentRequests, init=False)

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        """Restore today's counters, the pause and the streak from disk; close dangling offers;
        queue the answers the last run could not save, first."""
        if self.held_file is not None:
            held = load_held(self.held_file)
            self.unsaved[:0] = held
            self._held_on_disk = bool(held)
        self._retry_unsaved()  # before reading: what it saves is read back with the rest
        # A `nudge log rise` that found no app to ask may be writing now: let it land so the
        # read counts it. Later ones ask this app (its control channel is listening by now),
        # see cli_offline.offline_log.
        if not self.store.wait_for_writers(WRITERS_WAIT):
            log.warning("history is still being written after %g s; reading it anyway",
                        WRITERS_WAIT)
        now = self.moment()
        # Answers still held (the disk is still full) count today and answer their offers.
        recent = self._recent_history(now) + self.unsaved
        self._requests.learn(recent, now.wall.date())
        today = [e for e in recent if e.local_date == now.wall.date()]
        self.session.restore(day_counts(today, self.session.catalogue, now),
                             load_pause(self.pause_file), self._count_streak(recent, now))
        self._apply([Record(e) for e in close_dangling(recent, now, self.store.device)])

    def keep_unsaved(self) -> str:
        """Before quitting: try the held answers once more, then keep the rest for the next
        start. Returns what to add to the user's reply ("" when nothing is held)."""
        self._retry_unsaved()
        if not self.unsaved:
            return ""
        one = len(self.unsaved) == 1
        count, are = ("1 entry", "is") if one else (f"{len(self.unsaved)} entries", "are")
        count += f" for your history could not be saved ({self.unsaved_reason})"
        if self.held_file is None:
            return f" {count} and {are} lost."
        try:
            save_held(self.held_file, self.unsaved)
        except OSError as error:
            log.error("could not keep %d unsaved events: %s", len(self.unsaved), error)
            return (f" {count}, nor kept for later ({reason(error)}: {self.held_file}),"
                    f" and {are} lost.")
        self._held_on_disk = True
        they = "it is" if one else "they are"
        return f" {count}; {they} kept in {self.held_file} and saved when nudge starts again."

    def _recent_history(self, now: Moment) -> list[Event]:
        return recent_history(self.store, now.wall.date())

    def _count_streak(self, recent: list[Event], now: Moment) -> int:
        self._streak_day = now.wall.date()
        return self.streak(recent, self.session.settings, now) if self.streak else 0

    def _refresh_streak(self, now: Moment) -> None:
        """Once a day: yesterday may have extended the streak (unlocking a progression)."""
        if self._streak_day != now.wall.date():
            self.session.set_streak(self._count_streak(self._recent_history(now), now))

    def moment(self) -> Moment:
        return Moment(self.clock.monotonic(), self.clock.now())

    # -- the tick ------------------------------------------------------------------------
    def tick(self) -> float | None:
        """Sample activity, decide, carry out; return when to tick again (monotonic)."""
        self._retry_unsaved()
        self._maybe_reload()
        now = self.moment()
        self._refresh_streak(now)
        try:
            reading = self.activity.read()
        except Exception as error:
            log.warning("activity source %s failed: %s", self.activity.name, error)
            reading = ActivityReading(idle_seconds=0.0)
        sample = ActivitySample(now, reading.idle_seconds, reading.locked, reading.inhibited,
                                reading.resumed, self._interruption(now))
        self._apply(self.session.observe(sample))
        self._publish(now)
        wake = self.session.next_check(now)
        if self.interruption is not None and self.session.nudge_due(now):
            # A blocker can start while a nudge is on screen (a presentation begins): look
            # again soon, not only at the reshow time, so it is taken down.
            wake = min(wake, now.mono + BLOCKER_RECHECK) if wake is not None \
                else now.mono + BLOCKER_RECHECK
        return wake

    def _interruption(self, now: Moment) -> str | None:
        reason = self._ask_blockers(now)
        if reason != self._held_by:  # logged on change only: the check repeats while held
            if reason is not None:
                log.info("nudge held: %s", reason)
            elif self._held_by is not None:
                log.info("nudge no longer held (was: %s)", self._held_by)
            self._held_by = reason
        return reason

    def _ask_blockers(self, now: Moment) -> str | None:
        if self.interruption is None or not self.session.nudge_due(now):
            return None
        try:
            return self.interruption()
        except Exception as error:  # a broken detector must never hold nudges forever
            log.warning("blocker check failed: %s", error)
            return None

    # -- commands ------------------------------------------------------------------------
    def handle(self, command: Command) -> Reply:
        """Act on one user command and say what happened, in words for the user."""
        now = self.moment()
        if isinstance(command, GetStatus):
            return Reply(True, self.status(now).line(), status_data(self.status(now)))
        if isinstance(command, AnswerNudge):
            reply = self._answer(now, command)
        elif isinstance(command, LogRise):
            reply = self._log(now, command)
        elif isinstance(command, PauseNudges):
            reply = self._pause(now, command.spec)
        elif isinstance(command, ResumeNudges):
            pause = self.session.pause
            was_paused = pause is not None and pause.active(now.wall)
            self._apply(self.session.set_pause(now, None))
            reply = Reply(True, ("Nudges resumed." if was_paused else "Nudges weren't paused.")
                          + self._save_pause(None))
        elif isinstance(command, TryNudge):
            reply = self._try_nudge()
        elif isinstance(command, Quit):
            kept = self.keep_unsaved()
            self.on_quit()
            reply = Reply(True, "nudge is quitting. See you tomorrow." + kept)
        else:  # pragma: no cover - the Command union is exhaustive
            reply = Reply(False, f"unknown command {command!r}")
        self._publish(now)
        return reply

    def status(self, now: Moment | None = None) -> Status:
        return self.session.status(now or self.moment())

    # -- internals -----------------------------------------------------------------------
    def _answer(self, now: Moment, command: AnswerNudge) -> Reply:
        if command.nudge_id.startswith(TRY_PREFIX):
            self._safely(self.notifier.withdraw, command.nudge_id)
            return Reply(True, "That was a try, so nothing was recorded. The real nudges come "
                               "as you sit.")
        decisions = self.session.answer(now, command.nudge_id, command.answer, command.reps,
                                        command.snooze_seconds)
        saved = self._apply(decisions)  # may hold a break the answer came after, even if stale
        return answer_reply(command.answer, decisions, saved, self.unsaved_reason)

    def _try_nudge(self) -> Reply:
        """Show the everyday nudge now, outside the plan: nothing recorded, nothing changed."""
        exercise = self.session.catalogue.first_of_kind(ExerciseKind.RISE)
        schedule = self.session.settings.schedule
        offer = NudgeOffer(f"{TRY_PREFIX}{secrets.token_hex(4)}", exercise, exercise.reps, 1,
                           schedule.snooze_choices, schedule.snooze)
        self._safely(self.notifier.show, offer)
        return Reply(True, "Here is a nudge, just to try: your answer is not recorded.")

    def _log(self, now: Moment, command: LogRise) -> Reply:
        earlier = self._requests.answer(command.request_id)
        if earlier is not None:  # the CLI lost our reply and asked again: count the rep once
            return earlier
        try:
            decisions = self.session.log_manual(now, command.exercise, command.reps)
        except KeyError:
            ids = ", ".join(e.id for e in self.session.catalogue.exercises)
            return Reply(False, f"No exercise called {command.exercise!r}; known: {ids}.")
        decisions = with_request(decisions, command.request_id)
        reply = logged_reply(decisions, self._apply(decisions), self.unsaved_reason)
        self._requests.remember(command.request_id, reply)
        return reply

    def _pause(self, now: Moment, spec: str) -> Reply:
        try:
            until = pause_until(spec, now.wall)
        except DurationError as error:
            return Reply(False, str(error))
        pause = Pause(since=now.wall, until=until)
        self._apply(self.session.set_pause(now, pause))
        when = "until you resume" if until is None else f"until {until:%a %H:%M}"
        return Reply(True, f"Nudges paused {when}." + self._save_pause(pause))

    def _save_pause(self, pause: Pause | None) -> str:
        """Keep the pause (or its end) for the next start; what to add to the reply if not."""
        try:
            save_pause(self.pause_file, pause)
        except OSError as error:
            log.warning("could not save pause state: %s", error)
            return (f" It could not be saved ({reason(error)}: {self.pause_file}), "
                    "so it lasts only until nudge restarts.")
        return ""

    def _apply(self, decisions: list[Decision]) -> bool:
        """Carry out decisions in order; returns False if any event could not be saved."""
        all_saved = True
        for decision in decisions:
            if isinstance(decision, Record):
                all_saved = self._save(decision.event) and all_saved
            elif isinstance(decision, Show):
                self._safely(self.notifier.show, decision.offer)
            elif isinstance(decision, Withdraw):
                self._safely(self.notifier.withdraw, decision.nudge_id)
        return all_saved

    def _save(self, event: Event) -> bool:
        if self.unsaved:  # keep the order: older unsaved events go first
            self.unsaved.append(event)
            self._retry_unsaved()
            return not self.unsaved
        try:
            self.store.append(event)
            return True
        except Exception as error:
            self.unsaved_reason = str(error)
            self.unsaved.append(event)
            log.error("could not save a %s event: %s", event.kind.value, error)
            self._alert(f"nudge could not save your history: {error}")
            return False

    def _retry_unsaved(self) -> None:
        while self.unsaved:
            try:
                self.store.append(self.unsaved[0])
            except Exception as error:
                self.unsaved_reason = str(error)
                return
            self.unsaved.pop(0)
            if not self.unsaved:
                self._alert("nudge saved the history it was holding. All good again.")
                self._forget_held()

    def _forget_held(self) -> None:
        if self._held_on_disk and self.held_file is not None:
            try:
                clear_held(self.held_file)
            except OSError as error:  # saved twice on the next start, never lost
                log.warning("could not remove %s: %s", self.held_file, error)
                return
            self._held_on_disk = False

    def _maybe_reload(self) -> None:
        if self.reload is None:
            return
        fresh = self.reload()
        if fresh is not None:
            self.session.reload(*fresh)
            log.info("settings reloaded")

    def _publish(self, now: Moment) -> None:
        status = self.session.status(now)
        if status == self._status:
            return
        self._status = status
        for view in self.views:
            self._safely(view.update, status)

    def _alert(self, message: str) -> None:
        for view in self.views:
            self._safely(view.alert, message)

    @staticmethod
    def _safely(action: Callable[..., object], *args: object) -> None:
        try:
            action(*args)
        except Exception:
            log.exception("a UI call failed")
