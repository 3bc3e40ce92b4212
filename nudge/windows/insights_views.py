"""The Insights window's month and year pictures, painted with QPainter from a `RangeInsights`
(`nudge.core.insights`). GUI thread only.

Drawn as shapes and text at paint time, not as a bitmap, so they are sharp at any scale. Text
takes the palette's colours (dark themes stay readable); the goal colours are fixed and are
also named in a legend and in the accessible description, never colour alone.
"""

from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from nudge.core.insights import DayInsight, DayState, RangeInsights
from nudge.core.words import counted

STATE_COLOURS = {DayState.MET: "#2e7d32", DayState.SOME: "#f9a825", DayState.NONE: "#c62828",
                 DayState.DAY_OFF: "#9e9e9e"}
STATE_WORDS = {DayState.MET: "goal met", DayState.SOME: "some rises",
               DayState.NONE: "no rise", DayState.DAY_OFF: "day off"}
DONE_COLOUR, NOT_DONE_COLOUR = QColor("#2e7d32"), QColor("#c62828")
NEUTRAL = QColor("#e0e0e0")  # as many answered as not: neither green nor red (no brown mix)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FORGIVEN_COLOUR = "#3949ab"  # a missed workday the streak forgave (#20): neither met nor missed
FORGIVEN_WORDS = "forgiven"
FORGIVEN_TIP = "forgiven: the streak goes on"


class Painted(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.insights: RangeInsights | None = None
        self.period = (date.min, date.min)  # the whole month or year, read or not
        self.today = date.max

    def show_insights(self, insights: RangeInsights, period: tuple[date, date], today: date
                      ) -> None:
        """`insights` covers the days of `period` that have history and are not to come."""
        self.insights = insights
        self.period = period
        self.today = today
        self.setAccessibleDescription(self.describe(insights))
        self.update()

    def describe(self, insights: RangeInsights) -> str:
        raise NotImplementedError

    def text_colour(self, quiet: bool = False) -> QColor:
        role = QPalette.ColorRole.PlaceholderText if quiet else QPalette.ColorRole.WindowText
        return self.palette().color(role)


class MonthView(Painted):
    """A calendar of the month's days, each filled with its goal state and its rises."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Month calendar")
        self.setMinimumSize(420, 320)
        self.cells: list[tuple[QRectF, date]] = []  # where each day was painted, for tooltips

    def sizeHint(self) -> QSize:
        return QSize(760, 460)

    def describe(self, insights: RangeInsights) -> str:
        counts = {state: sum(d.state is state and d.date not in insights.forgiven
                             for d in insights.days) for state in DayState}
        said = [f"{counts[s]} days {STATE_WORDS[s]}" for s in DayState]
        if insights.forgiven:
            said.append(f"{len(insights.forgiven)} {FORGIVEN_WORDS} (the streak goes on)")
        return ", ".join(said)

    def tip(self, at: QPointF) -> str:
        """The words for the day under `at`: its date, its state and its rises."""
        days = {d.date: d for d in self.insights.days} if self.insights else {}
        for box, day in self.cells:
            found = days.get(day)
            if box.contains(at) and found is not None:
                name = day.strftime("%a %d %B").replace(" 0", " ")
                if day in self.insights.forgiven:  # type: ignore[union-attr]
                    return f"{name}: {FORGIVEN_TIP}"
                return f"{name}: {STATE_WORDS[found.state]}, {counted(found.stats.rises, 'rise')}"
        return ""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            words = self.tip(QPointF(event.pos()))
            if words:
                QToolTip.showText(event.globalPos(), words, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.insights is None:
            return
        month_first = self.period[0]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        legend_height = self.fontMetrics().height() + 12
        head = self.fontMetrics().height() + 8
        area = QRectF(self.rect()).adjusted(8, 4, -8, -legend_height)
        weeks = calendar.Calendar().monthdatescalendar(month_first.year, month_first.month)
        cell_w = area.width() / 7
        cell_h = (area.height() - head) / len(weeks)
        painter.setPen(self.text_colour(quiet=True))
        for column, name in enumerate(WEEKDAYS):
            painter.drawText(QRectF(area.left() + column * cell_w, area.top(), cell_w, head),
                             Qt.AlignmentFlag.AlignCenter, name)
        days = {d.date: d for d in self.insights.days}
        self.cells = []
        for row, week in enumerate(weeks):
            for column, day in enumerate(week):
                if day.month != month_first.month:
                    continue
                box = QRectF(area.left() + column * cell_w, area.top() + head + row * cell_h,
                             cell_w, cell_h).adjusted(3, 3, -3, -3)
                self.cells.append((box, day))
                self._day(painter, box, day, days.get(day))
        _legend(painter, QRectF(area.left(), area.bottom() + 6, area.width(), legend_height - 6),
                self.text_colour())
        painter.end()

    def _day(self, painter: QPainter, box: QRectF, day: date, found: DayInsight | None) -> None:
        if found is None or (day == self.today and found.state is DayState.NONE):
            # a day still to come, before any history, or today with its rises still to come
            painter.setPen(QPen(self.text_colour(quiet=True), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box, 6, 6)
            painter.drawText(box.adjusted(6, 4, -6, -4), Qt.AlignmentFlag.AlignLeft
                             | Qt.AlignmentFlag.AlignTop, str(day.day))
            return
        forgiven = self.insights is not None and day in self.insights.forgiven
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(FORGIVEN_COLOUR if forgiven else STATE_COLOURS[found.state]))
        painter.drawRoundedRect(box, 6, 6)
        painter.setPen(QColor("white"))
        painter.drawText(box.adjusted(6, 4, -6, -4),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, str(day.day))
        if forgiven:
            painter.drawText(box.adjusted(6, 4, -6, -4), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignBottom, FORGIVEN_WORDS)
        elif found.stats.rises:
            painter.drawText(box.adjusted(6, 4, -6, -4), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignBottom, f"{found.stats.rises} rises")


def _legend(painter: QPainter, box: QRectF, colour: QColor) -> None:
    x = box.left()
    metrics = painter.fontMetrics()
    keys = [(STATE_COLOURS[state], STATE_WORDS[state]) for state in DayState]
    for fill, words in [*keys, (FORGIVEN_COLOUR, FORGIVEN_WORDS)]:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(fill))
        side = min(12.0, box.height())
        painter.drawRoundedRect(QRectF(x, box.center().y() - side / 2, side, side), 3, 3)
        painter.setPen(colour)
        painter.drawText(QRectF(x + side + 5, box.top(), metrics.horizontalAdvance(words) + 4,
                                box.height()), Qt.AlignmentFlag.AlignVCenter, words)
        x += side + 5 + metrics.horizontalAdvance(words) + 20
