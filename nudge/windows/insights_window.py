"""The Insights window: Week, Month and Year tabs (Alt+W, Alt+M, Alt+Y). The week view is the
weekly chart, every week with history one arrow away; Month and Year live in `insights_pages`,
imported and built when their tab is first shown, and the quiet-hour offer is looked up once
the window is painted: the window opens on its Week tab, and only that is done first (#22).

GUI thread only. The chart is the same picture `nudge summary --png` draws (`draw_weekly`,
shown without writing a PNG), drawn at the screen's pixel ratio so it stays sharp at 200 %;
the numbers are the week's `summary_to_json`, also given as text to screen readers. ← and →
(buttons or keys) browse from the first week with history to this week (months and years
alike on their tabs); "Save picture…" writes the shown week's PNG, or the shown month or
year as drawn on screen.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QImage, QKeySequence, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nudge.charts.weekly_png import BASE_HEIGHT, BASE_WIDTH, draw_weekly, render_weekly_png
from nudge.core.summary import IsoWeek, WeeklySummary, summary_to_json
from nudge.core.summary_text import forgiven_sentence, summary_to_text
from nudge.i18n import _
from nudge.paths import Paths
from nudge.platform.error_words import reason
from nudge.windows.insights_data import InsightsData
from nudge.windows.quiet_offer import QuietHourOffer
from nudge.windows.style import closing_keys, shortcut

if TYPE_CHECKING:
    from nudge.windows.insights_pages import RangePage

RANGES = ("month", "year")  # the tabs after the Week tab, in order


class ChartLabel(QLabel):
    """The weekly chart, fitted again whenever the label's own size changes: the window's
    resize comes before its layout gives the label its final size (a window shrunk to fit a
    small screen showed the chart cut), and the forgiven-day line takes room without one."""

    def __init__(self) -> None:
        super().__init__()
        self.drawn = QPixmap()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(BASE_WIDTH // 3, BASE_HEIGHT // 3)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def show_picture(self, picture: QPixmap) -> None:
        self.drawn = picture
        self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        """The chart as big as the label allows, never bigger than drawn (no blur)."""
        if self.drawn.isNull():
            return
        ratio = self.devicePixelRatioF()
        # Whole device pixels, rounded down: at 150 % QSize * 1.5 rounds up by half a pixel,
        # and the picture came out a third of a point taller than its label.
        space = self.contentsRect().size()
        room = QSize(int(space.width() * ratio), int(space.height() * ratio))
        full = self.drawn.size() / self.drawn.devicePixelRatio() * ratio
        fitted = self.drawn.scaled(full.boundedTo(room), Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        fitted.setDevicePixelRatio(ratio)
        self.setPixmap(fitted)


class InsightsWindow(QWidget):
    def __init__(self, paths: Paths, today: date | None = None) -> None:
        super().__init__()
        self.setWindowTitle(_("nudge insights"))
        self.today = today or datetime.now().astimezone().date()
        self.data = InsightsData(paths)
        self.first = self.data.first_week(self.today)
        self.last = IsoWeek.containing(self.today)
        self.week = self.last
        self.summary: WeeklySummary | None = None
        self.numbers: dict[str, Any] = {}
        self.previous = QPushButton(_("← Earlier"))
        self.previous.setAccessibleName(_("Previous week"))
        self.previous.clicked.connect(lambda: self.go(-1))
        self.next = QPushButton(_("Later →"))
        self.next.setAccessibleName(_("Next week"))
        self.next.clicked.connect(lambda: self.go(1))
        self.this_week = QPushButton(_("This week"))
        self.this_week.clicked.connect(lambda: self.show_week(self.last))
        self.chart = ChartLabel()
        self.chart.setAccessibleName(_("Weekly chart"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.forgiven = QLabel()  # the week's forgiven day, said in words (#20)
        self.forgiven.setWordWrap(True)
        self.forgiven.setAlignment(Qt.AlignmentFlag.AlignCenter)
        save = QPushButton(_("Save picture…"))
        save.clicked.connect(self.ask_where_to_save)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(self.previous)
        top.addStretch(1)
        top.addWidget(self.this_week)
        top.addWidget(self.next)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(save)
        bottom.addWidget(close)
        week_page = QWidget()
        week_layout = QVBoxLayout(week_page)
        week_layout.setContentsMargins(0, 0, 0, 0)
        week_layout.addLayout(top)
        week_layout.addWidget(self.chart, 1)
        week_layout.addWidget(self.forgiven)
        self._pages: dict[str, RangePage] = {}  # made when first needed: `range_page`
        holders = [QWidget() for _kind in RANGES]
        self._holders = [QVBoxLayout(holder) for holder in holders]
        for holder_layout in self._holders:
            holder_layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # Translators: the insights window's tabs; the & marks each tab's Alt key.
        self.tabs.addTab(week_page, _("&Week"))
        self.tabs.addTab(holders[0], _("&Month"))
        self.tabs.addTab(holders[1], _("&Year"))
        self.tabs.currentChanged.connect(self._tab_shown)
        self.quiet = QuietHourOffer(paths)  # the learned quiet hour (#20)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quiet)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        shortcut(self, QKeySequence(Qt.Key.Key_Left), lambda: self.go(-1))
        shortcut(self, QKeySequence(Qt.Key.Key_Right), lambda: self.go(1))
        shortcut(self, QKeySequence(Qt.Key.Key_Home), lambda: self.jump(last=False))
        shortcut(self, QKeySequence(Qt.Key.Key_End), lambda: self.jump(last=True))
        shortcut(self, QKeySequence(QKeySequence.StandardKey.Save), self.ask_where_to_save)
        closing_keys(self)
        self.resize(self.sizeHint())
        self._painted = False
        self.show_week(self.last)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.quiet.stop()  # no lookup, nor its `nudge quiet-hours`, outlives the window
        super().closeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:  # on screen now: what the Week tab does not need can start
            self._painted = True
            QTimer.singleShot(0, self.quiet.look_up)

    def range_page(self, kind: str) -> RangePage:
        """The Month or Year tab's page, imported and made the first time it is needed."""
        page = self._pages.get(kind)
        if page is None:
            from nudge.windows.insights_pages import RangePage

            page = RangePage(kind, lambda a, b: self.data.insights(a, b, self.today),
                             self.first.monday, self.today)
            self._holders[RANGES.index(kind)].addWidget(page)
            self._pages[kind] = page
        return page

    @property
    def month_page(self) -> RangePage:
        return self.range_page("month")

    @property
    def year_page(self) -> RangePage:
        return self.range_page("year")

    def page(self) -> RangePage | None:
        """The Month or Year tab when it is shown; None on the Week tab."""
        index = self.tabs.currentIndex()
        return self.range_page(RANGES[index - 1]) if index > 0 else None

    def _tab_shown(self) -> None:
        page = self.page()
        if page is not None:
            page.ensure_shown()
        self.status.clear()

    def jump(self, last: bool) -> None:
        page = self.page()
        if page is None:
            self.show_week(self.last if last else self.first)
        elif last:
            page.end()
        else:
            page.home()

    def go(self, step: int) -> None:
        page = self.page()
        if page is not None:
            page.go(step)
            return
        target = IsoWeek.containing(self.week.monday + timedelta(weeks=step))
        if self.first.monday <= target.monday <= self.last.monday:
            self.show_week(target)

    def show_week(self, week: IsoWeek) -> None:
        self.week = week
        summary = self.data.summary(week, self.today)
        self.summary = summary
        self.numbers = summary_to_json(summary)
        # Translators: the window's title; {week} is like 2025-W10.
        self.setWindowTitle(_("nudge insights · {week}").format(week=week))
        self.previous.setEnabled(week.monday > self.first.monday)
        self.next.setEnabled(week.monday < self.last.monday)
        self.this_week.setEnabled(week != self.last)
        self.chart.show_picture(self._picture(summary))
        self.chart.setAccessibleDescription(summary_to_text(summary))
        in_week = any(day in week.days() for day in summary.forgiven_days)
        self.forgiven.setText(forgiven_sentence(summary) if in_week else "")
        self.forgiven.setVisible(in_week)
        self.status.clear()

    @property
    def picture(self) -> QPixmap:
        """The shown week's chart as drawn, before it is fitted to the window."""
        return self.chart.drawn

    def _picture(self, summary: WeeklySummary) -> QPixmap:
        ratio = self.devicePixelRatioF()
        scale = max(2, math.ceil(ratio))  # at 2 or more, a chart shrunk to fit stays sharp
        drawn = draw_weekly(summary, scale)
        pixels = drawn.tobytes()  # RGB, 3 bytes a pixel, rows unpadded
        frame = QImage(pixels, drawn.width, drawn.height, 3 * drawn.width,
                       QImage.Format.Format_RGB888)
        picture = QPixmap.fromImage(frame)  # a copy: `pixels` may go
        picture.setDevicePixelRatio(scale)
        return picture

    def sizeHint(self) -> QSize:
        return QSize(BASE_WIDTH + 24, BASE_HEIGHT + 130)

    def shown_name(self) -> str:
        page = self.page()
        return str(self.week) if page is None else page.period_name.replace(" ", "-")

    def ask_where_to_save(self) -> None:
        suggested = str(Path.home() / f"nudge-{self.shown_name()}.png")
        # Translators: the file dialog's filter; keep "(*.png)" as it is.
        kinds = _("PNG pictures (*.png)")
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Save the weekly chart"),
                                                      suggested, kinds)
        if chosen:
            self.save_picture(Path(chosen))

    def save_picture(self, target: Path) -> bool:
        if target.suffix.lower() != ".png":
            target = target.with_name(target.name + ".png")
        assert self.summary is not None
        page = self.page()
        try:
            if page is None:
                render_weekly_png(self.summary, target)
            elif not page.view.grab().save(str(target), "PNG"):
                raise OSError(_("that folder cannot be written to"))
        except OSError as error:
            self.status.setText(_("Could not save the picture: {reason} ({path}).").format(
                reason=reason(error), path=target))
            return False
        # Translators: {period} is a week (2025-W10), a month (March-2025) or a year.
        self.status.setText(_("Saved the chart of {period} to {path}.").format(
            period=self.shown_name(), path=target))
        return True
