"""The nudge planner: decides when to show which nudge, and what each answer means.

Pure, no thread of its own: every method takes the current `Moment` (and the tracker's
`SeatView`) and returns decisions. Its state is one of a closed set of types
(nudge/core/nudge_states.py, diagram in docs/planner-states.md), changed only by the methods
below; which nudge is due when is in nudge/core/planner_rules.py, the status in
nudge/core/planner_status.py. Rules, from the product brief and the article ("gentle, frequent
nudges"):
- Once due, wait up to `pause_wait` for a pause in typing (`typing_pause` idle) before showing.
- Done (with reps), snooze, skip; no answer: shown once more after `reshow_after`, then missed.
  Every offer ends with exactly one outcome event.
- Never while away, paused, in a scheduled pause or outside work hours. A nudge on screen when
  one of those starts is withdrawn and recorded as missed. Only one nudge is ever in flight, and
  every outcome restarts the interval, so a return, resume or clock jump yields one nudge at most.
- Never while the user must not be interrupted (a call, a fullscreen game, do not disturb): the
  nudge is held, never dropped. One on screen is taken off and comes back, the same offer, at the
  next pause in typing after the blocker clears; held time is not "no answer".
"""

from __future__ import annotations

from dataclasses import replace
from typing import assert_never

from nudge.core import planner_events
from nudge.core.activity import Moment
from nudge.core.catalogue import Catalogue, Exercise
from nudge.core.decisions import Answer, Decision, Record, RestartStretch, Show, Withdraw
from nudge.core.events import Event, EventKind
from nudge.core.nudge_states import (
    COUNTING,
    Counting,
    HeldAfterShown,
    HeldBeforeShown,
    NudgeState,
    OnScreen,
    Returning,
    Shown,
    Snoozed,
    Waiting,
    answerable,
    snoozed_id,
)
from nudge.core.pauses import Pause
from nudge.core.planner_rules import BLOCKER_RECHECK, Anchors, DayCounts, Rules
from nudge.core.planner_status import planner_next_check, planner_status
from nudge.core.settings import Settings
from nudge.core.status import Phase, Status
from nudge.core.tracker import SeatView
from nudge.core.variety import Variety

__all__ = ["BLOCKER_RECHECK", "DayCounts", "NudgePlanner"]


class NudgePlanner:
    def __init__(self, settings: Settings, catalogue: Catalogue, streak_days: int = 0) -> None:
        self._rules = Rules(settings, catalogue, streak_days)
        self._pause: Pause | None = None
        self._day = DayCounts()
        self._anchors = Anchors()
        self._state: NudgeState = COUNTING
        self._serial = 0
        self._variety = Variety()

    # -- read-only views -----------------------------------------------------------------
    @property
    def rules(self) -> Rules:
        return self._rules

    @property
    def streak_days(self) -> int:
        return self._rules.streak_days

    @property
    def pause(self) -> Pause | None:
        return self._pause

    @property
    def day(self) -> DayCounts:
        return self._day

    @property
    def state(self) -> NudgeState:
        return self._state

    # -- queries -------------------------------------------------------------------------
    def status(self, now: Moment, seat: SeatView, started: bool = True) -> Status:
        return planner_status(self, now, seat, started)

    def next_check(self, now: Moment, seat: SeatView) -> float | None:
        return planner_next_check(self, now, seat)

    def is_due(self, now: Moment, seat: SeatView) -> bool:
        """True while a nudge is due, held or on screen: the time to look at blockers."""
        if not isinstance(self._state, Counting | Snoozed):
            return True
        return self.blocked(now, seat) is None and self.due(now, seat)[0] <= now.mono

    def blocked(self, now: Moment, seat: SeatView) -> Phase | None:
        """Why no nudge may be shown now (paused, off hours, away), or None."""
        return self._rules.blocked(now, seat, self._pause)

    def due(self, now: Moment, seat: SeatView) -> tuple[float, Exercise]:
        """When the next nudge is due (mono) and which exercise it will be."""
        snoozed = self._state if isinstance(self._state, Snoozed) else None
        return self._rules.due(now, seat, self._anchors, snoozed, self.counts(now))

    def counts(self, now: Moment) -> DayCounts:
        """Today's counts (zero on a new day)."""
        return self._day.on(now.wall.date())

    # -- the main step -------------------------------------------------------------------
    def update(self, now: Moment, seat: SeatView, interruption: str | None = None
               ) -> list[Decision]:
        """Look at the situation now; return what to show, withdraw or record.

        `interruption` says why the user must not be interrupted right now (None: they may be).
        """
        self._day = self.counts(now)
        if self._pause is not None and not self._pause.active(now.wall):
            self._pause = None
        blocked = self.blocked(now, seat)
        if blocked is not None:
            return self._drop(now, reason=blocked.value)
        if interruption is not None:
            return self._hold(now, seat, interruption)
        return self._step(now, seat)

    def _step(self, now: Moment, seat: SeatView) -> list[Decision]:
        """The user may be interrupted: move towards showing the nudge, or on from showing it."""
        schedule = self._rules.settings.schedule
        match self._state:
            case Counting() | Snoozed():
                due_at, exercise = self.due(now, seat)
                if now.mono < due_at:
                    return []
                self._state = Waiting(exercise, now.mono, snoozed_id(self._state))
                return self._step(now, seat)
            case HeldBeforeShown(snoozed_from=snoozed_from):
                # A fresh wait for a pause in typing; never shown, so the break may be due by now.
                self._state = Waiting(self.due(now, seat)[1], now.mono, snoozed_from)
                return self._step(now, seat)
            case HeldAfterShown(nudge=nudge):
                self._state = Returning(nudge, now.mono)
                return self._step(now, seat)
            case Waiting(due_since=since) | Returning(due_since=since) as waiting:
                typing_paused = seat.idle_seconds >= schedule.typing_pause
                if not typing_paused and now.mono - since < schedule.pause_wait:
                    return []
                if isinstance(waiting, Waiting):
                    return self._show_first_time(now, waiting)
                self._state = OnScreen(waiting.nudge, now.mono)  # the same offer again
                return [Show(self._rules.offer(waiting.nudge))]
            case OnScreen(nudge=nudge, shown_at=shown_at):
                if now.mono - shown_at < schedule.reshow_after:
                    return []
                if nudge.times_shown < 2:
                    again = replace(nudge, times_shown=nudge.times_shown + 1)
                    self._state = OnScreen(again, now.mono)
                    return [Show(self._rules.offer(again))]
                return self._finish(now, nudge, EventKind.MISSED, reason="no_answer")
            case _:
                assert_never(self._state)

    def _hold(self, now: Moment, seat: SeatView, reason: str) -> list[Decision]:
        """Keep a due nudge back while the user must not be interrupted; never drop it."""
        match self._state:
            case Counting() | Snoozed():
                due_at, exercise = self.due(now, seat)
                if now.mono >= due_at:
                    self._state = HeldBeforeShown(exercise, snoozed_id(self._state), reason)
            case Waiting(exercise=exercise, snoozed_from=snoozed_from) \
                    | HeldBeforeShown(exercise=exercise, snoozed_from=snoozed_from):
                self._state = HeldBeforeShown(exercise, snoozed_from, reason)
            case OnScreen(nudge=nudge):
                self._state = HeldAfterShown(nudge, reason)
                return [Withdraw(nudge.nudge_id)]
            case HeldAfterShown(nudge=nudge) | Returning(nudge=nudge):
                self._state = HeldAfterShown(nudge, reason)
            case _:
                assert_never(self._state)
        return []

    # -- user actions --------------------------------------------------------------------
    def answer(self, now: Moment, nudge_id: str, answer: Answer, reps: int | None = None,
               snooze_seconds: float | None = None) -> list[Decision]:
        """The user answered the nudge `nudge_id`. A stale id (an old notification) is ignored."""
        nudge = answerable(self._state)
        if nudge is None or nudge.nudge_id != nudge_id:
            return []
        if answer is Answer.DONE:
            return self._finish(now, nudge, EventKind.DONE, reps=reps)
        if answer is Answer.SKIP:
            return self._finish(now, nudge, EventKind.SKIPPED)
        seconds = planner_events.snooze_length(snooze_seconds, self._rules.settings.schedule.snooze)
        decisions = self._finish(now, nudge, EventKind.SNOOZED, until_seconds=seconds)
        self._state = Snoozed(now.mono + seconds, nudge.exercise, nudge.first_id)
        return decisions

    def log_manual(self, now: Moment, exercise: Exercise, reps: int | None = None
                   ) -> list[Decision]:
        """The user did an exercise without a prompt ("I just did a rise", `nudge log rise`).

        A nudge that has been shown is answered as done; one due or snoozed is not needed now.
        """
        nudge = answerable(self._state)
        if nudge is not None:
            return self.answer(now, nudge.nudge_id, Answer.DONE, reps=reps)
        self._state = COUNTING
        self._anchors = self._anchors.answered(now.mono, exercise)
        done = planner_events.manual(now, exercise, reps)
        self._day = self.counts(now).one_done(self._rules.reps_of(done)).paced(exercise.kind,
                                                                            EventKind.DONE)
        return [Record(done), RestartStretch()]

    def set_pause(self, now: Moment, pause: Pause | None) -> list[Decision]:
        """Pause nudges (a Pause) or resume them (None)."""
        if pause is None:
            was_paused = self._pause is not None
            self._pause = None
            return [Record(Event(EventKind.RESUME, now.wall))] if was_paused else []
        self._pause = pause
        decisions = self._drop(now, reason="paused")
        decisions.append(Record(Event(EventKind.PAUSE, now.wall, until=pause.until)))
        return decisions

    def on_natural_break(self, now: Moment) -> list[Decision]:
        """The user got up (idle, lock, suspend), even if already back by this sample.

        A nudge on screen is missed; one still due is dropped, so the next one needs a full
        interval of new sitting.
        """
        decisions = self._drop(now, reason=Phase.AWAY.value)
        self.restart_intervals()
        return decisions

    def restart_intervals(self) -> None:
        """Any snooze and interval restart from the next seated stretch."""
        self._anchors = replace(self._anchors, rise=None, hip=None)
        if isinstance(self._state, Snoozed):
            self._state = COUNTING

    # -- set-up --------------------------------------------------------------------------
    def restore(self, counts: DayCounts, pause: Pause | None, streak_days: int) -> None:
        """After a restart: today's counters and the pause (from history and the pause file)."""
        self._day = counts
        self._pause = pause
        self._anchors = replace(self._anchors, last_show=None)
        self.set_streak(streak_days)

    def reload(self, settings: Settings, catalogue: Catalogue) -> None:
        """New settings or exercises from edited files; the nudge in flight carries on."""
        self._rules = replace(self._rules, settings=settings, catalogue=catalogue)

    def set_streak(self, streak_days: int) -> None:
        """The streak as counted from history (it unlocks progressions)."""
        self._rules = replace(self._rules, streak_days=streak_days)

    # -- internals -----------------------------------------------------------------------
    def _show_first_time(self, now: Moment, waiting: Waiting) -> list[Decision]:
        self._serial += 1
        nudge_id = f"{now.wall:%Y%m%dT%H%M%S}-{self._serial}"
        exercise = waiting.exercise
        # Dressed (nudge/core/variety.py: words, twists) when it comes straight from the
        # catalogue; one back from a snooze keeps what it was first shown as.
        if exercise == self._rules.catalogue.by_id(exercise.id):
            exercise, self._variety = self._variety.dress(exercise, now.wall.toordinal(),
                                                          self._rules.other_rises())
        nudge = Shown(nudge_id, exercise, times_shown=1, first_id=waiting.snoozed_from or nudge_id)
        self._state = OnScreen(nudge, now.mono)
        self._anchors = replace(self._anchors, last_show=now.mono)
        self._day = self._day.offered(exercise.kind)
        offered = planner_events.offered(now, nudge, waiting.snoozed_from)
        return [Record(offered), Show(self._rules.offer(nudge))]

    def _finish(self, now: Moment, nudge: Shown, kind: EventKind, reps: int | None = None,
                reason: str | None = None, until_seconds: float | None = None) -> list[Decision]:
        """End the shown nudge with one outcome, and restart the intervals it answers for."""
        self._state = COUNTING
        event = planner_events.outcome(now, nudge, kind, reps, reason, until_seconds)
        decisions: list[Decision] = [Withdraw(nudge.nudge_id), Record(event)]
        if kind is EventKind.SNOOZED:
            return decisions
        self._anchors = self._anchors.answered(now.mono, nudge.exercise)
        self._day = self.counts(now).paced(nudge.exercise.kind, kind, reason)
        if kind is EventKind.DONE:
            self._day = self._day.one_done(self._rules.reps_of(event))
            decisions.append(RestartStretch())
        return decisions

    def _drop(self, now: Moment, reason: str) -> list[Decision]:
        """Blocked: a nudge that was shown becomes missed; one not yet shown waits for later."""
        match self._state:
            case Waiting() | HeldBeforeShown():
                self._state = COUNTING
                return []
            case OnScreen(nudge=nudge) | HeldAfterShown(nudge=nudge) | Returning(nudge=nudge):
                return self._finish(now, nudge, EventKind.MISSED, reason=reason)
            case Counting() | Snoozed():
                return []
            case _:
                assert_never(self._state)
