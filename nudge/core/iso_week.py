"""ISO 8601 weeks (e.g. `2026-W48`): reading one (a mistake said in the user's language), its
seven dates, and the weeks a summary can be asked for. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from nudge.core.i18n import N_, English

_ISO_WEEK = re.compile(r"^\s*(\d{4})-[Ww](\d{1,2})\s*$")
# Weeks a summary can be asked for: it also reads the week before, ten weeks back for the streak
# and the Sunday, which for 0001-W01 and 9999-W52 fall outside the dates Python can hold.
FIRST_SUMMARY_YEAR, LAST_SUMMARY_YEAR = 1900, 9998


class NotAWeek(ValueError):
    """Text that is not a week a summary can be asked for: str() says so in the user's
    language, `said` in English too (for the log)."""

    def __init__(self, said: English) -> None:
        super().__init__(said.shown())
        self.said = said


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
        """Read `YYYY-Www` (e.g. `2026-W48`); raises NotAWeek naming the value otherwise."""
        match = _ISO_WEEK.match(text) if isinstance(text, str) else None
        if match is None:
            # Translators: {text} is what was typed, in quotes; keep YYYY-Www and 2026-W48.
            raise NotAWeek(English(N_("{text} is not an ISO week; write it as YYYY-Www, e.g. "
                                      "2026-W48"), text=repr(text)))
        year, week = int(match[1]), int(match[2])
        if year < 1 or not 1 <= week <= _weeks_in(year):
            last = _weeks_in(year) if year >= 1 else 52
            # Translators: {text} is what was typed, in quotes; {last} is W52 or W53.
            raise NotAWeek(English(N_("{text} is not an ISO week: {year} has weeks W01 to "
                                      "{last} (form YYYY-Www)"),
                                   text=repr(text), year=year, last=f"W{last:02d}"))
        if not FIRST_SUMMARY_YEAR <= year <= LAST_SUMMARY_YEAR:
            # Translators: {text} is what was typed, in quotes; {first} and {last} are weeks
            # such as 1900-W01.
            raise NotAWeek(English(N_("{text} is too far from today: pick a week from {first} "
                                      "to {last} (form YYYY-Www)"), text=repr(text),
                                   first=f"{FIRST_SUMMARY_YEAR}-W01",
                                   last=f"{LAST_SUMMARY_YEAR}-W"
                                        f"{_weeks_in(LAST_SUMMARY_YEAR):02d}"))
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
