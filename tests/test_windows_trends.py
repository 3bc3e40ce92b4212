"""The year view's axes (`insights_trends`): round scale tops and a month line for each month
that starts inside the ISO year, named under the last trend; what the view says of its lines
is the complete weeks' (the week just begun would pull every average down)."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (the dev extra has it)")

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter
from test_insights import GOALS, THIS_MON, three_weeks
from test_summary import MON, WED, realistic_week

from nudge.core.insights import range_insights
from nudge.core.settings import Schedule
from nudge.windows.insights_pages import year_bounds
from nudge.windows.insights_trends import (
    TRENDS,
    Ink,
    Trend,
    crisp,
    draw_trend,
    latest_value_words,
    month_starts,
    scale_of,
    scale_width,
)
from nudge.windows.insights_year import YearView
from nudge.windows.trend_scales import (
    count_scale,
    hours_scale,
    hours_words,
    nice_step,
    per_workday_scale,
)


@pytest.mark.parametrize(("highest", "least", "step"), [
    (0, 1, 1), (0.8, 1, 1), (2.1, 1, 2), (30, 1, 20), (45, 1, 25), (130, 1, 100), (4.9, 1, 5),
    (21, 1, 20), (250, 1, 200), (90, 1, 50), (0.05, 0.5, 0.5), (1.3, 0.5, 1), (3, 0.5, 2)])
def test_a_scale_steps_by_whole_nice_numbers_of_the_lines_least_unit(
        highest: float, least: float, step: float) -> None:
    assert nice_step(highest, least) == step
    assert 2 * step >= highest  # its two steps reach the highest week


@pytest.mark.parametrize(("highest", "labels"), [
    (0.01, ["0 min", "1 min", "2 min"]),  # 36 s a workday: minutes, not "0.005 h"
    (0.12, ["0 min", "5 min", "10 min"]),
    (0.7, ["0 min", "25 min", "50 min"]),
    (0.9, ["0 h", "0.5 h", "1 h"]),  # 54 min: past 50, so hours
    (6.5, ["0 h", "5 h", "10 h"]),
])
def test_the_seated_scale_says_minutes_under_an_hour_and_no_needless_decimals(
        highest: float, labels: list[str]) -> None:
    scale = hours_scale(highest)
    assert [label for _value, label in scale.ticks] == labels
    assert scale.ticks[-1][0] == scale.top >= highest  # in hours, as the line's values


def test_counts_and_sittings_have_no_fraction_a_person_could_not_do() -> None:
    assert [label for _v, label in count_scale(0.4).ticks] == ["0", "1", "2"]
    assert [label for _v, label in count_scale(21).ticks] == ["0", "20", "40"]
    assert [label for _v, label in per_workday_scale(0.02).ticks] == ["0", "0.5", "1"]
    assert [label for _v, label in per_workday_scale(3.4).ticks] == ["0", "2", "4"]
    assert hours_words(0.05) == "3 min" and hours_words(6.54) == "6.5 h"
    assert hours_words(0.01) == "under a minute"


def test_every_month_of_an_iso_year_has_its_line_where_it_starts() -> None:
    first, last, _ = year_bounds(2026)  # Mon 29 Dec 2025 .. Sun 3 Jan 2027
    starts = month_starts((first, last))
    assert [name for _, name in starts][:12] == ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert starts[0][0] == (date(2026, 1, 1) - first).days / 7
    assert crisp(10.2) == crisp(10.9) == 10.5  # rules on half points: whole pixels at 1x, 2x


def test_on_a_monday_the_year_is_told_from_its_complete_weeks(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = YearView()
    qtbot.addWidget(view)
    insights = range_insights(three_weeks(), MON, THIS_MON, Schedule(), GOALS, today=THIS_MON)
    # 27 rises in W48 and 3 in W49; W50's Monday morning (a skip, no rise) is not a week
    assert "Rises a week: 15 on average" in view.describe(insights)


def test_beside_each_line_its_latest_full_week_or_a_new_users_week_so_far() -> None:
    rises = TRENDS[1]
    monday = range_insights(three_weeks(), MON, THIS_MON, Schedule(), GOALS, today=THIS_MON)
    values = [rises.value(w) for w in monday.trend_weeks]
    assert latest_value_words(rises, values, monday.trend_in_progress) == "latest full week 3"
    first = range_insights(realistic_week()[:4], MON, WED, Schedule(), GOALS, today=WED)
    values = [rises.value(w) for w in first.trend_weeks]
    assert latest_value_words(rises, values, first.trend_in_progress) == "this week so far 2"
    assert latest_value_words(rises, [], False) == "latest full week –"


class _Heads(QPainter):
    """Keeps the text each drawText call draws (the line's head: its name and its value)."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.texts: list[str] = []

    def drawText(self, *args: object) -> None:  # type: ignore[override]
        self.texts.append(str(args[-1]))
        super().drawText(*args)  # type: ignore[call-overload]


@pytest.mark.parametrize(("room", "words"), [(200, "latest full week 3"), (30, "3")])
def test_a_long_name_keeps_its_words_and_the_weeks_words_give_way(qapp, room: int,  # type: ignore[no-untyped-def]
                                                                  words: str) -> None:
    """A line whose name and "latest full week …" do not fit side by side shows its whole
    name and the bare value: "Sittings over 30 min…" and "…60 min…" must stay apart."""
    long = Trend("Sittings over 30 min a workday, told long", lambda w: float(w.totals.rises),
                 lambda v: f"{v:g}", count_scale)
    monday = range_insights(three_weeks(), MON, THIS_MON, Schedule(), GOALS, today=THIS_MON)
    width = QFontMetrics(QFont()).horizontalAdvance(long.name) + room  # the painter's font
    image = QImage(width, 120, QImage.Format.Format_ARGB32)
    painter = _Heads(image)
    black = QColor("black")
    draw_trend(painter, QRectF(0, 0, width, 120), long, monday.trend_weeks, (MON, THIS_MON),
               30.0, Ink(black, black, black), months=False)
    painter.end()
    assert painter.texts[:2] == [long.name, words]


def test_the_scales_room_fits_every_label_of_every_line(qapp) -> None:  # type: ignore[no-untyped-def]
    """The middle label can be the widest ("25 min" beside "0 min" and "50 min")."""
    import dataclasses

    monday = range_insights(three_weeks(), MON, THIS_MON, Schedule(), GOALS, today=THIS_MON)
    weeks = [dataclasses.replace(week, seated_minutes_per_workday=45.0)
             for week in monday.trend_weeks]
    image = QImage(400, 100, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    room = scale_width(painter, TRENDS, weeks) - 8
    labels = [label for trend in TRENDS for _value, label in scale_of(trend, weeks).ticks]
    painter.end()
    assert "25 min" in labels
    assert all(QFontMetrics(QFont()).horizontalAdvance(label) <= room for label in labels)
