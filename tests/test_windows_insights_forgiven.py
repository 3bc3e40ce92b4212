"""Forgiven days (#20) in the Insights window, from a real TinyDB history written with the
project's store: the month calendar marks exactly the days `nudge summary --json` calls forgiven
for their week (also across a month's end), with a legend entry and a tooltip, and the week view
says it in words. Screenshots of the month at 100 % and 200 % go to artifacts/."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (the dev extra has it)")

from conftest import cli_env
from PySide6.QtCore import QPointF

from bench.history_gen import DEVICE, home_paths, prepare_home
from nudge.core.events import Event, EventKind, Source
from nudge.core.summary import IsoWeek
from nudge.store import TinyDBEventStore
from nudge.windows.insights_window import InsightsWindow

from desktop import ARTIFACTS

MARCH = date(2025, 3, 3)  # a Monday; workdays are Monday to Friday, the goal 2 rises
ZONE = datetime.now().astimezone().tzinfo
MISSED = {date(2025, 3, 12), date(2025, 3, 31), date(2025, 4, 7), date(2025, 4, 8)}
ONE_RISE = {date(2025, 3, 25)}  # short of the goal: a miss too
FORGIVEN = {date(2025, 3, 12), date(2025, 3, 25), date(2025, 3, 31)}  # Apr 7+8: two break it


def rise(day: date, hour: int) -> Event:
    return Event(EventKind.DONE, datetime(day.year, day.month, day.day, hour, tzinfo=ZONE),
                 exercise="chair_rise", reps=8, source=Source.MANUAL)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("forgiven") / "home"
    paths = prepare_home(home, config="[goals]\ndaily_rises = 2\n")
    store = TinyDBEventStore(paths.data_dir, DEVICE, paths.store_lock)
    day = MARCH
    while day <= date(2025, 4, 18):
        if day.weekday() < 5 and day not in MISSED:
            for hour in (10, 15)[: 1 if day in ONE_RISE else 2]:
                store.append(rise(day, hour))
        day += timedelta(days=1)
    return home


def cli_forgiven(home: Path, week: IsoWeek) -> set[date]:
    done = subprocess.run([sys.executable, "-m", "nudge", "summary", "--json", "--week",
                           str(week)], env=cli_env(home), capture_output=True, text=True,
                          timeout=60, check=True)
    days = json.loads(done.stdout)["days"]
    return {date.fromisoformat(d["date"]) for d in days if d["forgiven"]}


def show_month(window: InsightsWindow, year: int, month: int) -> None:
    window.tabs.setCurrentIndex(1)
    window.month_page.show_period(year * 12 + month - 1)


def test_the_months_forgiven_days_are_summary_jsons_for_each_week(home: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = InsightsWindow(home_paths(home))
    qtbot.addWidget(window)
    by_cli: set[date] = set()
    for monday in (MARCH + timedelta(weeks=n) for n in range(7)):
        by_cli |= cli_forgiven(home, IsoWeek.containing(monday))
    assert by_cli == FORGIVEN  # the history is what the test says it is

    show_month(window, 2025, 3)
    march = window.month_page.insights
    assert march is not None and march.forgiven == {d for d in by_cli if d.month == 3}
    assert "3 forgiven (the streak goes on)" in window.month_page.view.accessibleDescription()
    show_month(window, 2025, 4)
    assert window.month_page.insights is not None
    assert window.month_page.insights.forgiven == frozenset()  # two misses in a row: no pass


def test_a_forgiven_day_has_its_tooltip_and_the_week_view_says_it(home: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = InsightsWindow(home_paths(home))
    qtbot.addWidget(window)
    window.resize(900, 640)
    window.show()
    show_month(window, 2025, 3)
    qtbot.waitUntil(lambda: bool(window.month_page.view.cells))
    view = window.month_page.view
    boxes = {day: box for box, day in view.cells}
    assert view.tip(boxes[date(2025, 3, 12)].center()) == \
        "Wed 12 March: forgiven: the streak goes on"
    assert view.tip(boxes[date(2025, 3, 13)].center()) == "Thu 13 March: goal met, 2 rises"
    assert view.tip(QPointF(-5, -5)) == ""

    window.tabs.setCurrentIndex(0)
    window.show_week(IsoWeek.containing(date(2025, 3, 12)))
    assert window.forgiven.isVisible()
    assert window.forgiven.text() == \
        "Wed 12 Mar was forgiven: one missed workday in any seven keeps the streak."
    window.show_week(IsoWeek.containing(date(2025, 3, 19)))
    assert not window.forgiven.isVisible()


@pytest.mark.parametrize("scale", ["1", "2"])
def test_month_with_a_forgiven_day_screenshots(home: Path, scale: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / f"insights-month-forgiven-{int(scale) * 100}.png"
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("insights_shot.py")),
                           str(home), "1", str(out), "2025-03"],
                          env={**cli_env(home), "QT_QPA_PLATFORM": "offscreen",
                               "QT_SCALE_FACTOR": scale,
                               "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == f"{float(scale)}"
