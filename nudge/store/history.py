"""Reading history for people: the weekly summary and the streak, from whatever store is given.

Runs on the caller's thread: the engine thread (`streak_days`), a command's main thread
(`nudge summary`), the insights window's GUI thread."""

from __future__ import annotations

from collections.abc import Container
from datetime import date, timedelta

from nudge.app.ports import EventStore
from nudge.core.activity import Moment
from nudge.core.events import Event
from nudge.core.insights import RangeInsights, range_insights
from nudge.core.settings import Settings
from nudge.core.summary import IsoWeek, WeeklySummary, build_weekly_summary

STREAK_LOOKBACK_DAYS = 70  # a streak longer than ten weeks still shows as at least this


def weekly_summary(store: EventStore, week: IsoWeek, settings: Settings, today: date,
                   held: Container[str]) -> WeeklySummary:
    """The summary of `week`, reading that week, the one before, and enough for the streak.
    `held`: the stretches, whose Dones add no reps (`Catalogue.held_ids` of the exercises the
    user has, their own file's included)."""
    last = min(week.sunday, max(today, week.monday))
    first = min(week.previous().monday, last - timedelta(days=STREAK_LOOKBACK_DAYS))
    events = store.events_between(first, week.sunday)
    return build_weekly_summary(events, week, settings.schedule, settings.goals, today,
                                held)


def streak_days(events: list[Event], settings: Settings, now: Moment) -> int:
    """Consecutive goal days up to today, from events the caller already read."""
    today = now.wall.date()
    summary = build_weekly_summary(events, IsoWeek.containing(today), settings.schedule,
                                   settings.goals, today)
    return summary.streak_days


def insights_between(store: EventStore, first: date, last: date, settings: Settings,
                     today: date | None, held: Container[str]
                     ) -> RangeInsights:
    """The month or year view's numbers for `first`..`last`, reading the week files of those
    days, the day before (a nudge snoozed across midnight), and what the weekly summary reads
    for its streak: the look-back before and the rest of the last week after. `held` as in
    `weekly_summary`."""
    through = min(IsoWeek.containing(last).sunday, max(today or last, last))
    events = store.events_between(first - timedelta(days=STREAK_LOOKBACK_DAYS), through)
    return range_insights(events, first, last, settings.schedule, settings.goals, today,
                          held)
