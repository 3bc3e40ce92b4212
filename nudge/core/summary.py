"""Weekly summary: what a week of history adds up to, per day and in total, plus the streak.

Pure: events, the schedule, the goals and `today` come in as arguments; frozen values go out.
`summary_to_json` is a stable interface for scripts (keys are only ever added at the end of an
object); text rendering lives in `nudge.core.summary_text`, pictures in `nudge.charts`.
The parts: `iso_week` (weeks), `summary_stats` (the values), `summary_days` (one day's
tallies) and `summary_streak`; this module puts them together and re-exports their names.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from datetime import date
from typing import Any

from nudge.core.events import Event
from nudge.core.iso_week import FIRST_SUMMARY_YEAR, LAST_SUMMARY_YEAR, IsoWeek
from nudge.core.settings import Goals, Schedule
from nudge.core.summary_days import History, day_stats
from nudge.core.summary_stats import (
    DayStats,
    WeekChange,
    WeeklySummary,
    WeekTotals,
    round_minutes,
)
from nudge.core.summary_streak import streak

__all__ = [
    "FIRST_SUMMARY_YEAR", "LAST_SUMMARY_YEAR", "DayStats", "IsoWeek", "WeekChange", "WeekTotals",
    "WeeklySummary", "build_weekly_summary", "round_minutes", "summary_to_json",
]


def build_weekly_summary(
    events: Iterable[Event], week: IsoWeek, schedule: Schedule, goals: Goals, today: date,
    held: Container[str] = frozenset(),
) -> WeeklySummary:
    """Summarise `week`. Pass events for this week, the one before, and earlier ones for the streak.
    `held`: the exercises whose Dones add no reps (`Catalogue.held_ids`, the stretches).

    The streak counts workdays with the goal met, back from min(today, Sunday of `week`). Days off
    neither break nor extend it, today not met yet does not break it, and one missed workday in
    any seven is forgiven (`nudge.core.summary_streak`).
    """
    history = History(events, since=week.previous().monday, held=held)  # the earliest minutes
    days = tuple(day_stats(history, day, schedule, goals) for day in week.days())
    previous = WeekTotals.of(
        day_stats(history, day, schedule, goals) for day in week.previous().days()
    )
    totals = WeekTotals.of(days)
    run = streak(history, min(today, week.sunday), today, schedule, goals)
    return WeeklySummary(
        week=week,
        days=days,
        totals=totals,
        streak_days=run.days,
        daily_goal=goals.daily_rises,
        previous_totals=previous,
        change=WeekChange.between(totals, previous),
        forgiven_days=run.forgiven,
    )


def summary_to_json(summary: WeeklySummary) -> dict[str, Any]:
    """The stable script interface; see the module docstring. Counts and minutes are integers.

    `rises`, `nudges_offered`, `nudges_done`, `on_your_own` and `nudge_rate` are the numbers
    people see (`nudge.core.summary_counts`); `offered`, `done` and `completion_rate` keep
    their first meaning (see `nudge.core.summary_stats`).
    """
    totals = _counters_json(summary.totals)
    totals["goal_days"] = summary.totals.goal_days
    totals.update(_rises_json(summary.totals))
    previous = {"week": str(summary.previous_week), **_counters_json(summary.previous_totals)}
    previous["goal_days"] = summary.previous_totals.goal_days
    previous.update(_rises_json(summary.previous_totals))
    change = summary.change
    return {
        "week": str(summary.week),
        "days": [
            {"date": day.date.isoformat(), **_counters_json(day), "goal_met": day.goal_met,
             **_rises_json(day), "forgiven": day.date in summary.forgiven_days}
            for day in summary.days
        ],
        "totals": totals,
        "streak_days": summary.streak_days,
        "daily_goal": summary.daily_goal,
        "previous_week": previous,
        "change": {
            "done": change.done,
            "reps": change.reps,
            "seated_minutes": change.seated_minutes,
            "completion_rate": _json_rate(change.completion_rate),
            "rises": change.rises,
            "nudge_rate": _json_rate(change.nudge_rate),
        },
        "forgiven_days": [day.isoformat() for day in summary.forgiven_days],
    }


def _json_rate(rate: float | None) -> float | None:
    return None if rate is None else round(rate, 3)


def _rises_json(stats: DayStats | WeekTotals) -> dict[str, Any]:
    return {
        "rises": stats.rises,
        "nudges_offered": stats.nudges_offered,
        "nudges_done": stats.nudges_done,
        "on_your_own": stats.on_your_own,
        "nudge_rate": _json_rate(stats.nudge_rate),
    }


def _counters_json(stats: DayStats | WeekTotals) -> dict[str, Any]:
    return {
        "offered": stats.offered,
        "done": stats.done,
        "snoozed": stats.snoozed,
        "skipped": stats.skipped,
        "missed": stats.missed,
        "reps": stats.reps,
        "seated_minutes": round_minutes(stats.seated_minutes),
        "longest_stretch_minutes": round_minutes(stats.longest_stretch_minutes),
        "moved_hours": stats.moved_hours,
        "completion_rate": _json_rate(stats.completion_rate),
    }
