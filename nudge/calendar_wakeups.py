"""Calendar wake-ups: tick the engine exactly when work hours or scheduled pauses begin or end,
and at local midnight, so the status flips on time without polling.

Why APScheduler here and not for the seated timers: its cron triggers follow the local calendar
and handle DST, which is what these boundaries are. Its waits are computed from the wall clock,
so a clock set back would stall a seated-time timer; those run on the monotonic clock in
`nudge/engine_loop.py`, whose 5-minute safety tick also covers a wake-up missed here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import time
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
    """Runs a small APScheduler BackgroundScheduler whose jobs only call `wake`."""

    def __init__(self, wake: Callable[[], None]) -> None:
        self._wake = wake
        self._scheduler: Any = None

    def start(self, schedule: Schedule) -> None:
        from apscheduler.schedulers.background import BackgroundScheduler
        from apscheduler.triggers.cron import CronTrigger

        # One late run rather than none: 3.x drops a job missed by more than 1 s by default.
        scheduler = BackgroundScheduler(
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1})
        for day, at in sorted(set(boundaries(schedule))):
            scheduler.add_job(self._wake, CronTrigger(day_of_week=day, hour=at.hour,
                                                      minute=at.minute))
        scheduler.start()
        self._scheduler = scheduler
        log.info("calendar wake-ups: %d boundaries a week", len(scheduler.get_jobs()))

    def restart(self, schedule: Schedule) -> None:
        self.stop()
        self.start(schedule)

    def resume_from_suspend(self) -> None:
        """Its waits stop during suspend (APScheduler issue #794): look at the clock again."""
        if self._scheduler is not None:
            self._scheduler.wakeup()

    def stop(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
