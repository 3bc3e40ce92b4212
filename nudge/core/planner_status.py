"""What the planner says about now: the status every UI shows, and when to look again.

Pure, no thread of its own; read-only over a `NudgePlanner` (nudge/core/planner.py), one
`match` over its state (nudge/core/nudge_states.py) each.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, assert_never

from nudge.core.activity import Moment
from nudge.core.decisions import NudgeOffer
from nudge.core.nudge_states import (
    Counting,
    HeldAfterShown,
    HeldBeforeShown,
    OnScreen,
    Returning,
    Snoozed,
    Waiting,
)
from nudge.core.planner_rules import BLOCKER_RECHECK, NAMES
from nudge.core.status import Phase, Status
from nudge.core.tracker import SeatView

if TYPE_CHECKING:
    from nudge.core.planner import NudgePlanner


def planner_status(planner: NudgePlanner, now: Moment, seat: SeatView, started: bool) -> Status:
    schedule = planner.rules.settings.schedule
    seated = max(0.0, now.mono - seat.stretch_start) if seat.present and seat.stretch_start \
        is not None else 0.0
    day = planner.counts(now)
    base = Status(phase=Phase.SITTING, seated_seconds=seated, next_in_seconds=None,
                  next_name=None, progress=0.0, done_today=day.done, reps_today=day.reps,
                  today=now.wall.date())
    blocked = planner.blocked(now, seat)
    if blocked is Phase.PAUSED:
        pause = planner.pause
        return replace(base, phase=Phase.PAUSED, paused_until=pause.until if pause else None)
    if not started:
        return replace(base, phase=Phase.STARTING)
    if blocked is Phase.OFF_HOURS:
        return replace(base, phase=blocked, next_work_start=schedule.next_work_start(now.wall))
    if blocked is not None:
        return replace(base, phase=blocked)
    match planner.state:
        case HeldBeforeShown(exercise=exercise, held_by=why):
            return _now(base, Phase.DEFERRED, NAMES[exercise.kind], held_by=why)
        case HeldAfterShown(nudge=nudge, held_by=why):
            return _now(base, Phase.DEFERRED, NAMES[nudge.exercise.kind], held_by=why)
        case OnScreen(nudge=nudge):
            return _now(base, Phase.ON_SCREEN, NAMES[nudge.exercise.kind],
                        offer=planner.rules.offer(nudge))
        case Waiting(exercise=exercise):  # it, not the next one planned, comes next
            return _now(base, Phase.DUE, NAMES[exercise.kind])
        case Returning(nudge=nudge):
            return _now(base, Phase.DUE, NAMES[nudge.exercise.kind])
        case Counting() | Snoozed() as state:
            due_at, exercise = planner.due(now, seat)
            name = NAMES[exercise.kind]
            remaining = max(0.0, due_at - now.mono)
            if remaining == 0.0:
                return _now(base, Phase.DUE, name)
            if isinstance(state, Snoozed):
                return replace(base, phase=Phase.SNOOZED, next_in_seconds=remaining,
                               progress=1.0, next_name=name)
            counts = planner.counts(now)
            interval = planner.rules.spacing(exercise.kind, counts)
            progress = min(1.0, max(0.0, 1.0 - remaining / interval)) if interval > 0 else 1.0
            run = planner.rules.spaced_after(exercise.kind, counts)
            return replace(base, next_in_seconds=remaining, progress=progress, next_name=name,
                           spaced_after=run.words() if run is not None else None, spacing=run)
        case _:
            assert_never(planner.state)


def planner_next_check(planner: NudgePlanner, now: Moment, seat: SeatView) -> float | None:
    """Monotonic time at which the planner wants to look again (None: only on events)."""
    schedule = planner.rules.settings.schedule
    candidates: list[float] = []
    pause = planner.pause
    if pause is not None and pause.until is not None:
        candidates.append(now.mono + now.seconds_until(pause.until))
    if planner.blocked(now, seat) is not None:
        return min(candidates) if candidates else None
    match planner.state:
        case HeldBeforeShown() | HeldAfterShown():
            candidates.append(now.mono + BLOCKER_RECHECK)
        case OnScreen(shown_at=shown_at):
            candidates.append(shown_at + schedule.reshow_after)
        case Waiting(due_since=due_since) | Returning(due_since=due_since):
            candidates.append(due_since + schedule.pause_wait)
            if seat.last_input is not None:
                candidates.append(seat.last_input + schedule.typing_pause)
        case Counting() | Snoozed():
            candidates.append(planner.due(now, seat)[0])
        case _:
            assert_never(planner.state)
    return max(now.mono, min(candidates))


def _now(base: Status, phase: Phase, name: str, held_by: str | None = None,
         offer: NudgeOffer | None = None) -> Status:
    """A status for a nudge that is due now (or held, or on screen)."""
    return replace(base, phase=phase, next_in_seconds=0.0, progress=1.0, next_name=name,
                   held_by=held_by, offer=offer)
