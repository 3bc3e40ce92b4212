"""Run the Settings window as `nudge settings [SECTION]` does (`run_window`), and once it is painted
print where its controls are: one JSON line, {"size": [w, h], name: [x, y], ...}, each control's
centre in window coordinates, by its accessible name (or a button's text). A helper the Xvfb
tests run, so a real mouse (xdotool) can click a control wherever the layout put it.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractButton, QWidget

from nudge.paths import Paths, resolve_paths
from nudge.windows import run


class TellWhere(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.told = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.told:
            self.told = True
            print(json.dumps(places(self.window)), flush=True)
        return False


def places(window: QWidget) -> dict[str, list[int]]:
    out = {"size": [window.width(), window.height()]}
    for widget in window.findChildren(QWidget):
        name = widget.accessibleName() or (
            widget.text() if isinstance(widget, QAbstractButton) else "")
        if name and widget.isVisible():
            centre = widget.mapTo(window, widget.rect().center())
            out[name] = [centre.x(), centre.y()]
    return out


_build = run.build_window


def build(name: str, paths: Paths, section: str | None = None) -> QWidget:
    window = _build(name, paths, section)
    window.installEventFilter(TellWhere(window))
    return window


if __name__ == "__main__":
    run.build_window = build
    sys.exit(run.run_window("settings", resolve_paths(), sys.argv[1] if sys.argv[1:] else None))
