"""The Insights window's year picture: the week-by-week trend lines with their axes
(`insights_trends`) and the hour × weekday map of answers. GUI thread only.

Painted at paint time from a `RangeInsights`, so it is sharp at any scale; the colours of the
map are also said in words under it and in the accessible description.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen

from nudge.core.insights import HourCell, RangeInsights
from nudge.windows.insights_trends import TRENDS, Ink, draw_trend, scale_width
from nudge.windows.insights_views import (
    DONE_COLOUR,
    NEUTRAL,
    NOT_DONE_COLOUR,
    WEEKDAYS,
    Painted,
)


class YearView(Painted):
    """Week-by-week trend lines on the left, the hour × weekday map of answers on the right."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Year trends")
        self.setMinimumSize(560, 360)

    def sizeHint(self) -> QSize:
        return QSize(760, 460)

    def describe(self, insights: RangeInsights) -> str:
        parts = []
        for trend in TRENDS:
            known = [v for v in map(trend.value, insights.weeks) if v is not None]
            if known:
                parts.append(f"{trend.name}: {trend.words(sum(known) / len(known))} on average")
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
        ink = Ink(self.text_colour(), self.text_colour(quiet=True),
                  self.palette().color(QPalette.ColorRole.Midlight))
        weeks = self.insights.weeks
        gutter = scale_width(painter, TRENDS, weeks)
        months_h = painter.fontMetrics().height() + 2  # the months' names under the last line
        row_h = (left.height() - months_h) / len(TRENDS)
        for index, trend in enumerate(TRENDS):
            last = index == len(TRENDS) - 1
            box = QRectF(left.left(), left.top() + index * row_h, left.width(),
                         row_h + (months_h if last else 0)).adjusted(0, 2, 0, -4)
            draw_trend(painter, box, trend, weeks, self.period, gutter, ink, months=last)
        self._hours(painter, right)
        painter.end()

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
