"""Plain-text weekly summary for terminals (at most 80 columns), plus small formatters shared
with the chart. Pure: a `WeeklySummary` in, a string out. Day and month names are spelled here,
not taken from the C locale, so output is the same everywhere.
"""

from __future__ import annotations

import textwrap
from datetime import date

from nudge.core.summary import DayStats, IsoWeek, WeeklySummary, WeekTotals, round_minutes
from nudge.core.words import counted, plural

WIDTH = 80
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_ROW = "{:<10}  {:>5}  {:<4}  {:>7}  {:>3}  {:>4}  {:>5}  {:>8}  {:>7}  {:>5}"
_HEADER = _ROW.format("Day", "Rises", "Goal", "Nudges", "Own", "Rate", "Reps", "Seated",
                      "Longest", "Moved")
_KEY = ("Rises = nudges done + on your own (Own). Nudges: done/offered, each nudge counted "
        "once however often it was snoozed; Rate = done ÷ offered.")
_RULE = "-" * len(_HEADER)


def format_hm(minutes: float) -> str:
    """Compact minutes for tables: `0m`, `45m`, `5h 10m`, `26h`."""
    total = max(round_minutes(minutes), 0)
    hours, rest = divmod(total, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h {rest:02d}m" if rest else f"{hours}h"


def format_day(day: date, with_year: bool = False) -> str:
    """`Mon 23 Nov`, or `Mon 23 Nov 2026`."""
    text = f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def format_week_range(week: IsoWeek) -> str:
    """`23–29 Nov 2026`, `30 Nov – 6 Dec 2026` or `28 Dec 2026 – 3 Jan 2027`."""
    first, last = week.monday, week.sunday
    end = f"{last.day} {MONTH_NAMES[last.month - 1]} {last.year}"
    if first.month == last.month:
        return f"{first.day}–{end}"
    if first.year == last.year:
        return f"{first.day} {MONTH_NAMES[first.month - 1]} – {end}"
    return f"{first.day} {MONTH_NAMES[first.month - 1]} {first.year} – {end}"


def format_rate(rate: float | None) -> str:
    return "–" if rate is None else f"{round(rate * 100)}%"


def change_phrases(summary: WeeklySummary) -> list[str]:
    """The change against last week in words, rises first, e.g. `+4 rises vs last week`."""
    change = summary.change
    if change.rises > 0:
        phrases = [f"+{counted(change.rises, 'rise')} vs last week"]
    elif change.rises < 0:
        phrases = [f"{-change.rises} fewer {plural(-change.rises, 'rise')} than last week"]
    else:
        phrases = ["as many rises as last week"]
    if change.reps:
        phrases.append(f"{change.reps:+d} {plural(change.reps, 'rep')}")
    if change.seated_minutes:
        less_or_more = "less" if change.seated_minutes < 0 else "more"
        phrases.append(f"{format_hm(abs(change.seated_minutes))} {less_or_more} sitting")
    points = round((change.nudge_rate or 0.0) * 100)
    if points:
        phrases.append(f"nudge rate {'up' if points > 0 else 'down'} "
                       f"{counted(abs(points), 'point')}")
    return phrases


def streak_sentence(summary: WeeklySummary) -> str:
    goal = counted(summary.daily_goal, "rise")
    if summary.streak_days == 0:
        return f"No streak yet: a workday with {goal} starts one."
    if summary.streak_days == 1:
        return "Streak: 1 workday with the goal met. A good start!"
    in_a_row = "" if summary.forgiven_days else " in a row"
    return f"Streak: {summary.streak_days} workdays{in_a_row} with the goal met. Keep it going!"


def forgiven_sentence(summary: WeeklySummary) -> str:
    """Which missed workday the streak forgave (#20), or "" when none did."""
    this_week = [day for day in summary.forgiven_days if day in summary.week.days()]
    if this_week:
        days = " and ".join(format_day(day) for day in sorted(this_week))
        verb = "was" if len(this_week) == 1 else "were"
        return f"{days} {verb} forgiven: one missed workday in any seven keeps the streak."
    if summary.forgiven_days:
        missed = counted(len(summary.forgiven_days), "missed workday")
        return f"{missed} forgiven along the way: one in any seven keeps the streak."
    return ""


def summary_to_text(summary: WeeklySummary) -> str:
    """A compact table, one row per day, then totals, the streak and the change vs last week."""
    lines = [f"Week {summary.week} · {format_week_range(summary.week)}", "", _HEADER, _RULE]
    lines += [_day_row(day, day.date in summary.forgiven_days) for day in summary.days]
    lines += [_RULE, _totals_row(summary.totals)]
    lines += textwrap.wrap(_KEY, WIDTH)
    lines.append("")
    goal = f"{counted(summary.daily_goal, 'rise')} a workday"
    met = summary.totals.goal_days
    lines.append(f"Goal: {goal}; met on {counted(met, 'day')} this week."
                 if met else f"Goal: {goal}.")
    lines.append(streak_sentence(summary))
    lines += textwrap.wrap(forgiven_sentence(summary), WIDTH)
    if _is_empty(summary.totals) and _is_empty(summary.previous_totals):
        lines.append("Nothing recorded yet. Your first rise will show up here.")
    elif _is_empty(summary.previous_totals):
        lines.append(f"Nothing recorded in {summary.previous_week} to compare with.")
    else:
        sentence = ", ".join(change_phrases(summary)) + "."
        lines += textwrap.wrap(sentence[0].upper() + sentence[1:], WIDTH)
    return "\n".join(lines) + "\n"


def nudges_cell(stats: DayStats | WeekTotals) -> str:
    """`3/4`: nudges done of nudges offered; `–` when none was offered."""
    return f"{stats.nudges_done}/{stats.nudges_offered}" if stats.nudges_offered else "–"


def _day_row(day: DayStats, forgiven: bool = False) -> str:
    return _ROW.format(
        format_day(day.date),
        day.rises,
        "met" if day.goal_met and day.rises else "pass" if forgiven else "",
        nudges_cell(day),
        day.on_your_own,
        format_rate(day.nudge_rate),
        day.reps,
        format_hm(day.seated_minutes),
        format_hm(day.longest_stretch_minutes),
        f"{day.moved_hours} h",
    )


def _totals_row(totals: WeekTotals) -> str:
    return _ROW.format(
        "Week",
        totals.rises,
        "",
        nudges_cell(totals),
        totals.on_your_own,
        format_rate(totals.nudge_rate),
        totals.reps,
        format_hm(totals.seated_minutes),
        format_hm(totals.longest_stretch_minutes),
        f"{totals.moved_hours} h",
    )


def _is_empty(totals: WeekTotals) -> bool:
    return not (totals.offered or totals.done or totals.seated_minutes or totals.moved_hours)
