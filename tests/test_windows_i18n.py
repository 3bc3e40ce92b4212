"""The windows in the user's language: every label, button, tooltip and accessible name goes
through gettext (checked with a pseudo-translation that marks and lengthens every message by
a third, as German does), dates and weekday names through Babel, and nothing is clipped.

In-process (pytest-qt, Qt's offscreen platform); English is put back after each test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from nudge import i18n
from nudge.core.i18n import Formats
from nudge.i18n.locale_formats import LocaleFormats

WEDNESDAY = date(2025, 3, 12)


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.install("en")


def test_the_windows_dates_come_from_babel_and_english_stays_as_it_was() -> None:
    english, german, japanese = Formats(), LocaleFormats("de"), LocaleFormats("ja")
    assert [english.weekday_name(WEDNESDAY), english.month_year(WEDNESDAY),
            english.day_long(WEDNESDAY), english.month(WEDNESDAY),
            english.month(WEDNESDAY, "narrow"), english.year(WEDNESDAY),
            english.number(6.0, decimals=1)] == [
        "Wednesday", "March 2025", "Wed 12 March", "Mar", "M", "2025", "6.0"]
    assert [german.weekday_name(WEDNESDAY), german.month_year(WEDNESDAY),
            german.day_long(WEDNESDAY), german.number(6.0, decimals=1)] == [
        "Mittwoch", "März 2025", "Mi., 12. März", "6,0"]
    assert [japanese.month_year(WEDNESDAY), japanese.month(WEDNESDAY, "narrow"),
            japanese.year(WEDNESDAY)] == ["2025年3月", "3", "2025年"]
    assert LocaleFormats("fr").weekday_name(WEDNESDAY) == "Mercredi"  # a label starts capital
