"""The Insights window's month and year pictures, painted with QPainter from a `RangeInsights`
(`nudge.core.insights`). GUI thread only.

Drawn as shapes and text at paint time, not as a bitmap, so they are sharp at any scale. Text
takes the palette's colours (dark themes stay readable); the goal colours are fixed and are
also named in a legend and in the accessible description, never colour alone.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from nudge.core.insights import DayInsight, DayState, HourCell, RangeInsights, WeekInsight

STATE_COLOURS = {DayState.MET: "#2e7d32", DayState.SOME: "#f9a825", DayState.NONE: "#c62828",
                 DayState.DAY_OFF: "#9e9e9e"}
STATE_WORDS = {DayState.MET: "goal met", DayState.SOME: "some rises",
               DayState.NONE: "no rise", DayState.DAY_OFF: "day off"}
DONE_COLOUR, NOT_DONE_COLOUR = QColor("#2e7d32"), QColor("#c62828")
NEUTRAL = QColor("#e0e0e0")  # as many answered as not: neither green nor red (no brown mix)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class _Painted(QWidget):
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


class MonthView(_Painted):
    """A calendar of the month's days, each filled with its goal state and its rises."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Month calendar")
        self.setMinimumSize(420, 320)

    def sizeHint(self) -> QSize:
        return QSize(760, 460)

    def describe(self, insights: RangeInsights) -> str:
        counts = {state: sum(d.state is state for d in insights.days) for state in DayState}
        return ", ".join(f"{counts[s]} days {STATE_WORDS[s]}" for s in DayState)

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
        for row, week in enumerate(weeks):
            for column, day in enumerate(week):
                if day.month != month_first.month:
                    continue
                box = QRectF(area.left() + column * cell_w, area.top() + head + row * cell_h,
                             cell_w, cell_h).adjusted(3, 3, -3, -3)
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
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(STATE_COLOURS[found.state]))
        painter.drawRoundedRect(box, 6, 6)
        painter.setPen(QColor("white"))
        painter.drawText(box.adjusted(6, 4, -6, -4),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, str(day.day))
        if found.stats.rises:
            painter.drawText(box.adjusted(6, 4, -6, -4), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignBottom, f"{found.stats.rises} rises")


def _legend(painter: QPainter, box: QRectF, colour: QColor) -> None:
    x = box.left()
    metrics = painter.fontMetrics()
    for state in DayState:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(STATE_COLOURS[state]))
        side = min(12.0, box.height())
        painter.drawRoundedRect(QRectF(x, box.center().y() - side / 2, side, side), 3, 3)
        painter.setPen(colour)
        words = STATE_WORDS[state]
        painter.drawText(QRectF(x + side + 5, box.top(), metrics.horizontalAdvance(words) + 4,
                                box.height()), Qt.AlignmentFlag.AlignVCenter, words)
        x += side + 5 + metrics.horizontalAdvance(words) + 20


_Line = tuple[str, Callable[[WeekInsight], float | None], Callable[[float], str]]
LINES: Sequence[_Line] = (
    ("Nudges done", lambda w: w.totals.nudge_rate, lambda v: f"{v:.0%}"),
    ("Rises a week", lambda w: float(w.totals.rises), lambda v: f"{v:.0f}"),
    ("Reps a week", lambda w: float(w.totals.reps), lambda v: f"{v:.0f}"),
    ("Seated a workday", lambda w: None if w.seated_minutes_per_workday is None
     else w.seated_minutes_per_workday / 60, lambda v: f"{v:.1f} h"),
    ("Sittings over 30 min a workday", lambda w: w.long_stretches_per_workday[0],
     lambda v: f"{v:.1f}"),
    ("Sittings over 60 min a workday", lambda w: w.long_stretches_per_workday[1],
     lambda v: f"{v:.1f}"),
)


class YearView(_Painted):
    """Week-by-week trend lines on the left, the hour × weekday map of answers on the right."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Year trends")
        self.setMinimumSize(560, 360)

    def sizeHint(self) -> QSize:
        return QSize(760, 460)

    def describe(self, insights: RangeInsights) -> str:
        parts = []
        for name, value, words in LINES:
            known = [v for v in map(value, insights.weeks) if v is not None]
            if known:
                parts.append(f"{name}: {words(sum(known) / len(known))} on average")
        done = sum(c.done for c in insights.hours.values())
        not_done = sum(c.not_done for c in insights.hours.values())
        parts.append(f"{done} nudges done, {not_done} skipped or missed")
        return "; ".join(parts)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.insights is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        whole = QRectF(self.rect()).adjusted(8, 4, -8, -4)
        left = QRectF(whole.left(), whole.top(), whole.width() * 0.5, whole.height())
        right = QRectF(left.right() + 16, whole.top(), whole.right() - left.right() - 16,
                       whole.height())
        row_h = left.height() / len(LINES)
        for index, line in enumerate(LINES):
            self._trend(painter, QRectF(left.left(), left.top() + index * row_h, left.width(),
                                        row_h).adjusted(0, 2, 0, -4), line)
        self._hours(painter, right)
        painter.end()

    def _trend(self, painter: QPainter, box: QRectF, line: _Line) -> None:
        assert self.insights is not None
        name, value, words = line
        values = [value(w) for w in self.insights.weeks]
        known = [v for v in values if v is not None]
        text_h = painter.fontMetrics().height()
        painter.setPen(self.text_colour())
        latest = words(known[-1]) if known else "–"
        painter.drawText(QRectF(box.left(), box.top(), box.width(), text_h),
                         Qt.AlignmentFlag.AlignLeft, name)
        painter.drawText(QRectF(box.left(), box.top(), box.width(), text_h),
                         Qt.AlignmentFlag.AlignRight, f"latest week {latest}")
        plot = QRectF(box.left(), box.top() + text_h + 2, box.width(),
                      box.height() - text_h - 2)
        painter.setPen(QPen(self.text_colour(quiet=True), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        top = max(known, default=0.0) or 1.0
        step = plot.width() / max(1, (self.period[1] - self.period[0]).days // 7)
        points = QPolygonF()
        painter.setPen(QPen(QColor("#1565c0"), 2))
        for week, found in zip(self.insights.weeks, values, strict=True):
            if found is None:
                if points.size() > 1:
                    painter.drawPolyline(points)
                points = QPolygonF()
                continue
            index = (week.week.monday - self.period[0]).days // 7
            points.append(QPointF(plot.left() + index * step,
                                  plot.bottom() - found / top * (plot.height() - 2)))
        if points.size() > 1:
            painter.drawPolyline(points)
        elif points.size() == 1:
            painter.drawEllipse(points.at(0), 2, 2)

    def _hours(self, painter: QPainter, box: QRectF) -> None:
        assert self.insights is not None
        cells = self.insights.hours
        hours = [h for _, h in cells] or [9, 17]
        first, last = min(min(hours), 8), max(max(hours), 17)
        metrics = painter.fontMetrics()
        text_h = metrics.height()
        label_w = metrics.horizontalAdvance("Wed") + 8
        painter.setPen(self.text_colour())
        painter.drawText(QRectF(box.left(), box.top(), box.width(), text_h),
                         Qt.AlignmentFlag.AlignLeft, "When nudges are done, by hour")
        grid = QRectF(box.left() + label_w, box.top() + text_h * 2,
                      box.width() - label_w, box.height() - text_h * 7)
        cell_w = grid.width() / (last - first + 1)
        cell_h = min(grid.height() / 7, cell_w * 1.6)
        most = max((c.done + c.not_done for c in cells.values()), default=1) or 1
        for row, name in enumerate(WEEKDAYS):
            y = grid.top() + row * cell_h
            painter.setPen(self.text_colour(quiet=True))
            painter.drawText(QRectF(box.left(), y, label_w, cell_h),
                             Qt.AlignmentFlag.AlignVCenter, name)
            for hour in range(first, last + 1):
                cell = QRectF(grid.left() + (hour - first) * cell_w, y, cell_w, cell_h)
                self._hour_cell(painter, cell.adjusted(1, 1, -1, -1), cells.get((row, hour)),
                                most)
        painter.setPen(self.text_colour(quiet=True))
        for hour in range(first, last + 1, 3):
            painter.drawText(QRectF(grid.left() + (hour - first) * cell_w - 10,
                                    grid.top() + 7 * cell_h + 2, cell_w + 20, text_h),
                             Qt.AlignmentFlag.AlignHCenter, f"{hour}h")
        notes = ("green: mostly done", "red: mostly skipped or missed",
                 "paler: fewer nudges that hour")
        painter.setPen(self.text_colour())
        for index, note in enumerate(notes):
            painter.drawText(QRectF(box.left(), grid.top() + 7 * cell_h + text_h * (index + 1.5),
                                    box.width(), text_h), Qt.AlignmentFlag.AlignLeft, note)

    def _hour_cell(self, painter: QPainter, box: QRectF, cell: HourCell | None, most: int) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        if cell is None or not cell.done + cell.not_done:  # no nudge answered: an empty box
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5))
            return
        share = cell.done / (cell.done + cell.not_done)
        colour = (_mix(NEUTRAL, DONE_COLOUR, share * 2 - 1) if share >= 0.5
                  else _mix(NOT_DONE_COLOUR, NEUTRAL, share * 2))
        colour.setAlphaF(0.35 + 0.65 * (cell.done + cell.not_done) / most)
        painter.setBrush(colour)
        painter.drawRect(box)


def _mix(start: QColor, end: QColor, share: float) -> QColor:
    return QColor(round(start.red() + (end.red() - start.red()) * share),
                  round(start.green() + (end.green() - start.green()) * share),
                  round(start.blue() + (end.blue() - start.blue()) * share))
