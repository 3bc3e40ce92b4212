"""The Insights window's Month and Year tabs: a title with ← → browsing over a painted view
(`insights_views`). GUI thread only. The view scrolls under the title where the window is
smaller than its drawing (a small screen at 200 %), so the window never grows off the screen.

A month is its calendar days; a year is its ISO weeks (week 1's Monday to the last week's
Sunday), so each week on the trend lines is a whole week, as `nudge summary --week` counts it.
Days still to come and days before the first week with history are not read (nor drawn).
Periods browse from the one holding the first week with history to the one holding today.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nudge.core.insights import RangeInsights
from nudge.core.iso_week import IsoWeek
from nudge.i18n import _, formats
from nudge.windows.insights_views import MonthView
from nudge.windows.insights_year import YearView
from nudge.windows.style import scrolled

Reader = Callable[[date, date], RangeInsights]


def month_bounds(index: int) -> tuple[date, date, str]:
    """Month `index` (year * 12 + month - 1): its first and last day and its name."""
    first = date(index // 12, index % 12 + 1, 1)
    following = date((index + 1) // 12, (index + 1) % 12 + 1, 1)
    return first, following - timedelta(days=1), formats().month_year(first)


def year_bounds(year: int) -> tuple[date, date, str]:
    last_week = IsoWeek.containing(date(year, 12, 28))  # the 28th is always in the last week
    return IsoWeek(year, 1).monday, last_week.sunday, formats().year(date(year, 7, 1))


class RangePage(QWidget):
    def __init__(self, kind: str, read: Reader, first: date, today: date) -> None:
        super().__init__()
        self.kind = kind
        self.read = read
        self.first_day, self.today = first, today
        self.view: MonthView | YearView
        if kind == "month":
            self.bounds: Callable[[int], tuple[date, date, str]] = month_bounds
            self.view = MonthView()
            self.lowest, self.highest = (first.year * 12 + first.month - 1,
                                         today.year * 12 + today.month - 1)
        else:
            self.bounds = year_bounds
            self.view = YearView()
            self.lowest, self.highest = (IsoWeek.containing(first).year,
                                         IsoWeek.containing(today).year)
        self.index = self.highest
        self.insights: RangeInsights | None = None
        month = kind == "month"
        self.previous = QPushButton(_("← Earlier"))
        self.previous.setAccessibleName(_("Previous month") if month else _("Previous year"))
        self.previous.clicked.connect(lambda: self.go(-1))
        self.next = QPushButton(_("Later →"))
        self.next.setAccessibleName(_("Next month") if month else _("Next year"))
        self.next.clicked.connect(lambda: self.go(1))
        self.now = QPushButton(_("This month") if month else _("This year"))
        self.now.clicked.connect(self.end)
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        top = QHBoxLayout()
        top.addWidget(self.previous)
        top.addStretch(1)
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.now)
        top.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(scrolled(self.view), 1)

    def go(self, step: int) -> None:
        if self.lowest <= self.index + step <= self.highest:
            self.show_period(self.index + step)

    def home(self) -> None:
        self.show_period(self.lowest)

    def end(self) -> None:
        self.show_period(self.highest)

    def ensure_shown(self) -> None:
        """Read the period the first time the tab is shown (opening the window reads none)."""
        if self.insights is None:
            self.show_period(self.index)

    def show_period(self, index: int) -> None:
        self.index = index
        first, last, name = self.bounds(index)
        self.insights = self.read(max(first, min(self.first_day, last)), last)
        self.title.setText(name)
        self.previous.setEnabled(index > self.lowest)
        self.next.setEnabled(index < self.highest)
        self.now.setEnabled(index != self.highest)
        self.view.show_insights(self.insights, (first, last), self.today)

    @property
    def period_name(self) -> str:
        return self.bounds(self.index)[2]
