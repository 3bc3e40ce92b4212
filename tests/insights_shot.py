"""Open the Insights window on a history, show one tab and save what it draws (a helper the
tests run in a fresh process, so QT_SCALE_FACTOR applies): `insights_shot.py HOME TAB OUT
[YYYY-MM]` (the month to show on the Month tab; this month without it)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from bench.history_gen import home_paths
from nudge.windows.insights_window import InsightsWindow


def main() -> None:
    home, tab, out = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    app = QApplication([])
    window = InsightsWindow(home_paths(home))
    window.tabs.setCurrentIndex(tab)
    if len(sys.argv) > 4:
        year, month = map(int, sys.argv[4].split("-"))
        window.month_page.show_period(year * 12 + month - 1)
    window.show()
    until = time.monotonic() + 30  # the quiet-hour offer comes once the window is painted
    while not window.quiet.looked_up and time.monotonic() < until:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()
    picture = window.grab()
    print(picture.devicePixelRatio(), picture.width(), picture.height())
    assert picture.save(out)


if __name__ == "__main__":
    main()
