"""`python -m bench.window_year`: open the Insights window as `nudge insights` does, go to the
Year tab, and print when the year was drawn. Run by bench/windows_bench.py in a fresh process.

Main thread only (Qt's). Prints one JSON line: `drawn_at` (time.monotonic(), the system-wide
CLOCK_MONOTONIC, so the harness compares it with its own start time), `switch_s` (from the
window on screen, its Week tab first, and the Year tab asked for, until the year is painted:
what a user waits after Alt+Y), and `previous_s` (← to the
year before, drawn). Exits without waiting for anyone to close the window.
"""

from __future__ import annotations

import json
import sys
import time

from nudge.paths import resolve_paths
from nudge.windows.run import build_window, fit_screen, qt_app


def main() -> int:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from nudge.windows.insights_window import InsightsWindow

    app = qt_app()
    window = build_window("insights", resolve_paths())
    assert isinstance(window, InsightsWindow)
    painted: list[float] = []

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(time.monotonic())
            return False

    watch = Watch()

    def wait_paint(deadline_s: float = 30.0) -> float:
        until = time.monotonic() + deadline_s
        while not painted:
            if time.monotonic() > until:
                raise SystemExit("the year view was never painted")
            QApplication.processEvents()
            time.sleep(0.001)
        # The filter runs just before the paint: one more pass lets the paint itself finish.
        QApplication.processEvents()
        return time.monotonic()

    fit_screen(window)
    window.show()
    until = time.monotonic() + 30
    while not window.windowHandle().isExposed() and time.monotonic() < until:
        QApplication.processEvents()
        time.sleep(0.001)
    asked = time.monotonic()
    window.tabs.setCurrentIndex(2)  # makes the Year tab's page and reads its year
    window.year_page.view.installEventFilter(watch)  # before the event loop paints it
    drawn = wait_paint()
    year = window.year_page.period_name
    painted.clear()
    before = time.monotonic()
    window.go(-1)
    window.year_page.view.update()
    previous = wait_paint() - before
    print(json.dumps({"drawn_at": drawn, "switch_s": drawn - asked, "previous_s": previous,
                      "year": year}), flush=True)
    window.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
