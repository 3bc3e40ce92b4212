"""The planner's states: the one nudge in flight, or none, as a closed set of types.

Pure, no thread of its own. `NudgePlanner` (nudge/core/planner.py) holds exactly one of these and
moves between them only in its own methods, handling each with `match`; the diagram and the
table of transitions are in docs/planner-states.md.

A nudge is never shown twice at once: while one is in flight (any state but `Counting` and
`Snoozed`), no other is planned. Blockers (a call, a fullscreen game, do not disturb) hold a
nudge; being away, paused or outside work hours drops it (missed, once it has been shown).
"""

from __future__ import annotations

from dataclasses import dataclass

from nudge.core.catalogue import Exercise


@dataclass(frozen=True)
class Shown:
    """A nudge that has been on screen: what the user may still answer, by its id."""

    nudge_id: str
    exercise: Exercise
    times_shown: int  # 1 the first time, 2 after the one re-show for no answer
    first_id: str  # the id it was first shown under, before any snooze (else nudge_id)


@dataclass(frozen=True)
class Counting:
    """No nudge in flight: seated time counts towards the next one."""


@dataclass(frozen=True)
class Snoozed:
    """The user snoozed a nudge; it comes back at `until` (the hip-flexor break if that is due)."""

    until: float  # mono
    exercise: Exercise
    first_id: str  # the nudge id the snoozed nudge was first shown with


@dataclass(frozen=True)
class Waiting:
    """Due and not yet shown: waiting up to `pause_wait` for a pause in typing."""

    exercise: Exercise
    due_since: float  # mono: when the wait began
    snoozed_from: str | None  # back after a snooze: the id it was first shown with


@dataclass(frozen=True)
class HeldBeforeShown:
    """Due, kept back before it was ever shown while the user must not be interrupted."""

    exercise: Exercise
    snoozed_from: str | None
    held_by: str  # why, e.g. "a fullscreen window"


@dataclass(frozen=True)
class OnScreen:
    """Shown and waiting for an answer; shown once more after `reshow_after`, then missed."""

    nudge: Shown
    shown_at: float  # mono


@dataclass(frozen=True)
class HeldAfterShown:
    """Taken off screen while the user must not be interrupted; the same offer comes back."""

    nudge: Shown
    held_by: str


@dataclass(frozen=True)
class Returning:
    """Back from being held after it was shown: waiting for a pause in typing to show it again."""

    nudge: Shown
    due_since: float  # mono: when the blocker cleared


NudgeState = Counting | Snoozed | Waiting | HeldBeforeShown | OnScreen | HeldAfterShown | Returning

COUNTING = Counting()


def answerable(state: NudgeState) -> Shown | None:
    """The nudge the user can answer: on screen, or taken off by a blocker and not yet back."""
    match state:
        case OnScreen(nudge=nudge) | HeldAfterShown(nudge=nudge) | Returning(nudge=nudge):
            return nudge
        case _:
            return None


def snoozed_id(state: NudgeState) -> str | None:
    """A nudge comes due in `state`: the id it was first shown under, if it is a snoozed one."""
    return state.first_id if isinstance(state, Snoozed) else None
