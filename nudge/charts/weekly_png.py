"""The weekly summary as a PNG: tiles (`nudge.charts.weekly_tiles`), rises per day, and the
hours you got up.

Drawn with pillow only (through `nudge.charts.pen`), in logical pixels (BASE_WIDTH x
BASE_HEIGHT) multiplied by `scale`, so a scale of 2 is sharp on HiDPI screens. Runs on any
thread; it only reads the summary and writes one file (`draw_weekly`: none).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from nudge.charts import fonts
from nudge.charts.pen import (
    CARD,
    DONE,
    FAINT,
    GOAL,
    INK,
    MUTED,
    OFF_CELL,
    OFFERED,
    OWN,
    WORK_CELL,
    Box,
    Colour,
    Pen,
)
from nudge.charts.weekly_tiles import draw_header, draw_tiles
from nudge.charts.words import Words
from nudge.core.summary import WeeklySummary
from nudge.i18n import current_language
from nudge.paths import PRIVATE_FILE_MODE
from nudge.platform.atomic_write import write_atomically

BASE_WIDTH, BASE_HEIGHT = 800, 520
DEFAULT_HOURS = range(7, 20)  # the strip always shows at least 07:00..19:59
LEGEND_CLEARANCE = 28  # legend line to the top of the bars: half the legend, the count, a gap


def render_weekly_png(summary: WeeklySummary, path: Path, scale: int = 2) -> None:
    """Draw `summary` and write it to `path` atomically (`write_atomically`)."""
    _save_atomically(draw_weekly(summary, scale), Path(path), scale)


def draw_weekly(summary: WeeklySummary, scale: int = 2) -> Image.Image:
    """The picture `render_weekly_png` writes, as an RGB image (the Insights window shows it
    without the PNG's compression and file, which took most of its drawing time)."""
    if scale < 1:
        raise ValueError(f"scale must be a positive integer, not {scale!r}")
    language = current_language()
    font = fonts.font_for(language)
    words = Words(english=fonts.needs_system_font(language) and font is None)
    pen = Pen(scale, BASE_WIDTH, BASE_HEIGHT, font)
    draw_header(pen, summary, words)
    draw_tiles(pen, summary, words)
    _rises_panel(pen, summary, (24, 178, 432, 498), words)
    _hours_panel(pen, summary, (444, 178, 776, 498), words)
    return pen.image


def _rises_panel(pen: Pen, summary: WeeklySummary, box: Box, w: Words) -> None:
    left, top, right, bottom = box
    pen.card(box)
    title_width = pen.text((left + 16, top + 16), w._("Rises per day"), 15, INK,
                           max_width=right - left - 32)
    items = [(w._("nudge done"), DONE, "box"), (w._("own"), OWN, "box"),
             (w._("offered"), OFFERED, "box"), (w._("goal"), GOAL, "dash")]
    beside = title_width + 24 + sum(pen.width(label, 11) + 26 for label, _c, _m in items)
    # Beside the title when both fit (English), else on a line of its own under it.
    legend_y = top + 24 if beside <= right - left - 32 else top + 44
    _legend(pen, right - 16, legend_y, items, room=right - left - 32)
    gutter, plot_left, plot_right = 34, left + 16 + 34, right - 16
    # The tallest bar's count (11 px, 5 above the bar) stays clear of the legend's line.
    plot_top, baseline = max(top + 62, legend_y + LEGEND_CLEARANCE), top + 206
    days = summary.days
    peak = max([summary.daily_goal, 1, *(d.nudges_offered for d in days),
                *(d.rises for d in days)])

    def y_of(value: float) -> float:
        return baseline - (baseline - plot_top) * value / peak

    pen.line((plot_left - 4, baseline), (plot_right, baseline), FAINT)
    goal_y = y_of(summary.daily_goal)
    slot = (plot_right - plot_left) / len(days)
    bar = min(28.0, slot * 0.56)
    for i, day in enumerate(days):
        centre = plot_left + slot * (i + 0.5)
        x0, x1 = centre - bar / 2, centre + bar / 2
        rounded = (True, True, False, False)
        # Behind: the nudges offered; in front: the rises, nudges done below, on your own on top.
        pen.box((x0, y_of(day.nudges_offered), x1, baseline), OFFERED, radius=4,
                corners=rounded)
        pen.box((x0, y_of(day.rises), x1, baseline), OWN, radius=4, corners=rounded)
        pen.box((x0, y_of(day.nudges_done), x1, baseline), DONE, radius=4,
                corners=None if day.on_your_own else rounded)
        if day.nudges_offered or day.rises:
            pen.text((centre, y_of(max(day.rises, day.nudges_offered)) - 5),
                     w.number(day.rises), 11, INK, anchor="ms", max_width=slot - 2)
        weekday = w.dates.weekday(day.date)
        pen.text((centre, baseline + 16), weekday, 12, INK, anchor="ms", max_width=slot - 8)
        mark = (centre + min(pen.width(weekday, 12), slot - 8) / 2 + 5, baseline + 12)
        if day.goal_met and day.done:
            pen.dot(mark, 2.5, DONE)
        elif day.date in summary.forgiven_days:  # a missed workday the streak forgave (#20)
            _ring(pen, mark, 2.5, GOAL)
        pen.text((centre, baseline + 30), str(day.date.day), 11, MUTED, anchor="ms")
        pen.text((centre, baseline + 52), w.number(day.reps), 12, INK, anchor="ms",
                 max_width=slot - 4)
        pen.text((centre, baseline + 72), w.hm(day.seated_minutes), 11, INK, anchor="ms",
                 max_width=slot - 4)
    pen.line((plot_left - 4, goal_y), (plot_right, goal_y), GOAL, width=1.5, dash=4)
    pen.text((plot_left - 8, goal_y), w.number(summary.daily_goal), 11, GOAL, anchor="rm")
    pen.text((left + 16, baseline + 52), w._("reps"), 10, MUTED, anchor="ls",
             max_width=gutter - 2)
    pen.text((left + 16, baseline + 72), w._("seated"), 10, MUTED, anchor="ls",
             max_width=gutter - 2)
    if not any(d.nudges_offered or d.rises for d in days):
        pen.text(((plot_left + plot_right) / 2, (plot_top + baseline) / 2 + 8),
                 w._("No rises yet this week – the first one will show up here"), 12, MUTED,
                 anchor="mm", max_width=plot_right - plot_left - 16)
    goal_met, forgiven = w._("goal met"), w._("forgiven")
    key_width = pen.text((right - 16, bottom - 16), goal_met, 11, MUTED, anchor="rs",
                         max_width=90)
    pen.dot((right - 16 - key_width - 7, bottom - 20), 2.5, DONE)
    if any(day.date in summary.forgiven_days for day in days):
        forgiven_right = right - 16 - key_width - 18
        key_width += 18 + pen.text((forgiven_right, bottom - 16), forgiven, 11, MUTED,
                                   anchor="rs", max_width=80) + 7
        _ring(pen, (right - 16 - key_width, bottom - 20), 2.5, GOAL)
    totals = summary.totals
    rate, rate_change = totals.nudge_rate, summary.change.nudge_rate
    if rate is not None:
        points = round((rate_change or 0.0) * 100)
        line = w._("{percent} of nudges done ({done} of {offered})").format(
            percent=w.dates.percent(rate), done=w.number(totals.nudges_done),
            offered=w.number(totals.nudges_offered))
        if points:
            line += (w.ngettext(", up {n} point", ", up {n} points", points) if points > 0
                     else w.ngettext(", down {n} point", ", down {n} points", -points))
        pen.text((left + 16, bottom - 16), line, 11, MUTED, anchor="ls",
                 max_width=right - left - 56 - key_width)


def _ring(pen: Pen, centre: tuple[float, float], radius: float, colour: Colour) -> None:
    x, y = centre
    pen.box((x - radius, y - radius, x + radius, y + radius), CARD, radius=radius,
            outline=colour)


def _hours_panel(pen: Pen, summary: WeeklySummary, box: Box, w: Words) -> None:
    left, top, right, bottom = box
    pen.card(box)
    pen.text((left + 16, top + 16), w._("Hours you got up"), 15, INK, max_width=right - left - 32)
    hours = _strip_hours(summary)
    # Translators: hours with a move, in a table: "5 h".
    counts = [w.ngettext("{n} h", "{n} h", day.moved_hours)
              if day.moved_hours or day.work_clock_hours else w._("off") for day in summary.days]
    label_w, count_w = 34, max(30.0, *(pen.width(count, 11) + 4 for count in counts))
    grid_left, grid_right = left + 16 + label_w, right - 16 - count_w
    pitch_x = (grid_right - grid_left) / len(hours)
    pitch_y, grid_top = 24.0, top + 68
    gap = max(2.0, min(pitch_x, pitch_y) * 0.16)
    for j, hour in enumerate(hours):
        if hour % 2 == 0 or pitch_x >= 22:
            pen.text((grid_left + pitch_x * (j + 0.5), grid_top - 8), str(hour), 10, MUTED,
                     anchor="ms")
    for i, day in enumerate(summary.days):
        y = grid_top + i * pitch_y
        pen.text((left + 16, y + pitch_y / 2), w.dates.weekday(day.date), 12, INK,
                 anchor="lm", max_width=label_w - 2)
        for j, hour in enumerate(hours):
            x = grid_left + j * pitch_x
            if hour in day.moved_clock_hours:
                colour = DONE
            elif hour in day.work_clock_hours:
                colour = WORK_CELL
            else:
                colour = OFF_CELL
            pen.box((x + gap / 2, y + gap / 2, x + pitch_x - gap / 2, y + pitch_y - gap / 2),
                    colour, radius=3)
        pen.text((right - 16, y + pitch_y / 2), counts[i], 11,
                 INK if day.moved_hours else MUTED, anchor="rm", max_width=count_w)
    legend_y = grid_top + 7 * pitch_y + 16
    _legend(pen, right - 16, legend_y, [(w._("got up"), DONE, "box"),
                                        (w._("work hour"), WORK_CELL, "box"),
                                        (w._("off"), OFF_CELL, "box")],
            room=right - left - 32)
    work = sum(len(d.work_clock_hours) for d in summary.days)
    moved = summary.totals.moved_hours
    line = (w.ngettext("You got up in {moved} of {n} work hour.",
                      "You got up in {moved} of {n} work hours.", work,
                      moved=w.number(moved)) if work
            else w.ngettext("You got up in {n} hour.", "You got up in {n} hours.", moved))
    pen.text((left + 16, bottom - 34), line, 12, INK, anchor="ls", max_width=right - left - 32)
    # Translators: under the hours panel; a rise outside work hours counts in the Rises tile.
    pen.text((left + 16, bottom - 16), w._("Counts rises and real breaks away from the desk, in "
                                           "work hours only."),
             11, MUTED, anchor="ls", max_width=right - left - 32)


def _strip_hours(summary: WeeklySummary) -> range:
    """Columns: 07..19 widened to every work hour and every moved hour of the week."""
    used = set(DEFAULT_HOURS)
    for day in summary.days:
        used |= day.work_clock_hours | day.moved_clock_hours
    return range(min(used), max(used) + 1)


def _legend(pen: Pen, right: float, y: float,
            items: Sequence[tuple[str, Colour, str]], room: float = 400) -> None:
    """Draw `■ label` items right-aligned, ending at `right`, centred on `y`, each label
    shrunk to its share of `room` (long German words)."""
    x = right
    share = room / len(items) - 26
    for label, colour, mark in reversed(items):
        x -= min(pen.width(label, 11), share)
        pen.text((x, y), label, 11, MUTED, anchor="lm", max_width=share)
        if mark == "dash":
            pen.line((x - 16, y), (x - 4, y), colour, width=1.5, dash=3)
            x -= 16
        else:
            pen.box((x - 14, y - 5, x - 4, y + 5), colour, radius=2,
                    outline=FAINT if colour == OFF_CELL else None)
            x -= 14
        x -= 12


def _save_atomically(image: Image.Image, path: Path, scale: int) -> None:
    encoded = io.BytesIO()
    image.save(encoded, format="PNG", optimize=True, dpi=(72 * scale, 72 * scale))
    # 0600 like every file nudge makes, whatever the umask; a replaced one keeps its mode.
    write_atomically(path, encoded.getvalue(), PRIVATE_FILE_MODE, keep_existing_mode=True)
