"""The weekly review (#20): at the first work hours of an ISO week, once, a quiet line about the
week before ("28 rises on 4 goal days, up 3 on the week before"). Pure: which moment and which
words; the engine (`nudge.app.weekly_review`) shows it and remembers the week.

Warm, never guilt: a week below the one before is "a lighter week", never a drop; a week with
no rise at all gets no review (nothing to celebrate, and nothing to reproach).
"""

from __future__ import annotations

from datetime import datetime

from nudge.core.i18n import _, ngettext
from nudge.core.iso_week import IsoWeek
from nudge.core.pauses import Pause
from nudge.core.settings import Schedule
from nudge.core.summary_stats import WeeklySummary


def review_due(now: datetime, schedule: Schedule, pause: Pause | None,
               shown: IsoWeek | None) -> IsoWeek | None:
    """The week (this one) whose review is due now, or None: due at the first moment of the week
    inside work hours and not paused, if not shown this week yet. So a start mid-week shows it
    then, if this week's has not been shown."""
    week = IsoWeek.containing(now.date())
    if shown == week or not schedule.is_work_time(now):
        return None
    if pause is not None and pause.active(now):
        return None
    return week


def review_words(last_week: WeeklySummary) -> str | None:
    """The line for `last_week` (its summary, with the week before it); None if it had no rise."""
    totals, before = last_week.totals, last_week.previous_totals
    if totals.rises == 0:
        return None
    rises, days = totals.rises, totals.goal_days
    if days:
        # Translators: {rises} is "28 rises" just below; {days} counts goal days.
        line = ngettext("{rises} on {days} goal day", "{rises} on {days} goal days",
                        days).format(rises=_rises(rises), days=days)
    else:
        line = _rises(rises)
    change = totals.rises - before.rises
    if before.rises == 0:
        # Translators: {line} is "28 rises on 4 goal days" (or "28 rises").
        return _("Last week: {line}.").format(line=line)
    if change > 0:
        return _("Last week: {line}, up {n} on the week before.").format(line=line, n=change)
    if change == 0:
        return _("Last week: {line}, as many as the week before.").format(line=line)
    return _("Last week was a lighter week: {line}.").format(line=line)


def _rises(count: int) -> str:
    return ngettext("{n} rise", "{n} rises", count).format(n=count)
