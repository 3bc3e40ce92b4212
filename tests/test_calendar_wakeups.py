"""Calendar wake-ups: APScheduler's cron triggers say when, one thread of ours waits for it."""

from __future__ import annotations

import threading
from datetime import datetime, time, tzinfo
from zoneinfo import ZoneInfo

import pytest
from waiting import wait_for

from nudge.app.calendar_wakeups import CalendarWakeups, boundaries, cron_triggers, next_boundary
from nudge.core.settings import Schedule, TimeRange

BERLIN = ZoneInfo("Europe/Berlin")
# Monday to Friday 08:00-18:00, nothing at the weekend.
OFFICE = Schedule(work_hours=tuple(
    (TimeRange(time(8), time(18)),) if day < 5 else () for day in range(7)))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


def test_boundaries_are_work_hour_edges_and_every_midnight():
    found = set(boundaries(OFFICE))
    assert ("mon", time(8)) in found and ("fri", time(18)) in found
    assert ("sat", time(8)) not in found
    assert {day for day, when in found if when == time(0)} == {
        "mon", "tue", "wed", "thu", "fri", "sat", "sun"}
    assert len(cron_triggers(OFFICE, BERLIN)) == len(found) == 17


@pytest.mark.parametrize(("now", "expected"), [
    ("2026-03-13T07:59:30", "2026-03-13T08:00:00"),  # Friday, just before work
    ("2026-03-13T08:00:00", "2026-03-13T18:00:00"),  # at a boundary: the next one
    ("2026-03-13T18:30:00", "2026-03-14T00:00:00"),  # evening: midnight
    ("2026-03-14T00:00:00", "2026-03-15T00:00:00"),  # Saturday: only midnights
])
def test_next_boundary_is_the_first_one_strictly_later(now, expected):
    assert next_boundary(cron_triggers(OFFICE, BERLIN), at(now)) == at(expected)


class FakeWallClock:
    def __init__(self, start: datetime) -> None:
        self.now = start
        self._lock = threading.Lock()

    def __call__(self, zone: tzinfo) -> datetime:
        with self._lock:
            return self.now.astimezone(zone)

    def set(self, when: datetime) -> None:
        with self._lock:
            self.now = when


def test_a_boundary_passed_in_suspend_wakes_the_engine_once_on_resume():
    clock = FakeWallClock(at("2026-03-13T07:00:00"))
    wakes: list[datetime] = []
    calendar = CalendarWakeups(lambda: wakes.append(clock.now), now=clock, zone=BERLIN)
    calendar.start(OFFICE)
    try:
        assert calendar.boundaries == 17
        # The machine slept through 08:00 and woke at 09:00 (the real wait was an hour).
        clock.set(at("2026-03-13T09:00:00"))
        calendar.resume_from_suspend()
        wait_for(lambda: wakes, what="the late wake-up")
        assert wakes == [at("2026-03-13T09:00:00")]
        # Through 18:00 and midnight both: still one wake-up, the engine looks at the clock.
        clock.set(at("2026-03-14T01:00:00"))
        calendar.resume_from_suspend()
        wait_for(lambda: len(wakes) == 2, what="the second late wake-up")
    finally:
        calendar.stop()
    wait_for(lambda: not any(t.name == "nudge-calendar" for t in threading.enumerate()),
             what="the calendar thread to end")
    assert len(wakes) == 2


def test_restart_replaces_the_thread_and_stop_ends_it():
    clock = FakeWallClock(at("2026-03-13T07:00:00"))
    calendar = CalendarWakeups(lambda: None, now=clock, zone=BERLIN)
    calendar.start(OFFICE)
    calendar.restart(Schedule(work_hours=((TimeRange(time(9), time(17)),),) * 7))
    assert calendar.boundaries == 21  # 09:00 and 17:00 every day, and seven midnights
    wait_for(lambda: sum(t.name == "nudge-calendar" for t in threading.enumerate()) == 1,
             what="the first thread to end")
    calendar.stop()
    calendar.stop()  # idempotent
    wait_for(lambda: not any(t.name == "nudge-calendar" for t in threading.enumerate()),
             what="the calendar thread to end")


class CountingWallClock(FakeWallClock):
    def __init__(self, start: datetime) -> None:
        super().__init__(start)
        self.reads = 0

    def __call__(self, zone: tzinfo) -> datetime:
        self.reads += 1
        return super().__call__(zone)


def test_after_a_zone_change_work_hours_begin_at_the_new_zones_local_time():
    new_york, tokyo = ZoneInfo("America/New_York"), ZoneInfo("Asia/Tokyo")
    # Friday 07:59:58 in Tokyo is Thursday evening in New York, hours from any boundary there.
    clock = CountingWallClock(datetime(2026, 3, 13, 7, 59, 58, tzinfo=tokyo))
    wakes: list[datetime] = []
    calendar = CalendarWakeups(lambda: wakes.append(clock.now), now=clock, zone=new_york)
    calendar.start(OFFICE)
    try:
        wait_for(lambda: clock.reads >= 2, what="the first thread to wait for its boundary")
        reads = clock.reads
        calendar.follow_zone(tokyo, OFFICE)  # as the app's clock reports the move
        wait_for(lambda: clock.reads >= reads + 2, what="the new thread to look at the clock")
        clock.set(datetime(2026, 3, 13, 8, 0, 1, tzinfo=tokyo))
        wait_for(lambda: wakes, what="the wake-up at 08:00 in Tokyo")
        assert wakes == [datetime(2026, 3, 13, 8, 0, 1, tzinfo=tokyo)]
    finally:
        calendar.stop()
