"""What a (re)start rebuilds from the history: today's counters, and the one outcome of each offer
a crash, a kill or a shutdown left open. Pure functions of the events they are given."""

from __future__ import annotations

from datetime import datetime, time

from nudge.core.activity import Moment
from nudge.core.catalogue import Catalogue, ExerciseKind
from nudge.core.events import OUTCOMES, Event, EventKind
from nudge.core.pacing import pacing_from
from nudge.core.planner import DayCounts
from nudge.core.summary_counts import reps_on, rise_counts_on


def day_counts(today: list[Event], catalogue: Catalogue, now: Moment) -> DayCounts:
    """Today's counters from today's events; `done` and `reps` are today's rises and reps as
    every report counts them (`nudge.core.summary_counts`); the nudges turned away in a row,
    for the pacing."""
    def kind_of_id(exercise_id: str | None) -> ExerciseKind | None:
        exercise = catalogue.by_id(exercise_id) if exercise_id else None
        return exercise.kind if exercise else None

    def kind_of(event: Event) -> ExerciseKind | None:
        return kind_of_id(event.exercise)

    offered = [e for e in today if e.kind is EventKind.OFFERED]
    return DayCounts(
        day=now.wall.date(),
        offers=len(offered),
        done=rise_counts_on(today, now.wall.date()).rises,
        activation_offered=any(kind_of(e) is ExerciseKind.ACTIVATION for e in offered),
        progression_offered=any(kind_of(e) is ExerciseKind.PROGRESSION for e in offered),
        hip_breaks=sum(kind_of(e) is ExerciseKind.HIP_FLEXOR for e in offered),
        pacing=pacing_from(today, kind_of_id),
        reps=reps_on(today, now.wall.date(), catalogue.held_ids()),
    )


def close_dangling(recent: list[Event], now: Moment, device: str) -> list[Event]:
    """This device's offers left open by a crash, a kill or a shutdown get their one outcome:
    missed, at the restart if the offer was today, else at the end of the offer's day (so it
    counts on that day). Another device's open offers are that device's to close."""
    answered = {e.nudge_id for e in recent if e.kind in OUTCOMES}
    return [Event(EventKind.MISSED, now.wall if e.local_date == now.wall.date() else
                  datetime.combine(e.local_date, time(23, 59, 59), tzinfo=e.at.tzinfo),
                  nudge_id=e.nudge_id, exercise=e.exercise, reason="restart")
            for e in recent if e.kind is EventKind.OFFERED and e.device in (None, device)
            and e.nudge_id not in answered]
