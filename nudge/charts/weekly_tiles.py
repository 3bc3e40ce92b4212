"""The top of the weekly PNG: the week's title and its four tiles (rises, reps, time seated,
streak), each with its change from last week, for `nudge.charts.weekly_png`.

Drawn with `nudge.charts.pen` in the picture's logical pixels; runs on whichever thread draws
the picture (it only reads the summary).
"""

from __future__ import annotations

from nudge.charts.pen import BETTER, DONE, GOAL, INK, MUTED, WORSE, Colour, Pen
from nudge.charts.words import Words
from nudge.core.summary import WeeklySummary


def draw_header(pen: Pen, summary: WeeklySummary, w: Words) -> None:
    week = summary.week
    pen.text((24, 24), w._("Week {number}").format(number=week.week) + "  ·  "
             + w.dates.week_range(week.monday, week.sunday), 24, INK, max_width=560)
    pen.text((24, 58), w._("Your week with nudge") + f"  ·  {summary.week}", 13, MUTED,
             max_width=520)
    brand = pen.width("nudge", 16)
    pen.dot((776 - brand - 14, 37), 6, DONE)
    pen.text((776, 37), "nudge", 16, INK, anchor="rm")


def draw_tiles(pen: Pen, summary: WeeklySummary, w: Words) -> None:
    totals, change = summary.totals, summary.change
    has_history = bool(summary.previous_totals.offered or summary.previous_totals.done
                       or summary.previous_totals.seated_minutes)
    # Rises = nudges done + on your own; the corner and the aside show the two parts.
    nudged = w.ngettext("{done} of {n} nudge", "{done} of {n} nudges", totals.nudges_offered,
                       done=w.number(totals.nudges_done)) \
        if totals.nudges_offered else ""
    own = w._("{count} on your own").format(count=w.number(totals.on_your_own)) \
        if totals.on_your_own else ""
    streak_unit = w.ngettext("workday", "workdays", summary.streak_days)
    streak_note = (w.ngettext("{n} missed day forgiven", "{n} missed days forgiven",
                             len(summary.forgiven_days)), GOAL) \
        if summary.forgiven_days else (w.ngettext("goal: {n} rise a workday",
                                                 "goal: {n} rises a workday",
                                                 summary.daily_goal), MUTED)
    tiles = [
        (w._("Rises"), own, w.number(totals.rises), nudged,
         _change(change.rises, "", has_history, w)),
        (w._("Reps"), "", w.number(totals.reps), "", _change(change.reps, "", has_history, w)),
        (w._("Time seated"), w._("longest {time}").format(
            time=w.hm(totals.longest_stretch_minutes)),
         w.hm(totals.seated_minutes), "",
         _change(change.seated_minutes, "m", has_history, w, lower_is_better=True)),
        (w._("Streak"), "", w.number(summary.streak_days), streak_unit, streak_note),
    ]
    width, gap, top, height = (752 - 3 * 12) / 4, 12, 86, 80
    for i, (label, corner, value, aside, (note, note_colour)) in enumerate(tiles):
        x = 24 + i * (width + gap)
        pen.card((x, top, x + width, top + height))
        label_width = pen.text((x + 14, top + 13), label, 12, MUTED, max_width=width - 28)
        if corner:
            pen.text((x + width - 14, top + 13), corner, 11, MUTED, anchor="ra",
                     max_width=width - 36 - label_width)
        value_width = pen.text((x + 14, top + 50), value, 24, INK, anchor="ls",
                               max_width=width - 28)
        if aside:
            pen.text((x + 20 + value_width, top + 50), aside, 12, MUTED, anchor="ls",
                     max_width=width - 34 - value_width)
        pen.text((x + 14, top + 70), note, 11, note_colour, anchor="ls", max_width=width - 28)


def _change(delta: int, unit: str, has_history: bool, w: Words,
            lower_is_better: bool = False) -> tuple[str, Colour]:
    if not has_history:
        return w._("no earlier week to compare"), MUTED
    if delta == 0:
        return w._("same as last week"), MUTED
    better = (delta < 0) if lower_is_better else (delta > 0)
    amount = w.hm(abs(delta)) if unit == "m" else w.number(abs(delta))
    if lower_is_better:
        words = (w._("{amount} less than last week") if delta < 0
                 else w._("{amount} more than last week")).format(amount=amount)
    else:
        words = w._("{change} vs last week").format(
            change=f"{'+' if delta > 0 else '−'}{amount}")
    return words, BETTER if better else WORSE
