"""Property: totals are the sum of the days and the count of each kind of event in the week;
the rise numbers never contradict each other, whatever mix of snoozes, re-shows and rises logged
by hand the history holds."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_summary import CET, W48, summarise

from nudge.core.events import BreakReason, Event, EventKind, Source
from nudge.core.summary_counts import RiseCounts

WEEK_START = datetime.combine(W48.monday, time(), tzinfo=CET)
COUNTED = (EventKind.OFFERED, EventKind.DONE, EventKind.SNOOZED, EventKind.SKIPPED,
           EventKind.MISSED)


@st.composite
def events(draw: st.DrawFn) -> Event:
    # Three weeks around W48 so some events fall outside it.
    at = WEEK_START + timedelta(minutes=draw(st.integers(-7 * 1440, 14 * 1440 - 1)))
    kind = draw(st.sampled_from(list(EventKind)))
    nudge_id = draw(st.sampled_from(["a", "b", "c", "d", None]))
    if kind is EventKind.DONE:
        return Event(kind, at, nudge_id=nudge_id, reps=draw(st.none() | st.integers(0, 30)),
                     source=draw(st.sampled_from([Source.PROMPT, Source.MANUAL, None])))
    if kind in (EventKind.STRETCH, EventKind.BREAK):
        start = at - timedelta(minutes=draw(st.integers(0, 3000)))
        reason = draw(st.sampled_from([*BreakReason, "other", None]))
        return Event(kind, at, start=start, reason=reason)
    return Event(kind, at, nudge_id=nudge_id)


@settings(max_examples=200, deadline=None)
@given(st.lists(events(), max_size=60), st.integers(0, 8))
def test_totals_are_the_sum_of_days_and_the_count_of_events(history, goal):
    summary = summarise(history, goal=goal)
    days, totals = summary.days, summary.totals
    in_week = [e for e in history if W48.monday <= e.at.date() <= W48.sunday]

    for field in ("offered", "done", "snoozed", "skipped", "missed", "reps", "moved_hours",
                  "prompted_done", "goal_met"):
        total_field = "goal_days" if field == "goal_met" else field
        assert getattr(totals, total_field) == sum(getattr(d, field) for d in days)
    for kind in COUNTED:
        assert getattr(totals, kind.value) == sum(e.kind is kind for e in in_week)
    assert totals.reps == sum(e.reps or 0 for e in in_week if e.kind is EventKind.DONE)
    assert totals.seated_minutes == pytest.approx(sum(d.seated_minutes for d in days))
    assert totals.longest_stretch_minutes == max(d.longest_stretch_minutes for d in days)
    for day in days:
        assert day.seated_minutes <= 1440 + 1e-9
        assert day.moved_clock_hours <= day.work_clock_hours
        assert day.goal_met == (day.rises >= goal)
        assert_rise_numbers_agree(day)
        assert day.prompted_done <= day.offered
        if day.completion_rate is not None:
            assert 0 <= day.completion_rate <= 1
    assert_rise_numbers_agree(totals)
    assert summary.streak_days >= 0


def assert_rise_numbers_agree(stats) -> None:
    assert 0 <= stats.nudges_done <= stats.nudges_offered
    assert stats.on_your_own >= 0
    assert stats.rises == stats.nudges_done + stats.on_your_own
    if stats.nudge_rate is None:
        assert stats.nudges_offered == 0
    else:
        assert 0.0 <= stats.nudge_rate <= 1.0
        assert stats.nudge_rate == stats.nudges_done / stats.nudges_offered


@st.composite
def nudges(draw: st.DrawFn, name: str) -> tuple[list[Event], bool]:
    """One nudge as the planner writes it: shown, perhaps shown again (no new event), snoozed
    0..4 times (each time shown again under a new id naming the first), then one last outcome
    or none yet. Returns its events and whether it ended done."""
    at = WEEK_START + timedelta(minutes=draw(st.integers(-1440, 8 * 1440)))
    ids = [f"{name}.{n}" for n in range(draw(st.integers(0, 4)) + 1)]
    events: list[Event] = []
    for n, nudge_id in enumerate(ids):
        events.append(Event(EventKind.OFFERED, at, nudge_id=nudge_id,
                            snoozed_from=ids[0] if n else None))
        at += timedelta(minutes=draw(st.integers(1, 30)))
        if n < len(ids) - 1:
            events.append(Event(EventKind.SNOOZED, at, nudge_id=nudge_id, until=at))
            at += timedelta(minutes=draw(st.integers(1, 120)))
    last = draw(st.sampled_from([EventKind.DONE, EventKind.SKIPPED, EventKind.MISSED, None]))
    if last is EventKind.DONE:
        events.append(Event(last, at, nudge_id=ids[-1], reps=5,
                            source=draw(st.sampled_from([Source.PROMPT, None]))))
    elif last is not None:
        events.append(Event(last, at, nudge_id=ids[-1]))
    return events, last is EventKind.DONE


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[Event], int, int, int]:
    """Planner-like nudges, rises logged by hand and random noise, shuffled. Returns the events
    and how many nudges (first shown in W48), of them done, and rises on your own are in W48."""
    events: list[Event] = []
    offered = done = 0
    for number in range(draw(st.integers(0, 25))):
        nudge, was_done = draw(nudges(f"n{number}"))
        events += nudge
        if W48.monday <= nudge[0].at.date() <= W48.sunday:
            offered += 1
            done += was_done
    own = [Event(EventKind.DONE, WEEK_START + timedelta(minutes=minute), reps=4,
                 source=Source.MANUAL)
           for minute in draw(st.lists(st.integers(-1440, 8 * 1440), max_size=20))]
    events += own
    on_your_own = sum(W48.monday <= e.at.date() <= W48.sunday for e in own)
    return draw(st.permutations(events)), offered, done, on_your_own


@settings(max_examples=120, deadline=None)
@given(histories())
def test_each_nudge_counts_once_however_often_it_was_snoozed_or_shown(case):
    history, offered, done, on_your_own = case
    totals = summarise(history).totals
    assert (totals.nudges_offered, totals.nudges_done, totals.on_your_own) == (
        offered, done, on_your_own)
    assert_rise_numbers_agree(totals)


@settings(max_examples=80, deadline=None)
@given(histories(), st.lists(events(), max_size=30))
def test_rise_numbers_never_contradict_each_other_even_in_a_damaged_history(case, noise):
    summary = summarise([*case[0], *noise])
    for day in summary.days:
        assert_rise_numbers_agree(day)
    assert_rise_numbers_agree(summary.totals)
    assert summary.totals.counts == sum((d.counts for d in summary.days), RiseCounts())
