"""Plain-text weekly summary for terminals (at most 80 columns), plus small formatters shared
with the chart. Pure: a `WeeklySummary` in, a string out, in the user's language; dates and
numbers come from `formats()` (English, spelled in the core, unless the process installed the
locale's), so output does not depend on the C locale.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from nudge.core.i18n import N_, _, columns, formats, join_words, ngettext, pgettext, wrap
from nudge.core.summary import DayStats, IsoWeek, WeeklySummary, WeekTotals, round_minutes

WIDTH = 80

# The table's columns: header, least width, and whether the cells are aligned left.
# Translators: the weekly summary table's column headers; keep them short (a word each).
# (least width, left-aligned) of each column; the headers are in `_headers`.
_COLUMNS = ((10, True), (5, False), (4, True), (7, False), (3, False), (4, False), (5, False),
            (8, False), (7, False), (5, False))
# Translators: the key under the weekly summary table; "Own", "Nudges" and "Rate" are the
# table's column headers.
_KEY = N_("Rises = nudges done + on your own (Own). Nudges: done/offered, each nudge counted "
          "once however often it was snoozed; Rate = done ÷ offered.")
# Translators: more of the key under the weekly summary table; "Reps", "Moved" and "Rises" are
# the table's column headers. A stretch is held, so its rounds are not counted as reps.
_MORE_KEY = N_("Reps leave out stretches (held, not repeated). Moved: the work hours in which "
               "you got up; a rise outside work hours counts in Rises only.")


def _pad(text: str, width: int, left: bool) -> str:
    space = " " * max(0, width - columns(text))
    return text + space if left else space + text


def _row(cells: tuple[str, ...], widths: list[int], gap: str = "  ") -> str:
    return gap.join(_pad(cell, width, left)
                    for cell, width, (_least, left) in zip(cells, widths, _COLUMNS,
                                                                  strict=True))


def _widths(rows: list[tuple[str, ...]]) -> list[int]:
    """Each column as wide as its least width or its widest cell, header included (a German
    header or day, a Spanish "perdonado", a French "100 %" is longer than the English one)."""
    return [max(least, *(columns(row[index]) for row in rows))
            for index, (least, _left) in enumerate(_COLUMNS)]


def _table(summary: WeeklySummary) -> list[str]:
    """Header, rule, a row per day, rule, the week's totals; every column lined up. The days
    name their month ("Mo., 23. Nov."), unless the table would then be wider than WIDTH:
    then the weekday and day are enough ("Mo., 23."; the title says the week's dates), and
    if it still is, the columns stand one space apart. Long headers may still go beyond."""
    header = _headers()
    totals = _totals_cells(summary.totals)
    for day_name, gap in ((format_day, "  "), (formats().weekday_day, "  "),
                          (formats().weekday_day, " ")):
        rows = [_day_cells(day, day_name, day.date in summary.forgiven_days)
                for day in summary.days]
        widths = _widths([header, *rows, totals])
        width = sum(widths) + len(gap) * (len(widths) - 1)
        if width <= WIDTH:
            break
    rule = "-" * width
    return [_row(header, widths, gap), rule, *(_row(row, widths, gap) for row in rows), rule,
            _row(totals, widths, gap)]


def format_hm(minutes: float, translate: Callable[[str], str] = _) -> str:
    """Compact minutes for tables: `0m`, `45m`, `5h 10m`, `26h`; `translate` is gettext's `_`
    unless the words must stay English (a picture with no font for the language)."""
    _ = translate  # named as gettext's, so `make pot` still finds the texts below
    total = max(round_minutes(minutes), 0)
    hours, rest = divmod(total, 60)
    if not hours:
        # Translators: a compact count of minutes in a table: "45m".
        return _("{minutes}m").format(minutes=rest)
    if rest:
        # Translators: compact hours and minutes in a table: "5h 05m".
        return _("{hours}h {minutes}m").format(hours=hours, minutes=f"{rest:02d}")
    # Translators: compact whole hours in a table: "26h".
    return _("{hours}h").format(hours=hours)


def format_day(day: date, with_year: bool = False) -> str:
    """`Mon 23 Nov`, or `Mon 23 Nov 2026` (in the user's locale)."""
    return formats().day(day, with_year)


def format_week_range(week: IsoWeek) -> str:
    """`23–29 Nov 2026`, `30 Nov – 6 Dec 2026` or `28 Dec 2026 – 3 Jan 2027`."""
    return formats().week_range(week.monday, week.sunday)


def format_rate(rate: float | None) -> str:
    return "–" if rate is None else formats().percent(rate)


def change_phrases(summary: WeeklySummary) -> list[str]:
    """The change against last week in words, rises first, e.g. `+4 rises vs last week`."""
    change = summary.change
    if change.rises > 0:
        phrases = [ngettext("+{n} rise vs last week", "+{n} rises vs last week",
                            change.rises).format(n=_number(change.rises))]
    elif change.rises < 0:
        phrases = [ngettext("{n} fewer rise than last week", "{n} fewer rises than last week",
                            -change.rises).format(n=_number(-change.rises))]
    else:
        phrases = [_("as many rises as last week")]
    if change.reps:
        # Translators: the change in repetitions against last week: "+10 reps", "-3 reps".
        phrases.append(ngettext("{n} rep", "{n} reps", abs(change.reps)).format(
            n=("+" if change.reps > 0 else "-") + _number(abs(change.reps))))
    if change.seated_minutes:
        time = format_hm(abs(change.seated_minutes))
        phrases.append(_("{time} less sitting").format(time=time) if change.seated_minutes < 0
                       else _("{time} more sitting").format(time=time))
    points = round((change.nudge_rate or 0.0) * 100)
    if points > 0:
        # Translators: percentage points of the share of nudges done.
        phrases.append(ngettext("nudge rate up {n} point", "nudge rate up {n} points",
                                points).format(n=_number(points)))
    elif points < 0:
        # Translators: percentage points of the share of nudges done.
        phrases.append(ngettext("nudge rate down {n} point", "nudge rate down {n} points",
                                -points).format(n=_number(-points)))
    return phrases


def streak_sentence(summary: WeeklySummary) -> str:
    if summary.streak_days == 0:
        return ngettext("No streak yet: a workday with {n} rise starts one.",
                        "No streak yet: a workday with {n} rises starts one.",
                        summary.daily_goal).format(n=_number(summary.daily_goal))
    if summary.streak_days == 1:
        return _("Streak: 1 workday with the goal met. A good start!")
    if summary.forgiven_days:
        return ngettext("Streak: {n} workday with the goal met. Keep it going!",
                        "Streak: {n} workdays with the goal met. Keep it going!",
                        summary.streak_days).format(n=_number(summary.streak_days))
    return ngettext("Streak: {n} workday in a row with the goal met. Keep it going!",
                    "Streak: {n} workdays in a row with the goal met. Keep it going!",
                    summary.streak_days).format(n=_number(summary.streak_days))


def forgiven_sentence(summary: WeeklySummary) -> str:
    """Which missed workday the streak forgave (#20), or "" when none did."""
    this_week = sorted(day for day in summary.forgiven_days if day in summary.week.days())
    if len(this_week) == 1:
        return _("{day} was forgiven: one missed workday in any seven keeps the streak.").format(
            day=format_day(this_week[0]))
    if this_week:
        # Translators: two (rarely more) missed workdays the streak forgave: "Mon 2 Nov and
        # Sun 8 Nov were forgiven: …".
        return _("{first} and {second} were forgiven: one missed workday in any seven keeps "
                 "the streak.").format(first=join_words(
                     format_day(day) for day in this_week[:-1]),
                     second=format_day(this_week[-1]))
    if summary.forgiven_days:
        count = len(summary.forgiven_days)
        return ngettext("{n} missed workday forgiven along the way: one in any seven keeps the "
                        "streak.",
                        "{n} missed workdays forgiven along the way: one in any seven keeps "
                        "the streak.", count).format(n=_number(count))
    return ""


def summary_to_text(summary: WeeklySummary) -> str:
    """A compact table, one row per day, then totals, the streak and the change vs last week."""
    # Translators: the summary's title: "Week 2026-W48 · 23–29 Nov 2026".
    lines = [_("Week {week} · {dates}").format(week=summary.week,
                                               dates=format_week_range(summary.week)), ""]
    lines += _table(summary)
    lines += _wrap(_(_KEY))
    lines += _wrap(_(_MORE_KEY))
    lines.append("")
    goal, met = summary.daily_goal, summary.totals.goal_days
    if met:
        # Translators: {goal} is "{n} rises a workday" below; {met} how many days met it.
        lines.append(ngettext("Goal: {goal}; met on {met} day this week.",
                              "Goal: {goal}; met on {met} days this week.", met).format(
            goal=_goal(goal), met=_number(met)))
    else:
        lines.append(_("Goal: {goal}.").format(goal=_goal(goal)))
    lines.append(streak_sentence(summary))
    lines += _wrap(forgiven_sentence(summary))
    if _is_empty(summary.totals) and _is_empty(summary.previous_totals):
        lines.append(_("Nothing recorded yet. Your first rise will show up here."))
    elif _is_empty(summary.previous_totals):
        lines.append(_("Nothing recorded in {week} to compare with.").format(
            week=summary.previous_week))
    else:
        # Translators: the changes against last week, joined by the list separator, as one
        # sentence: "+4 rises vs last week, +10 reps."
        sentence = _("{changes}.").format(
            changes=join_words(change_phrases(summary)))
        lines += _wrap(sentence[0].upper() + sentence[1:])
    return "\n".join(lines) + "\n"


def _headers() -> tuple[str, ...]:
    """The table's column headers: short words, apart from the picture's tile titles (a
    terminal table is 80 columns wide; abbreviate freely, the key under it explains)."""
    # Translators: the weekly summary table's column headers, in a terminal 80 columns wide:
    # keep each short (abbreviate if needed; the key under the table names them).
    return (pgettext("summary table header", "Day"), pgettext("summary table header", "Rises"),
            pgettext("summary table header", "Goal"), pgettext("summary table header", "Nudges"),
            pgettext("summary table header", "Own"), pgettext("summary table header", "Rate"),
            pgettext("summary table header", "Reps"), pgettext("summary table header", "Seated"),
            pgettext("summary table header", "Longest"),
            pgettext("summary table header", "Moved"))


def _goal(goal: int) -> str:
    # Translators: the daily goal, inside "Goal: {goal}."
    return ngettext("{n} rise a workday", "{n} rises a workday", goal).format(n=_number(goal))


def _wrap(text: str) -> list[str]:
    """`text` in lines of at most WIDTH columns (CJK text has no spaces: cut between
    characters)."""
    return wrap(text, WIDTH)


def nudges_cell(stats: DayStats | WeekTotals) -> str:
    """`3/4`: nudges done of nudges offered; `–` when none was offered."""
    return f"{_number(stats.nudges_done)}/{_number(stats.nudges_offered)}" \
        if stats.nudges_offered else "–"


def _moved(hours: int) -> str:
    # Translators: hours with a move, in a table: "5 h".
    return ngettext("{n} h", "{n} h", hours).format(n=_number(hours))


def _day_cells(day: DayStats, day_name: Callable[[date], str],
               forgiven: bool = False) -> tuple[str, ...]:
    # Translators: the Goal column of the summary table: the day's goal was met, or a missed
    # workday the streak forgave ("pass"). Keep them short.
    goal = pgettext("summary goal", "met") if day.goal_met and day.rises else \
        pgettext("summary goal", "pass") if forgiven else ""
    return (day_name(day.date), _number(day.rises), goal, nudges_cell(day),
            _number(day.on_your_own), format_rate(day.nudge_rate), _number(day.reps),
            format_hm(day.seated_minutes),
            format_hm(day.longest_stretch_minutes), _moved(day.moved_hours))


def _totals_cells(totals: WeekTotals) -> tuple[str, ...]:
    # Translators: the label of the summary table's totals row.
    return (pgettext("summary table", "Week"), _number(totals.rises), "", nudges_cell(totals),
            _number(totals.on_your_own), format_rate(totals.nudge_rate), _number(totals.reps),
            format_hm(totals.seated_minutes), format_hm(totals.longest_stretch_minutes),
            _moved(totals.moved_hours))


def _number(count: int) -> str:
    """A count as the locale writes it: German `18.900`, French `18 900` (English `18900`)."""
    return formats().number(count)


def _is_empty(totals: WeekTotals) -> bool:
    return not (totals.offered or totals.done or totals.seated_minutes or totals.moved_hours)
