"""ISO 8601 weeks (e.g. `2026-W48`): reading one, its seven dates, and the weeks a summary
can be asked for. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_ISO_WEEK = re.compile(r"^\s*(\d{4})-[Ww](\d{1,2})\s*$")
# Weeks a summary can be asked for: it also reads the week before, ten weeks back for the streak
# and the Sunday, which for 0001-W01 and 9999-W52 fall outside the dates Python can hold.
FIRST_SUMMARY_YEAR, LAST_SUMMARY_YEAR = 1900, 9998


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
        if not FIRST_SUMMARY_YEAR <= year <= LAST_SUMMARY_YEAR:
            raise ValueError(
                f"{text!r} is too far from today: pick a week from {FIRST_SUMMARY_YEAR}-W01 to "
                f"{LAST_SUMMARY_YEAR}-W{_weeks_in(LAST_SUMMARY_YEAR):02d} (form YYYY-Www)"
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
