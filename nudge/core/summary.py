"""Weekly summary: what a week of history adds up to, per day and in total, plus the streak.

Pure: events, the schedule, the goals and `today` come in as arguments; frozen values go out.
`summary_to_json` is a stable interface for scripts (keys are only ever added at the end of an
object); text rendering lives in `nudge.core.summary_text`, pictures in `nudge.charts`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from nudge.core.events import BreakReason, Event, EventKind, Source
from nudge.core.settings import Goals, Schedule

_Span = tuple[datetime, datetime]  # a UTC interval, start < end
_ISO_WEEK = re.compile(r"^\s*(\d{4})-[Ww](\d{1,2})\s*$")


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week (Monday to Sunday), e.g. `2026-W48`."""

    year: int
    week: int

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999 or not 1 <= self.week <= _weeks_in(self.year):
            raise ValueError(f"{self.year}-W{self.week:02d} is not an ISO week")

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """Read `YYYY-Www` (e.g. `2026-W48`); raises ValueError naming the value otherwise."""
        match = _ISO_WEEK.match(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"{text!r} is not an ISO week; write it as YYYY-Www, e.g. 2026-W48")
        year, week = int(match[1]), int(match[2])
        if year < 1 or not 1 <= week <= _weeks_in(year):
            last = _weeks_in(year) if year >= 1 else 52
            raise ValueError(
                f"{text!r} is not an ISO week: {year} has weeks W01 to W{last:02d} (form YYYY-Www)"
            )
        return cls(year, week)

    @classmethod
    def containing(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def days(self) -> tuple[date, ...]:
        """The seven dates of the week, Monday first."""
        return tuple(self.monday + timedelta(days=i) for i in range(7))

    def previous(self) -> IsoWeek:
        return IsoWeek.containing(self.monday - timedelta(days=7))

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"


def _weeks_in(year: int) -> int:
    # 28 December always falls in the last ISO week of its year.
    return date(year, 12, 28).isocalendar().week


@dataclass(frozen=True)
class DayStats:
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
    prompted_done: int = 0  # offers made this day that ended DONE
    goal_met: bool = False

    @property
    def moved_hours(self) -> int:
        return len(self.moved_clock_hours)

    @property
    def completion_rate(self) -> float | None:
        """Offers that ended in a rise, as a fraction; None when nothing was offered."""
        return _rate(self.prompted_done, self.offered)


@dataclass(frozen=True)
class WeekTotals:
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

    @classmethod
    def between(cls, current: WeekTotals, previous: WeekTotals) -> WeekChange:
        now_rate, then_rate = current.completion_rate, previous.completion_rate
        return cls(
            done=current.done - previous.done,
            reps=current.reps - previous.reps,
            seated_minutes=round_minutes(current.seated_minutes)
            - round_minutes(previous.seated_minutes),
            completion_rate=None if now_rate is None or then_rate is None else now_rate - then_rate,
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

    @property
    def previous_week(self) -> IsoWeek:
        return self.week.previous()


def build_weekly_summary(
    events: Iterable[Event], week: IsoWeek, schedule: Schedule, goals: Goals, today: date
) -> WeeklySummary:
    """Summarise `week`. Pass events for this week, the one before, and earlier ones for the streak.

    The streak counts workdays with the goal met, back from min(today, Sunday of `week`). Days off
    neither break nor extend it, and today not met yet does not break it.
    """
    history = _History(events)
    days = tuple(_day_stats(history, day, schedule, goals) for day in week.days())
    previous = WeekTotals.of(
        _day_stats(history, day, schedule, goals) for day in week.previous().days()
    )
    totals = WeekTotals.of(days)
    return WeeklySummary(
        week=week,
        days=days,
        totals=totals,
        streak_days=_streak(history, min(today, week.sunday), today, schedule, goals),
        daily_goal=goals.daily_rises,
        previous_totals=previous,
        change=WeekChange.between(totals, previous),
    )


def summary_to_json(summary: WeeklySummary) -> dict[str, Any]:
    """The stable script interface; see the module docstring. Counts and minutes are integers."""
    totals = _counters_json(summary.totals)
    totals["goal_days"] = summary.totals.goal_days
    previous = {"week": str(summary.previous_week), **_counters_json(summary.previous_totals)}
    previous["goal_days"] = summary.previous_totals.goal_days
    change = summary.change
    return {
        "week": str(summary.week),
        "days": [
            {"date": day.date.isoformat(), **_counters_json(day), "goal_met": day.goal_met}
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
        },
    }


def round_minutes(minutes: float) -> int:
    """Half-up rounding for display (Python's round() would show 2.5 min as 2)."""
    return int(minutes + 0.5) if minutes >= 0 else -int(-minutes + 0.5)


# --- building blocks -------------------------------------------------------------------------


class _History:
    """Events indexed once by local date; stretches already split at local midnight."""

    def __init__(self, events: Iterable[Event]) -> None:
        self.by_date: dict[date, list[Event]] = defaultdict(list)
        self.stretch_parts: dict[date, list[_Span]] = defaultdict(list)
        self.done_ids: set[str] = set()
        self.done_per_date: dict[date, int] = defaultdict(int)
        # When the user moved (a rise, or getting up for a break), on the day it happened: a
        # break noticed after midnight that began the evening before belongs to that evening.
        self.moved_at: dict[date, list[datetime]] = defaultdict(list)
        for event in events:
            self.by_date[event.at.date()].append(event)
            if event.kind is EventKind.DONE or (event.kind is EventKind.BREAK
                                                and _is_natural(event.reason)):
                moment = (event.start or event.at) if event.kind is EventKind.BREAK else event.at
                self.moved_at[moment.date()].append(moment)
            if event.kind is EventKind.DONE:
                self.done_per_date[event.at.date()] += 1
                if event.nudge_id is not None and event.source is not Source.MANUAL:
                    self.done_ids.add(event.nudge_id)
            elif event.kind is EventKind.STRETCH and event.start is not None:
                for day, span in _split_at_midnight(event.start, event.at):
                    self.stretch_parts[day].append(span)
        self.first_date = min(self.by_date, default=None)


def _day_stats(history: _History, day: date, schedule: Schedule, goals: Goals) -> DayStats:
    counts: dict[EventKind, int] = defaultdict(int)
    reps = prompted_done = 0
    for event in history.by_date.get(day, ()):
        counts[event.kind] += 1
        if event.kind is EventKind.DONE:
            reps += event.reps or 0
        elif event.kind is EventKind.OFFERED and event.nudge_id in history.done_ids:
            prompted_done += 1
    moved = {m.hour for m in history.moved_at.get(day, ()) if schedule.is_work_time(m)}
    stretches = history.stretch_parts.get(day, [])
    return DayStats(
        date=day,
        offered=counts[EventKind.OFFERED],
        done=counts[EventKind.DONE],
        snoozed=counts[EventKind.SNOOZED],
        skipped=counts[EventKind.SKIPPED],
        missed=counts[EventKind.MISSED],
        reps=reps,
        seated_minutes=_union_minutes(stretches),
        longest_stretch_minutes=max((_minutes(span) for span in stretches), default=0.0),
        moved_clock_hours=frozenset(moved),
        work_clock_hours=_work_clock_hours(schedule, day),
        prompted_done=prompted_done,
        goal_met=counts[EventKind.DONE] >= goals.daily_rises,
    )


def _is_natural(reason: str | None) -> bool:
    try:
        return reason is not None and BreakReason(reason).is_natural_break
    except ValueError:  # a reason written by a newer version: not counted rather than crashing
        return False


def _work_clock_hours(schedule: Schedule, day: date) -> frozenset[int]:
    hours: set[int] = set()
    for span in schedule.work_hours[day.weekday()]:
        end_minute = 24 * 60 if span.end is None else span.end.hour * 60 + span.end.minute
        start_minute = span.start.hour * 60 + span.start.minute
        hours.update(h for h in range(24) if h * 60 < end_minute and (h + 1) * 60 > start_minute)
    return frozenset(hours)


def _split_at_midnight(start: datetime, end: datetime) -> Iterator[tuple[date, _Span]]:
    """Yield (local date, UTC span) pieces of start..end, cut at each midnight in `end`'s zone.

    Instants are compared in UTC: aware datetimes that share a tzinfo compare by wall time, which
    would miscount a stretch across a DST change.
    """
    zone = end.tzinfo
    stop = end.astimezone(UTC)
    piece_start = start.astimezone(UTC)
    while piece_start < stop:
        local_day = piece_start.astimezone(zone).date()
        midnight = datetime.combine(local_day + timedelta(days=1), time(), tzinfo=zone)
        piece_end = min(midnight.astimezone(UTC), stop)
        if piece_end <= piece_start:  # cannot happen with sane zones; never loop forever
            break
        yield local_day, (piece_start, piece_end)
        piece_start = piece_end


def _union_minutes(spans: list[_Span]) -> float:
    # Overlaps happen when histories of two devices are merged: one person cannot sit twice.
    total, covered_until = 0.0, None
    for start, end in sorted(spans):
        if covered_until is not None:
            start = max(start, covered_until)
        if end > start:
            total += _minutes((start, end))
            covered_until = end
    return total


def _minutes(span: _Span) -> float:
    return (span[1] - span[0]).total_seconds() / 60


def _streak(history: _History, end: date, today: date, schedule: Schedule, goals: Goals) -> int:
    def met(day: date) -> bool:
        return history.done_per_date.get(day, 0) >= goals.daily_rises

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


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _json_rate(rate: float | None) -> float | None:
    return None if rate is None else round(rate, 3)


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
