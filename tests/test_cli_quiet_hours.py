"""`nudge quiet-hours` (issue #20): the learned quiet hour from the terminal, on the real files
when the app is not running and through the real running app when it is. The history is real
TinyDB files holding six skipped nudges in one weekday hour of the last three weeks."""

from __future__ import annotations

import json
import signal
from datetime import datetime, time, timedelta
from pathlib import Path

import pexpect
import pytest
from test_app_terminal import start_app

from nudge.config.files import load_config
from nudge.core.events import Event, EventKind
from nudge.core.settings import WEEKDAYS
from nudge.state.quiet_hours import load_dismissed
from nudge.store import TinyDBEventStore, device_id


def skipped_hour(home: Path) -> str:
    """Six nudges, all skipped, at 10:xx on this weekday of the last three weeks: the key."""
    (home / "state").mkdir(parents=True, exist_ok=True)
    store = TinyDBEventStore(home / "data", device_id(home / "state"),
                             home / "state" / "store.lock")
    today = datetime.now().astimezone().date()
    for week in (1, 2, 3):
        for minutes in (5, 35):  # local 10:xx on that day, whatever its UTC offset
            when = datetime.combine(today - timedelta(days=7 * week),
                                    time(10, minutes)).astimezone()
            name = f"n{week}-{minutes}"
            store.append(Event(EventKind.OFFERED, when, nudge_id=name, exercise="glute_rise"))
            store.append(Event(EventKind.SKIPPED, when + timedelta(minutes=1), nudge_id=name))
    return f"{WEEKDAYS[today.weekday()]}-10"


def test_without_the_app_it_shows_the_hour_and_adding_it_writes_the_pause(run_cli, nudge_home):
    key = skipped_hour(nudge_home)
    shown = run_cli("quiet-hours", check_rc=0).stdout
    assert "10:00 are often skipped — pause them?" in shown
    assert f"nudge quiet-hours add {key}" in shown and f"dismiss {key}" in shown
    assert json.loads(run_cli("quiet-hours", "--json", check_rc=0).stdout) == {
        "running": False, "quiet_hour": {"key": key, "question": shown.splitlines()[0]}}

    added = run_cli("quiet-hours", "add", key, check_rc=0).stdout
    assert added.startswith("Added a pause: ") and "10:00-11:00" in added
    config = load_config(nudge_home / "config" / "config.toml").config
    pauses = config.settings.schedule.scheduled_pauses
    assert [(WEEKDAYS[p.weekday], p.hours.start.hour) for p in pauses] == [(key[:3], 10)]
    assert "No quiet hour to suggest" in run_cli("quiet-hours", check_rc=0).stdout


def test_without_the_app_dismissing_is_remembered_for_good(run_cli, nudge_home):
    key = skipped_hour(nudge_home)
    said = run_cli("quiet-hours", "dismiss", key, check_rc=0).stdout
    assert "won't ask about that hour again" in said
    assert load_dismissed(nudge_home / "state" / "quiet_hours.json") == {key}
    assert json.loads(run_cli("quiet-hours", "--json", check_rc=0).stdout)["quiet_hour"] is None


def test_adding_with_a_folder_where_the_config_belongs_names_it_and_the_fix(run_cli,
                                                                            nudge_home):
    config = nudge_home / "config" / "config.toml"
    config.unlink()
    config.mkdir()
    done = run_cli("quiet-hours", "add", "tue-14", check_rc=1)  # was "unexpected error"
    assert done.stderr.endswith(f"{config}: a folder is where nudge keeps a file. Fix: move "
                                "that folder away, then try again.\n")
    assert config.is_dir() and list(config.iterdir()) == []


@pytest.mark.parametrize("key", ["tue-24", "tuesday-14", "tue-9", "14"])
def test_a_key_that_names_no_hour_exits_2_and_shows_the_form(run_cli, nudge_home, key):
    done = run_cli("quiet-hours", "add", key, check_rc=2)
    assert "like tue-14" in done.stderr and done.stdout == ""
    assert not (nudge_home / "state" / "quiet_hours.json").exists()


def test_with_the_app_running_it_asks_the_app_and_the_app_stops_offering_it(run_cli,
                                                                            nudge_home):
    key = skipped_hour(nudge_home)
    app = start_app(nudge_home)
    try:
        listed = json.loads(run_cli("quiet-hours", "--json", check_rc=0).stdout)
        assert listed["running"] is True and listed["quiet_hour"]["key"] == key
        said = run_cli("quiet-hours", "dismiss", key, check_rc=0).stdout
        assert "won't ask about that hour again" in said
        status = json.loads(run_cli("status", "--json", check_rc=0).stdout)
        assert status["running"] is True and status["quiet_hour"] is None  # the app's own view
        assert "No quiet hour to suggest" in run_cli("quiet-hours", check_rc=0).stdout
        assert "quitting" in run_cli("quit", check_rc=0).stdout
        app.expect(pexpect.EOF)
    finally:
        if app.isalive():
            app.kill(signal.SIGKILL)
    assert load_dismissed(nudge_home / "state" / "quiet_hours.json") == {key}
