"""The streak: workdays in a row with the daily goal met, counted back from a day. Pure."""

from __future__ import annotations

from datetime import date, timedelta

from nudge.core.settings import Goals, Schedule
from nudge.core.summary_days import History


def streak_days(history: History, end: date, today: date, schedule: Schedule, goals: Goals) -> int:
    def met(day: date) -> bool:
        return history.rises_on(day).rises >= goals.daily_rises

    day = end
    if day == today and not met(day):
        day -= timedelta(days=1)  # the day is not over yet: it cannot break the streak
    streak = 0
    # Nothing before the first event can be met, and the bound keeps a zero goal from looping.
    while history.first_date is not None and day >= history.first_date:
        if schedule.is_workday(day):
            if not met(day):
                break
            streak += 1
        day -= timedelta(days=1)
    return streak
