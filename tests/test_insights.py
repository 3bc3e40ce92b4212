"""Month and year numbers (`nudge.core.insights`): a hand-built week gives exact day states,
long-stretch counts, weekly trends and the hour map, and every number equals the weekly
summary's for the same days (one definition, not two)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from test_summary import (
    FRI,
    MON,
    SAT,
    SUN,
    THU,
    TUE,
    W48,
    WED,
    at,
    offer,
    realistic_week,
    sit,
)

from nudge.config import AppConfig
from nudge.core.events import Event, EventKind, Source
from nudge.core.insights import DayState, HourCell, day_state, range_insights
from nudge.core.settings import Goals, Schedule
from nudge.core.summary import IsoWeek, build_weekly_summary
from nudge.core.summary_counts import RiseCounts
from nudge.core.summary_stats import DayStats
from nudge.store.history import insights_between, weekly_summary

from fakes import FakeStore

GOALS = Goals(daily_rises=6)
HELD = frozenset({"hip_flexor_break"})  # a stretch: its Dones add no reps


def week_insights():  # type: ignore[no-untyped-def]
    return range_insights(realistic_week(), MON, SUN, Schedule(), GOALS)


@pytest.mark.parametrize(("day", "state", "over_30", "over_60"), [
    (MON, DayState.MET, 6, 4),  # five nudges done and one logged by hand
    (TUE, DayState.MET, 2, 2),
    (WED, DayState.SOME, 1, 1),
    (THU, DayState.MET, 2, 2),
    (FRI, DayState.MET, 2, 2),  # the late film's part before midnight is 90 minutes
    (SAT, DayState.SOME, 1, 1),  # a day off with a rise; the film's part after midnight
    (SUN, DayState.DAY_OFF, 0, 0),
], ids=lambda v: v.strftime("%a") if isinstance(v, date) else None)
def test_each_day_has_its_goal_state_and_long_stretches(day, state, over_30, over_60) -> None:  # type: ignore[no-untyped-def]
    found = {d.date: d for d in week_insights().days}[day]
    assert (found.state, found.long_stretches) == (state, (over_30, over_60))


@pytest.mark.parametrize(("rises", "goal_met", "workday", "state"), [
    (0, False, True, DayState.NONE), (0, False, False, DayState.DAY_OFF),
    (2, False, True, DayState.SOME), (2, False, False, DayState.SOME),
    (6, True, True, DayState.MET), (6, True, False, DayState.MET),
    (0, True, True, DayState.MET),  # a goal of zero is met on a workday
    (0, True, False, DayState.DAY_OFF),  # ... but a day off stays a day off
])
def test_day_state_table(rises: int, goal_met: bool, workday: bool, state: DayState) -> None:
    stats = DayStats(date=MON, goal_met=goal_met, counts=RiseCounts(rises, 0, rises))
    assert day_state(stats, workday) is state


def test_the_week_trend_is_the_weekly_summary_and_per_workday_averages() -> None:
    summary = build_weekly_summary(realistic_week(), W48, Schedule(), GOALS, SUN)
    (week,) = week_insights().weeks
    assert week.week == W48 and week.totals == summary.totals
    assert [d.stats for d in week_insights().days] == list(summary.days)
    assert (week.totals.nudge_rate, week.totals.rises, week.totals.reps) == (
        summary.totals.nudge_rate, summary.totals.rises, summary.totals.reps)
    assert week.workdays == 5
    assert week.seated_minutes_per_workday == pytest.approx((500 + 480 + 600 + 360 + 270) / 5)
    assert week.long_stretches_per_workday == pytest.approx(((6 + 2 + 1 + 2 + 2) / 5,
                                                             (4 + 2 + 1 + 2 + 2) / 5))


def test_the_hour_map_counts_answers_to_nudges_by_when_they_were_given() -> None:
    hours = week_insights().hours
    assert hours[(0, 9)] == HourCell(done=2)  # Monday 09:01 and 09:31
    assert hours[(0, 14)] == HourCell(done=1, not_done=1)  # done 14:01, missed 14:31
    assert hours[(0, 11)] == HourCell(not_done=1)  # skipped
    assert (0, 16) not in hours  # a rise logged by hand answered no nudge
    assert (5, 11) not in hours
    assert sum(c.done for c in hours.values()) == week_insights().weeks[0].totals.nudges_done


def test_a_range_cut_mid_week_counts_only_its_days() -> None:
    insights = range_insights(realistic_week(), WED, FRI + timedelta(days=7), Schedule(), GOALS)
    assert [w.week for w in insights.weeks] == [W48, IsoWeek.containing(MON + timedelta(days=7))]
    first, second = insights.weeks
    assert first.workdays == 3 and first.totals.rises == 1 + 6 + 6 + 1  # Wednesday to Sunday
    assert second.totals.rises == 0 and second.workdays == 5
    assert second.seated_minutes_per_workday == 0
    assert all(d.state is DayState.NONE for d in insights.days[-5:])
    assert (0, 9) not in insights.hours  # Monday is outside the range


def test_a_weekend_only_range_has_no_per_workday_numbers() -> None:
    (week,) = range_insights(realistic_week(), SAT, SUN, Schedule(), GOALS).weeks
    assert week.workdays == 0 and week.seated_minutes_per_workday is None
    assert week.long_stretches_per_workday == (None, None)


def test_the_store_reading_gives_what_summary_json_gives() -> None:
    settings = AppConfig().settings
    events = [*realistic_week(), *offer(MON + timedelta(days=7), "09:00", EventKind.DONE, 8),
              sit(MON - timedelta(days=1), "10:00", "11:00")]
    store = FakeStore(events=events)
    insights = insights_between(store, MON, SUN + timedelta(days=7), settings, None, HELD)
    for found in insights.weeks:
        assert found.totals == weekly_summary(store, found.week, settings, SUN, HELD).totals


NEXT_MON = MON + timedelta(days=7)
THIS_MON = MON + timedelta(days=14)  # Monday 7 December 2026: W50 has just begun
W49, W50 = IsoWeek.containing(NEXT_MON), IsoWeek.containing(THIS_MON)


def three_weeks() -> list[Event]:
    """W48 as lived, a W49 of three rises, and W50's first nudge on its Monday morning."""
    rises = [e for hhmm in ("09:00", "10:00", "11:00") for e in offer(NEXT_MON, hhmm,
                                                                     EventKind.DONE, 8)]
    return [*realistic_week(), *rises, *offer(THIS_MON, "08:30", EventKind.SKIPPED)]


def test_on_a_monday_the_trend_lines_leave_out_the_week_just_begun() -> None:
    insights = range_insights(three_weeks(), MON, THIS_MON, Schedule(), GOALS, today=THIS_MON)
    assert [w.week for w in insights.weeks] == [W48, W49, W50]
    assert [w.week for w in insights.trend_weeks] == [W48, W49]
    assert insights.trend_weeks[-1].totals.rises == 3  # "latest full week 3", not 0
    assert not insights.trend_in_progress
    assert insights.days[-1].date == THIS_MON and (0, 8) in insights.hours  # today still counts


@pytest.mark.parametrize(("today", "drawn"), [(THIS_MON - timedelta(days=1), 1),
                                               (THIS_MON, 2)], ids=["Sunday", "Monday"])
def test_a_week_is_complete_once_its_sunday_is_over(today: date, drawn: int) -> None:
    insights = range_insights(three_weeks(), MON, today, Schedule(), GOALS, today=today)
    assert [w.week for w in insights.trend_weeks] == [W48, W49][:drawn]


@pytest.mark.parametrize("first", [MON, MON - timedelta(days=14)], ids=["from", "before"])
def test_a_new_users_first_week_is_kept_so_the_year_is_not_empty(first: date) -> None:
    """Their history began this Monday; the year's range may start at their first week or
    earlier, at weeks with no history at all."""
    insights = range_insights(realistic_week()[:4], first, WED, Schedule(), GOALS, today=WED)
    assert insights.trend_weeks == insights.weeks and insights.weeks[-1].week == W48
    assert insights.trend_weeks[-1].totals.rises == 2
    assert insights.trend_in_progress  # its value is one "so far"


def test_a_past_year_draws_every_week() -> None:
    first, last = MON - timedelta(days=7), THIS_MON + timedelta(days=6)
    insights = range_insights(three_weeks(), first, last, Schedule(), GOALS,
                              today=date(2027, 3, 1))
    assert insights.trend_weeks == insights.weeks and len(insights.weeks) == 4
    assert not insights.trend_in_progress


def test_the_window_leaves_out_the_reps_of_a_stretch_from_the_users_own_file(
        tmp_path: Path) -> None:
    """The insights window reads the user's exercises too: a stretch of their own adds no reps,
    as in `nudge status` and `nudge summary`."""
    from nudge.paths import resolve_paths
    from nudge.windows.insights_data import InsightsData

    paths = resolve_paths({"NUDGE_HOME": str(tmp_path)})
    paths.ensure()
    paths.user_exercises_file.write_text(
        '[[exercise]]\nid = "door_stretch"\nname = "Doorway hip stretch"\n'
        'cues = ["Step through the door.", "Hold."]\nreps = 3\nkind = "hip_flexor"\n'
        'where = "standing"\n', encoding="utf-8")
    data = InsightsData(paths)
    data.store.append(offer(MON, "10:00", EventKind.DONE, 5)[1])
    data.store.append(Event(EventKind.DONE, at(MON, "11:00"), exercise="door_stretch", reps=3,
                            source=Source.MANUAL))

    week = data.summary(W48, SUN)
    days = data.insights(MON, MON, SUN).days

    assert "door_stretch" in data.held
    assert (week.days[0].rises, week.totals.reps) == (2, 5)
    assert (days[0].stats.rises, days[0].stats.reps) == (2, 5)
