"""Streak milestones (issue #20): 5, 10, 30 and 66 goal days, each celebrated once. Pure.

The engine asks `milestone_reached` after the Done that meets the day's goal, with the streak
counted from history (today included) and the milestones already celebrated (kept in
`nudge.state.milestones`); the words join the Done confirmation's progress words.
"""

from __future__ import annotations

from collections.abc import Collection

from nudge.core.i18n import N_, _, ngettext

MILESTONES = (5, 10, 30, 66)  # 66 days: the median time a new habit took to become automatic
_WORDS = {
    5: N_("5 goal days in your streak: a fine start of a habit!"),
    10: N_("10 goal days in your streak: this is becoming yours."),
    30: N_("30 goal days in your streak: a month of moving more!"),
    66: N_("66 goal days in your streak: by now it is a habit. Wonderful."),
}


def milestone_reached(streak_days: int, celebrated: Collection[int]) -> int | None:
    """The milestone the streak stands on now, if it was never celebrated; else None.

    Only the exact count: a streak that passed a milestone while nudge did not look (an older
    version, the app not running) is not celebrated days late."""
    if streak_days in MILESTONES and streak_days not in celebrated:
        return streak_days
    return None


def milestone_words(milestone: int) -> str:
    if milestone in _WORDS:
        return _(_WORDS[milestone])
    return ngettext("{n} goal day in your streak!", "{n} goal days in your streak!",
                    milestone).format(n=milestone)
