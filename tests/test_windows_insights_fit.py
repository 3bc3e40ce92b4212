"""The Insights window on a small screen (1280x800 at 200 % is 640x400 points, where
`fit_screen` makes the window 608x360): the week's chart is fitted to the room its label
really gets, never cut, and no tab grows the window past that size or hides its Close button.
The same on a real X screen at QT_SCALE_FACTOR=2, with screenshots, is in
tests/test_windows_desktop.py."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (the dev extra has it)")

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QApplication, QPushButton

from bench.history_gen import generate_history, home_paths
from nudge.windows.insights_window import InsightsWindow

SMALL = QSize(608, 360)  # fit_screen's window on a 640x400-point screen


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("fit") / "home"
    generate_history(home, 3, datetime.now().astimezone())
    return home


def small_window(home: Path, qtbot) -> InsightsWindow:  # type: ignore[no-untyped-def]
    """Made, shrunk and shown in the order `nudge insights` does it (`run_window`)."""
    window = InsightsWindow(home_paths(home))
    qtbot.addWidget(window)
    window.resize(SMALL)
    window.show()
    qtbot.waitExposed(window)
    return window


def chart_fitted(window: InsightsWindow) -> bool:
    """The shown picture is within the label's room, and as big as that room lets it be."""
    shown = window.chart.pixmap().deviceIndependentSize()
    room = window.chart.contentsRect().size()
    return (shown.width() <= room.width() and shown.height() <= room.height()
            and max(shown.width() / room.width(), shown.height() / room.height()) > 0.99)


def test_the_week_chart_fits_the_room_its_label_gets_in_a_window_shrunk_to_the_screen(
        home: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The chart was fitted on the window's resize, before the layout gave the label its
    final size: a 640x416 picture in a 586x256 label, its title, last rows and Streak cut."""
    window = small_window(home, qtbot)
    qtbot.waitUntil(lambda: chart_fitted(window), timeout=3000)
    label = QRect(window.chart.mapTo(window, QPoint(0, 0)), window.chart.size())
    assert window.rect().contains(label)  # the label itself is whole in the window

    window.forgiven.setText("A forgiven day, said in words, takes a line from the chart.")
    window.forgiven.show()  # the label shrinks without the window's resizing
    qtbot.waitUntil(lambda: chart_fitted(window), timeout=3000)


@pytest.mark.parametrize("tab", [0, 1, 2])
def test_no_tab_grows_the_window_off_a_small_screen_nor_hides_its_buttons(
        home: Path, qtbot, tab: int) -> None:  # type: ignore[no-untyped-def]
    """The Year view's 560x360 minimum grew the window to 608x468 points (1216x936 pixels on
    an 800-pixel screen at 200 %), Close and Save picture off the screen: its drawing now
    scrolls under the title instead."""
    window = small_window(home, qtbot)
    window.tabs.setCurrentIndex(tab)
    for _round in range(3):  # the layout's requests, posted by the tab's showing
        QApplication.processEvents()
    assert window.size() == SMALL
    buttons = {b.text(): b for b in window.findChildren(QPushButton) if b.isVisible()}
    assert {"Close", "Save picture…"} <= set(buttons)
    for words, button in buttons.items():
        place = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        assert window.rect().contains(place), (words, place)
    page = window.page()
    if page is not None:  # the drawing keeps its size; the part below is a scroll away
        assert page.view.height() >= page.view.minimumHeight()
        assert page.view.width() >= page.view.minimumWidth()


FIT_AT_SCALE = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from bench.history_gen import home_paths
from nudge.windows.insights_window import InsightsWindow
app = QApplication([])
window = InsightsWindow(home_paths(Path(sys.argv[1])))
window.resize(int(sys.argv[2]), int(sys.argv[3]))
window.show()
for _ in range(20):
    app.processEvents()
shown = window.chart.pixmap().deviceIndependentSize()
room = window.chart.contentsRect().size()
print(json.dumps({"ratio": window.devicePixelRatioF(), "shown": [shown.width(), shown.height()],
                  "room": [room.width(), room.height()]}))
"""


@pytest.mark.parametrize("scale", ["1.25", "1.5", "1.75"])
def test_at_fractional_scales_the_chart_is_never_a_fraction_bigger_than_its_label(
        home: Path, scale: str) -> None:
    """At 150 % the room in device pixels was rounded up: a 375.33-point picture in a
    375-point label, its last pixel row cut."""
    import json
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": scale,
           "PYTHONPATH": str(root)}
    for width, height in ((608, 360), (701, 433), (827, 611)):
        done = subprocess.run([sys.executable, "-c", FIT_AT_SCALE, str(home), str(width),
                               str(height)], env=env, capture_output=True, text=True,
                              timeout=60, check=True)
        seen = json.loads(done.stdout.strip().splitlines()[-1])
        assert seen["ratio"] == float(scale)
        assert seen["shown"][0] <= seen["room"][0] and seen["shown"][1] <= seen["room"][1], seen
