"""The streak: workdays with the daily goal met, counted back from a day, forgiving one missed
workday in any seven (issue #20). Pure.

Walking back from the end, a workday without the goal met is forgiven when no other forgiven
workday lies within the seven days after it (so any seven days in a row hold at most one); a
second one breaks the streak. A forgiven day bridges two stretches of goal days, so one found
before any earlier goal day (the streak's far end) is not reported as forgiven. Forgiven days do
not add to the count: the streak counts goal days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from nudge.core.iso_week import IsoWeek
from nudge.core.settings import Goals, Schedule
from nudge.core.summary_days import History

FORGIVE_WINDOW_DAYS = 7  # one missed workday in any seven days is forgiven


@dataclass(frozen=True)
class Streak:
    days: int = 0  # goal days in the streak
    forgiven: tuple[date, ...] = ()  # the missed workdays it bridged, newest first


def streak(history: History, end: date, today: date, schedule: Schedule, goals: Goals) -> Streak:
    def met(day: date) -> bool:
        return history.rises_on(day).rises >= goals.daily_rises

    day = end
    if day == today and not met(day):
        day -= timedelta(days=1)  # the day is not over yet: it cannot break the streak
    count = 0
    forgiven: list[date] = []
    pending: date | None = None  # a forgiven day not yet bridged by an earlier goal day
    # Nothing before the first event can be met, and the bound keeps a zero goal from looping.
    while history.first_date is not None and day >= history.first_date:
        if schedule.is_workday(day):
            if met(day):
                count += 1
                if pending is not None:
                    forgiven.append(pending)
                    pending = None
            else:
                last = pending or (forgiven[-1] if forgiven else None)
                if last is not None and (last - day).days < FORGIVE_WINDOW_DAYS:
                    break
                if pending is not None:  # two misses with no goal day between: over
                    break
                pending = day
        day -= timedelta(days=1)
    return Streak(count, tuple(forgiven))


def streak_days(history: History, end: date, today: date, schedule: Schedule, goals: Goals) -> int:
    return streak(history, end, today, schedule, goals).days


def forgiven_by_week(history: History, first: date, last: date, today: date, schedule: Schedule,
                     goals: Goals) -> frozenset[date]:
    """The days `first`..`last` that their own week's summary calls forgiven: the streak as it
    stood at the end of that week (or today), as `nudge summary --week` counts it."""
    found: set[date] = set()
    week = IsoWeek.containing(first)
    while week.monday <= min(last, today):
        run = streak(history, min(today, week.sunday), today, schedule, goals)
        found.update(day for day in run.forgiven
                     if max(first, week.monday) <= day <= min(last, week.sunday))
        week = IsoWeek.containing(week.monday + timedelta(weeks=1))
    return frozenset(found)
