"""Open the Settings window on a home, show one tab and save what it draws (a helper the tests
run in a fresh process, so QT_SCALE_FACTOR applies): `settings_shot.py TAB OUT` with NUDGE_HOME
set."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from nudge.paths import resolve_paths
from nudge.windows.settings_window import SettingsWindow


def main() -> None:
    tab, out = int(sys.argv[1]), sys.argv[2]
    app = QApplication([])
    window = SettingsWindow(resolve_paths())
    window.tabs.setCurrentIndex(tab)
    window.show()
    app.processEvents()
    picture = window.grab()
    print(picture.devicePixelRatio(), picture.width(), picture.height())
    assert picture.save(out)
    window.blocker_notes.stop()  # the doctor probe it started must not outlive the window


if __name__ == "__main__":
    main()
