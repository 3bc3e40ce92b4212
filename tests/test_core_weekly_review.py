"""The weekly review's rule (#20): at the first work hours of an ISO week, once, not while
paused; and its words: last week's line, warm, never guilt. Pure, with fixed clocks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_summary import manual

from nudge.core.iso_week import IsoWeek
from nudge.core.pauses import Pause
from nudge.core.settings import Goals, Schedule
from nudge.core.summary import build_weekly_summary
from nudge.core.weekly_review import review_due, review_words

from sim import at

THIS = IsoWeek(2026, 48)  # Monday 23 Nov 2026 .. Sunday 29 Nov
LAST = IsoWeek(2026, 47)


@pytest.mark.parametrize(("now", "shown", "paused", "due"), [
    ("2026-11-23 08:00", LAST, False, THIS),   # Monday, the first minute of work hours
    ("2026-11-23 07:59", LAST, False, None),   # before work
    ("2026-11-23 08:00", THIS, False, None),   # shown already this week
    ("2026-11-23 08:00", None, False, THIS),   # never shown: the first one
    ("2026-11-23 08:00", LAST, True, None),    # paused
    ("2026-11-23 18:30", LAST, False, None),   # after work
    ("2026-11-25 14:00", LAST, False, THIS),   # a start mid-week, not shown yet: now
    ("2026-11-25 14:00", THIS, False, None),   # a start mid-week, shown on Monday
    ("2026-11-28 10:00", LAST, False, None),   # Saturday: no work hours
    ("2026-11-30 08:00", THIS, False, IsoWeek(2026, 49)),  # the next Monday
])
def test_due_at_the_first_work_hours_of_the_week_once(now, shown, paused, due) -> None:
    moment = at(now)
    pause = Pause(moment - timedelta(minutes=5), None) if paused else None
    assert review_due(moment, Schedule(), pause, shown) == due


def test_a_pause_that_ended_does_not_hold_it() -> None:
    monday = at("2026-11-23 10:00")
    ended = Pause(monday - timedelta(hours=2), monday - timedelta(minutes=1))
    assert review_due(monday, Schedule(), ended, LAST) == THIS


def test_an_empty_first_workday_moves_it_to_the_next_work_hours() -> None:
    # Monday is no workday here: Tuesday 08:00 is the week's first work hour.
    schedule = Schedule(work_hours=((), *Schedule().work_hours[1:]))
    assert review_due(at("2026-11-23 10:00"), schedule, None, LAST) is None
    assert review_due(at("2026-11-24 08:00"), schedule, None, LAST) == THIS


def _line(last: list[int], before: list[int], goal: int = 5) -> str | None:
    """Rises per day: `last` from Monday of W47, `before` from Monday of W46."""
    events = [manual(start + timedelta(days=day), f"{9 + n % 9:02d}:{n // 9 * 5:02d}")
              for start, counts in ((date(2026, 11, 16), last), (date(2026, 11, 9), before))
              for day, rises in enumerate(counts) for n in range(rises)]
    summary = build_weekly_summary(events, LAST, Schedule(), Goals(daily_rises=goal),
                                   date(2026, 11, 23))
    return review_words(summary)


@pytest.mark.parametrize(("last", "before", "words"), [
    ([6, 6, 6, 6, 4], [5, 5, 5, 5, 5],
     "Last week: 28 rises on 4 goal days, up 3 on the week before."),
    ([5, 5, 5, 5], [5, 5, 5, 5], "Last week: 20 rises on 4 goal days, as many as the week before."),
    ([5, 5, 5, 3, 2], [6, 6, 6, 6], "Last week was a lighter week: 20 rises on 3 goal days."),
    ([2, 1], [], "Last week: 3 rises."),          # no goal day: not "on 0 goal days"
    ([5, 1], [], "Last week: 6 rises on 1 goal day."),
    ([], [6, 6, 6], None),                        # a week without a rise gets no line at all
])
def test_last_weeks_line(last, before, words) -> None:
    assert _line(last, before) == words


@pytest.mark.parametrize("last", [[1], [3, 1], [0, 0, 1], [6, 6, 6, 6, 6, 6, 6]])
def test_never_guilt(last) -> None:
    words = (_line(last, [9, 9, 9, 9, 9]) or "").lower()
    assert not any(bad in words for bad in ("only", "behind", "missed", "fewer", "less", "down",
                                            "drop", "0 goal"))
