"""Synthetic but realistic nudge histories, written in the store's own format, fast.

A simulated office worker: workdays Monday to Friday from about 08:00-09:30 to 16:30-18:30 with a
lunch break, about five weeks off a year, 8-12 nudges a workday (every third one a hip-flexor
break, the day's third offer the activation check), answered done (~68 %), snoozed then
answered (~12 %), skipped (~8 %) or missed (~12 %); a seated stretch ends at every done rise and
every natural break (coffee, meetings, a locked screen, lunch, the end of the day); now and then a
rise logged by hand or a one-hour pause. That is ~40 events a workday, ~190 a week.

Writing: each week file is made the way the app makes it, but in three writes instead of ~190:
its first event through `TinyDBEventStore.append` (creates the folder, the file and its `_meta`
document), the middle ones in one `insert_multiple` through the store's own `AtomicJSONStorage`,
and the last through `append` again, which leaves the `.bak` copy the real app leaves. So the
result is read by the real store, has the real layout, and the real size on disk.

Everything is seeded: the same arguments give the same events.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from tinydb import TinyDB

from nudge.core.events import BreakReason, Event, EventKind, Source
from nudge.paths import Paths
from nudge.store import AtomicJSONStorage, TinyDBEventStore
from nudge.store.layout import history_dir, week_name
from nudge.store.week_file import EVENTS_TABLE

DEVICE = "bench-machine-0b3c4d"
WEEKS_PER_YEAR = 365.2425 / 7
RISE, HIP, CHECK = "glute_rise", "hip_flexor_break", "seated_squeeze_check"
ALL_DAY_CONFIG = "[schedule.work_hours]\n" + "".join(
    f'{day} = "00:00-24:00"\n' for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))


@dataclass(frozen=True)
class HistoryInfo:
    home: Path  # a NUDGE_HOME
    device: str
    weeks: int  # ISO weeks covered, the current one included
    week_files: int
    events: int

    @property
    def paths(self) -> Paths:
        return home_paths(self.home)

    def store(self) -> TinyDBEventStore:
        paths = self.paths
        return TinyDBEventStore(paths.data_dir, self.device, paths.store_lock)


def home_paths(home: Path) -> Paths:
    return Paths(data_dir=home / "data", config_dir=home / "config", state_dir=home / "state",
                 log_dir=home / "logs")


def weeks_for_years(years: float) -> int:
    return max(1, round(years * WEEKS_PER_YEAR))


def prepare_home(home: Path, device: str = DEVICE, config: str = ALL_DAY_CONFIG) -> Paths:
    """A NUDGE_HOME whose device id is `device`, with `config` as config.toml."""
    paths = home_paths(home)
    paths.ensure()
    (paths.state_dir / "device").write_text(device + "\n")
    paths.config_file.write_text(config)
    return paths


def generate_history(home: Path, weeks: int, now: datetime, seed: int = 6,
                     device: str = DEVICE) -> HistoryInfo:
    """Write `weeks` ISO weeks of history ending with the week of `now` (events up to `now`)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    paths = prepare_home(home, device)
    store = TinyDBEventStore(paths.data_dir, device, paths.store_lock)
    first_monday = now.date() - timedelta(days=now.weekday(), weeks=weeks - 1)
    events = files = 0
    for monday in (first_monday + timedelta(weeks=i) for i in range(weeks)):
        week = [e for e in week_events(monday, seed) if e.at <= now]
        if week:
            write_week(store, week)
            events += len(week)
            files += 1
    return HistoryInfo(home, device, weeks, files, events)


def write_week(store: TinyDBEventStore, events: list[Event]) -> None:
    """Store one week's events (all in the same ISO week) as the app would have (see above)."""
    store.append(events[0])
    middle = events[1:-1]
    if middle:
        path = history_dir(store_data_dir(store)) / store.device / week_name(events[0].local_date)
        with TinyDB(path, storage=AtomicJSONStorage) as db:
            db.table(EVENTS_TABLE).insert_multiple(e.to_doc() for e in middle)
    if len(events) > 1:
        store.append(events[-1])


def store_data_dir(store: TinyDBEventStore) -> Path:
    return store._history.parent  # the store keeps only `<data_dir>/history`


def link_recent(source: HistoryInfo, home: Path, weeks: int, now: datetime) -> HistoryInfo:
    """A smaller history: hard links to the last `weeks` week files (and backups) of `source`.

    Safe because the store never edits a file in place (it writes a new one and renames it).
    """
    paths = prepare_home(home, source.device)
    target = history_dir(paths.data_dir) / source.device
    target.mkdir(parents=True, exist_ok=True)
    first = now.date() - timedelta(days=now.weekday(), weeks=weeks - 1)
    wanted = {week_name(first + timedelta(weeks=i)) for i in range(weeks)}
    files = 0
    for path in sorted((history_dir(source.paths.data_dir) / source.device).iterdir()):
        base = path.name.removesuffix(".bak")
        if base in wanted:
            (target / path.name).hardlink_to(path)
            files += not path.name.endswith(".bak")
    info = HistoryInfo(home, source.device, weeks, files, 0)
    count = sum(1 for _ in info.store().iter_all_events())
    return HistoryInfo(home, source.device, weeks, files, count)


# -- the simulated user ----------------------------------------------------------------------

def week_events(monday: date, seed: int) -> list[Event]:
    """Every event of the ISO week starting `monday`, in time order."""
    rng = random.Random(f"{seed}-{monday.isoformat()}")
    off = _days_off(monday, rng)
    events: list[Event] = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        if offset < 5 and day not in off:
            events += _workday(day, random.Random(f"{seed}-{day.isoformat()}"))
        elif offset >= 5 and rng.random() < 0.05:  # a little weekend work now and then
            events += _workday(day, random.Random(f"{seed}-{day.isoformat()}"), light=True)
    return events


def _days_off(monday: date, rng: random.Random) -> set[date]:
    """About five weeks a year: two summer weeks, the Christmas week, and scattered days."""
    week = monday.isocalendar().week
    if week in (31, 32, 52) or (week == 1 and rng.random() < 0.5):
        return {monday + timedelta(days=i) for i in range(5)}
    return {monday + timedelta(days=i) for i in range(5) if rng.random() < 0.03}


def _local(day: date, minutes: float) -> datetime:
    """An aware local time `minutes` after midnight; the offset is the system's on that date."""
    naive = datetime.combine(day, time()) + timedelta(minutes=minutes)
    return naive.replace(microsecond=0).astimezone()


class _Day:
    """Builds one day's events; `stretch_start` is when the current seated stretch began."""

    def __init__(self, day: date, rng: random.Random) -> None:
        self.day, self.rng = day, rng
        self.events: list[Event] = []
        self.serial = 0
        self.stretch_start: datetime | None = None
        self.offers = 0

    def sit(self, at: datetime) -> None:
        self.stretch_start = at

    def end_stretch(self, at: datetime, reason: BreakReason) -> None:
        if self.stretch_start is None or at <= self.stretch_start:
            return
        seconds = (at - self.stretch_start).total_seconds()
        self.events.append(Event(EventKind.STRETCH, at, start=self.stretch_start,
                                 reason=reason.value, extra={"seconds": round(seconds)}))
        self.stretch_start = None

    def natural_break(self, at: datetime, minutes: float, reason: BreakReason) -> datetime:
        self.end_stretch(at, reason)
        self.events.append(Event(EventKind.BREAK, at, start=at, reason=reason.value))
        back = at + timedelta(minutes=minutes)
        self.sit(back)
        return back

    def offer(self, at: datetime, exercise: str, reps: int, retry: bool = False) -> datetime:
        """Offer a nudge at `at` and answer it; returns when the user is back to work."""
        self.serial += 1
        self.offers += 1
        nudge_id = f"{at:%Y%m%dT%H%M%S}-{self.serial}"
        self.events.append(Event(EventKind.OFFERED, at, nudge_id=nudge_id, exercise=exercise,
                                 reps=reps))
        roll = self.rng.random()
        if not retry and roll < 0.12:  # snoozed, offered again when the snooze ends
            answered = at + timedelta(seconds=self.rng.uniform(15, 60))
            until = answered + timedelta(minutes=10)
            self.events.append(Event(EventKind.SNOOZED, answered, nudge_id=nudge_id,
                                     exercise=exercise, until=until))
            return self.offer(until, exercise, reps, retry=True)
        if roll < 0.80:
            done = at + timedelta(seconds=self.rng.uniform(10, 120))
            count = reps if self.rng.random() < 0.85 else self.rng.randint(2, 8)
            self.events.append(Event(EventKind.DONE, done, nudge_id=nudge_id, exercise=exercise,
                                     reps=count, source=Source.PROMPT))
            self.end_stretch(done, BreakReason.RISE)
            self.sit(done)
            return done
        if roll < 0.88:
            skipped = at + timedelta(seconds=self.rng.uniform(5, 40))
            self.events.append(Event(EventKind.SKIPPED, skipped, nudge_id=nudge_id,
                                     exercise=exercise))
            return skipped
        missed = at + timedelta(minutes=10)  # shown, shown again after 5 min, then missed
        self.events.append(Event(EventKind.MISSED, missed, nudge_id=nudge_id,
                                 exercise=exercise, reason="no_answer"))
        return missed


def _workday(day: date, rng: random.Random, light: bool = False) -> list[Event]:
    """One day at the desk; `t` is the time of day in minutes. After every natural break and
    every done rise the interval to the next nudge starts again, as in the planner."""
    t = rng.uniform(8 * 60, 9.5 * 60)
    lunch_at, lunch_minutes = rng.uniform(12 * 60, 13 * 60), rng.uniform(30, 60)
    offers = rng.randint(8, 12) if not light else rng.randint(2, 4)
    pause_at = rng.randrange(offers) if rng.random() < 0.08 else None
    manual_at = rng.randrange(offers) if rng.random() < 0.3 else None
    lunch_done = light
    build = _Day(day, rng)
    build.sit(_local(day, t))

    def interval() -> float:  # rise_every, plus waiting for a pause in typing
        return rng.uniform(28, 38)

    for index in range(offers):
        seated = interval()
        if not lunch_done and t + seated >= lunch_at:
            leave = max(t + 1, lunch_at)
            build.natural_break(_local(day, leave), lunch_minutes, BreakReason.IDLE)
            t, seated, lunch_done = leave + lunch_minutes, interval(), True
        elif rng.random() < 0.25:  # up for coffee or a chat before the nudge came
            leave, away = t + rng.uniform(10, seated - 5), rng.uniform(6, 20)
            reason = BreakReason.LOCKED if rng.random() < 0.25 else BreakReason.IDLE
            build.natural_break(_local(day, leave), away, reason)
            t, seated = leave + away, interval()
        if index == manual_at:  # a rise done without a prompt, logged by hand
            t += seated / 3
            at = _local(day, t)
            build.events.append(Event(EventKind.DONE, at, exercise=RISE, reps=5,
                                      source=Source.MANUAL))
            build.end_stretch(at, BreakReason.RISE)
            build.sit(at)
            seated = interval()
        if index == pause_at:  # paused from the menu for a call, resumed by hand
            at = _local(day, t + seated / 4)
            build.events.append(Event(EventKind.PAUSE, at, until=at + timedelta(hours=1)))
            build.events.append(Event(EventKind.RESUME, at + timedelta(minutes=50)))
            t += seated / 4 + 50
        t += seated
        exercise = CHECK if index == 2 and not light else HIP if index % 3 == 2 else RISE
        offered = _local(day, t)
        back = build.offer(offered, exercise, 2 if exercise == HIP else 5)
        t += (back - offered).total_seconds() / 60
    home = _local(day, t + rng.uniform(10, 40))
    build.natural_break(home, 0, BreakReason.SUSPEND if rng.random() < 0.5 else BreakReason.LOCKED)
    build.events.sort(key=lambda e: e.at)
    return build.events
