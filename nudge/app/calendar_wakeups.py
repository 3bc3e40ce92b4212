"""Calendar wake-ups: tick the engine exactly when work hours or scheduled pauses begin or end,
and at local midnight, so the status flips on time without polling.

Why APScheduler here and not for the seated timers: its cron triggers follow the local calendar
and handle DST, which is what these boundaries are. Its waits are computed from the wall clock,
so a clock set back would stall a seated-time timer; those run on the monotonic clock in
`nudge/app/engine_loop.py`, whose 5-minute safety tick also covers a wake-up missed here.

Only APScheduler's `CronTrigger` is used (it computes the fire times); the waiting is one
daemon thread ("nudge-calendar") here. Its `BackgroundScheduler` would bring a job store, an
executor with a thread pool and `multiprocessing` imports, ~1 MB of the long-running app's
memory (bench/RESULTS.md), for what is one timer that calls `wake`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta, tzinfo
from typing import Any

from nudge.core.settings import WEEKDAYS, Schedule

log = logging.getLogger(__name__)


def boundaries(schedule: Schedule) -> Iterator[tuple[str, time]]:
    """(weekday name, local time) of every boundary in the week, plus midnight each day."""
    for index, ranges in enumerate(schedule.work_hours):
        for hours in ranges:
            yield WEEKDAYS[index], hours.start
            if hours.end is not None:
                yield WEEKDAYS[index], hours.end
    for pause in schedule.scheduled_pauses:
        yield WEEKDAYS[pause.weekday], pause.hours.start
        if pause.hours.end is not None:
            yield WEEKDAYS[pause.weekday], pause.hours.end
    for day in WEEKDAYS:
        yield day, time(0, 0)


class CalendarWakeups:
    """Calls `wake` at every boundary of the schedule, from its own daemon thread.

    Boundaries passed while the thread waited too long (suspend, a clock set forward) wake
    the engine once, late, as soon as the thread looks again: at `resume_from_suspend`, or at
    the latest after `LONGEST_WAIT_SECONDS`. `now` is injectable for tests.
    """

    def __init__(self, wake: Callable[[], None],
                 now: Callable[[tzinfo], datetime] = datetime.now,
                 zone: tzinfo | None = None) -> None:
        self._wake = wake
        self._now = now
        self._zone = zone  # None: the system's local time zone
        # Per start: (stop, kick). A restart leaves the old thread its own events to end on.
        self._events: tuple[threading.Event, threading.Event] | None = None
        self.boundaries = 0

    def start(self, schedule: Schedule) -> None:
        triggers = cron_triggers(schedule, self._zone)
        self.boundaries = len(triggers)
        self._events = (threading.Event(), threading.Event())
        threading.Thread(target=self._run, args=(triggers, *self._events),
                         name="nudge-calendar", daemon=True).start()
        log.info("calendar wake-ups: %d boundaries a week", len(triggers))

    def restart(self, schedule: Schedule) -> None:
        self.stop()
        self.start(schedule)

    def follow_zone(self, zone: tzinfo | None, schedule: Schedule) -> None:
        """The system's zone changed (`nudge/app/clock.py`): the boundaries are the new zone's
        local times. None: only the offset is known, which serves until the next change."""
        self._zone = zone if zone is not None else datetime.now().astimezone().tzinfo
        self.restart(schedule)

    def resume_from_suspend(self) -> None:
        """Waits stop during suspend: look at the clock again."""
        if self._events is not None:
            self._events[1].set()

    def stop(self) -> None:
        if self._events is not None:
            stop, kick = self._events
            self._events = None
            stop.set()
            kick.set()

    def _run(self, triggers: list[Any], stop: threading.Event, kick: threading.Event) -> None:
        zone = triggers[0].timezone
        soonest = next_boundary(triggers, self._now(zone))
        while True:
            wait = (soonest - self._now(zone)).total_seconds()
            if wait > 0:
                kick.wait(min(wait, LONGEST_WAIT_SECONDS))
                kick.clear()
            if stop.is_set():
                return
            now = self._now(zone)
            if now >= soonest:
                try:
                    self._wake()
                except Exception:
                    log.exception("calendar wake-up failed")
            # From the clock each time, so a clock set back is followed too.
            soonest = next_boundary(triggers, now)


# A clock set forward, or a suspend nobody reported, is noticed at the latest this late
# (one wake-up an hour; the engine's own 5-minute tick covers the status meanwhile).
LONGEST_WAIT_SECONDS = 3600.0


def cron_triggers(schedule: Schedule, zone: tzinfo | None = None) -> list[Any]:
    """One APScheduler `CronTrigger` per boundary of the week."""
    from nudge.app.cron_import import load_cron_trigger

    CronTrigger = load_cron_trigger()
    return [CronTrigger(day_of_week=day, hour=at.hour, minute=at.minute, timezone=zone)
            for day, at in sorted(set(boundaries(schedule)))]


def next_boundary(triggers: list[Any], now: datetime) -> datetime:
    """The first fire time of any trigger strictly after `now` (cron times are whole
    minutes, so a second later is past a boundary that is now)."""
    later = now + timedelta(seconds=1)
    fires: list[datetime] = [trigger.get_next_fire_time(None, later) for trigger in triggers]
    return min(fires)
