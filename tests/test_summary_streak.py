"""Streak: workdays with the goal met, ending at min(today, the week's Sunday), forgiving one
missed workday in any seven (#20)."""

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
        # Before #20 a single missed or empty workday broke these (2); now it is forgiven.
        ([L_MON, L_TUE, L_WED, L_THU, MON, TUE], [L_FRI], W48, TUE, 6),
        ([L_MON, L_TUE, L_WED, L_THU, MON, TUE], [], W48, TUE, 6),
        ([L_MON, L_TUE, L_WED, MON, TUE], [L_FRI], W48, TUE, 2),  # two misses in seven break
        ([L_MON, L_TUE, L_WED, L_THU, L_FRI], [MON], W47, WED, 5),  # past week ends on Sunday
        ([L_MON, L_TUE, L_WED, L_THU, L_FRI], [], W47, L_SUN, 5),
        ([MON], [], W48, WED, 1),  # yesterday (Tuesday) was not met: forgiven since #20
        ([MON], [], W48, THU, 0),  # Tuesday and Wednesday not met: two misses break
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
    events = rises([L_THU, L_FRI, MON, TUE])  # Saturday worked but not met: forgiven (#20)
    summary = build_weekly_summary(events, W48, six_days, Goals(daily_rises=GOAL), TUE)
    assert (summary.streak_days, summary.forgiven_days) == (4, (L_SAT,))
    events = rises([L_THU, MON, TUE])  # Friday and Saturday missed: two in seven break it
    summary = build_weekly_summary(events, W48, six_days, Goals(daily_rises=GOAL), TUE)
    assert (summary.streak_days, summary.forgiven_days) == (2, ())


def test_zero_goal_streak_stops_at_the_first_event():
    summary = summarise(rises([L_THU], per_day=1), today=TUE, goal=0)
    assert summary.streak_days == 4  # Thu, Fri, Mon, Tue


def test_long_streak_reaches_back_many_weeks():
    days = [MON - timedelta(days=n) for n in range(70)]
    summary = summarise(rises(days), today=MON, goal=GOAL)
    assert summary.streak_days == 50  # ten weeks of five workdays


def weeks_back(n: int) -> list[date]:
    """Every day of the n weeks before W48 and W48 itself up to Sunday, oldest first."""
    return [MON - timedelta(days=7 * n) + timedelta(days=i) for i in range(7 * (n + 1))]


def workdays_except(days: list[date], *missed: date) -> list[date]:
    return [d for d in days if d.weekday() < 5 and d not in missed]


W46_MON = MON - timedelta(days=14)
W46 = [W46_MON + timedelta(days=i) for i in range(7)]


@pytest.mark.parametrize(
    ("met", "today", "expected", "forgiven"),
    [
        # One miss a week, each seven or more days from the next: all forgiven.
        (workdays_except(weeks_back(2), W46[2], L_WED, WED), FRI, 12, (WED, L_WED, W46[2])),
        # Misses exactly seven days apart (Wed, next Wed): each seven-day run holds one.
        (workdays_except(weeks_back(1), L_WED, WED), FRI, 8, (WED, L_WED)),
        # Six days apart (Thu, next Wed): the second one back breaks the streak.
        (workdays_except(weeks_back(1), L_THU, WED), FRI, 5, (WED,)),
        # A miss at the far end bridges nothing, so it is not reported as forgiven.
        ([L_THU, L_FRI, MON, TUE], TUE, 4, ()),
        # Yesterday missed and today not met yet: yesterday forgiven, today cannot break it.
        ([L_THU, L_FRI, MON], WED, 3, (TUE,)),
        # Two misses in a row end it at once, whatever came before.
        ([L_MON, L_TUE, L_WED, MON, TUE], TUE, 2, ()),
        # A missed day forgiven, then the streak holds across the weekend.
        ([L_MON, L_TUE, L_THU, L_FRI, MON], MON, 5, (L_WED,)),
        # Nothing met at all: no streak and nothing forgiven.
        ([], FRI, 0, ()),
    ],
)
def test_forgiving_streak(met, today, expected, forgiven):
    summary = summarise(rises(met), today=today, week=W48, goal=GOAL)
    assert (summary.streak_days, summary.forgiven_days) == (expected, forgiven)
