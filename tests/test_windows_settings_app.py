"""Settings' Save while nudge runs: the window tells the app to read the file (`ReloadConfig`
over the control channel), so the change applies at once on every platform, also where the
app's file watch only polls every 2 s (Windows, macOS). A real `nudge run --ui terminal` on the
same NUDGE_HOME, with its file watch switched off so it cannot see the save by itself; the window
in this process (pytest-qt, off screen, GUI thread)."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

import pexpect
import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (the dev extra has it)")

from configs import ALL_DAY
from conftest import RunCli, cli_env
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from nudge.paths import resolve_paths
from nudge.windows.settings_window import SettingsWindow
from nudge.windows.welcome_window import WelcomeWindow

# An hour between nudges, all day: the app sleeps between rare ticks, as it does all day.
CONFIG = """\
[schedule]
rise_every = "1h"  # mine
hip_flexor_every = "5h"

""" + ALL_DAY
# `nudge run`, with the file watch that would see the save by itself never started.
NO_WATCH = ("import sys\n"
            "from nudge.app.file_watch import FileWatch\n"
            "FileWatch.start = lambda self: None\n"
            "from nudge.cli.main import main\n"
            "sys.exit(main())\n")


def start_unwatching_app(home: Path) -> pexpect.spawn:
    child = pexpect.spawn(sys.executable, ["-c", NO_WATCH, "run", "--ui", "terminal"],
                          env=cli_env(home), encoding="utf-8", timeout=20,
                          dimensions=(40, 120))
    child.expect("press \\? for keys")
    return child


def status(run_cli: RunCli) -> dict:  # type: ignore[type-arg]
    return json.loads(run_cli("status", "--json", check_rc=0).stdout)  # type: ignore[no-any-return]


def test_save_makes_the_running_app_use_the_new_settings_at_once(
        nudge_home: Path, run_cli: RunCli, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    (nudge_home / "config" / "config.toml").write_text(CONFIG)
    app = start_unwatching_app(nudge_home)
    try:
        before = status(run_cli)
        assert before["running"] is True and 0 <= before["next_in_minutes"] <= 60
        monkeypatch.setenv("NUDGE_HOME", str(nudge_home))
        window = SettingsWindow(resolve_paths())
        qtbot.addWidget(window)
        window.show()
        field = window.findChild(QLineEdit, "schedule.rise_every")
        field.clear()
        qtbot.keyClicks(field, "3h")
        save = next(b for b in window.findChildren(QPushButton) if b.text() == "Save")

        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

        # The app's answer to the save itself already says what it does now: no wait.
        assert window.app_reply is not None and window.app_reply.ok, window.app_reply
        assert window.app_reply.data["next_in_minutes"] > 120
        assert window.status.text() == "Saved. nudge is using them now."
        assert 'rise_every = "3h"  # mine' in window.config_text()
        assert status(run_cli)["next_in_minutes"] > 120
        window.blocker_notes.stop()
        assert "quitting" in run_cli("quit", check_rc=0).stdout
        app.expect(pexpect.EOF)
    finally:
        if app.isalive():
            app.kill(signal.SIGKILL)
    log = (nudge_home / "logs" / "nudge.log").read_text()
    assert "settings reloaded" in log and "config watch:" not in log  # no watch saw it


def test_the_welcome_makes_the_running_app_use_its_answers_at_once(
        nudge_home: Path, run_cli: RunCli, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The first start: the app runs on its defaults while the welcome asks; Start nudging
    writes the config and tells the app, whose file watch is off here."""
    app = start_unwatching_app(nudge_home)
    try:
        assert status(run_cli)["next_in_minutes"] < 5  # the test config's 3 s rises
        monkeypatch.setenv("NUDGE_HOME", str(nudge_home))
        monkeypatch.setenv("XDG_CONFIG_HOME", str(nudge_home / "xdg-config"))  # its login entry
        window = WelcomeWindow(resolve_paths())
        qtbot.addWidget(window)
        window.show()
        window.work_hours.setText("00:00-24:00")
        window.rise_every.setText("3h")

        window.finish()

        assert window.app_reply is not None and window.app_reply.ok, window.app_reply
        # 3 h between rises now: next is the hip-flexor break the test config has hourly
        assert window.app_reply.data["next_in_minutes"] >= 55
        assert "settings reloaded" in (nudge_home / "logs" / "nudge.log").read_text()
        assert "quitting" in run_cli("quit", check_rc=0).stdout
        app.expect(pexpect.EOF)
    finally:
        if app.isalive():
            app.kill(signal.SIGKILL)
