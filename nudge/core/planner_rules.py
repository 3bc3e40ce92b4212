"""What the settings, the exercises and the streak say: when the next nudge is due, and which.

Pure, no thread of its own: `Rules` is a value the planner (nudge/core/planner.py) replaces when
the settings change or the streak grows; it answers from what it is given and keeps no state.
- A glute-first chair rise after `rise_every` of sitting; a hip-flexor break after
  `hip_flexor_every`, taking the rise's place when both are due. Once a day the Nth rise offer
  becomes an activation check; once a day, after a run of goal days, a later offer becomes a
  progression. Only the exercises the user allows (`[exercises] floor` and `off`, the rule in
  nudge/core/exercise_choice.py) are offered.
- The rise is the everyday rise (`glute_rise`); the other allowed rises take a turn now and
  then as twists (nudge/core/variety.py: after enough plain rises, never two in a row). The
  hip-flexor break rotates among the allowed ones: the day's Nth break is
  `allowed[(day number + N - 1) % len(allowed)]`.
- Never while paused, in a scheduled pause, outside work hours or away.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from nudge.core.activity import Moment
from nudge.core.catalogue import Catalogue, Exercise, ExerciseKind
from nudge.core.decisions import NudgeOffer
from nudge.core.events import Event, EventKind
from nudge.core.exercise_choice import allowed
from nudge.core.nudge_states import Shown, Snoozed
from nudge.core.pacing import NO_PACING, Pacing, Run, spaced_interval
from nudge.core.pauses import Pause
from nudge.core.settings import Settings
from nudge.core.status import Phase
from nudge.core.summary_counts import counted_reps
from nudge.core.tracker import SeatView

# The progression (when unlocked) replaces this many offers after the activation check.
PROGRESSION_AFTER_ACTIVATION = 2
BLOCKER_RECHECK = 10.0  # seconds between looks at a blocker while a nudge is held

NAMES = {
    ExerciseKind.RISE: "rise",
    ExerciseKind.HIP_FLEXOR: "hip-flexor break",
    ExerciseKind.ACTIVATION: "activation check",
    ExerciseKind.PROGRESSION: "progression",
}


@dataclass(frozen=True)
class DayCounts:
    """Per-day state that must survive a restart (rebuilt from today's history)."""

    day: date | None = None
    offers: int = 0
    done: int = 0
    activation_offered: bool = False
    progression_offered: bool = False
    hip_breaks: int = 0  # hip-flexor breaks offered: the next one rotates on from these
    pacing: Pacing = NO_PACING  # today's runs of nudges turned away (nudge/core/pacing.py)
    reps: int = 0  # today's reps as every report counts them (`summary_counts.counted_reps`)

    def on(self, day: date) -> DayCounts:
        """The counts for `day`: these, or zero on a new day."""
        return self if self.day == day else DayCounts(day=day)

    def offered(self, kind: ExerciseKind) -> DayCounts:
        return replace(
            self, offers=self.offers + 1,
            activation_offered=self.activation_offered or kind is ExerciseKind.ACTIVATION,
            progression_offered=self.progression_offered or kind is ExerciseKind.PROGRESSION,
            hip_breaks=self.hip_breaks + (kind is ExerciseKind.HIP_FLEXOR))

    def one_done(self, reps: int) -> DayCounts:
        return replace(self, done=self.done + 1, reps=self.reps + reps)

    def paced(self, kind: ExerciseKind, outcome: EventKind, reason: str | None = None
              ) -> DayCounts:
        return replace(self, pacing=self.pacing.after(kind, outcome, reason))


@dataclass(frozen=True)
class Anchors:
    """Where the intervals count from (mono); None: from the start of the seated stretch."""

    rise: float | None = None  # the last rise outcome (any outcome but a snooze)
    hip: float | None = None  # the last hip-flexor outcome
    last_show: float | None = None  # the last first showing: nudges keep `min_gap` apart

    def answered(self, mono: float, exercise: Exercise) -> Anchors:
        """A nudge (or a manual exercise) ended: its intervals count from `mono`."""
        hip = mono if exercise.kind is ExerciseKind.HIP_FLEXOR else self.hip
        return replace(self, rise=mono, hip=hip)


@dataclass(frozen=True)
class Rules:
    settings: Settings
    catalogue: Catalogue
    streak_days: int = 0

    def reps_of(self, done: Event) -> int:
        """What a Done adds to today's reps: none for a stretch (`Catalogue.held_ids`)."""
        return counted_reps(done, self.catalogue.held_ids())

    def blocked(self, now: Moment, seat: SeatView, pause: Pause | None) -> Phase | None:
        """Why no nudge may be shown now (paused, off hours, away), or None."""
        schedule = self.settings.schedule
        if pause is not None and pause.active(now.wall):
            return Phase.PAUSED
        if schedule.scheduled_pause_at(now.wall) is not None:
            return Phase.PAUSED
        if not schedule.is_work_time(now.wall):
            return Phase.OFF_HOURS
        if not seat.present or seat.stretch_start is None:
            return Phase.AWAY
        return None

    def due(self, now: Moment, seat: SeatView, anchors: Anchors, snoozed: Snoozed | None,
            counts: DayCounts) -> tuple[float, Exercise]:
        """When the next nudge is due (mono) and which exercise it will be."""
        schedule = self.settings.schedule
        stretch = seat.stretch_start if seat.stretch_start is not None else now.mono
        since_present = seat.present_since if seat.present_since is not None else stretch
        rise_from = max(stretch, anchors.rise) if anchors.rise is not None else stretch
        hip_from = max(since_present, anchors.hip) if anchors.hip is not None else since_present
        rise_due = rise_from + self.spacing(ExerciseKind.RISE, counts)
        hip_due = hip_from + self.spacing(ExerciseKind.HIP_FLEXOR, counts)
        if snoozed is not None:
            due, exercise = snoozed.until, snoozed.exercise
            if exercise.kind is not ExerciseKind.HIP_FLEXOR and hip_due <= due:
                # The break came due during the snooze: it takes the rise's place, as when
                # both are due at once (else the rise, then the break a few minutes later).
                exercise = self._hip_flexor(now, counts)
        elif hip_due <= max(rise_due, now.mono):  # both due: the hip-flexor break wins
            due, exercise = hip_due, self._hip_flexor(now, counts)
        else:
            due, exercise = rise_due, self._rise_variant(now, counts)
        if anchors.last_show is not None:
            due = max(due, anchors.last_show + schedule.min_gap)
        return due, exercise

    def interval(self, exercise: Exercise) -> float:
        """The base seated time that makes a nudge of this kind due."""
        schedule = self.settings.schedule
        return schedule.hip_flexor_every if exercise.kind is ExerciseKind.HIP_FLEXOR \
            else schedule.rise_every

    def spacing(self, kind: ExerciseKind, counts: DayCounts) -> float:
        """The seated time that makes a nudge of `kind` due today: the base interval, spaced
        out after nudges turned away when `adapt` is on."""
        schedule = self.settings.schedule
        base = schedule.hip_flexor_every if kind is ExerciseKind.HIP_FLEXOR \
            else schedule.rise_every
        if not schedule.adapt:
            return base
        return spaced_interval(base, counts.pacing.run(kind), schedule.max_spacing)

    def spaced_after(self, kind: ExerciseKind, counts: DayCounts) -> Run | None:
        """The run that spaces the next nudge of `kind` out, or None when it is not spaced."""
        run = counts.pacing.run(kind)
        schedule = self.settings.schedule
        if not schedule.adapt or not run.length:
            return None
        base = schedule.hip_flexor_every if kind is ExerciseKind.HIP_FLEXOR \
            else schedule.rise_every
        return run if self.spacing(kind, counts) > base else None

    def offer(self, nudge: Shown) -> NudgeOffer:
        schedule = self.settings.schedule
        return NudgeOffer(nudge_id=nudge.nudge_id, exercise=nudge.exercise,
                          reps=nudge.exercise.reps, times_shown=nudge.times_shown,
                          snooze_choices=schedule.snooze_choices, default_snooze=schedule.snooze)

    def _rise_variant(self, now: Moment, counts: DayCounts) -> Exercise:
        """The rise, or today's activation check or progression in its place."""
        offer_number = counts.offers + 1
        activation_at = self.settings.schedule.activation_check_at_offer
        checks = self._allowed(ExerciseKind.ACTIVATION)
        if checks and not counts.activation_offered and offer_number >= activation_at:
            return checks[now.wall.date().toordinal() % len(checks)]
        progression = self._unlocked_progression()
        progression_at = activation_at + PROGRESSION_AFTER_ACTIVATION
        if progression and not counts.progression_offered and offer_number >= progression_at:
            return progression
        return self._allowed(ExerciseKind.RISE)[0]

    def other_rises(self) -> tuple[Exercise, ...]:
        """The allowed rises besides the everyday one: they take a turn as twists."""
        return self._allowed(ExerciseKind.RISE)[1:]

    def _hip_flexor(self, now: Moment, counts: DayCounts) -> Exercise:
        breaks = self._allowed(ExerciseKind.HIP_FLEXOR)
        return breaks[(now.wall.date().toordinal() + counts.hip_breaks) % len(breaks)]

    def _unlocked_progression(self) -> Exercise | None:
        unlocked: Exercise | None = None
        thresholds = self.settings.goals.progression_unlock_days
        for exercise in self._allowed(ExerciseKind.PROGRESSION):
            level = max(1, exercise.level)
            if level <= len(thresholds) and self.streak_days >= thresholds[level - 1]:
                unlocked = exercise
        return unlocked

    def _allowed(self, kind: ExerciseKind) -> tuple[Exercise, ...]:
        """The exercises of `kind` the user may be offered (never none of a needed kind)."""
        return allowed(self.catalogue, self.settings.exercises, kind)
