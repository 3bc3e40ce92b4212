"""Open the "How to do it" card as `nudge exercise show ID --window` would (sized to the screen),
save what it draws and its picture (a helper the tests run in a fresh process, so
QT_SCALE_FACTOR and the offscreen screen's size apply): `howto_shot.py ID OUT PICTURE_OUT
[THEN_ID]` with NUDGE_HOME set; THEN_ID: a second request switches the open card to it before
the picture is taken. Prints what the test checks as JSON."""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel

from nudge import i18n
from nudge.paths import resolve_paths
from nudge.windows.howto_window import HowToWindow
from nudge.windows.run import asked_again, fit_screen


class LabelWindows(QObject):
    """Counts labels shown as windows of their own (a label shown before it has a parent)."""

    def __init__(self) -> None:
        super().__init__()
        self.shown = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QLabel) \
                and watched.isWindow():
            self.shown += 1
        return False


def main() -> None:
    exercise_id, out, picture_out = sys.argv[1], sys.argv[2], sys.argv[3]
    i18n.install()  # LANGUAGE from the environment, as the CLI does
    app = QApplication([])
    label_windows = LabelWindows()
    app.installEventFilter(label_windows)
    window = HowToWindow(resolve_paths(), exercise_id)
    fit_screen(window)
    window.show()
    app.processEvents()
    if len(sys.argv) > 4:
        asked_again(window, sys.argv[4])
        app.processEvents()
    shot = window.grab()
    assert shot.save(out)
    pixmap = window.picture.pixmap() if window.picture is not None else None
    if pixmap is not None:
        assert pixmap.save(picture_out)
    screen = window.screen().availableGeometry()
    print(json.dumps({
        "ratio": shot.devicePixelRatio(), "shot": [shot.width(), shot.height()],
        "window": [window.width(), window.height()], "screen": [screen.width(), screen.height()],
        "frame_pt": window.frame_pt, "theme": window.theme(),
        "picture_ratio": pixmap.devicePixelRatio() if pixmap is not None else None,
        "picture": [pixmap.width(), pixmap.height()] if pixmap is not None else None,
        "picture_pt": [window.picture.width(), window.picture.height()]
        if window.picture is not None else None,
        "scroll_needed": window.scroller.verticalScrollBar().maximum() > 0,
        "title": window.windowTitle(), "label_windows_shown": label_windows.shown}))


if __name__ == "__main__":
    main()
