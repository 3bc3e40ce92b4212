"""Learned quiet hours (issue #20): the suggestion appears at exactly the threshold (5 nudges in
a weekday hour over four weeks, 80 % of them skipped or missed), never for a paused or dismissed
hour, and counts a snoozed nudge once."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from nudge.core.events import Event, EventKind
from nudge.core.quiet_hours import QuietHour, suggest_quiet_hours
from nudge.core.settings import Schedule, ScheduledPause, TimeRange

from sim import at

TODAY = date(2026, 12, 7)  # a Monday
TUESDAYS = [TODAY - timedelta(days=6 + 7 * week) for week in range(6)]  # newest first


def nudge(when: datetime, outcome: EventKind, name: str, reason: str | None = None
          ) -> list[Event]:
    return [Event(EventKind.OFFERED, when, nudge_id=name, exercise="glute_rise"),
            Event(outcome, when + timedelta(minutes=1), nudge_id=name, reason=reason)]


def tuesdays_at_14(*outcomes: EventKind) -> list[Event]:
    """One nudge at 14:xx on each of the last Tuesdays, newest first, with these outcomes."""
    events: list[Event] = []
    for number, outcome in enumerate(outcomes):
        day = TUESDAYS[number // 2]  # two a Tuesday: 14:05 and 14:40
        when = at(f"{day} 14:{5 + 35 * (number % 2):02d}")
        events += nudge(when, outcome, f"n{number}")
    return events


SKIP, MISS, DONE = EventKind.SKIPPED, EventKind.MISSED, EventKind.DONE


def test_five_nudges_four_turned_away_is_exactly_enough():
    found = suggest_quiet_hours(tuesdays_at_14(SKIP, MISS, SKIP, DONE, SKIP), TODAY, Schedule())
    assert found == [QuietHour(1, 14, nudges=5, turned_away=4)]
    assert found[0].label == "Pause Tuesdays 14:00-15:00? (4 of 5 nudges skipped or missed)"
    assert found[0].hours_text == "14:00-15:00"  # as [[schedule.pauses]] takes it


def test_one_nudge_or_one_answer_short_of_the_threshold_suggests_nothing():
    assert suggest_quiet_hours(tuesdays_at_14(SKIP, SKIP, SKIP, SKIP), TODAY, Schedule()) == []
    assert suggest_quiet_hours(tuesdays_at_14(SKIP, SKIP, SKIP, DONE, DONE), TODAY,
                               Schedule()) == []


def test_never_for_an_hour_a_pause_already_touches_or_one_dismissed():
    events = tuesdays_at_14(SKIP, SKIP, SKIP, SKIP, SKIP)
    half_hour = ScheduledPause(1, TimeRange(time(14, 30), time(15, 30)))
    assert suggest_quiet_hours(events, TODAY, Schedule(scheduled_pauses=(half_hour,))) == []
    other_day = ScheduledPause(2, TimeRange(time(14), time(15)))
    assert suggest_quiet_hours(events, TODAY, Schedule(scheduled_pauses=(other_day,)))
    assert suggest_quiet_hours(events, TODAY, Schedule(), dismissed=frozenset({"tue-14"})) == []


def test_only_the_last_four_weeks_count():
    # Six nudges turned away, but the fifth and sixth fell five weeks ago: four remain.
    five_weeks_ago = TODAY - timedelta(days=34)
    old = [*tuesdays_at_14(SKIP, SKIP, SKIP, SKIP),
           *nudge(at(f"{five_weeks_ago} 14:10"), SKIP, "old1"),
           *nudge(at(f"{five_weeks_ago} 14:50"), SKIP, "old2")]
    assert suggest_quiet_hours(old, TODAY, Schedule()) == []


def test_a_snoozed_nudge_counts_once_with_its_final_answer_and_restarts_not_at_all():
    events = tuesdays_at_14(SKIP, SKIP, SKIP, SKIP)
    first = at(f"{TUESDAYS[3]} 14:20")
    events += [Event(EventKind.OFFERED, first, nudge_id="s1"),
               Event(EventKind.SNOOZED, first + timedelta(minutes=1), nudge_id="s1"),
               Event(EventKind.OFFERED, first + timedelta(minutes=11), nudge_id="s2",
                     snoozed_from="s1"),
               Event(EventKind.DONE, first + timedelta(minutes=12), nudge_id="s2")]
    assert suggest_quiet_hours(events, TODAY, Schedule()) == [QuietHour(1, 14, 5, 4)]
    restarted = tuesdays_at_14(SKIP, SKIP, SKIP, SKIP) + nudge(
        at(f"{TUESDAYS[3]} 14:20"), MISS, "r1", reason="restart")
    assert suggest_quiet_hours(restarted, TODAY, Schedule()) == []
