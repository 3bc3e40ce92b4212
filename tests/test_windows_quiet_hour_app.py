"""The learned quiet hour (#20) in the Insights window while nudge runs: the window shows the
hour the running app offers, a click is carried out by the app over the control channel, and
the app stops offering the hour at once, without a restart. A real `nudge run --ui terminal`
process on real TinyDB files; the window in this process (pytest-qt, off screen, GUI thread)
on the same NUDGE_HOME."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pexpect
import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (the dev extra has it)")

from conftest import RunCli
from PySide6.QtCore import Qt
from test_app_terminal import start_app
from test_cli_quiet_hours import skipped_hour
from test_windows_quiet_hour import window_for

from bench.history_gen import home_paths
from nudge.config.files import load_config
from nudge.core.settings import WEEKDAYS
from nudge.state.quiet_hours import dismiss, load_dismissed
from nudge.windows.quiet_offer import Offer


@pytest.mark.parametrize("button", ["dismiss", "add"])
def test_with_nudge_running_the_window_shows_the_apps_offer_and_the_app_answers_the_click(
        nudge_home: Path, run_cli: RunCli, qtbot, monkeypatch, button: str) -> None:  # type: ignore[no-untyped-def]
    paths = home_paths(nudge_home)
    key = skipped_hour(nudge_home)
    app = start_app(nudge_home)
    try:
        offered = json.loads(run_cli("status", "--json", check_rc=0).stdout)["quiet_hour"]
        assert offered is not None and offered["key"] == key
        # Behind the app's back: the files now suggest nothing (a dismissed hour is never
        # offered), while the app keeps the offer it learned at its start. So the window can
        # show the hour, and have it gone from the app's status, only through the app.
        dismiss(paths.quiet_hours_file, key)

        offer = window_for(nudge_home, qtbot, monkeypatch).quiet
        assert offer.isVisible() and offer.offer == Offer(key, offered["question"])
        assert offer.question.text() == offered["question"]

        qtbot.mouseClick(offer.add if button == "add" else offer.dismiss,
                         Qt.MouseButton.LeftButton)

        if button == "add":
            assert offer.question.text().startswith("Added a pause: ")
            assert offer.question.text().endswith("10:00-11:00.")
        else:
            assert offer.question.text() == "Got it: nudge won't ask about that hour again."
        assert offer.offer is None
        assert not offer.add.isVisible() and not offer.dismiss.isVisible()
        status = json.loads(run_cli("status", "--json", check_rc=0).stdout)
        assert status["running"] is True and status["quiet_hour"] is None  # the app's own view
        assert "quitting" in run_cli("quit", check_rc=0).stdout
        app.expect(pexpect.EOF)
    finally:
        if app.isalive():
            app.kill(signal.SIGKILL)
    assert load_dismissed(paths.quiet_hours_file) == {key}
    pauses = load_config(paths.config_file).config.settings.schedule.scheduled_pauses
    expected = [(key[:3], 10)] if button == "add" else []
    assert [(WEEKDAYS[p.weekday], p.hours.start.hour) for p in pauses] == expected
