"""Shows the weekly review (#20) through the notifier, once per ISO week, at the first work
hours of the week (the rule and the words: `nudge.core.weekly_review`); a click on it opens
insights (`Notifier.review`). Engine thread: the
engine asks `check` on every tick, which costs a comparison until a review is due.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from nudge.app.ports import EventStore, Notifier
from nudge.core.iso_week import IsoWeek
from nudge.core.pauses import Pause
from nudge.core.settings import Settings
from nudge.core.summary import build_weekly_summary
from nudge.core.weekly_review import review_due, review_words
from nudge.state.weekly_review import load_shown_week, remember_shown_week

log = logging.getLogger(__name__)


@dataclass
class WeeklyReview:
    file: Path  # where the week last shown is kept
    _shown: IsoWeek | None = field(default=None, init=False)
    _loaded: bool = field(default=False, init=False)

    def check(self, now: datetime, settings: Settings, pause: Pause | None, store: EventStore,
              notifier: Notifier) -> None:
        """Show last week's line if it is due now (and remember the week, shown or not)."""
        if not self._loaded:
            self._shown, self._loaded = load_shown_week(self.file), True
        week = review_due(now, settings.schedule, pause, self._shown)
        if week is None:
            return
        self._shown = week  # in memory at once: never twice in a run, even if not kept
        last = week.previous()
        try:
            events = store.events_between(last.previous().monday, last.sunday)
        except Exception as error:  # a damaged history must not stop the app; no review
            log.warning("could not read last week for the weekly review: %s", error)
            return
        words = review_words(build_weekly_summary(events, last, settings.schedule,
                                                  settings.goals, now.date()))
        if words is not None:
            try:
                notifier.review(words)
            except Exception:
                log.exception("the weekly review could not be shown")
        try:
            remember_shown_week(self.file, week)
        except OSError as error:  # at worst shown once more after a restart this week
            log.warning("could not remember the weekly review of %s: %s", week, error)
