"""A week's history indexed by local day, and one day's tallies from it: counts, reps, seated
minutes (stretches cut at midnight, overlaps counted once) and the work hours with a move. Pure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta

from nudge.core.events import BreakReason, Event, EventKind, Source
from nudge.core.settings import Goals, Schedule
from nudge.core.summary_counts import RiseCounts, counted_reps, rise_counts_by_day
from nudge.core.summary_stats import DayStats

_Span = tuple[datetime, datetime]  # a UTC interval, start < end


class History:
    """Events indexed once by local date; stretches already split at local midnight.

    With `since`, the parts of stretches before that day are dropped unsplit: a stretch is cut
    into one piece per day, so one whose start a damaged file puts in year 1 would otherwise cost
    740,000 pieces, for days nobody asks about.
    """

    def __init__(self, events: Iterable[Event], since: date | None = None,
                 held: Container[str] = frozenset()) -> None:
        events = list(events)
        self.held = held  # the exercises whose Dones add no reps (`Catalogue.held_ids`)
        self.by_date: dict[date, list[Event]] = defaultdict(list)
        self.stretch_parts: dict[date, list[_Span]] = defaultdict(list)
        self.done_ids: set[str] = set()
        self.rise_counts = rise_counts_by_day(events)  # what the goal and the streak count
        # When the user moved (a rise, or getting up for a break), on the day it happened: a
        # break noticed after midnight that began the evening before belongs to that evening.
        self.moved_at: dict[date, list[datetime]] = defaultdict(list)
        for event in events:
            self.by_date[event.at.date()].append(event)
            if event.kind is EventKind.DONE or (event.kind is EventKind.BREAK
                                                and _is_natural(event.reason)):
                moment = (event.start or event.at) if event.kind is EventKind.BREAK else event.at
                self.moved_at[moment.date()].append(moment)
            if event.kind is EventKind.DONE:
                if event.nudge_id is not None and event.source is not Source.MANUAL:
                    self.done_ids.add(event.nudge_id)
            elif event.kind is EventKind.STRETCH and event.start is not None:
                for day, span in _split_at_midnight(event.start, event.at, since):
                    self.stretch_parts[day].append(span)
        self.first_date = min(self.by_date, default=None)

    def rises_on(self, day: date) -> RiseCounts:
        return self.rise_counts.get(day, RiseCounts())


def day_stats(history: History, day: date, schedule: Schedule, goals: Goals) -> DayStats:
    counts: dict[EventKind, int] = defaultdict(int)
    reps = prompted_done = 0
    for event in history.by_date.get(day, ()):
        counts[event.kind] += 1
        reps += counted_reps(event, history.held)
        if event.kind is EventKind.OFFERED and event.nudge_id in history.done_ids:
            prompted_done += 1
    moved = {m.hour for m in history.moved_at.get(day, ()) if schedule.is_work_time(m)}
    stretches = history.stretch_parts.get(day, [])
    rises = history.rises_on(day)
    return DayStats(
        date=day,
        offered=counts[EventKind.OFFERED],
        done=counts[EventKind.DONE],
        snoozed=counts[EventKind.SNOOZED],
        skipped=counts[EventKind.SKIPPED],
        missed=counts[EventKind.MISSED],
        reps=reps,
        seated_minutes=_union_minutes(stretches),
        longest_stretch_minutes=max((_minutes(span) for span in stretches), default=0.0),
        moved_clock_hours=frozenset(moved),
        work_clock_hours=_work_clock_hours(schedule, day),
        prompted_done=prompted_done,
        goal_met=rises.rises >= goals.daily_rises,
        counts=rises,
    )


def _is_natural(reason: str | None) -> bool:
    try:
        return reason is not None and BreakReason(reason).is_natural_break
    except ValueError:  # a reason written by a newer version: not counted rather than crashing
        return False


def _work_clock_hours(schedule: Schedule, day: date) -> frozenset[int]:
    hours: set[int] = set()
    for span in schedule.work_hours[day.weekday()]:
        end_minute = 24 * 60 if span.end is None else span.end.hour * 60 + span.end.minute
        start_minute = span.start.hour * 60 + span.start.minute
        hours.update(h for h in range(24) if h * 60 < end_minute and (h + 1) * 60 > start_minute)
    return frozenset(hours)


def _split_at_midnight(start: datetime, end: datetime, since: date | None = None
                       ) -> Iterator[tuple[date, _Span]]:
    """Yield (local date, UTC span) pieces of start..end, cut at each midnight in `end`'s zone,
    from the start of day `since` on (when given).

    Instants are compared in UTC: aware datetimes that share a tzinfo compare by wall time, which
    would miscount a stretch across a DST change.
    """
    zone = end.tzinfo
    stop = end.astimezone(UTC)
    piece_start = start.astimezone(UTC)
    if since is not None:
        piece_start = max(piece_start, datetime.combine(since, time(), tzinfo=zone).astimezone(UTC))
    while piece_start < stop:
        local_day = piece_start.astimezone(zone).date()
        midnight = datetime.combine(local_day + timedelta(days=1), time(), tzinfo=zone)
        piece_end = min(midnight.astimezone(UTC), stop)
        if piece_end <= piece_start:  # cannot happen with sane zones; never loop forever
            break
        yield local_day, (piece_start, piece_end)
        piece_start = piece_end


def _union_minutes(spans: list[_Span]) -> float:
    # Overlaps happen when histories of two devices are merged: one person cannot sit twice.
    total, covered_until = 0.0, None
    for start, end in sorted(spans):
        if covered_until is not None:
            start = max(start, covered_until)
        if end > start:
            total += _minutes((start, end))
            covered_until = end
    return total


def _minutes(span: _Span) -> float:
    return (span[1] - span[0]).total_seconds() / 60
