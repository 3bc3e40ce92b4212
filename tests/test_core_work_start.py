"""Outside work hours the status says when nudges start again (pure core: Schedule and Status)."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

from nudge.app.engine_status import status_data
from nudge.core.settings import Schedule, ScheduledPause, Settings, TimeRange

from sim import Act, Desk, Span, at

OFFICE = (TimeRange(time(8, 0), time(18, 0)),)


def schedule(**changes: object) -> Schedule:
    return replace(Schedule(), **changes)  # type: ignore[arg-type]


def test_friday_evening_and_the_weekend_point_at_monday_morning():
    plain = Schedule()  # Mon-Fri 08:00-18:00
    for moment in ("2026-11-27 18:00", "2026-11-27 23:30", "2026-11-28 12:00",
                   "2026-11-29 23:59"):
        assert plain.next_work_start(at(moment)) == at("2026-11-30 08:00"), moment


def test_early_morning_points_at_today_and_a_lunch_gap_at_its_end():
    day = (TimeRange(time(8, 0), time(12, 0)), TimeRange(time(13, 0), time(17, 0)))
    lunch = schedule(work_hours=(day, day, day, day, day, (), ()))
    assert lunch.next_work_start(at("2026-11-23 06:10")) == at("2026-11-23 08:00")
    assert lunch.next_work_start(at("2026-11-23 12:30")) == at("2026-11-23 13:00")
    assert lunch.next_work_start(at("2026-11-23 17:00")) == at("2026-11-24 08:00")


def test_a_scheduled_pause_over_the_start_moves_it_to_the_pause_end():
    standup = schedule(scheduled_pauses=(ScheduledPause(0, TimeRange(time(7, 30),
                                                                     time(9, 15))),))
    assert standup.next_work_start(at("2026-11-22 20:00")) == at("2026-11-23 09:15")


def test_one_workday_a_week_is_found_a_week_ahead_and_none_when_there_is_none():
    only_monday = schedule(work_hours=(OFFICE,) + ((),) * 6)
    assert only_monday.next_work_start(at("2026-11-23 18:30")) == at("2026-11-30 08:00")
    assert schedule(work_hours=((),) * 7).next_work_start(at("2026-11-23 09:00")) is None


def test_the_status_line_and_json_say_when_nudges_start():
    desk = Desk(at("2026-11-27 19:00")).run([Span(Act.TYPING, 5)])
    status = desk.session.status(desk.moment())
    assert status.line() == "Outside work hours · next nudges from Mon 08:00"
    data = status_data(status)
    assert data["phase"] == "off_hours" and data["line"] == status.line()
    assert data["next_work_start"] == "2026-11-30T08:00:00+01:00"

    never = Desk(at("2026-11-27 19:00"),
                 settings=Settings(schedule=schedule(work_hours=((),) * 7)))
    never.run([Span(Act.TYPING, 1)])
    assert never.session.status(never.moment()).line() == \
        "Outside work hours · no work hours are set"
    assert status_data(never.session.status(never.moment()))["next_work_start"] is None


def test_inside_work_hours_there_is_no_start_to_announce():
    desk = Desk(at("2026-11-23 09:00")).run([Span(Act.TYPING, 5)])
    status = desk.session.status(desk.moment())
    assert status.next_work_start is None and "Outside" not in status.line()


def line_at(moment: str, plan: Schedule | None = None) -> str:
    desk = Desk(at(moment), settings=Settings(schedule=plan or Schedule()))
    desk.run([Span(Act.TYPING, 1)])
    return desk.session.status(desk.moment()).line()


def test_the_start_says_today_or_tomorrow_and_a_weekday_only_further_away():
    # Mon-Fri 08:00-18:00; 2026-11-23 is a Monday.
    assert line_at("2026-11-23 06:30") == "Outside work hours · next nudges today from 08:00"
    assert line_at("2026-11-23 19:00") == "Outside work hours · next nudges tomorrow from 08:00"
    # Across midnight the same start turns from tomorrow into today.
    assert line_at("2026-11-23 23:58") == "Outside work hours · next nudges tomorrow from 08:00"
    assert line_at("2026-11-24 00:01") == "Outside work hours · next nudges today from 08:00"
    # Friday evening and Saturday: Monday is two or more days away.
    assert line_at("2026-11-27 19:00") == "Outside work hours · next nudges from Mon 08:00"
    assert line_at("2026-11-28 10:00") == "Outside work hours · next nudges from Mon 08:00"
    # Sunday evening: Monday is tomorrow, said so rather than "Mon".
    assert line_at("2026-11-29 21:00") == "Outside work hours · next nudges tomorrow from 08:00"
    # One workday a week, seen the evening of it: a week ahead, named by its weekday.
    only_monday = schedule(work_hours=(OFFICE,) + ((),) * 6)
    assert line_at("2026-11-23 18:30", only_monday) == \
        "Outside work hours · next nudges from Mon 08:00"
