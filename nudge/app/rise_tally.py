"""The all-time count of rises, for "that's your 100th rise" after a Done (#20). Engine thread.

Counted from history, not kept in a running total: history is the one truth, and a total kept
beside it would drift whenever history changes behind the app's back (another device's weeks
arrive by sync, `nudge log rise` writes while the app is closed, `nudge forget`). The cost is
bounded: once at start every week file is opened once (`EventStore.iter_all_events`);
after that a new day adds only the days since, read with `events_between`, and today's rises
come from the session's own count.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from nudge.app.ports import EventStore
from nudge.core.events import Event
from nudge.core.summary_counts import rise_counts_by_day

log = logging.getLogger(__name__)


def rises_before(events: Iterable[Event], day: date, since: date = date.min) -> int:
    """Rises (as every report counts them) on the days `since`..`day` - 1."""
    return sum(counts.rises for when, counts in rise_counts_by_day(events).items()
               if since <= when < day)


@dataclass
class RiseTally:
    """Rises on the days before today, so today's count plus this is the all-time total."""

    store: EventStore
    _day: date | None = field(default=None, init=False)
    _before: int | None = field(default=None, init=False)  # None: history could not be read
    _said: int | None = field(default=None, init=False)  # the last total given for words

    def start(self, today: date) -> None:
        try:
            self._before = rises_before(self.store.iter_all_events(), today)
        except Exception as error:  # a damaged history must not stop the app; no round numbers
            log.warning("could not count all rises: %s", error)
            self._before = None
        self._day = today

    def total(self, today: date, done_today: int) -> int | None:
        """All rises so far, `done_today` of them today; None when unknown or when it is the
        total given last time (a second Done for one nudge adds reps, not a rise)."""
        if self._day is None:
            self.start(today)
        elif self._day != today:
            self._roll(today)
        if self._before is None:
            return None
        total = self._before + done_today
        if total == self._said:
            return None
        self._said = total
        return total

    def _roll(self, today: date) -> None:
        """A new day: add the rises of the days since the last one counted."""
        assert self._day is not None
        if self._before is not None and self._day < today:
            try:  # from the day before: a nudge snoozed across midnight belongs to its first day
                events = self.store.events_between(self._day - timedelta(days=1),
                                                   today - timedelta(days=1))
                self._before += rises_before(events, today, since=self._day)
                self._day = today
                return
            except Exception as error:
                log.warning("could not read the days since %s: %s", self._day, error)
        self.start(today)  # the clock went back, or a read failed: count everything again
