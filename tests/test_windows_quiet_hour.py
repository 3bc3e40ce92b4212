"""The learned quiet hour (#20) in the Insights window: offered with the tray's two buttons from
a real TinyDB history; with nudge not running a click is done on the files (config.toml gets the
pause, or the dismissal is remembered) and the offer is gone, there and in the next window."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (the dev extra has it)")

from conftest import cli_env
from PySide6.QtCore import Qt

from bench.history_gen import DEVICE, prepare_home
from nudge.config import load_config
from nudge.core.events import Event, EventKind
from nudge.state.quiet_hours import load_dismissed
from nudge.store import TinyDBEventStore
from nudge.windows.insights_window import InsightsWindow

from desktop import ARTIFACTS


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """Three weeks of the same weekday at 14:00: two nudges each, all six skipped."""
    home = tmp_path / "home"
    paths = prepare_home(home)
    store = TinyDBEventStore(paths.data_dir, DEVICE, paths.store_lock)
    now = datetime.now().astimezone()
    for weeks in (1, 2, 3):
        day = (now - timedelta(weeks=weeks)).replace(hour=14, second=0, microsecond=0)
        for minute in (5, 35):
            at = day.replace(minute=minute)
            nudge_id = f"q{weeks}{minute}"
            store.append(Event(EventKind.OFFERED, at, nudge_id=nudge_id, exercise="chair_rise"))
            store.append(Event(EventKind.SKIPPED, at + timedelta(minutes=1), nudge_id=nudge_id,
                               exercise="chair_rise"))
    return home


def window_for(home: Path, qtbot, monkeypatch: pytest.MonkeyPatch) -> InsightsWindow:  # type: ignore[no-untyped-def]
    from bench.history_gen import home_paths

    window = InsightsWindow(home_paths(home))
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.parametrize("button", ["add", "dismiss"])
def test_a_click_on_the_files_answers_the_offer_for_good(home: Path, qtbot, button: str,
                                                         monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bench.history_gen import home_paths

    paths = home_paths(home)
    window = window_for(home, qtbot, monkeypatch)
    offer = window.quiet
    weekday = (datetime.now().astimezone() - timedelta(weeks=1)).strftime("%A")
    assert offer.isVisible() and offer.offer is not None
    assert offer.question.text() == f"{weekday}s 14:00 are often skipped — pause them?"

    qtbot.mouseClick(offer.add if button == "add" else offer.dismiss, Qt.MouseButton.LeftButton)

    assert not offer.add.isVisible() and not offer.dismiss.isVisible()
    key = offer.offer or (weekday[:3].lower() + "-14")
    if button == "add":
        assert offer.question.text() == f"Added a pause: {weekday}s 14:00-15:00."
        pauses = load_config(paths.config_file).config.settings.schedule.scheduled_pauses
        assert [(p.weekday, p.hours.start.hour) for p in pauses] == [
            ((datetime.now().astimezone() - timedelta(weeks=1)).weekday(), 14)]
    else:
        assert key in load_dismissed(paths.quiet_hours_file)
    assert not window_for(home, qtbot, monkeypatch).quiet.isVisible()  # never asked again


def test_quiet_hour_screenshots(home: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for scale in ("1", "2"):
        out = ARTIFACTS / f"insights-quiet-hour-{int(scale) * 100}.png"
        done = subprocess.run([sys.executable,
                               str(Path(__file__).with_name("insights_shot.py")),
                               str(home), "0", str(out)],
                              env={**cli_env(home), "QT_QPA_PLATFORM": "offscreen",
                                   "QT_SCALE_FACTOR": scale,
                                   "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
