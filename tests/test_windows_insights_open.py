"""Opening the Insights window does only what its Week tab needs (issue #22: it opens in under
a second with years of history): the Month and Year tabs' code is imported and their history
read only when one is first shown, and the week reads its own days, the week before and the
streak's look-back, not the years around them. Timings are bench/'s (`python -m bench
windows`); these pin what the opening does, in a fresh process as `nudge insights` runs."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (the dev extra has it)")

from conftest import cli_env

from bench.history_gen import generate_history
from nudge.core.summary import IsoWeek
from nudge.store.history import STREAK_LOOKBACK_DAYS

RANGE_MODULES = {"nudge.windows.insights_pages", "nudge.windows.insights_views",
                 "nudge.windows.insights_year", "nudge.windows.insights_trends"}


def test_the_week_tab_opens_without_the_month_and_year_tabs_code_or_history(
        tmp_path: Path) -> None:
    home = tmp_path / "home"
    generate_history(home, 40, datetime.now().astimezone())  # history well before the look-back
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("insights_open.py"))],
                          env={**cli_env(home), "QT_QPA_PLATFORM": "offscreen"},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    opened, year = seen["opened"], seen["year"]

    assert opened["painted"]
    assert RANGE_MODULES.isdisjoint(opened["modules"])
    week = IsoWeek.containing(date.fromisoformat(opened["today"]))
    earliest = min(week.previous().monday, week.monday - timedelta(days=STREAK_LOOKBACK_DAYS))
    assert opened["read"], "the week's own summary was read"
    for first, last in opened["read"]:
        assert earliest <= date.fromisoformat(first) and date.fromisoformat(last) <= week.sunday
    # Shown, the Year tab brings its code and reads its year.
    assert set(year["modules"]) >= RANGE_MODULES
    assert year["read"]
