"""A first start outside work hours, as a new user meets it: the real app in terminal mode on a
pty says when nudges start and how to change the hours, says once that without an idle source
every minute counts as seated, and applies an edit of the config file within seconds, with
nothing else waking it."""

from __future__ import annotations

import json
import os
import signal
import sys
from datetime import date, timedelta
from pathlib import Path

import pexpect
from conftest import cli_env

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CONFIG = """
[schedule]
rise_every = "20m"

[schedule.work_hours]
{hours}
"""


def config(hours: dict[str, str]) -> str:
    return CONFIG.format(hours="\n".join(f'{day} = "{hours.get(day, "off")}"' for day in DAYS))


def headless_env(home: Path) -> dict[str, str]:
    """A terminal with no desktop: no display and no session bus, so no idle source."""
    env = cli_env(home)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return env


def test_outside_work_hours_the_start_is_announced_and_a_config_edit_applies_in_seconds(
        tmp_path: Path):
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    config_file = home / "config" / "config.toml"
    tomorrow = date.today() + timedelta(days=1)
    config_file.write_text(config({DAYS[tomorrow.weekday()]: "10:00-11:00"}))
    env = headless_env(home)

    def cli(*args: str) -> str:
        import subprocess

        done = subprocess.run([sys.executable, "-m", "nudge", *args], env=env,
                              capture_output=True, text=True, timeout=30)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        return done.stdout

    app = pexpect.spawn(sys.executable, ["-m", "nudge", "run", "--ui", "terminal"], env=env,
                        encoding="utf-8", timeout=20, dimensions=(40, 200))
    try:
        app.expect("No idle source here: every minute [a-z ]+ counts as seated; press r")
        line = "Outside work hours · next nudges tomorrow from 10:00"
        app.expect_exact(line)
        app.expect_exact(f"Change the work hours under [schedule.work_hours] in {config_file}")

        text = cli("status")
        assert line in text and "[schedule.work_hours]" in text and str(config_file) in text
        data = json.loads(cli("status", "--json"))
        assert data["phase"] == "off_hours" and data["line"] == line
        assert data["next_work_start"].startswith(f"{tomorrow.isoformat()}T10:00:00")

        # Saved as editors do (a new file renamed over the old). Nothing else happens now:
        # no command, no nudge, no calendar boundary; only the file watch can wake the app.
        new = config_file.with_name("config.toml.swp")
        new.write_text(config(dict.fromkeys(DAYS, "00:00-24:00")))
        os.replace(new, config_file)
        app.expect("Seated [^·]+ · next rise in", timeout=6)

        data = json.loads(cli("status", "--json"))
        assert data["phase"] != "off_hours" and data["next_work_start"] is None
        assert "quitting" in cli("quit")
        app.expect(pexpect.EOF)
    finally:
        if app.isalive():
            app.kill(signal.SIGKILL)
