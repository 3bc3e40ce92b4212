"""Property: totals are the sum of the days and the count of each kind of event in the week."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_summary import CET, W48, summarise

from nudge.core.events import BreakReason, Event, EventKind, Source

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
        assert day.goal_met == (day.done >= goal)
        assert day.prompted_done <= day.offered
        if day.completion_rate is not None:
            assert 0 <= day.completion_rate <= 1
    assert summary.streak_days >= 0
