"""Open a window as `nudge settings|insights|welcome` does (`build_window`, `fit_screen`,
`show`) and say, for each of its tabs once shown and painted, where it and its parts are: one
JSON line a tab, in screen points; then wait for a line on stdin (the test's screenshot is
taken) before the next tab. A helper the tests run in a fresh process on a real display, so
QT_SCALE_FACTOR applies: `window_fit.py NAME` with NUDGE_HOME set.

Each line: the X window's id, the screen's available rect, the window's frame, every button
one can see (by its words; one scrolled out of sight is left out) and, on the Insights
window's Week tab, the chart label's room and the size its picture is shown at. Rects are
[x, y, width, height].
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtWidgets import QApplication, QPushButton, QTabWidget, QWidget

from nudge.paths import resolve_paths
from nudge.windows.run import build_window, fit_screen, qt_app


class Painted(QObject):
    """An event filter that notes a paint (`painted`; the caller sets it back to False)."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.painted = self.painted or event.type() == QEvent.Type.Paint
        return False


def rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def settle(app: QApplication, window: QWidget, watch: Painted) -> None:
    """Until the window is active (as a window just opened is: an inactive one may paint its
    text paler) and has painted what was asked, and what that posted is done too."""
    watch.painted = False
    window.activateWindow()
    window.update()
    until = time.monotonic() + 30
    while not (watch.painted and window.isActiveWindow()) and time.monotonic() < until:
        app.processEvents()
        time.sleep(0.005)
    for _round in range(5):  # the layout's own follow-ups (a label given its final size)
        app.processEvents()


def where(window: QWidget) -> dict[str, object]:
    buttons = {button.text(): rect(QRect(button.mapToGlobal(QPoint(0, 0)), button.size()))
               for button in window.findChildren(QPushButton)
               if button.isVisible() and not button.visibleRegion().isEmpty()}
    found: dict[str, object] = {
        "window": int(window.winId()), "screen": rect(window.screen().availableGeometry()),
        "frame": rect(window.frameGeometry()), "buttons": buttons}
    chart = getattr(window, "chart", None)
    if chart is not None and chart.isVisible():
        shown = chart.pixmap().deviceIndependentSize()
        found["chart_room"] = [chart.contentsRect().width(), chart.contentsRect().height()]
        found["chart_shown"] = [shown.width(), shown.height()]
        found["chart"] = rect(QRect(chart.mapTo(window, QPoint(0, 0)), chart.size()))
        found["inside"] = rect(window.rect())
    return found


def main() -> None:
    app = qt_app()
    window = build_window(sys.argv[1], resolve_paths())
    watch = Painted()
    window.installEventFilter(watch)
    fit_screen(window)
    window.show()
    tabs = window.findChild(QTabWidget)
    for index in range(tabs.count() if tabs is not None else 1):
        if tabs is not None:
            tabs.setCurrentIndex(index)
        settle(app, window, watch)
        print(json.dumps({"tab": index, **where(window)}), flush=True)
        sys.stdin.readline()
    stop = getattr(window, "blocker_notes", None) or getattr(window, "quiet", None)
    if stop is not None:
        stop.stop()  # no probe it started outlives the window
    window.close()


if __name__ == "__main__":
    main()
