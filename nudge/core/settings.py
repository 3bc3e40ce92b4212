"""Settings the core decides with: frozen dataclasses with the article's small-and-often defaults.

`nudge/config/` fills these from the user's TOML file; tests build them directly.
All durations are seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class TimeRange:
    """A local time-of-day range, start inclusive, end exclusive; `end` may be 24:00 (None)."""

    start: time
    end: time | None  # None means midnight at the end of the day

    def contains(self, moment: time) -> bool:
        return self.start <= moment and (self.end is None or moment < self.end)


@dataclass(frozen=True)
class ScheduledPause:
    """A recurring pause, e.g. every Tuesday 14:00-15:00 (weekday 0 = Monday)."""

    weekday: int
    hours: TimeRange


def _default_work_hours() -> tuple[tuple[TimeRange, ...], ...]:
    office = (TimeRange(time(8, 0), time(18, 0)),)
    return (office, office, office, office, office, (), ())


@dataclass(frozen=True)
class Schedule:
    rise_every: float = 30 * 60
    hip_flexor_every: float = 90 * 60
    away_after: float = 5 * 60
    pause_wait: float = 90  # once due, wait this long at most for a pause in typing
    typing_pause: float = 5  # idle this long counts as a pause in typing
    snooze: float = 10 * 60  # default snooze
    snooze_choices: tuple[float, ...] = (5 * 60, 10 * 60, 20 * 60)
    reshow_after: float = 5 * 60  # no answer: shown once more after this, then missed
    min_gap: float = 5 * 60  # never two different nudges closer than this
    # Index (1-based) of the day's rise offer that becomes the activation check instead.
    activation_check_at_offer: int = 3
    # Pacing that adapts (nudge/core/pacing.py): each skip or unanswered nudge in a row spaces
    # the next one out; `max_spacing` caps the interval (0: twice the base interval).
    adapt: bool = True
    max_spacing: float = 0.0
    # One entry per weekday, Monday first; an empty tuple is a day off.
    work_hours: tuple[tuple[TimeRange, ...], ...] = field(default_factory=_default_work_hours)
    scheduled_pauses: tuple[ScheduledPause, ...] = ()

    def is_work_time(self, moment: datetime) -> bool:
        """True when `moment` (aware, local) falls inside the work hours of its weekday."""
        local = moment.timetz().replace(tzinfo=None)
        return any(r.contains(local) for r in self.work_hours[moment.weekday()])

    def scheduled_pause_at(self, moment: datetime) -> ScheduledPause | None:
        local = moment.timetz().replace(tzinfo=None)
        for pause in self.scheduled_pauses:
            if pause.weekday == moment.weekday() and pause.hours.contains(local):
                return pause
        return None

    def next_work_start(self, moment: datetime) -> datetime | None:
        """When nudges can next begin after `moment` (aware, local): the first start of work
        hours, or end of a scheduled pause, after it that is work time and not paused. None
        when the week has no work hours at all. Local wall time, in `moment`'s zone."""
        later: list[datetime] = []
        for offset in range(8):  # the same weekday next week is the furthest a start can be
            day = moment.date() + timedelta(days=offset)
            starts = [r.start for r in self.work_hours[day.weekday()]]
            starts += [p.hours.end for p in self.scheduled_pauses
                       if p.weekday == day.weekday() and p.hours.end is not None]
            later += [datetime.combine(day, at, tzinfo=moment.tzinfo) for at in starts]
        for candidate in sorted(c for c in later if c > moment):
            if self.is_work_time(candidate) and self.scheduled_pause_at(candidate) is None:
                return candidate
        return None

    def is_workday(self, day: date) -> bool:
        return bool(self.work_hours[day.weekday()])


@dataclass(frozen=True)
class Goals:
    daily_rises: int = 6  # done rises (any kind) that make a day count for the streak
    # Consecutive goal days that unlock each progression level (bridge, then squat).
    progression_unlock_days: tuple[int, ...] = (5, 10)


@dataclass(frozen=True)
class ExerciseChoices:
    # Exercises done on the floor (the face-down leg-lift check, the half-kneeling hip-flexor
    # stretch, the side-lying leg raise, the single-leg bridge): off by default, as most people
    # sit in an office; exercises in a chair or standing take their place.
    floor: bool = False
    # Exercise ids never offered (`[exercises] off`); a rise and a hip-flexor stretch must stay.
    off: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    schedule: Schedule = field(default_factory=Schedule)
    goals: Goals = field(default_factory=Goals)
    exercises: ExerciseChoices = field(default_factory=ExerciseChoices)
