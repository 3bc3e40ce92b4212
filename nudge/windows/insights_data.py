"""What the insights window shows, without Qt: the weeks that have history, and each week's
summary exactly as `nudge summary --json` builds it (same store, settings and `weekly_summary`).

Runs on the window's GUI thread; a week reads two weeks of files plus the streak's look-back,
a month or a year only its own weeks.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from nudge.config import usable_config
from nudge.config.exercise_files import usable_catalogue
from nudge.core.insights import RangeInsights
from nudge.core.settings import Settings
from nudge.core.summary import IsoWeek, WeeklySummary
from nudge.paths import Paths
from nudge.store import TinyDBEventStore, device_id
from nudge.store.history import insights_between, weekly_summary
from nudge.store.layout import history_dir, is_device_name, is_week_file

log = logging.getLogger(__name__)


class InsightsData:
    def __init__(self, paths: Paths) -> None:
        self.paths = paths
        paths.ensure()  # OSError for the window to say
        self.store = TinyDBEventStore(paths.data_dir, device_id(paths.state_dir),
                                      paths.store_lock)
        self.settings = _settings(paths)
        # The stretches, whose Dones add no reps: the user's own exercises file included.
        self.held = usable_catalogue(paths.user_exercises_file).catalogue.held_ids()

    def first_week(self, today: date) -> IsoWeek:
        """The earliest week with history on any device (this week when there is none)."""
        found = []
        for device in _folders(history_dir(self.paths.data_dir)):
            for name in _names(device):
                if is_week_file(name):
                    try:
                        found.append(IsoWeek.parse(name.removesuffix(".json")))
                    except ValueError:  # a file from a far year: not a week to browse
                        continue
        return min(found, key=lambda week: week.monday, default=IsoWeek.containing(today))

    def summary(self, week: IsoWeek, today: date) -> WeeklySummary:
        return weekly_summary(self.store, week, self.settings, today, self.held)

    def insights(self, first: date, last: date, today: date) -> RangeInsights:
        """The month or year view's days `first`..`last`, the days still to come left out."""
        return insights_between(self.store, first, max(first, min(last, today)), self.settings,
                                today, self.held)


def _settings(paths: Paths) -> Settings:
    loaded = usable_config(paths.config_file)  # the defaults while it has a problem
    if loaded.problem is not None:
        log.warning("insights: config unusable, using the defaults: %s", loaded.problem)
    return loaded.config.settings


def _folders(history: Path) -> list[Path]:
    try:
        return [d for d in history.iterdir() if is_device_name(d.name) and d.is_dir()]
    except OSError:
        return []


def _names(folder: Path) -> list[str]:
    try:
        return [p.name for p in folder.iterdir()]
    except OSError:
        return []
