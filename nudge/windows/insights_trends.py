"""The year view's trend lines with their axes: a value scale of round ticks with units on the
left, light lines at each month's first week and the months' names under the last line.
GUI thread only (QPainter).

Every rule and tick sits on a half pixel, so a one-point line covers whole pixels at 100 % and
at 200 % (no grey blur); text is laid out in points and drawn by Qt at the screen's scale.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

from nudge.core.insights import WeekInsight
from nudge.i18n import N_, _, formats
from nudge.windows.trend_scales import (
    Scale,
    count_scale,
    hours_scale,
    hours_words,
    per_workday_scale,
    rate_scale,
)

LINE_COLOUR = QColor("#1565c0")


@dataclass(frozen=True)
class Trend:
    name: str  # marked with N_: shown as _(name)
    value: Callable[[WeekInsight], float | None]
    words: Callable[[float], str]  # a value as the text says it ("52%", "6.5 h")
    scale: Callable[[float], Scale]  # the ticks for a line whose highest week is the float


def _percent(value: float) -> str:
    return formats().percent(value)


def _whole(value: float) -> str:
    return formats().number(value, decimals=0)


def _tenths(value: float) -> str:
    return formats().number(value, decimals=1)


TRENDS: Sequence[Trend] = (
    Trend(N_("Nudges done"), lambda w: w.totals.nudge_rate, _percent, rate_scale),
    Trend(N_("Rises a week"), lambda w: float(w.totals.rises), _whole, count_scale),
    Trend(N_("Reps a week"), lambda w: float(w.totals.reps), _whole, count_scale),
    Trend(N_("Seated a workday"), lambda w: None if w.seated_minutes_per_workday is None
          else w.seated_minutes_per_workday / 60, hours_words, hours_scale),
    Trend(N_("Sittings over 30 min a workday"), lambda w: w.long_stretches_per_workday[0],
          _tenths, per_workday_scale),
    Trend(N_("Sittings over 60 min a workday"), lambda w: w.long_stretches_per_workday[1],
          _tenths, per_workday_scale),
)


def scale_of(trend: Trend, weeks: Sequence[WeekInsight]) -> Scale:
    """`trend`'s scale over `weeks`: its ticks reach its highest week."""
    return trend.scale(max((v for v in map(trend.value, weeks) if v is not None), default=0.0))


def crisp(value: float) -> float:
    """On a half point: a one-point line then covers whole pixels at 100 % and 200 %."""
    return math.floor(value) + 0.5


def scale_width(painter: QPainter, trends: Sequence[Trend],
                weeks: Sequence[WeekInsight]) -> float:
    """Room for the widest tick label of any line, so the plots line up under each other."""
    metrics = painter.fontMetrics()
    widest = max((metrics.horizontalAdvance(label) for trend in trends
                  for _value, label in scale_of(trend, weeks).ticks), default=0)
    return widest + 8


def month_starts(period: tuple[date, date], width: str = "abbreviated"
                 ) -> list[tuple[float, str]]:
    """(weeks from the period's first Monday, month name) for each month starting inside it;
    the names `Jan` (`width` "narrow": `J`) in the user's language."""
    first, last = period
    found = []
    day = date(first.year, first.month, 1)
    while day <= last:
        if day >= first:
            found.append(((day - first).days / 7, formats().month(day, width)))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return found


@dataclass(frozen=True)
class Ink:
    text: QColor
    quiet: QColor  # tick labels, rules, the month names
    grid: QColor  # the lightest lines


def latest_value(trend: Trend, values: Sequence[float | None]) -> str:
    """A trend line's last known value in words, "–" if it has none."""
    known = [v for v in values if v is not None]
    return trend.words(known[-1]) if known else "–"


def latest_value_words(trend: Trend, values: Sequence[float | None], in_progress: bool) -> str:
    """What stands beside a trend line's name: its last known value, and which week that is."""
    latest = latest_value(trend, values)
    if in_progress and values and values[-1] is not None:
        # Translators: beside a trend line's name in the year view, when the only week drawn
        # yet is the one in progress (a new user's first): its value up to now.
        return _("this week so far {value}").format(value=latest)
    # Translators: beside a trend line's name in the year view: its value in the last week
    # that is over (the week in progress is left out until it ends).
    return _("latest full week {value}").format(value=latest)


def draw_trend(painter: QPainter, box: QRectF, trend: Trend, weeks: Sequence[WeekInsight],
               period: tuple[date, date], gutter: float, ink: Ink, months: bool,
               in_progress: bool = False) -> None:
    """One line in `box`: its name and latest value, the scale, the month lines, the line;
    with `months`, the months' names under it. `in_progress`: the last of `weeks` is the week
    in progress (a new user's first), so its value is one "so far"."""
    metrics = painter.fontMetrics()
    text_h = metrics.height()
    values = [trend.value(w) for w in weeks]
    painter.setPen(ink.text)
    head = QRectF(box.left(), box.top(), box.width(), text_h)
    name = _(trend.name)
    latest_words = latest_value_words(trend, values, in_progress)
    if metrics.horizontalAdvance(f"{name}{latest_words}") + 12 > box.width():
        latest_words = latest_value(trend, values)  # the week's words give way to the name
    room = max(0, int(box.width()) - metrics.horizontalAdvance(latest_words) - 12)
    painter.drawText(head, Qt.AlignmentFlag.AlignLeft,  # a longer name gives way to the value
                     metrics.elidedText(name, Qt.TextElideMode.ElideRight, room))
    painter.drawText(head, Qt.AlignmentFlag.AlignRight, latest_words)
    below = text_h + 2 if months else 0
    plot = QRectF(box.left() + gutter, box.top() + text_h * 1.5 + 2,
                  box.width() - gutter, box.height() - text_h * 1.5 - 2 - below)
    scale = scale_of(trend, weeks)
    top = scale.top
    spans = max(1, (period[1] - period[0]).days // 7)
    step = plot.width() / spans

    def y_of(value: float) -> float:
        return plot.bottom() - value / top * plot.height()

    for value, label in scale.ticks:  # the scale: a rule and a label at each tick
        y = crisp(y_of(value))
        painter.setPen(QPen(ink.quiet if value == 0 else ink.grid, 1))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(ink.quiet)
        painter.drawText(QRectF(box.left(), y - text_h / 2, gutter - 6, text_h),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
    starts = month_starts(period)
    for at, _name in starts:
        x = crisp(plot.left() + at * step)
        painter.setPen(QPen(ink.grid, 1))
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom() + 3))
    if months:
        _month_names(painter, starts, plot, step, text_h, ink.quiet, period)
    _line(painter, weeks, values, period[0], plot.left(), step, y_of)


def _month_names(painter: QPainter, starts: list[tuple[float, str]], plot: QRectF, step: float,
                 text_h: float, colour: QColor, period: tuple[date, date]) -> None:
    """Each name in the middle of its month (a month with under two weeks in the period is
    not named: the next year's first days); its narrow form (`J`) when the plot is narrow."""
    metrics = painter.fontMetrics()
    ends = [at for at, _at in starts[1:]] + [(period[1] - period[0]).days / 7 + 1 / 7]
    room = 4 * step  # the shortest month's width
    if room < max((metrics.horizontalAdvance(name) for _at, name in starts), default=0) + 4:
        starts = month_starts(period, "narrow")
    painter.setPen(colour)
    for (at, name), end in zip(starts, ends, strict=True):
        if end - at < 2:
            continue
        middle = plot.left() + (at + end) / 2 * step
        painter.drawText(QRectF(middle - room / 2, plot.bottom() + 3, room, text_h),
                         Qt.AlignmentFlag.AlignHCenter, name)


def _line(painter: QPainter, weeks: Sequence[WeekInsight], values: list[float | None],
          first: date, left: float, step: float, y_of: Callable[[float], float]) -> None:
    """The line, broken where a week has no value; a lone week as a dot."""
    painter.setPen(QPen(LINE_COLOUR, 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin))
    points = QPolygonF()
    pieces = []
    for week, found in zip(weeks, values, strict=True):
        if found is None:
            pieces.append(points)
            points = QPolygonF()
            continue
        index = (week.week.monday - first).days // 7
        points.append(QPointF(left + index * step, y_of(found)))
    pieces.append(points)
    for piece in pieces:
        if piece.size() > 1:
            painter.drawPolyline(piece)
        elif piece.size() == 1:
            painter.setBrush(LINE_COLOUR)
            painter.drawEllipse(piece.at(0), 2.5, 2.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)


__all__ = ["TRENDS", "Ink", "Trend", "draw_trend", "latest_value", "latest_value_words",
           "month_starts", "scale_of", "scale_width"]
