"""The learned quiet hour (#20) in the Insights window: offered with the tray's two buttons from
a real TinyDB history; with nudge not running a click is done on the files (config.toml gets the
pause, or the dismissal is remembered) and the offer is gone, there and in the next window."""

from __future__ import annotations

import subprocess
import sys
import threading
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
    # The offer is looked up once the window is painted, beside it (#22): wait for the answer.
    qtbot.waitUntil(lambda: window.quiet.looked_up, timeout=30_000)
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


def test_the_window_is_on_screen_and_answers_keys_while_the_offer_is_looked_up(
        home: Path, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue #22: with nudge not running, the lookup is a second nudge process (`nudge
    quiet-hours --json`, about 0.2 s); the window opens without it and the offer comes after."""
    from nudge.windows import quiet_offer

    gate = threading.Event()
    asked_on: list[threading.Thread] = []
    real_lookup = quiet_offer.find_offer

    def held_lookup(paths, child=None):  # type: ignore[no-untyped-def]
        asked_on.append(threading.current_thread())
        assert gate.wait(10), "the test never let the lookup go on"
        return real_lookup(paths, child)

    monkeypatch.setattr(quiet_offer, "find_offer", held_lookup)
    try:
        _open_while_held(home, qtbot, gate, asked_on)
    finally:
        gate.set()  # a failure above must not leave the lookup thread waiting


def _open_while_held(home: Path, qtbot, gate: threading.Event,  # type: ignore[no-untyped-def]
                     asked_on: list[threading.Thread]) -> None:
    from bench.history_gen import home_paths

    window = InsightsWindow(home_paths(home))
    qtbot.addWidget(window)
    assert not asked_on  # opening the window does not ask
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: bool(asked_on) and window.isActiveWindow())  # asked once painted
    assert asked_on[0] is not threading.main_thread()
    this_week = window.week
    qtbot.keyClick(window, Qt.Key.Key_Left)  # the window answers while the lookup waits
    assert window.week != this_week and not window.quiet.looked_up
    assert not window.quiet.isVisible()

    gate.set()
    qtbot.waitUntil(lambda: window.quiet.looked_up, timeout=30_000)
    weekday = (datetime.now().astimezone() - timedelta(weeks=1)).strftime("%A")
    assert window.quiet.isVisible()
    assert window.quiet.question.text() == f"{weekday}s 14:00 are often skipped — pause them?"
    assert len(asked_on) == 1


def test_closing_the_window_ends_the_lookup_and_its_nudge_process(
        home: Path, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The lookup's `nudge quiet-hours` (here one that would take a minute) and its thread do
    not outlive a closed window."""
    from bench.history_gen import home_paths
    from nudge.windows import quiet_offer

    def slow_cli() -> list[str]:
        return [sys.executable, "-c", "import time; time.sleep(60)"]

    monkeypatch.setattr(quiet_offer, "nudge_command", slow_cli)
    window = InsightsWindow(home_paths(home))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.quiet._child._process is not None, timeout=10_000)
    process = window.quiet._child._process

    window.close()

    assert process.poll() is not None  # killed, not left to sleep its minute
    assert not any(t.name == "nudge-quiet-offer" for t in threading.enumerate())
    assert not window.quiet.looked_up and not window.quiet.isVisible()


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
