"""The Insights window's month and year pictures, painted with QPainter from a `RangeInsights`
(`nudge.core.insights`). GUI thread only.

Drawn as shapes and text at paint time, not as a bitmap, so they are sharp at any scale. Text
takes the palette's colours (dark themes stay readable); the goal colours are fixed and are
also named in a legend and in the accessible description, never colour alone.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QToolTip, QWidget

from nudge.core.insights import DayInsight, DayState, RangeInsights
from nudge.i18n import N_, _, formats, join_words, ngettext

STATE_COLOURS = {DayState.MET: "#2e7d32", DayState.SOME: "#f9a825", DayState.NONE: "#c62828",
                 DayState.DAY_OFF: "#9e9e9e"}
# the legend's words (marked: shown as _(word))
STATE_WORDS = {DayState.MET: N_("goal met"), DayState.SOME: N_("some rises"),
               DayState.NONE: N_("no rise"), DayState.DAY_OFF: N_("day off")}
DONE_COLOUR, NOT_DONE_COLOUR = QColor("#2e7d32"), QColor("#c62828")
NEUTRAL = QColor("#e0e0e0")  # as many answered as not: neither green nor red (no brown mix)
_A_MONDAY = date(2024, 1, 1)
FORGIVEN_COLOUR = "#3949ab"  # a missed workday the streak forgave (#20): neither met nor missed
# Translators: a missed workday the streak forgave (month calendar, its legend).
FORGIVEN_WORDS = N_("forgiven")


def weekday_names() -> list[str]:
    """`Mon` to `Sun` in the user's language."""
    return [formats().weekday(_A_MONDAY + timedelta(days=n)) for n in range(7)]


def day_counts(state: DayState, n: int) -> str:
    """The month's description: how many days were in `state`."""
    if state is DayState.MET:
        return ngettext("{n} day goal met", "{n} days goal met", n).format(n=n)
    if state is DayState.SOME:
        return ngettext("{n} day some rises", "{n} days some rises", n).format(n=n)
    if state is DayState.NONE:
        return ngettext("{n} day no rise", "{n} days no rise", n).format(n=n)
    return ngettext("{n} day day off", "{n} days day off", n).format(n=n)


def day_tip(day: str, state: DayState, rises: int) -> str:
    """A calendar day's tooltip: its date (`day`), its state and its rises."""
    if state is DayState.MET:
        return ngettext("{day}: goal met, {n} rise", "{day}: goal met, {n} rises",
                        rises).format(day=day, n=rises)
    if state is DayState.SOME:
        return ngettext("{day}: some rises, {n} rise", "{day}: some rises, {n} rises",
                        rises).format(day=day, n=rises)
    if state is DayState.NONE:
        return ngettext("{day}: no rise, {n} rise", "{day}: no rise, {n} rises",
                        rises).format(day=day, n=rises)
    return ngettext("{day}: day off, {n} rise", "{day}: day off, {n} rises",
                    rises).format(day=day, n=rises)


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
        self.setAccessibleName(_("Month calendar"))
        line = self.fontMetrics().height()  # six weeks of days, a line of words each, fit
        self.setMinimumSize(420, 6 * (line + 14) + 2 * line + 24)  # with the names and legend
        self.cells: list[tuple[QRectF, date]] = []  # where each day was painted, for tooltips

    def sizeHint(self) -> QSize:
        return QSize(760, 460)

    def describe(self, insights: RangeInsights) -> str:
        counts = {state: sum(d.state is state and d.date not in insights.forgiven
                             for d in insights.days) for state in DayState}
        said = [day_counts(s, counts[s]) for s in DayState]
        if insights.forgiven:
            said.append(ngettext("{n} forgiven (the streak goes on)",
                                 "{n} forgiven (the streak goes on)",
                                 len(insights.forgiven)).format(n=len(insights.forgiven)))
        return join_words(said)

    def tip(self, at: QPointF) -> str:
        """The words for the day under `at`: its date, its state and its rises."""
        days = {d.date: d for d in self.insights.days} if self.insights else {}
        for box, day in self.cells:
            found = days.get(day)
            if box.contains(at) and found is not None:
                name = formats().day_long(day)
                if day in self.insights.forgiven:  # type: ignore[union-attr]
                    return _("{day}: forgiven: the streak goes on").format(day=name)
                return day_tip(name, found.state, found.stats.rises)
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
        metrics = self.fontMetrics()
        line_h = metrics.height() + 4
        lines = legend_lines(metrics, legend_items(), self.width() - 16)
        legend_height = len(lines) * line_h + 8  # long words (German) take a second line
        head = metrics.height() + 8
        area = QRectF(self.rect()).adjusted(8, 4, -8, -legend_height)
        weeks = calendar.Calendar().monthdatescalendar(month_first.year, month_first.month)
        cell_w = area.width() / 7
        cell_h = (area.height() - head) / len(weeks)
        painter.setPen(self.text_colour(quiet=True))
        for column, name in enumerate(weekday_names()):
            painter.drawText(QRectF(area.left() + column * cell_w, area.top(), cell_w, head),
                             Qt.AlignmentFlag.AlignCenter,
                             metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(cell_w)))
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
        for index, line in enumerate(lines):
            _legend(painter, QRectF(area.left(), area.bottom() + 6 + index * line_h,
                                    area.width(), line_h), line, self.text_colour())
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
        inner = box.adjusted(6, 4, -6, -4)
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         str(day.day))
        rises = found.stats.rises
        words = _(FORGIVEN_WORDS) if forgiven else \
            ngettext("{n} rise", "{n} rises", rises).format(n=rises) if rises else ""
        metrics = painter.fontMetrics()
        room = inner.width()
        if inner.height() < 2 * metrics.height():  # a short day: the words share the number's line
            room -= metrics.horizontalAdvance(f"{day.day} ")
        if words:  # a narrow day cuts the words with "…" rather than past its edge or number
            painter.drawText(inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                             metrics.elidedText(words, Qt.TextElideMode.ElideRight, int(room)))


def legend_items() -> list[tuple[str, str]]:
    """(colour, words) of each entry in the month's legend."""
    keys = [(STATE_COLOURS[state], _(STATE_WORDS[state])) for state in DayState]
    return [*keys, (FORGIVEN_COLOUR, _(FORGIVEN_WORDS))]


def legend_lines(metrics: QFontMetrics, items: list[tuple[str, str]], width: float
                 ) -> list[list[tuple[str, str]]]:
    """The legend's entries in lines no wider than `width` (one line in English)."""
    lines: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    for item in items:
        wide = _LEGEND_BOX + 5 + metrics.horizontalAdvance(item[1]) + 20
        if lines[-1] and used + wide - 20 > width:
            lines.append([])
            used = 0.0
        lines[-1].append(item)
        used += wide
    return lines


_LEGEND_BOX = 12.0


def _legend(painter: QPainter, box: QRectF, items: list[tuple[str, str]], colour: QColor
            ) -> None:
    x = box.left()
    metrics = painter.fontMetrics()
    for fill, words in items:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(fill))
        side = min(_LEGEND_BOX, box.height())
        painter.drawRoundedRect(QRectF(x, box.center().y() - side / 2, side, side), 3, 3)
        painter.setPen(colour)
        painter.drawText(QRectF(x + side + 5, box.top(), metrics.horizontalAdvance(words) + 4,
                                box.height()), Qt.AlignmentFlag.AlignVCenter, words)
        x += side + 5 + metrics.horizontalAdvance(words) + 20
