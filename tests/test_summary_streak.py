"""Streak: consecutive workdays with the goal met, ending at min(today, the week's Sunday)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from test_summary import W48, manual, summarise

from nudge.core.settings import Goals, Schedule, TimeRange
from nudge.core.summary import IsoWeek, build_weekly_summary

W47, W49 = IsoWeek(2026, 47), IsoWeek(2026, 49)
MON, TUE, WED, THU, FRI, SAT, SUN = W48.days()
L_MON, L_TUE, L_WED, L_THU, L_FRI, L_SAT, L_SUN = W47.days()
GOAL = 2


def rises(days: list[date], per_day: int = GOAL):
    return [manual(day, f"{10 + i}:00") for day in days for i in range(per_day)]


@pytest.mark.parametrize(
    ("met", "partial", "week", "today", "expected"),
    [
        ([MON, TUE, WED, THU, FRI], [], W48, FRI, 5),
        ([MON, TUE, WED, THU], [], W48, FRI, 4),  # today not met yet does not break it
        ([MON, TUE, WED, THU], [FRI], W48, FRI, 4),  # one rise of two so far today
        ([MON], [], W48, MON, 1),  # today met counts
        ([L_WED, L_THU, L_FRI, MON, TUE], [], W48, TUE, 5),  # across a weekend
        ([L_WED, L_THU, L_FRI, L_SAT, MON, TUE], [], W48, TUE, 5),  # a met day off does not add
        ([L_MON, L_TUE, L_WED, L_THU, MON, TUE], [L_FRI], W48, TUE, 2),  # missed workday breaks
        ([L_MON, L_TUE, L_WED, L_THU, MON, TUE], [], W48, TUE, 2),  # an empty workday breaks
        ([L_MON, L_TUE, L_WED, L_THU, L_FRI], [MON], W47, WED, 5),  # past week ends on Sunday
        ([L_MON, L_TUE, L_WED, L_THU, L_FRI], [], W47, L_SUN, 5),
        ([MON], [], W48, WED, 0),  # yesterday (Tuesday) was not met
        ([MON, TUE, WED], [], W49, WED, 3),  # a future week counts up to today
        ([], [], W48, SUN, 0),
    ],
)
def test_streak(met, partial, week, today, expected):
    events = rises(met) + rises(partial, per_day=GOAL - 1)
    assert summarise(events, today=today, week=week, goal=GOAL).streak_days == expected


def test_streak_with_a_saturday_workday():
    office = (TimeRange(time(8), time(18)),)
    six_days = Schedule(work_hours=(office,) * 6 + ((),))
    events = rises([L_FRI, MON, TUE])  # Saturday worked but not met
    summary = build_weekly_summary(events, W48, six_days, Goals(daily_rises=GOAL), TUE)
    assert summary.streak_days == 2


def test_zero_goal_streak_stops_at_the_first_event():
    summary = summarise(rises([L_THU], per_day=1), today=TUE, goal=0)
    assert summary.streak_days == 4  # Thu, Fri, Mon, Tue


def test_long_streak_reaches_back_many_weeks():
    days = [MON - timedelta(days=n) for n in range(70)]
    summary = summarise(rises(days), today=MON, goal=GOAL)
    assert summary.streak_days == 50  # ten weeks of five workdays
