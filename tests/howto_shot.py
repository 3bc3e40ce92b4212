"""Open the "How to do it" card as `nudge exercise show ID --window` would (sized to the screen),
save what it draws and its picture (a helper the tests run in a fresh process, so
QT_SCALE_FACTOR and the offscreen screen's size apply): `howto_shot.py ID OUT PICTURE_OUT`
with NUDGE_HOME set. Prints what the test checks as JSON."""

from __future__ import annotations

import json
import sys

from PySide6.QtWidgets import QApplication

from nudge import i18n
from nudge.paths import resolve_paths
from nudge.windows.howto_window import HowToWindow
from nudge.windows.run import fit_screen


def main() -> None:
    exercise_id, out, picture_out = sys.argv[1], sys.argv[2], sys.argv[3]
    i18n.install()  # LANGUAGE from the environment, as the CLI does
    app = QApplication([])
    window = HowToWindow(resolve_paths(), exercise_id)
    fit_screen(window)
    window.show()
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
        "title": window.windowTitle()}))


if __name__ == "__main__":
    main()
