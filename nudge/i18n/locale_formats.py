"""Dates, weekday names and numbers in the user's locale, through Babel ("lun. 30 nov.").

Loaded lazily by `nudge.i18n.install(locale_formats=True)`: in the one-shot commands, the
windows and the picture-making process only, never the all-day app (Babel's locale data costs
memory). Same methods as the English `nudge.core.i18n.Formats`. The JSON interfaces never use
these: they stay English and stable.

Built by `install` on the main thread before other threads run; its methods only read, so any thread
may format.
"""

from __future__ import annotations

from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval, format_skeleton
from babel.numbers import format_decimal, format_percent

from nudge.core.i18n import Formats


class UnknownLocale(ValueError):
    """Babel has no data for this language: formats stay English."""


class LocaleFormats(Formats):
    def __init__(self, language: str) -> None:
        try:
            self.locale = Locale.parse(language)
        except (UnknownLocaleError, ValueError) as problem:
            raise UnknownLocale(language) from problem

    def weekday(self, day: date) -> str:
        return format_date(day, "EEE", locale=self.locale)

    def day(self, day: date, with_year: bool = False) -> str:
        return format_skeleton("yMMMEd" if with_year else "MMMEd", day, locale=self.locale)

    def weekday_day(self, day: date) -> str:
        return format_skeleton("Ed", day, locale=self.locale)

    def week_range(self, first: date, last: date) -> str:
        return format_interval(first, last, "yMMMd", locale=self.locale)

    def weekday_name(self, day: date) -> str:
        return _capitalised(format_date(day, "cccc", locale=self.locale))

    def month(self, day: date, width: str = "abbreviated") -> str:
        pattern = {"wide": "LLLL", "narrow": "LLLLL"}.get(width, "LLL")
        return format_date(day, pattern, locale=self.locale)

    def month_year(self, day: date) -> str:
        return _capitalised(format_skeleton("yMMMM", day, locale=self.locale))

    def year(self, day: date) -> str:
        return format_skeleton("y", day, locale=self.locale)

    def day_long(self, day: date) -> str:
        return format_skeleton("MMMMEd", day, locale=self.locale)

    def number(self, value: int | float, decimals: int | None = None) -> str:
        if decimals is not None:
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
            return format_decimal(value, format=pattern, locale=self.locale)
        return format_decimal(value, locale=self.locale)

    def percent(self, ratio: float) -> str:
        return format_percent(round(ratio, 2), locale=self.locale)


def _capitalised(text: str) -> str:
    """A label's first letter in capitals (French and Polish names are lower case)."""
    return text[:1].upper() + text[1:]
