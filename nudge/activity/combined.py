"""One activity source from two: idle time from one, lock/inhibit/resume from another.

Read on the engine thread; on Linux its lock source (`logind`) fills its cache on nudge-dbus."""

from __future__ import annotations

import logging
from collections.abc import Callable

from nudge.app.ports import ActivityReading, ActivitySource
from nudge.platform import error_words

log = logging.getLogger(__name__)


class CombinedActivitySource:
    """Idle seconds from `idle_source`, polled on each read; lock, inhibit and resume from
    `lock_source` (event-driven, cached) OR-ed with whatever the idle source reports itself.

    If the idle source fails, the reading says idle 0 — the time counts as seated while the
    session is unlocked — and the failure is logged once (and its recovery once).
    Cost: the idle source's cost plus a cache read. Thread: the engine thread.
    """

    def __init__(self, idle_source: ActivitySource, lock_source: ActivitySource | None = None,
                 *, on_close: Callable[[], None] | None = None) -> None:
        self.idle_source = idle_source
        self.lock_source = lock_source
        # Named after where idle time comes from ("none" when nowhere): that is what the log,
        # `nudge doctor` and the status care about; the choice's reason names the lock source.
        self.name = idle_source.name
        self._on_close = on_close
        self._failing = False

    def read(self) -> ActivityReading:
        try:
            idle = self.idle_source.read()
        except Exception as error:
            if not self._failing:
                log.warning("idle source %s failed (%s): counting time as seated until it "
                            "answers again", self.idle_source.name, error_words.reason(error))
                self._failing = True
            idle = ActivityReading(idle_seconds=0.0)
        else:
            if self._failing:
                log.info("idle source %s works again", self.idle_source.name)
                self._failing = False
        if self.lock_source is None:
            return idle
        state = self.lock_source.read()
        return ActivityReading(idle_seconds=idle.idle_seconds,
                               locked=idle.locked or state.locked,
                               inhibited=idle.inhibited or state.inhibited,
                               resumed=idle.resumed or state.resumed)

    def close(self) -> None:
        for part in (self.idle_source, self.lock_source):
            if part is None:
                continue
            try:
                part.close()
            except Exception as error:
                log.warning("closing activity source %s failed: %s", part.name,
                            error_words.reason(error))
        if self._on_close is not None:
            self._on_close()
            self._on_close = None
