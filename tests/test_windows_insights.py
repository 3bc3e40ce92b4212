"""The Insights window's week view: every number is what `nudge summary --json` gives for the
same week, ← → (keys and buttons) browse from the first week with history to this week and no
further, and "Save picture…" writes the shown week's chart."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (the dev extra has it)")

from conftest import cli_env
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from bench.history_gen import generate_history, home_paths
from nudge.charts.weekly_png import render_weekly_png
from nudge.core.summary import IsoWeek
from nudge.windows.insights_window import InsightsWindow

from desktop import ARTIFACTS

WEEKS = 4


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("insights") / "home"
    generate_history(home, WEEKS, datetime.now().astimezone())
    return home


def cli_summary(home: Path, week: IsoWeek) -> dict:  # type: ignore[type-arg]
    done = subprocess.run([sys.executable, "-m", "nudge", "summary", "--json", "--week",
                           str(week)], env=cli_env(home), capture_output=True, text=True,
                          timeout=60, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_every_week_browsed_has_the_numbers_of_summary_json(home: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = InsightsWindow(home_paths(home))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # keys go to the active window
    this_week = window.week
    seen = [window.week]
    assert not window.next.isEnabled()

    for _ in range(WEEKS + 2):
        if not window.previous.isEnabled():
            break
        qtbot.keyClick(window, Qt.Key.Key_Left)
        seen.append(window.week)
    qtbot.keyClick(window, Qt.Key.Key_Left)  # the first week with history: no further

    assert len(seen) == WEEKS and window.week == seen[-1]
    assert [week.monday for week in seen] == sorted((w.monday for w in seen), reverse=True)
    for week in (seen[0], seen[1], seen[-1]):
        window.show_week(week)
        assert window.numbers == cli_summary(home, week)
    # Last week and the first week are whole weeks of history (this week may have none yet:
    # early on a Monday).
    for week in (seen[1], seen[-1]):
        window.show_week(week)
        assert window.numbers["totals"]["done"] > 0
    qtbot.mouseClick(window.this_week, Qt.MouseButton.LeftButton)
    assert window.week == this_week
    assert "Rises" in window.chart.accessibleDescription()


def test_save_picture_writes_the_shown_weeks_chart(home: Path, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = InsightsWindow(home_paths(home))
    qtbot.addWidget(window)
    window.go(-1)

    assert window.save_picture(tmp_path / "week")
    assert (tmp_path / "week.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert str(window.week) in window.status.text()
    assert not window.save_picture(tmp_path / "no such folder" / "week.png")
    assert window.status.text().startswith("Could not save the picture")


def test_the_chart_on_screen_is_the_png_of_summary_png_pixel_for_pixel(home: Path, tmp_path: Path,
                                                                       qtbot) -> None:  # type: ignore[no-untyped-def]
    """The window draws the chart without writing a PNG (#22); it is the same picture."""
    window = InsightsWindow(home_paths(home))
    qtbot.addWidget(window)
    window.go(-1)  # a whole week of history
    assert window.summary is not None
    scale = round(window.picture.devicePixelRatio())
    render_weekly_png(window.summary, tmp_path / "week.png", scale=scale)

    shown = window.picture.toImage().convertToFormat(QImage.Format.Format_RGB32)
    saved = QImage(str(tmp_path / "week.png")).convertToFormat(QImage.Format.Format_RGB32)
    assert not saved.isNull() and shown.size() == saved.size()
    assert shown == saved


def test_month_and_year_tabs_browse_with_the_keys(home: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = InsightsWindow(home_paths(home))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert not window._pages  # opening makes (and reads) neither the month nor the year

    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert window.page() is window.month_page
    month = window.month_page
    this_month = month.title.text()
    assert this_month == window.today.strftime("%B %Y") and not month.next.isEnabled()
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_Left)
    assert month.index == month.lowest  # four weeks of history: one or two months back at most
    assert not month.previous.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_End)
    assert month.title.text() == this_month
    assert month.insights is not None and month.insights.days[-1].date == window.today
    assert "days goal met" in month.view.accessibleDescription()

    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    year = window.year_page
    assert window.page() is year and year.insights is not None
    assert not year.previous.isEnabled() or year.index > year.lowest
    last_full = IsoWeek.containing(window.today).previous()
    shown = {w.week: w for w in year.insights.weeks}
    if last_full in shown:  # early January: last week belongs to the year before
        found, numbers = shown[last_full].totals, cli_summary(home, last_full)["totals"]
        assert (found.rises, found.reps, found.nudges_done, found.nudges_offered) == (
            numbers["rises"], numbers["reps"], numbers["nudges_done"], numbers["nudges_offered"])
        assert found.rises > 0
        # the lines end at last week: this one, just begun, would read as a fall to zero
        assert year.insights.trend_weeks[-1].week == last_full
        assert year.insights.weeks[-1].week == IsoWeek.containing(window.today)
    assert "nudges done" in year.view.accessibleDescription()
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert window.page() is None


@pytest.mark.parametrize("scale", ["1", "2"])
@pytest.mark.parametrize("tab,name", [(1, "month"), (2, "year")])
def test_month_and_year_screenshots(home: Path, scale: str, tab: int, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / f"insights-{name}-{int(scale) * 100}.png"
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("insights_shot.py")),
                           str(home), str(tab), str(out)],
                          env={**cli_env(home), "QT_QPA_PLATFORM": "offscreen",
                               "QT_SCALE_FACTOR": scale,
                               "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.split()[0] == f"{float(scale)}"  # drawn at the screen's own pixel ratio
