"""The weekly summary's values: one day's counters, a week's totals, the change from the week
before, and the summary that holds them. Frozen and pure; minutes are rounded only for display.

The rises people see (`rises`, `nudges_offered`, `nudges_done`, `on_your_own`, `nudge_rate`)
follow `nudge.core.summary_counts`. `offered`, `done` and `completion_rate` keep their first
meaning for scripts that read them: OFFERED and DONE events, so a snoozed nudge shown again
counts twice in `offered`, and `done` includes rises logged by hand."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from nudge.core.iso_week import IsoWeek
from nudge.core.summary_counts import RiseCounts

NO_RISES = RiseCounts()


class _Rises:
    """The rise numbers of a day or a week, read from its `counts`."""

    counts: RiseCounts

    @property
    def rises(self) -> int:
        return self.counts.rises

    @property
    def nudges_offered(self) -> int:
        return self.counts.nudges_offered

    @property
    def nudges_done(self) -> int:
        return self.counts.nudges_done

    @property
    def on_your_own(self) -> int:
        return self.counts.on_your_own

    @property
    def nudge_rate(self) -> float | None:
        return self.counts.nudge_rate


@dataclass(frozen=True)
class DayStats(_Rises):
    """One local day. Minutes are floats here and rounded only in output."""

    date: date
    offered: int = 0
    done: int = 0  # every DONE, prompted or logged by hand
    snoozed: int = 0
    skipped: int = 0
    missed: int = 0
    reps: int = 0
    seated_minutes: float = 0.0  # time covered by stretches (overlaps counted once)
    longest_stretch_minutes: float = 0.0  # longest part of one stretch that fell on this day
    moved_clock_hours: frozenset[int] = frozenset()  # work hours with a DONE or a natural break
    work_clock_hours: frozenset[int] = frozenset()  # clock hours that overlap the work hours
    prompted_done: int = 0  # OFFERED events this day whose nudge ended DONE
    goal_met: bool = False  # rises >= the daily goal
    counts: RiseCounts = NO_RISES  # what the rises shown to people count

    @property
    def moved_hours(self) -> int:
        return len(self.moved_clock_hours)

    @property
    def completion_rate(self) -> float | None:
        """OFFERED events whose nudge ended in a rise, as a fraction; None when none. Kept for
        the JSON; people are shown `nudge_rate`."""
        return _rate(self.prompted_done, self.offered)


@dataclass(frozen=True)
class WeekTotals(_Rises):
    """The day counters summed over a week (longest stretch is the week's maximum)."""

    offered: int = 0
    done: int = 0
    snoozed: int = 0
    skipped: int = 0
    missed: int = 0
    reps: int = 0
    seated_minutes: float = 0.0
    longest_stretch_minutes: float = 0.0
    moved_hours: int = 0
    prompted_done: int = 0
    goal_days: int = 0
    counts: RiseCounts = NO_RISES

    @classmethod
    def of(cls, days: Iterable[DayStats]) -> WeekTotals:
        days = tuple(days)
        return cls(
            offered=sum(d.offered for d in days),
            done=sum(d.done for d in days),
            snoozed=sum(d.snoozed for d in days),
            skipped=sum(d.skipped for d in days),
            missed=sum(d.missed for d in days),
            reps=sum(d.reps for d in days),
            seated_minutes=sum(d.seated_minutes for d in days),
            longest_stretch_minutes=max((d.longest_stretch_minutes for d in days), default=0.0),
            moved_hours=sum(d.moved_hours for d in days),
            prompted_done=sum(d.prompted_done for d in days),
            goal_days=sum(d.goal_met for d in days),
            counts=sum((d.counts for d in days), RiseCounts()),
        )

    @property
    def completion_rate(self) -> float | None:
        return _rate(self.prompted_done, self.offered)


@dataclass(frozen=True)
class WeekChange:
    """This week minus the previous one. Seated minutes compare the rounded totals people see."""

    done: int
    reps: int
    seated_minutes: int
    completion_rate: float | None  # None when either week offered nothing
    rises: int = 0
    nudge_rate: float | None = None  # None when either week offered no nudge

    @classmethod
    def between(cls, current: WeekTotals, previous: WeekTotals) -> WeekChange:
        now_rate, then_rate = current.completion_rate, previous.completion_rate
        now_nudged, then_nudged = current.nudge_rate, previous.nudge_rate
        return cls(
            done=current.done - previous.done,
            reps=current.reps - previous.reps,
            seated_minutes=round_minutes(current.seated_minutes)
            - round_minutes(previous.seated_minutes),
            completion_rate=None if now_rate is None or then_rate is None else now_rate - then_rate,
            rises=current.rises - previous.rises,
            nudge_rate=None if now_nudged is None or then_nudged is None
            else now_nudged - then_nudged,
        )


@dataclass(frozen=True)
class WeeklySummary:
    week: IsoWeek
    days: tuple[DayStats, ...]  # seven, Monday first
    totals: WeekTotals
    streak_days: int
    daily_goal: int
    previous_totals: WeekTotals
    change: WeekChange
    # Missed workdays the streak forgave (one in any seven, #20), newest first; may reach back
    # before this week.
    forgiven_days: tuple[date, ...] = ()

    @property
    def previous_week(self) -> IsoWeek:
        return self.week.previous()


def round_minutes(minutes: float) -> int:
    """Half-up rounding for display (Python's round() would show 2.5 min as 2)."""
    return int(minutes + 0.5) if minutes >= 0 else -int(-minutes + 0.5)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None
