"""Weekly summary: a hand-built week of history gives exact per-day numbers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone
from itertools import count

import pytest

from nudge.core.events import BreakReason, Event, EventKind, Source
from nudge.core.settings import Goals, Schedule
from nudge.core.summary import IsoWeek, build_weekly_summary

CET = timezone(timedelta(hours=1))
W48 = IsoWeek(2026, 48)  # Mon 23 Nov .. Sun 29 Nov 2026
MON, TUE, WED, THU, FRI, SAT, SUN = W48.days()
_ids = count(1)


def at(day: date, hhmm: str) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=CET)


def offer(day: date, hhmm: str, outcome: EventKind, reps: int | None = None) -> list[Event]:
    """An OFFERED event and its one outcome a minute later, sharing a nudge id."""
    nudge_id = f"n{next(_ids)}"
    when = at(day, hhmm)
    return [
        Event(EventKind.OFFERED, when, nudge_id=nudge_id, exercise="chair_rise"),
        Event(outcome, when + timedelta(minutes=1), nudge_id=nudge_id, exercise="chair_rise",
              reps=reps if outcome is EventKind.DONE else None,
              source=Source.PROMPT if outcome is EventKind.DONE else None),
    ]


def done_offers(day: date, times: Iterable[str], reps: int = 8) -> list[Event]:
    return [e for hhmm in times for e in offer(day, hhmm, EventKind.DONE, reps)]


def manual(day: date, hhmm: str, reps: int = 8) -> Event:
    return Event(EventKind.DONE, at(day, hhmm), exercise="chair_rise", reps=reps,
                 source=Source.MANUAL)


def stretch(start: datetime, end: datetime) -> Event:
    return Event(EventKind.STRETCH, end, start=start)


def sit(day: date, start: str, end: str) -> Event:
    return stretch(at(day, start), at(day, end))


def got_up(day: date, hhmm: str, reason: BreakReason, minutes: int = 10) -> Event:
    start = at(day, hhmm)
    return Event(EventKind.BREAK, start + timedelta(minutes=minutes), start=start,
                 reason=reason.value)


def realistic_week() -> list[Event]:
    """W48 as a real person might live it; the expected numbers are in EXPECTED_DAYS."""
    return [
        # Monday: a mixed day, goal met thanks to one rise logged by hand.
        *offer(MON, "09:00", EventKind.DONE, 8),
        *offer(MON, "09:30", EventKind.DONE, 8),
        *offer(MON, "10:00", EventKind.SNOOZED),
        *offer(MON, "10:30", EventKind.DONE, 10),
        *offer(MON, "11:00", EventKind.SKIPPED),
        *offer(MON, "14:00", EventKind.DONE, 8),
        *offer(MON, "14:30", EventKind.MISSED),
        *offer(MON, "15:00", EventKind.DONE, 8),
        manual(MON, "16:20", reps=6),
        sit(MON, "08:00", "08:55"), sit(MON, "09:05", "10:25"), sit(MON, "10:35", "12:10"),
        sit(MON, "13:00", "13:55"), sit(MON, "14:05", "16:15"), sit(MON, "16:25", "17:50"),
        got_up(MON, "12:10", BreakReason.IDLE, minutes=45),  # lunch: hour 12 moved
        got_up(MON, "11:05", BreakReason.RISE, minutes=1),  # ends a stretch, not a move
        got_up(MON, "07:30", BreakReason.LOCKED),  # before work: not a work hour
        # Tuesday: every nudge answered.
        *done_offers(TUE, ["09:00", "09:30", "10:00", "10:30", "11:00", "13:30", "14:00"], 10),
        got_up(TUE, "12:00", BreakReason.SUSPEND, minutes=50),
        sit(TUE, "08:30", "12:00"), sit(TUE, "13:00", "17:30"),
        # Wednesday: a deadline day; goal not met.
        *offer(WED, "09:00", EventKind.MISSED),
        *offer(WED, "09:30", EventKind.MISSED),
        *offer(WED, "10:00", EventKind.DONE, 8),
        *offer(WED, "15:00", EventKind.SKIPPED),
        got_up(WED, "12:00", BreakReason.CLOCK_JUMP),  # not a natural break
        sit(WED, "08:00", "18:00"),
        # Thursday: six rises of 12, one snooze.
        *done_offers(THU, ["08:30", "09:30", "10:30", "11:30", "14:30", "15:30"], 12),
        *offer(THU, "16:30", EventKind.SNOOZED),
        sit(THU, "08:00", "11:00"), sit(THU, "13:00", "16:00"),
        # Friday: five prompted, one logged after work, then a late film across midnight.
        *done_offers(FRI, ["09:00", "10:00", "11:00", "13:00", "14:00"], 8),
        manual(FRI, "19:00", reps=8),
        sit(FRI, "09:00", "12:00"),
        stretch(at(FRI, "22:30"), at(SAT, "01:30")),
        # Saturday: a rise at home on a day off.
        manual(SAT, "11:00", reps=10),
        # Sunday: nothing.
    ]


# date, offered, done, snoozed, skipped, missed, reps, seated, longest, moved hours, rate, goal
EXPECTED_DAYS = [
    (MON, 8, 6, 1, 1, 1, 48, 500, 130, {9, 10, 12, 14, 15, 16}, 5 / 8, True),
    (TUE, 7, 7, 0, 0, 0, 70, 480, 270, {9, 10, 11, 12, 13, 14}, 1.0, True),
    (WED, 4, 1, 0, 1, 2, 8, 600, 600, {10}, 1 / 4, False),
    (THU, 7, 6, 1, 0, 0, 72, 360, 180, {8, 9, 10, 11, 14, 15}, 6 / 7, True),
    (FRI, 5, 6, 0, 0, 0, 48, 270, 180, {9, 10, 11, 13, 14}, 1.0, True),
    (SAT, 0, 1, 0, 0, 0, 10, 90, 90, set(), None, False),
    (SUN, 0, 0, 0, 0, 0, 0, 0, 0, set(), None, False),
]


def summarise(events: Iterable[Event], today: date = SUN, week: IsoWeek = W48, goal: int = 6):
    return build_weekly_summary(events, week, Schedule(), Goals(daily_rises=goal), today)


@pytest.mark.parametrize(
    ("day", "offered", "done", "snoozed", "skipped", "missed", "reps", "seated", "longest",
     "moved", "rate", "goal_met"),
    EXPECTED_DAYS,
    ids=[d[0].strftime("%a") for d in EXPECTED_DAYS],
)
def test_realistic_week_gives_exact_day_numbers(
    day, offered, done, snoozed, skipped, missed, reps, seated, longest, moved, rate, goal_met
):
    stats = summarise(realistic_week()).days[day.weekday()]
    assert stats.date == day
    assert (stats.offered, stats.done, stats.snoozed, stats.skipped, stats.missed, stats.reps) == (
        offered, done, snoozed, skipped, missed, reps)
    assert stats.seated_minutes == pytest.approx(seated)
    assert stats.longest_stretch_minutes == pytest.approx(longest)
    assert stats.moved_clock_hours == moved
    assert stats.moved_hours == len(moved)
    assert stats.completion_rate == (None if rate is None else pytest.approx(rate))
    assert stats.goal_met is goal_met


def test_realistic_week_totals_and_streak():
    summary = summarise(realistic_week())
    totals = summary.totals
    assert (totals.offered, totals.done, totals.reps, totals.moved_hours) == (31, 27, 256, 24)
    assert totals.seated_minutes == pytest.approx(2300)
    assert totals.longest_stretch_minutes == pytest.approx(600)
    assert totals.completion_rate == pytest.approx(24 / 31)
    assert totals.goal_days == 4
    # Mon, Tue, Thu, Fri: Wednesday missed is forgiven (#20; it broke the streak before, 2)
    assert (summary.streak_days, summary.forgiven_days) == (4, (WED,))
    assert summary.daily_goal == 6


def test_week_days_outside_the_week_are_ignored():
    before, after = MON - timedelta(days=1), SUN + timedelta(days=1)
    events = [*done_offers(before, ["10:00"]), *done_offers(after, ["10:00"])]
    assert summarise(events).totals.done == 0


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # A stretch across midnight is split between the two local dates.
        (at(FRI, "22:30"), at(SAT, "01:30"), {FRI: 90, SAT: 90}),
        # Across two midnights: 30 min + a full day + 60 min.
        (at(MON, "23:30"), at(WED, "01:00"), {MON: 30, TUE: 1440, WED: 60}),
        # A stretch from the previous Sunday counts only its Monday part.
        (at(MON - timedelta(days=1), "23:00"), at(MON, "00:45"), {MON: 45}),
        # Ends exactly at midnight: all of it belongs to the first day.
        (at(TUE, "23:00"), at(WED, "00:00"), {TUE: 60}),
        # Backwards (bad data) counts nothing.
        (at(TUE, "10:00"), at(TUE, "09:00"), {}),
    ],
    ids=["one-midnight", "two-midnights", "from-last-week", "ends-at-midnight", "backwards"],
)
def test_stretch_minutes_are_split_at_local_midnight(start, end, expected):
    summary = summarise([stretch(start, end)])
    got = {d.date: d.seated_minutes for d in summary.days if d.seated_minutes}
    assert got == pytest.approx(expected)
    for day in summary.days:
        assert day.longest_stretch_minutes == pytest.approx(expected.get(day.date, 0))


def test_stretch_in_another_offset_is_split_at_the_end_zone_midnight():
    # Started 23:00 UTC (= 00:00 CET on Tuesday), ended 01:00 CET Tuesday: all on Tuesday.
    start = datetime.combine(MON, time(23, 0), tzinfo=UTC)
    summary = summarise([stretch(start, at(TUE, "01:00"))])
    assert summary.days[1].seated_minutes == pytest.approx(60)
    assert summary.days[0].seated_minutes == 0


@pytest.mark.parametrize(
    ("event", "moved"),
    [
        (manual(MON, "10:15"), {10}),
        (offer(MON, "10:59", EventKind.DONE, 8)[1], {11}),  # the answer's hour, not the offer's
        (got_up(MON, "10:15", BreakReason.IDLE), {10}),
        (got_up(MON, "10:15", BreakReason.LOCKED), {10}),
        (got_up(MON, "10:15", BreakReason.SUSPEND), {10}),
        (got_up(MON, "10:15", BreakReason.RISE), set()),
        (got_up(MON, "10:15", BreakReason.CLOCK_JUMP), set()),
        (Event(EventKind.BREAK, at(MON, "10:15"), reason="teleported"), set()),  # unknown reason
        (Event(EventKind.BREAK, at(MON, "10:15"), reason=None), set()),
        (Event(EventKind.BREAK, at(MON, "11:20"), reason="idle"), {11}),  # no start: uses `at`
        (got_up(MON, "07:59", BreakReason.IDLE, minutes=30), set()),  # started before work
        (got_up(MON, "08:00", BreakReason.IDLE), {8}),
        (got_up(MON, "17:59", BreakReason.IDLE), {17}),
        (manual(MON, "18:00"), set()),  # work hours end at 18:00 (exclusive)
        (manual(SAT, "11:00"), set()),  # a day off has no work hours
        (offer(MON, "10:00", EventKind.SNOOZED)[1], set()),
        (sit(MON, "10:00", "10:30"), set()),
    ],
)
def test_moved_hours_count_done_and_natural_breaks_inside_work_hours(event, moved):
    assert summarise([event]).days[event.at.weekday()].moved_clock_hours == moved


def test_two_moves_in_one_hour_count_once():
    events = [manual(MON, "10:05"), manual(MON, "10:55"), got_up(MON, "10:30", BreakReason.IDLE)]
    assert summarise(events).days[0].moved_hours == 1


def test_work_clock_hours_follow_the_schedule():
    summary = summarise([])
    assert summary.days[0].work_clock_hours == frozenset(range(8, 18))
    assert summary.days[5].work_clock_hours == frozenset()


def test_manual_rise_counts_as_done_but_not_toward_completion_rate():
    events = [*offer(MON, "10:00", EventKind.SKIPPED), manual(MON, "10:30", reps=7)]
    day = summarise(events).days[0]
    assert (day.offered, day.done, day.skipped, day.reps) == (1, 1, 1, 7)
    assert day.completion_rate == 0.0


def test_manual_rises_alone_meet_the_goal():
    events = [manual(MON, f"{9 + i}:00") for i in range(6)]
    day = summarise(events).days[0]
    assert day.done == 6 and day.goal_met and day.completion_rate is None


def test_offer_done_after_midnight_counts_for_the_day_it_was_offered():
    events = [
        Event(EventKind.OFFERED, at(MON, "23:58"), nudge_id="late"),
        Event(EventKind.DONE, at(TUE, "00:01"), nudge_id="late", reps=5, source=Source.PROMPT),
    ]
    days = summarise(events).days
    assert days[0].completion_rate == 1.0 and days[0].done == 0
    assert days[1].done == 1 and days[1].completion_rate is None


def test_previous_week_totals_and_change():
    last_mon = MON - timedelta(days=7)
    previous = [
        *done_offers(last_mon, ["09:00", "10:00"], reps=10),
        *offer(last_mon, "11:00", EventKind.SKIPPED),
        *offer(last_mon, "12:00", EventKind.MISSED),
        sit(last_mon, "08:00", "12:00"),
    ]
    current = [
        *done_offers(TUE, ["09:00", "10:00", "11:00"], reps=12),
        *offer(TUE, "13:00", EventKind.SNOOZED),
        sit(TUE, "08:00", "11:25"),
    ]
    summary = summarise(previous + current)
    assert summary.previous_week == IsoWeek(2026, 47)
    assert (summary.previous_totals.done, summary.previous_totals.reps) == (2, 20)
    assert summary.previous_totals.seated_minutes == pytest.approx(240)
    change = summary.change
    assert (change.done, change.reps, change.seated_minutes) == (1, 16, -35)
    assert change.completion_rate == pytest.approx(3 / 4 - 2 / 4)


def test_change_in_completion_rate_is_none_when_a_week_offered_nothing():
    summary = summarise([manual(MON, "10:00")])
    assert summary.change.completion_rate is None
    assert summary.change.done == 1


def test_overlapping_stretches_from_two_devices_count_once():
    events = [sit(MON, "09:00", "11:00"), sit(MON, "10:00", "11:30"), sit(MON, "09:30", "10:00"),
              sit(MON, "13:00", "13:20")]
    day = summarise(events).days[0]
    assert day.seated_minutes == pytest.approx(170)
    assert day.longest_stretch_minutes == pytest.approx(120)


def test_stretch_across_a_dst_change_counts_the_time_really_sat():
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no time-zone database")
    sat, sun = date(2026, 10, 24), date(2026, 10, 25)  # clocks go back 03:00 -> 02:00 on Sunday
    start = datetime.combine(sat, time(23, 0), tzinfo=berlin)
    end = datetime.combine(sun, time(4, 0), tzinfo=berlin)
    summary = build_weekly_summary([stretch(start, end)], IsoWeek.containing(sat), Schedule(),
                                   Goals(), sun)
    assert summary.days[5].seated_minutes == pytest.approx(60)
    assert summary.days[6].seated_minutes == pytest.approx(300)  # 4 h on the clock, 5 h lived
