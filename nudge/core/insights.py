"""The Insights window's month and year numbers: a range of days added up per day, per week and
per hour of the week. Pure; runs on whichever thread asks (the window's GUI thread).

Nothing is counted a second way: days are `summary_days.day_stats` (so rises, the goal and
seated minutes are what `nudge summary --json` gives), weeks are `WeekTotals.of` those days,
and the long-stretch counts use the same stretch pieces (cut at midnight) as the seated minutes.
The hour map counts answers to nudges by when they were given: a Done that answered a nudge
(`summary_counts.is_on_your_own` is false) against a Skip or a Missed.

The year's trend lines draw `trend_weeks`: the complete weeks only. On a Monday morning the
week in progress has almost nothing yet; drawn, every line would fall to zero at its end as if
the habit had stopped. It is kept only while no complete week of the range holds any history
(a new user's first week; a year's first week, then alone in its year view), so the year is
never empty. The clock is never read: `today` is given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Container, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from nudge.core.events import Event, EventKind
from nudge.core.iso_week import IsoWeek
from nudge.core.settings import Goals, Schedule
from nudge.core.summary_counts import is_on_your_own
from nudge.core.summary_days import History, day_stats
from nudge.core.summary_stats import DayStats, WeekTotals
from nudge.core.summary_streak import forgiven_by_week

LONG_STRETCHES_MINUTES = (30, 60)  # the sitting-prompt trials' measure: stretches longer than


class DayState(StrEnum):
    MET = "met"  # the daily goal reached
    SOME = "some"  # at least one rise, short of the goal
    NONE = "none"  # a workday without a rise
    DAY_OFF = "day off"  # no work hours that day, and no rise


@dataclass(frozen=True)
class DayInsight:
    stats: DayStats
    state: DayState
    workday: bool
    long_stretches: tuple[int, ...]  # pieces longer than each of LONG_STRETCHES_MINUTES

    @property
    def date(self) -> date:
        return self.stats.date


@dataclass(frozen=True)
class WeekInsight:
    week: IsoWeek
    totals: WeekTotals  # of the week's days inside the range
    workdays: int  # workdays inside the range (today included, the future not)
    seated_minutes_per_workday: float | None  # None when the range held no workday of it
    long_stretches_per_workday: tuple[float | None, ...]


@dataclass(frozen=True)
class HourCell:
    done: int = 0
    not_done: int = 0  # skipped or missed


@dataclass(frozen=True)
class RangeInsights:
    first: date
    last: date
    days: tuple[DayInsight, ...]
    weeks: tuple[WeekInsight, ...]  # every week of the range, the one in progress too
    trend_weeks: tuple[WeekInsight, ...]  # what the trend lines draw: see `trend_weeks`
    hours: dict[tuple[int, int], HourCell]  # (weekday 0 = Monday, clock hour) -> answers
    forgiven: frozenset[date] = frozenset()  # missed workdays their week's streak forgave (#20)
    trend_in_progress: bool = False  # the last of `trend_weeks` is the week in progress


def day_state(stats: DayStats, workday: bool) -> DayState:
    if stats.goal_met and (workday or stats.rises):
        return DayState.MET
    if stats.rises:
        return DayState.SOME
    return DayState.NONE if workday else DayState.DAY_OFF


def range_insights(events: Iterable[Event], first: date, last: date, schedule: Schedule,
                   goals: Goals, today: date | None = None, held: Container[str] = frozenset()
                   ) -> RangeInsights:
    """Days `first`..`last`; pass the events of those days and of the day before (a nudge
    snoozed from the evening before is not a new one). For the forgiven days as the weekly
    summary tells them, pass also the streak's look-back and the rest of the last week, and
    `today` (else `last`): it also tells the week in progress, left out of `trend_weeks`.
    `held`: the exercises whose Dones add no reps (`Catalogue.held_ids`, the stretches)."""
    events = list(events)
    history = History(events, since=first, held=held)
    days: list[DayInsight] = []
    day = first
    while day <= last:
        stats = day_stats(history, day, schedule, goals)
        workday = schedule.is_workday(day)
        pieces = [(end - start).total_seconds() / 60
                  for start, end in history.stretch_parts.get(day, ())]
        long = tuple(sum(m > limit for m in pieces) for limit in LONG_STRETCHES_MINUTES)
        days.append(DayInsight(stats, day_state(stats, workday), workday, long))
        day += timedelta(days=1)
    today = today or last
    forgiven = forgiven_by_week(history, first, last, today, schedule, goals)
    weeks = _weeks(days)
    recorded = {IsoWeek.containing(e.at.date()) for e in events
                if first <= e.at.date() <= last}
    drawn = trend_weeks(weeks, today, recorded)
    return RangeInsights(first, last, tuple(days), weeks, drawn, _hours(events, first, last),
                         forgiven, bool(drawn) and drawn[-1].week.sunday >= today)


def trend_weeks(weeks: tuple[WeekInsight, ...], today: date,
                recorded: Collection[IsoWeek]) -> tuple[WeekInsight, ...]:
    """The weeks a trend line draws: those whose Sunday is before `today` (complete), or all of
    `weeks`, the one in progress too, when none of the complete ones is in `recorded` (the
    weeks with any history)."""
    complete = tuple(w for w in weeks if w.week.sunday < today)
    return complete if any(w.week in recorded for w in complete) else weeks


def _weeks(days: list[DayInsight]) -> tuple[WeekInsight, ...]:
    by_week: dict[IsoWeek, list[DayInsight]] = defaultdict(list)
    for day in days:
        by_week[IsoWeek.containing(day.date)].append(day)
    weeks = []
    for week, members in by_week.items():
        work = [d for d in members if d.workday]
        per = len(work)
        weeks.append(WeekInsight(
            week=week,
            totals=WeekTotals.of(d.stats for d in members),
            workdays=per,
            seated_minutes_per_workday=sum(d.stats.seated_minutes for d in work) / per
            if per else None,
            long_stretches_per_workday=tuple(
                sum(d.long_stretches[i] for d in work) / per if per else None
                for i in range(len(LONG_STRETCHES_MINUTES))),
        ))
    return tuple(weeks)


def _hours(events: list[Event], first: date, last: date) -> dict[tuple[int, int], HourCell]:
    done: dict[tuple[int, int], int] = defaultdict(int)
    not_done: dict[tuple[int, int], int] = defaultdict(int)
    answered: set[str] = set()  # a second Done for the same nudge adds reps, not an answer
    for event in events:
        if not first <= event.at.date() <= last:
            continue
        key = (event.at.weekday(), event.at.hour)
        if event.kind is EventKind.DONE and not is_on_your_own(event):
            done[key] += str(event.nudge_id) not in answered
            answered.add(str(event.nudge_id))
        elif event.kind in (EventKind.SKIPPED, EventKind.MISSED):
            not_done[key] += 1
    return {key: HourCell(done[key], not_done[key]) for key in done.keys() | not_done.keys()}
