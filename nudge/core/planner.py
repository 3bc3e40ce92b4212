"""The nudge planner: decides when to show which nudge, and what each answer means.

Pure: every method takes the current `Moment` (and the tracker's `SeatView`) and returns
decisions. Rules, from the product brief and the article ("gentle, frequent nudges"):
- A glute-first chair rise after `rise_every` of sitting; a hip-flexor break after
  `hip_flexor_every`, taking the rise's place when both are due. Once a day the Nth rise offer
  becomes an activation check; once a day, after a run of goal days, a later offer becomes a
  progression. Floor exercises only when the user allows them (`[exercises] floor`).
- Once due, wait up to `pause_wait` for a pause in typing (`typing_pause` idle) before showing.
- Done (with reps), snooze, skip; no answer: shown once more after `reshow_after`, then missed.
  Every offer ends with exactly one outcome event.
- Never while away, paused, in a scheduled pause or outside work hours. A nudge on screen when
  one of those starts is withdrawn and recorded as missed. Only one nudge is ever pending, and
  every outcome restarts the interval, so a return, resume or clock jump yields one nudge at most.
- Never while the user must not be interrupted (a call, a fullscreen game, do not disturb): the
  nudge is held, never dropped. One on screen is taken off and comes back, the same offer, at the
  next pause in typing after the blocker clears; held time is not "no answer".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from nudge.core.activity import Moment
from nudge.core.catalogue import Catalogue, Exercise, ExerciseKind, Where
from nudge.core.decisions import (
    Answer,
    Decision,
    NudgeOffer,
    Record,
    RestartStretch,
    Show,
    Withdraw,
)
from nudge.core.events import Event, EventKind, Source
from nudge.core.pauses import Pause
from nudge.core.settings import Settings
from nudge.core.status import Phase, Status
from nudge.core.tracker import SeatView

# The progression (when unlocked) replaces this many offers after the activation check.
PROGRESSION_AFTER_ACTIVATION = 2
BLOCKER_RECHECK = 10.0  # seconds between looks at a blocker while a nudge is held

_NAMES = {
    ExerciseKind.RISE: "rise",
    ExerciseKind.HIP_FLEXOR: "hip-flexor break",
    ExerciseKind.ACTIVATION: "activation check",
    ExerciseKind.PROGRESSION: "progression",
}


@dataclass
class _Pending:
    """The one nudge in flight: waiting for a natural moment, or on screen."""

    exercise: Exercise
    due_since: float  # mono: when it became due and showable
    nudge_id: str | None = None  # set once shown
    shown_at: float | None = None  # None while not on screen
    times_shown: int = 0
    held: bool = False  # kept back (or taken off screen) while the user must not be interrupted
    snoozed_from: str | None = None  # back after a snooze: the id it was first shown with


@dataclass(frozen=True)
class _Snooze:
    until: float  # mono
    exercise: Exercise
    first_id: str  # the nudge id the snoozed nudge was first shown with


@dataclass(frozen=True)
class DayCounts:
    """Per-day state that must survive a restart (rebuilt from today's history)."""

    day: date | None = None
    offers: int = 0
    done: int = 0
    activation_offered: bool = False
    progression_offered: bool = False


class NudgePlanner:
    def __init__(self, settings: Settings, catalogue: Catalogue, streak_days: int = 0) -> None:
        self.settings = settings
        self.catalogue = catalogue
        self.streak_days = streak_days
        self.pause: Pause | None = None
        self.day = DayCounts()
        self._rise_anchor: float | None = None  # mono of the last rise outcome
        self._hip_anchor: float | None = None  # mono of the last hip-flexor outcome
        self._snooze: _Snooze | None = None
        self._pending: _Pending | None = None
        self._last_show: float | None = None
        self._serial = 0
        self.held_by: str | None = None  # why a due nudge is held back right now

    # -- queries -------------------------------------------------------------------------
    def status(self, now: Moment, seat: SeatView, started: bool = True) -> Status:
        schedule = self.settings.schedule
        seated = max(0.0, now.mono - seat.stretch_start) if seat.present and seat.stretch_start \
            is not None else 0.0
        done_today = self._counts(now).done

        def status(phase: Phase, next_in: float | None = None, progress: float = 0.0,
                   name: str | None = None, **more: object) -> Status:
            return Status(phase=phase, seated_seconds=seated, next_in_seconds=next_in,
                          next_name=name, progress=progress, done_today=done_today,
                          **more)  # type: ignore[arg-type]

        blocked = self._blocked(now, seat)
        if blocked is Phase.PAUSED:
            return status(Phase.PAUSED, paused_until=self.pause.until if self.pause else None)
        if not started:
            return status(Phase.STARTING)
        if blocked is Phase.OFF_HOURS:
            return status(blocked, next_work_start=schedule.next_work_start(now.wall))
        if blocked is not None:
            return status(blocked)
        pending = self._pending
        if pending is not None and pending.held:
            return status(Phase.DEFERRED, 0.0, 1.0, _NAMES[pending.exercise.kind],
                          held_by=self.held_by)
        if pending is not None and pending.shown_at is not None:
            return status(Phase.PENDING, 0.0, 1.0, _NAMES[pending.exercise.kind],
                          offer=self._offer(pending))
        if pending is not None:  # due and waiting: it, not the next one planned, comes next
            return status(Phase.DUE, 0.0, 1.0, _NAMES[pending.exercise.kind])
        due_at, exercise = self._due(now, seat)
        name = _NAMES[exercise.kind]
        remaining = max(0.0, due_at - now.mono)
        if remaining == 0.0:
            return status(Phase.DUE, 0.0, 1.0, name)
        if self._snooze is not None:
            return status(Phase.SNOOZED, remaining, 1.0, name)
        interval = schedule.hip_flexor_every if exercise.kind is ExerciseKind.HIP_FLEXOR \
            else schedule.rise_every
        progress = min(1.0, max(0.0, 1.0 - remaining / interval)) if interval > 0 else 1.0
        return status(Phase.SITTING, remaining, progress, name)

    def next_check(self, now: Moment, seat: SeatView) -> float | None:
        """Monotonic time at which the planner wants to look again (None: only on events)."""
        schedule = self.settings.schedule
        candidates: list[float] = []
        if self.pause is not None and self.pause.until is not None:
            candidates.append(now.mono + now.seconds_until(self.pause.until))
        if self._blocked(now, seat) is not None:
            return min(candidates) if candidates else None
        pending = self._pending
        if pending is not None and pending.held:
            candidates.append(now.mono + BLOCKER_RECHECK)
        elif pending is not None and pending.shown_at is not None:
            candidates.append(pending.shown_at + schedule.reshow_after)
        elif pending is not None:
            candidates.append(pending.due_since + schedule.pause_wait)
            if seat.last_input is not None:
                candidates.append(seat.last_input + schedule.typing_pause)
        else:
            candidates.append(self._due(now, seat)[0])
        return max(now.mono, min(candidates))

    # -- the main step -------------------------------------------------------------------
    def is_due(self, now: Moment, seat: SeatView) -> bool:
        """True while a nudge is due, held or on screen: the time to look at blockers."""
        if self._pending is not None:
            return True
        return self._blocked(now, seat) is None and self._due(now, seat)[0] <= now.mono

    def update(self, now: Moment, seat: SeatView, interruption: str | None = None
               ) -> list[Decision]:
        """Look at the situation now; return what to show, withdraw or record.

        `interruption` says why the user must not be interrupted right now (None: they may be).
        """
        decisions: list[Decision] = []
        self._roll_day(now)
        if self.pause is not None and not self.pause.active(now.wall):
            self.pause = None
        blocked = self._blocked(now, seat)
        if blocked is not None:
            self.held_by = None
            return self._drop_pending(now, reason=blocked.value)
        if interruption is not None:
            return self._hold(now, seat, interruption)
        self.held_by = None
        schedule = self.settings.schedule
        pending = self._pending
        if pending is not None and pending.held:
            pending.held = False
            pending.due_since = now.mono  # a fresh wait for a pause in typing
            if pending.nudge_id is None:  # never shown: the hip-flexor may be due by now
                pending.exercise = self._due(now, seat)[1]
        if pending is not None and pending.shown_at is not None:
            if now.mono - pending.shown_at < schedule.reshow_after:
                return []
            if pending.times_shown < 2:
                pending.times_shown += 1
                pending.shown_at = now.mono
                return [Show(self._offer(pending))]
            return self._finish(now, EventKind.MISSED, reason="no_answer")
        if pending is None:
            due_at, exercise = self._due(now, seat)
            if now.mono < due_at:
                return []
            pending = self._pending = _Pending(exercise=exercise, due_since=now.mono,
                                               snoozed_from=self._take_snooze())
        typing_paused = seat.idle_seconds >= schedule.typing_pause
        waited_enough = now.mono - pending.due_since >= schedule.pause_wait
        if (typing_paused or waited_enough) and pending.nudge_id is None:
            decisions += self._show_first_time(now, pending)
        elif typing_paused or waited_enough:  # back after being held: the same offer again
            pending.shown_at = now.mono
            decisions.append(Show(self._offer(pending)))
        return decisions

    def _hold(self, now: Moment, seat: SeatView, reason: str) -> list[Decision]:
        """Keep a due nudge back while the user must not be interrupted; never drop it."""
        self.held_by = reason
        pending = self._pending
        if pending is None:
            due_at, exercise = self._due(now, seat)
            if now.mono < due_at:
                return []
            self._pending = _Pending(exercise=exercise, due_since=now.mono, held=True,
                                     snoozed_from=self._take_snooze())
            return []
        pending.held = True
        if pending.shown_at is not None and pending.nudge_id is not None:
            pending.shown_at = None
            return [Withdraw(pending.nudge_id)]
        return []

    # -- user actions --------------------------------------------------------------------
    def answer(self, now: Moment, nudge_id: str, answer: Answer, reps: int | None = None,
               snooze_seconds: float | None = None) -> list[Decision]:
        """The user answered the nudge `nudge_id`. A stale id (an old notification) is ignored."""
        pending = self._pending
        if pending is None or pending.nudge_id != nudge_id:
            return []
        if answer is Answer.DONE:
            count = reps if reps is not None and reps > 0 else self._reps(pending.exercise)
            return self._finish(now, EventKind.DONE, reps=count)
        if answer is Answer.SKIP:
            return self._finish(now, EventKind.SKIPPED)
        seconds = snooze_seconds if snooze_seconds and snooze_seconds > 0 \
            else self.settings.schedule.snooze
        exercise, first_id = pending.exercise, pending.snoozed_from or nudge_id
        decisions = self._finish(now, EventKind.SNOOZED, until_seconds=seconds)
        self._snooze = _Snooze(now.mono + seconds, exercise, first_id)
        return decisions

    def log_manual(self, now: Moment, exercise: Exercise, reps: int | None = None
                   ) -> list[Decision]:
        """The user did an exercise without a prompt ("I just did a rise", `nudge log rise`).

        If a nudge for the same kind of movement is pending, this answers it as done.
        """
        pending = self._pending
        if pending is not None and pending.nudge_id is not None:
            return self.answer(now, pending.nudge_id, Answer.DONE, reps=reps)
        if pending is not None:
            self._pending = None
        self._roll_day(now)
        count = reps if reps is not None and reps > 0 else exercise.reps
        self._anchor(now, exercise)
        self._snooze = None
        self.day = replace(self.day, done=self.day.done + 1)
        event = Event(EventKind.DONE, now.wall, exercise=exercise.id, reps=count,
                      source=Source.MANUAL)
        return [Record(event), RestartStretch()]

    def set_pause(self, now: Moment, pause: Pause | None) -> list[Decision]:
        """Pause nudges (a Pause) or resume them (None)."""
        if pause is None:
            was_paused = self.pause is not None
            self.pause = None
            return [Record(Event(EventKind.RESUME, now.wall))] if was_paused else []
        self.pause = pause
        decisions = self._drop_pending(now, reason="paused")
        decisions.append(Record(Event(EventKind.PAUSE, now.wall, until=pause.until)))
        return decisions

    def on_natural_break(self, now: Moment) -> list[Decision]:
        """The user got up (idle, lock, suspend), even if already back by this sample.

        A nudge on screen is missed; one still due is dropped, so the next one needs a full
        interval of new sitting.
        """
        decisions = self._drop_pending(now, reason=Phase.AWAY.value)
        self.held_by = None
        self.restart_intervals()
        return decisions

    def restart_intervals(self) -> None:
        """Any snooze and interval restart from the next seated stretch."""
        self._rise_anchor = None
        self._hip_anchor = None
        self._snooze = None

    def restore(self, counts: DayCounts, last_show_mono: float | None = None) -> None:
        """Restore today's counters after a restart (from history)."""
        self.day = counts
        self._last_show = last_show_mono

    # -- internals -----------------------------------------------------------------------
    def _counts(self, now: Moment) -> DayCounts:
        return self.day if self.day.day == now.wall.date() else DayCounts(day=now.wall.date())

    def _roll_day(self, now: Moment) -> None:
        self.day = self._counts(now)

    def _blocked(self, now: Moment, seat: SeatView) -> Phase | None:
        schedule = self.settings.schedule
        if self.pause is not None and self.pause.active(now.wall):
            return Phase.PAUSED
        if schedule.scheduled_pause_at(now.wall) is not None:
            return Phase.PAUSED
        if not schedule.is_work_time(now.wall):
            return Phase.OFF_HOURS
        if not seat.present or seat.stretch_start is None:
            return Phase.AWAY
        return None

    def _due(self, now: Moment, seat: SeatView) -> tuple[float, Exercise]:
        """When the next nudge is due (mono) and which exercise it will be."""
        schedule = self.settings.schedule
        stretch = seat.stretch_start if seat.stretch_start is not None else now.mono
        since_present = seat.present_since if seat.present_since is not None else stretch
        rise_from = max(stretch, self._rise_anchor) if self._rise_anchor is not None else stretch
        hip_from = max(since_present, self._hip_anchor) if self._hip_anchor is not None \
            else since_present
        rise_due = rise_from + schedule.rise_every
        hip_due = hip_from + schedule.hip_flexor_every
        if self._snooze is not None:
            due, exercise = self._snooze.until, self._snooze.exercise
            if exercise.kind is not ExerciseKind.HIP_FLEXOR and hip_due <= due:
                # The break came due during the snooze: it takes the rise's place, as when
                # both are due at once (else the rise, then the break a few minutes later).
                exercise = self.catalogue.first_of_kind(ExerciseKind.HIP_FLEXOR)
        elif hip_due <= max(rise_due, now.mono):  # both due: the hip-flexor break wins
            due, exercise = hip_due, self.catalogue.first_of_kind(ExerciseKind.HIP_FLEXOR)
        else:
            due, exercise = rise_due, self._rise_variant(now)
        if self._last_show is not None:
            due = max(due, self._last_show + schedule.min_gap)
        return due, exercise

    def _rise_variant(self, now: Moment) -> Exercise:
        """The rise, or today's activation check or progression in its place."""
        counts = self._counts(now)
        offer_number = counts.offers + 1
        activation_at = self.settings.schedule.activation_check_at_offer
        checks = self._allowed(ExerciseKind.ACTIVATION)
        if checks and not counts.activation_offered and offer_number >= activation_at:
            return checks[now.wall.date().toordinal() % len(checks)]
        progression = self._unlocked_progression()
        progression_at = activation_at + PROGRESSION_AFTER_ACTIVATION
        if progression and not counts.progression_offered and offer_number >= progression_at:
            return progression
        return self.catalogue.first_of_kind(ExerciseKind.RISE)

    def _unlocked_progression(self) -> Exercise | None:
        unlocked: Exercise | None = None
        thresholds = self.settings.goals.progression_unlock_days
        for exercise in self._allowed(ExerciseKind.PROGRESSION):
            level = max(1, exercise.level)
            if level <= len(thresholds) and self.streak_days >= thresholds[level - 1]:
                unlocked = exercise
        return unlocked

    def _allowed(self, kind: ExerciseKind) -> tuple[Exercise, ...]:
        """The exercises of `kind` the user may be offered: floor ones only when allowed."""
        floor = self.settings.exercises.floor
        return tuple(e for e in self.catalogue.of_kind(kind) if floor or e.where is not Where.FLOOR)

    def _reps(self, exercise: Exercise) -> int:
        return exercise.reps

    def _offer(self, pending: _Pending) -> NudgeOffer:
        assert pending.nudge_id is not None
        schedule = self.settings.schedule
        return NudgeOffer(nudge_id=pending.nudge_id, exercise=pending.exercise,
                          reps=self._reps(pending.exercise), times_shown=pending.times_shown,
                          snooze_choices=schedule.snooze_choices, default_snooze=schedule.snooze)

    def _show_first_time(self, now: Moment, pending: _Pending) -> list[Decision]:
        self._serial += 1
        pending.nudge_id = f"{now.wall:%Y%m%dT%H%M%S}-{self._serial}"
        pending.shown_at = now.mono
        pending.times_shown = 1
        self._last_show = now.mono
        kind = pending.exercise.kind
        self.day = replace(
            self.day,
            offers=self.day.offers + 1,
            activation_offered=self.day.activation_offered or kind is ExerciseKind.ACTIVATION,
            progression_offered=self.day.progression_offered or kind is ExerciseKind.PROGRESSION,
        )
        offered = Event(EventKind.OFFERED, now.wall, nudge_id=pending.nudge_id,
                        exercise=pending.exercise.id, reps=self._reps(pending.exercise),
                        snoozed_from=pending.snoozed_from)
        return [Record(offered), Show(self._offer(pending))]

    def _finish(self, now: Moment, kind: EventKind, reps: int | None = None,
                reason: str | None = None, until_seconds: float | None = None) -> list[Decision]:
        """End the shown nudge with one outcome, and restart the intervals it answers for."""
        pending = self._pending
        assert pending is not None and pending.nudge_id is not None
        self._pending = None
        until = now.wall_at(now.mono + until_seconds) if until_seconds is not None else None
        event = Event(kind, now.wall, nudge_id=pending.nudge_id, exercise=pending.exercise.id,
                      reps=reps, source=Source.PROMPT if kind is EventKind.DONE else None,
                      reason=reason, until=until)
        decisions: list[Decision] = [Withdraw(pending.nudge_id), Record(event)]
        if kind is EventKind.SNOOZED:
            return decisions
        self._anchor(now, pending.exercise)
        if kind is EventKind.DONE:
            self.day = replace(self.day, done=self.day.done + 1)
            decisions.append(RestartStretch())
        return decisions

    def _anchor(self, now: Moment, exercise: Exercise) -> None:
        self._rise_anchor = now.mono
        if exercise.kind is ExerciseKind.HIP_FLEXOR:
            self._hip_anchor = now.mono

    def _take_snooze(self) -> str | None:
        """A nudge is due now: end any snooze; the id it was snoozed under, if one was."""
        first_id = self._snooze.first_id if self._snooze is not None else None
        self._snooze = None
        return first_id

    def _drop_pending(self, now: Moment, reason: str) -> list[Decision]:
        """Blocked: a nudge on screen becomes missed; one not yet shown waits for later."""
        pending = self._pending
        if pending is None:
            return []
        if pending.nudge_id is None:
            self._pending = None
            return []
        return self._finish(now, EventKind.MISSED, reason=reason)
