"""`nudge settings --section hours` (the tray's "Change work hours…") opens the settings window
on the work hours with Monday's hours in the keyboard; a second request while it is open raises
it AND switches to the section it asks for, over the real lock and local socket (`OneWindow`)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (the dev extra has it)")

from nudge.paths import Paths, resolve_paths
from nudge.tray.menu import UiAction, build_menu
from nudge.windows.run import OneWindow, asked_again, go_to_section
from nudge.windows.settings_window import SettingsWindow


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    monkeypatch.setenv("NUDGE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    found = resolve_paths()
    found.config_dir.mkdir(parents=True)
    found.config_file.write_text('[schedule.work_hours]\nmon = "off"\ntue = "09:00-17:00"\n')
    return found


def hours_tab(window: SettingsWindow) -> int:
    return next(i for i in range(window.tabs.count()) if "hours" in window.tabs.tabText(i))


def test_opening_on_the_hours_shows_them_with_the_first_working_days_field_focused(
        paths: Paths, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = SettingsWindow(paths)
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.currentIndex() != hours_tab(window)

    go_to_section(window, "hours")

    assert window.tabs.currentIndex() == hours_tab(window)
    # Monday is off (its field is greyed): the keyboard goes to Tuesday's hours
    assert window.focusWidget() is window.work_hours.hours["tue"]


def test_a_second_request_over_the_socket_raises_and_switches_the_open_window(
        paths: Paths, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = SettingsWindow(paths)
    qtbot.addWidget(window)
    first = OneWindow(paths.state_dir, "settings")
    assert first.claim()
    try:
        first.listen(lambda section: asked_again(window, section))
        window.show()
        second = OneWindow(paths.state_dir, "settings")
        assert not second.claim()  # the lock is held: this request only asks the open one

        assert second.ask_to_raise("hours")
        qtbot.waitUntil(lambda: window.tabs.currentIndex() == hours_tab(window), timeout=5000)
        assert window.focusWidget() is window.work_hours.hours["tue"]

        window.tabs.setCurrentIndex(0)
        assert second.ask_to_raise(None)  # plain `nudge settings`: raised, the tab kept
        qtbot.wait(200)  # nothing to wait for: a switch would be the bug
        assert window.tabs.currentIndex() == 0 and window.isVisible()
    finally:
        first.release()


def test_the_trays_change_work_hours_starts_settings_on_the_hours(tmp_path: Path,
                                                                  monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from test_tray_ui import FakeAutostart, FakeBackend

    import nudge.tray.ui as tray_module
    from nudge.core.status import Phase, Status

    monkeypatch.setenv("NUDGE_HOME", str(tmp_path / "home"))
    asked: list[tuple[str, ...]] = []
    opened = threading.Event()

    def open_window(name: str, *options: str) -> tuple[int, str]:
        asked.append((name, *options))
        opened.set()
        return 0, ""

    monkeypatch.setattr(tray_module, "open_window", open_window)
    off = Status(Phase.OFF_HOURS, 0, None, None, 0.0,
                 next_work_start=datetime(2026, 11, 30, 8, 0, tzinfo=UTC))
    item = next(i for i in build_menu(off, False) if i.label == "Change work hours…")
    assert item.action is UiAction.WORK_HOURS
    ui = tray_module.TrayUI(FakeBackend(), lambda _c: None, resolve_paths(), FakeAutostart(),
                            notify_plain=lambda _m: None)
    ui._on_item(item)
    assert opened.wait(10)
    assert asked == [("settings", "--section", "hours")]
