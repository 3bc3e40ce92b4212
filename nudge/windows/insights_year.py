"""The Insights window's year picture: the week-by-week trend lines with their axes
(`insights_trends`) and the hour × weekday map of answers. GUI thread only.

Painted at paint time from a `RangeInsights`, so it is sharp at any scale; the colours of the
map are also said in words under it and in the accessible description. The lines, their
"latest full week", their scale and their words are the complete weeks
(`RangeInsights.trend_weeks`; a new user's first week "so far" until one is over); the hour
map counts every day of the year, today's answers too.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen

from nudge.core.insights import HourCell, RangeInsights
from nudge.i18n import N_, _, ngettext
from nudge.windows.insights_trends import TRENDS, Ink, draw_trend, scale_width
from nudge.windows.insights_views import (
    DONE_COLOUR,
    NEUTRAL,
    NOT_DONE_COLOUR,
    Painted,
    weekday_names,
)

# under the hour map: its colours in words (marked: shown as _(note))
MAP_NOTES = (N_("green: mostly done"), N_("red: mostly skipped or missed"),
             N_("paler: fewer nudges that hour"))


class YearView(Painted):
    """Week-by-week trend lines on the left, the hour × weekday map of answers on the right."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName(_("Year trends"))
        self.setMinimumSize(560, 480)  # six lines with room for their scales (small screens scroll)

    def sizeHint(self) -> QSize:
        return QSize(760, 460)

    def describe(self, insights: RangeInsights) -> str:
        parts = []
        for trend in TRENDS:
            known = [v for v in map(trend.value, insights.trend_weeks) if v is not None]
            if known:
                # Translators: the year view for screen readers: a trend and its average week.
                parts.append(_("{trend}: {value} on average").format(
                    trend=_(trend.name), value=trend.words(sum(known) / len(known))))
        done = sum(c.done for c in insights.hours.values())
        not_done = sum(c.not_done for c in insights.hours.values())
        parts.append(ngettext("{done} nudge done, {not_done} skipped or missed",
                              "{done} nudges done, {not_done} skipped or missed", done).format(
            done=done, not_done=not_done))
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
        weeks = self.insights.trend_weeks  # the complete weeks (`core.insights`)
        gutter = scale_width(painter, TRENDS, weeks)
        months_h = painter.fontMetrics().height() + 2  # the months' names under the last line
        row_h = (left.height() - months_h) / len(TRENDS)
        for index, trend in enumerate(TRENDS):
            last = index == len(TRENDS) - 1
            box = QRectF(left.left(), left.top() + index * row_h, left.width(),
                         row_h + (months_h if last else 0)).adjusted(0, 2, 0, -4)
            draw_trend(painter, box, trend, weeks, self.period, gutter, ink, months=last,
                       in_progress=self.insights.trend_in_progress)
        self._hours(painter, right)
        painter.end()

    def _hours(self, painter: QPainter, box: QRectF) -> None:
        assert self.insights is not None
        cells = self.insights.hours
        hours = [h for _, h in cells] or [9, 17]
        first, last = min(min(hours), 8), max(max(hours), 17)
        metrics = painter.fontMetrics()
        text_h = metrics.height()
        days = weekday_names()
        label_w = max(metrics.horizontalAdvance(name) for name in days) + 8
        painter.setPen(self.text_colour())
        title = _("When nudges are done, by hour")
        painter.drawText(QRectF(box.left(), box.top(), box.width(), text_h),
                         Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(title, Qt.TextElideMode.ElideRight,
                                            int(box.width())))
        wrap = Qt.TextFlag.TextWordWrap
        notes = [_(note) for note in MAP_NOTES]  # wrapped: German needs more than one line
        heights = [metrics.boundingRect(QRectF(0, 0, box.width(), 10 * text_h).toRect(),
                                        int(wrap), note).height() for note in notes]
        grid = QRectF(box.left() + label_w, box.top() + text_h * 2,
                      box.width() - label_w,
                      box.height() - text_h * 4 - sum(heights) - 2 * len(notes))
        cell_w = grid.width() / (last - first + 1)
        cell_h = min(grid.height() / 7, cell_w * 1.6)
        most = max((c.done + c.not_done for c in cells.values()), default=1) or 1
        for row, name in enumerate(days):
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
                             # Translators: an hour of the day under the hour map ("9h").
                             Qt.AlignmentFlag.AlignHCenter, _("{hour}h").format(hour=hour))
        painter.setPen(self.text_colour())
        y = grid.top() + 7 * cell_h + text_h * 1.5
        for note, height in zip(notes, heights, strict=True):
            painter.drawText(QRectF(box.left(), y, box.width(), height),
                             int(Qt.AlignmentFlag.AlignLeft) | int(wrap), note)
            y += height + 2

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
