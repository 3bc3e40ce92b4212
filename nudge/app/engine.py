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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from nudge.app.commands import Command, Reply
from nudge.app.dispatch import dispatch
from nudge.app.engine_commands import EngineCommands
from nudge.app.engine_status import STREAK_DAYS, recent_history
from nudge.app.ports import ActivityReading, ActivitySource, Clock, EventStore, Notifier, StatusView
from nudge.app.requests import RecentRequests
from nudge.app.rise_tally import RiseTally
from nudge.app.unsaved import UnsavedQueue
from nudge.app.weekly_review import WeeklyReview
from nudge.core.activity import ActivitySample, Moment
from nudge.core.catalogue import Catalogue
from nudge.core.decisions import Decision, Record, Show, Withdraw
from nudge.core.events import Event
from nudge.core.milestones import milestone_reached, milestone_words
from nudge.core.pauses import Pause
from nudge.core.planner import BLOCKER_RECHECK
from nudge.core.quiet_hours import QuietHour, suggest_quiet_hours
from nudge.core.restore import close_dangling, day_counts
from nudge.core.session import NudgeSession
from nudge.core.settings import Settings
from nudge.core.status import Status
from nudge.i18n import _
from nudge.platform.error_words import reason
from nudge.state.milestones import load_celebrated, remember_celebrated
from nudge.state.pause_file import load_pause, save_pause
from nudge.state.quiet_hours import load_dismissed

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
    milestones_file: Path | None = None  # the streak milestones celebrated (#20); None: not kept
    quiet_hours_file: Path | None = None  # quiet hours dismissed (#20); None: none suggested
    config_file: Path | None = None  # where an accepted quiet hour is added as a pause
    tally: RiseTally | None = None  # all rises so far, for "your 100th rise" (#20)
    weekly_review: WeeklyReview | None = None  # last week's line, once a week (#20)
    # Why the user must not be interrupted now (None: they may be). Asked only while a nudge is
    # due, held or shown, so its cost (a few cheap reads) is paid only then.
    interruption: Callable[[], str | None] | None = None
    _streak_day: date | None = field(default=None, init=False)
    _milestone_day: date | None = field(default=None, init=False)  # looked for one already
    quiet_hour: QuietHour | None = field(default=None, init=False)  # the one the menu offers
    _status: Status | None = field(default=None, init=False)
    _held_by: str | None = field(default=None, init=False)  # the last blocker reason, for the log
    # Set when the engine runs in an EngineLoop (its `on_engine_thread`): every entry point then
    # asserts it is on that thread, since none of the state here is locked.
    on_engine_thread: Callable[[], bool] | None = None
    requests: RecentRequests = field(default_factory=RecentRequests, init=False)
    _unsaved: UnsavedQueue = field(init=False)

    def __post_init__(self) -> None:
        self._unsaved = UnsavedQueue(self.store, self.held_file, self._alert)

    @property
    def unsaved(self) -> list[Event]:
        """The events not saved yet, oldest first (retried every tick)."""
        return self._unsaved.events

    @property
    def unsaved_reason(self) -> str:
        return self._unsaved.reason

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        """Restore today's counters, the pause and the streak from disk; close dangling offers;
        queue the answers the last run could not save, first."""
        self._check_thread()
        self._unsaved.load()
        self._unsaved.retry()  # before reading: what it saves is read back with the rest
        # A `nudge log rise` that found no app to ask may be writing now: let it land so the
        # read counts it. Later ones ask this app (its control channel is listening by now),
        # see nudge.cli.offline.FilesBackend.
        if not self.store.wait_for_writers(WRITERS_WAIT):
            log.warning("history is still being written after %g s; reading it anyway",
                        WRITERS_WAIT)
        now = self.moment()
        # Answers still held (the disk is still full) count today and answer their offers.
        recent = self._recent_history(now) + self.unsaved
        self.requests.learn(recent, now.wall.date())
        today = [e for e in recent if e.local_date == now.wall.date()]
        self.session.restore(day_counts(today, self.session.catalogue, now),
                             load_pause(self.pause_file), self._count_streak(recent, now))
        self.apply([Record(e) for e in close_dangling(recent, now, self.store.device)])
        self.learn_quiet_hour(recent, now)
        if self.tally is not None:
            self.tally.start(now.wall.date())

    def keep_unsaved(self) -> str:
        """Before quitting: try the held answers once more, then keep the rest for the next
        start. Returns what to add to the user's reply ("" when nothing is held)."""
        self._check_thread()
        return self._unsaved.keep()

    def _recent_history(self, now: Moment) -> list[Event]:
        return recent_history(self.store, now.wall.date())

    def _count_streak(self, recent: list[Event], now: Moment) -> int:
        self._streak_day = now.wall.date()
        return self.streak(recent, self.session.settings, now) if self.streak else 0

    def _refresh_streak(self, now: Moment) -> None:
        """Once a day: yesterday may have extended the streak (unlocking a progression)."""
        if self._streak_day != now.wall.date():
            recent = self._recent_history(now)
            self.session.set_streak(self._count_streak(recent, now))
            self.learn_quiet_hour(recent, now)

    def learn_quiet_hour(self, recent: list[Event] | None, now: Moment, answered: str = ""
                         ) -> None:
        """The quiet hour to offer (at start, once a day, after an answer to the offer), from
        the last four weeks of history; None when there is none or nowhere to keep a dismissal."""
        if self.quiet_hours_file is None:
            return
        if recent is None:
            recent = self._recent_history(now)
        # `answered`: an hour just added as a pause, before the config reload brings it in.
        found = suggest_quiet_hours(recent, now.wall.date(), self.session.settings.schedule,
                                    load_dismissed(self.quiet_hours_file) | {answered})
        self.quiet_hour = found[0] if found else None

    def new_milestone(self, now: Moment) -> str:
        """After the Done that meets today's goal: words for a streak milestone reached now and
        never celebrated before, remembered so it never comes again ("" when none). Once a day:
        the streak is read from history, which has the Done by now."""
        today = now.wall.date()
        if self.milestones_file is None or self.streak is None or self._milestone_day == today:
            return ""
        self._milestone_day = today
        count = self.streak(self._recent_history(now), self.session.settings, now)
        self.session.set_streak(count)  # today's goal day may unlock a progression now
        milestone = milestone_reached(count, load_celebrated(self.milestones_file))
        if milestone is None:
            return ""
        try:
            remember_celebrated(self.milestones_file, milestone)
        except OSError as error:  # celebrated anyway; at worst once more after a restart
            log.warning("could not remember milestone %d: %s", milestone, error)
        return milestone_words(milestone)

    def moment(self) -> Moment:
        return Moment(self.clock.monotonic(), self.clock.now())

    # -- the tick ------------------------------------------------------------------------
    def tick(self) -> float | None:
        """Sample activity, decide, carry out; return when to tick again (monotonic)."""
        self._check_thread()
        self._unsaved.retry()
        self.reload_config()
        now = self.moment()
        self._refresh_streak(now)
        try:
            reading = self.activity.read()
        except Exception as error:
            log.warning("activity source %s failed: %s", self.activity.name, error)
            reading = ActivityReading(idle_seconds=0.0)
        sample = ActivitySample(now, reading.idle_seconds, reading.locked, reading.inhibited,
                                reading.resumed, self._interruption(now))
        self.apply(self.session.observe(sample))
        if self.weekly_review is not None:
            self.weekly_review.check(now.wall, self.session.settings, self.session.planner.pause,
                                     self.store, self.notifier)
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
        """Act on one user command and say what happened, in words for the user (the rules are
        in `nudge.app.dispatch`, shared with the CLI's files back end)."""
        self._check_thread()
        now = self.moment()
        reply = dispatch(EngineCommands(self, now), command)
        if not command.reads_only:
            self._publish(now)
        return reply

    def status(self, now: Moment | None = None) -> Status:
        status = self.session.status(now or self.moment())
        return replace(status, quiet_hour=self.quiet_hour) if self.quiet_hour else status

    def keep_pause(self, pause: Pause | None) -> str:
        """Keep the pause (or its end) for the next start; what to add to the reply if not."""
        try:
            save_pause(self.pause_file, pause)
        except OSError as error:
            log.warning("could not save pause state: %s", error)
            # Translators: after "Nudges paused ..."; {problem} says why {path} could not be
            # written.
            return " " + _("It could not be saved ({problem}: {path}), so it lasts only until "
                           "nudge restarts.").format(problem=reason(error), path=self.pause_file)
        return ""

    # -- internals -----------------------------------------------------------------------
    def _check_thread(self) -> None:
        assert self.on_engine_thread is None or self.on_engine_thread(), \
            "the engine was called off the engine thread; submit work to its loop instead"

    def apply(self, decisions: list[Decision]) -> bool:
        """Carry out decisions in order; returns False if any event could not be saved."""
        all_saved = True
        for decision in decisions:
            if isinstance(decision, Record):
                all_saved = self._unsaved.save(decision.event) and all_saved
            elif isinstance(decision, Show):
                self._safely(self.notifier.show, decision.offer)
            elif isinstance(decision, Withdraw):
                self._safely(self.notifier.withdraw, decision.nudge_id)
        return all_saved

    def reload_config(self) -> None:
        """Apply the config and exercises files if they changed: at every tick (the file watch
        wakes one), and at once when the settings window says it saved (`ReloadConfig`)."""
        if self.reload is None:
            return
        fresh = self.reload()
        if fresh is not None:
            self.session.reload(*fresh)
            log.info("settings reloaded")
            self.learn_quiet_hour(None, self.moment())  # a new pause may cover the offered hour

    def _publish(self, now: Moment) -> None:
        status = self.status(now)
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
