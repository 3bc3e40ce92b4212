"""What the planner writes down: the events of a nudge (offered, its one outcome) and of a rise
done without a prompt, and the reps and snooze length an answer stands for.

Pure, no thread of its own; `NudgePlanner` (nudge/core/planner.py) calls these from its
state-changing methods, which stay there.
"""

from __future__ import annotations

from nudge.core.activity import Moment
from nudge.core.catalogue import Exercise
from nudge.core.events import Event, EventKind, Source
from nudge.core.nudge_states import Shown


def done_reps(reps: int | None, exercise: Exercise) -> int:
    """The reps a Done stands for: the user's count, or the exercise's suggestion."""
    return reps if reps is not None and reps > 0 else exercise.reps


def snooze_length(asked: float | None, default: float) -> float:
    """The seconds a snooze lasts: the length asked for, or the schedule's."""
    return asked if asked and asked > 0 else default


def offered(now: Moment, nudge: Shown, snoozed_from: str | None) -> Event:
    return Event(EventKind.OFFERED, now.wall, nudge_id=nudge.nudge_id,
                 exercise=nudge.exercise.id, reps=nudge.exercise.reps, snoozed_from=snoozed_from)


def outcome(now: Moment, nudge: Shown, kind: EventKind, reps: int | None,
            reason: str | None, until_seconds: float | None) -> Event:
    """The one outcome of a shown nudge: a Done carries its reps, a snooze until when."""
    done = kind is EventKind.DONE
    until = now.wall_at(now.mono + until_seconds) if until_seconds is not None else None
    return Event(kind, now.wall, nudge_id=nudge.nudge_id, exercise=nudge.exercise.id,
                 reps=done_reps(reps, nudge.exercise) if done else reps,
                 source=Source.PROMPT if done else None, reason=reason, until=until)


def manual(now: Moment, exercise: Exercise, reps: int | None) -> Event:
    return Event(EventKind.DONE, now.wall, exercise=exercise.id, reps=done_reps(reps, exercise),
                 source=Source.MANUAL)
